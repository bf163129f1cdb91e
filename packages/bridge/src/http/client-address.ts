import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { unmapIpv4 } from './address-list.js';

/**
 * Which proxies in front of the bridge are believed about the client's address
 * (`X-Forwarded-For`), with the values of Express's `trust proxy` setting (`TRUST_PROXY`):
 * `false` (none: the address of the connection), `true` (all: the left-most address), a number
 * of hops, or addresses, CIDR subnets and proxy-addr's names (`loopback`, `linklocal`,
 * `uniquelocal`).
 */
export type TrustProxy = boolean | number | readonly string[];

/**
 * The client address of a request, as Express's `req.ip` would compute it under `trust proxy`
 * set to `trust` (with proxy-addr, as Express does). The bridge reads it this way instead of
 * `req.ip` because `req.ip` follows the settings of the app the bridge is mounted in, which the
 * bridge's own router cannot set: so a mounted bridge and a standalone one see the same address.
 */
export function clientAddressReader(trust: TrustProxy): (req: IncomingMessage) => string {
  const trusted = compileTrust(trust);
  return (req) => {
    // proxy-addr answers undefined when the socket is already gone (its type says string).
    const address: string | undefined = proxyaddr(req, trusted);
    return address === undefined ? '' : unmapIpv4(address);
  };
}

/** What Express's own `compileTrust` makes of a `trust proxy` value. */
function compileTrust(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyaddr.compile([...trust]);
}
