import { describe, it, expect } from 'vitest';
import {
  classifyAddress,
  formatIPv4,
  isAddressAllowed,
  parseIPv4Literal,
  parseIPv6,
  type AddressCategory,
} from '../../../src/pipeline/fetch/address-policy';

describe('parseIPv4Literal', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['10.1', '10.0.0.1'],
    ['192.168.257', '192.168.1.1'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
    ['127.0.0.1.', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
  ])('reads %s as %s', (text, expected) => {
    const value = parseIPv4Literal(text);
    expect(value).toBeDefined();
    expect(formatIPv4(value ?? -1)).toBe(expected);
  });

  it.each(['1.2.3.4.5', '256.0.0.1', '1.2.3.256', '4294967296', '08.0.0.1', 'example.edu', '1..2', '', '0x1g'])(
    'rejects %s',
    (text) => {
      expect(parseIPv4Literal(text)).toBeUndefined();
    },
  );
});

describe('parseIPv6', () => {
  it('expands compressed forms and embedded IPv4', () => {
    expect(parseIPv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('[::ffff:127.0.0.1]')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6('fe80::1%eth0')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6('2001:db8:0:0:0:0:0:1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  });

  it('rejects non-IPv6 text', () => {
    expect(parseIPv6('127.0.0.1')).toBeUndefined();
    expect(parseIPv6('1:2:3')).toBeUndefined();
    expect(parseIPv6('::1::2')).toBeUndefined();
  });
});

describe('classifyAddress', () => {
  const cases: [string, AddressCategory][] = [
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.1', 'public'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['192.0.0.8', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link_local'],
    ['febf::1', 'link_local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['2001:2::1', 'benchmarking'],
    ['100::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:808:808::1', 'public'],
    ['not-an-ip', 'invalid'],
    ['010.0.0.1', 'invalid'],
  ];
  it.each(cases)('%s is %s', (address, category) => {
    expect(classifyAddress(address).category).toBe(category);
  });

  it('marks categories that come from an embedded IPv4 address', () => {
    expect(classifyAddress('::ffff:127.0.0.1')).toMatchObject({ family: 6, embedded: true });
    expect(classifyAddress('127.0.0.1')).toMatchObject({ family: 4, embedded: false });
    expect(classifyAddress('[::1]')).toMatchObject({ address: '::1', family: 6, embedded: false });
  });
});

describe('isAddressAllowed', () => {
  const allowed = (address: string, allowLoopback = false): boolean => isAddressAllowed(classifyAddress(address), { allowLoopback });

  it('admits only public addresses by default', () => {
    expect(allowed('8.8.8.8')).toBe(true);
    expect(allowed('2606:4700:4700::1111')).toBe(true);
    expect(allowed('127.0.0.1')).toBe(false);
    expect(allowed('::1')).toBe(false);
  });

  it('allowLoopback admits 127/8 and ::1 and nothing else', () => {
    expect(allowed('127.0.0.1', true)).toBe(true);
    expect(allowed('127.9.9.9', true)).toBe(true);
    expect(allowed('::1', true)).toBe(true);
    for (const other of ['10.0.0.5', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', '2002:7f00:1::', 'fd00:ec2::254']) {
      expect(allowed(other, true), other).toBe(false);
    }
  });
});
