import { describe, expect, it } from 'vitest';
import { AddressList, parseAddressListEntry, unmapIpv4 } from './address-list.js';

describe('parseAddressListEntry', () => {
  it('reads single addresses and CIDR subnets of both families', () => {
    expect(parseAddressListEntry('61.215.213.47')).toEqual({
      address: '61.215.213.47',
      family: 'ipv4',
    });
    expect(parseAddressListEntry('61.215.213.0/24')).toEqual({
      address: '61.215.213.0',
      family: 'ipv4',
      prefix: 24,
    });
    expect(parseAddressListEntry('2001:db8::/32')).toEqual({
      address: '2001:db8::',
      family: 'ipv6',
      prefix: 32,
    });
  });

  it.each([
    'sbps.example',
    '1.2.3',
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/x',
    '',
  ])('refuses %j', (text) => {
    expect(parseAddressListEntry(text)).toBeNull();
  });
});

describe('AddressList', () => {
  const list = new AddressList(['61.215.213.47', '198.51.100.0/24', '2001:db8::/32']);

  it('includes listed addresses and addresses inside listed subnets', () => {
    expect(list.includes('61.215.213.47')).toBe(true);
    expect(list.includes('198.51.100.200')).toBe(true);
    expect(list.includes('2001:db8:1::5')).toBe(true);
  });

  it('excludes every other address, and what is not an address', () => {
    expect(list.includes('61.215.213.20')).toBe(false);
    expect(list.includes('198.51.101.1')).toBe(false);
    expect(list.includes('2001:db9::1')).toBe(false);
    expect(list.includes('')).toBe(false);
    expect(list.includes('localhost')).toBe(false);
  });

  it('checks an IPv4 peer of a dual-stack socket as IPv4', () => {
    expect(unmapIpv4('::ffff:61.215.213.47')).toBe('61.215.213.47');
    expect(list.includes('::ffff:61.215.213.47')).toBe(true);
    expect(list.includes('::ffff:61.215.213.20')).toBe(false);
  });
});
