import { unknownAcquirer } from './amount-limits.js';
import { antom } from './antom.js';
import { nomupay } from './nomupay.js';
import type { AcquirerId, AcquirerProfile } from './profile.js';
import { acquirerIds } from './profile.js';
import { sbps } from './sbps.js';

/** Every acquirer profile by id. */
export const acquirerProfiles: Readonly<Record<AcquirerId, AcquirerProfile>> = {
  sbps,
  antom,
  nomupay,
};

/** True when `value` names an acquirer au-pay supports. */
export function isAcquirerId(value: unknown): value is AcquirerId {
  return typeof value === 'string' && (acquirerIds as readonly string[]).includes(value);
}

/** The profile of an acquirer; throws a RangeError naming the known ids for anything else. */
export function getAcquirerProfile(id: AcquirerId): AcquirerProfile {
  if (!isAcquirerId(id)) throw unknownAcquirer(id);
  return acquirerProfiles[id];
}
