import { BlockList, isIP } from 'node:net';

/** One entry of an address allow-list: a single IPv4/IPv6 address, or a CIDR subnet. */
export interface AddressListEntry {
  address: string;
  family: 'ipv4' | 'ipv6';
  /** Subnet prefix length; absent for a single address. */
  prefix?: number;
}

/** Reads `61.215.213.47`, `61.215.213.0/24`, `2001:db8::1` or `2001:db8::/32`; null if neither. */
export function parseAddressListEntry(text: string): AddressListEntry | null {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (slash === -1) return { address, family };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (family === 'ipv4' ? 32 : 128)) return null;
  return { address, family, prefix };
}

/**
 * An allow-list of addresses and subnets (entries already checked by `parseAddressListEntry`).
 * A client address that is an IPv4 address mapped into IPv6 (`::ffff:1.2.3.4`, what a dual-stack
 * socket reports for an IPv4 peer) is checked as the IPv4 address it is.
 */
export class AddressList {
  readonly #list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const text of entries) {
      const entry = parseAddressListEntry(text);
      if (entry === null) throw new TypeError(`not an address or a CIDR subnet: ${text}`);
      if (entry.prefix === undefined) this.#list.addAddress(entry.address, entry.family);
      else this.#list.addSubnet(entry.address, entry.prefix, entry.family);
    }
  }

  includes(address: string): boolean {
    const plain = unmapIpv4(address);
    const version = isIP(plain);
    if (version === 0) return false;
    return this.#list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  }
}

/** `::ffff:192.0.2.1` → `192.0.2.1`; any other address as it is. */
export function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}
