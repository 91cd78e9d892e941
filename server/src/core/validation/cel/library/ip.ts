import { CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { CelValueError } from '../runtime';
import { LibraryTypes, libraryValue, textOf } from '../types';

/**
 * Kubernetes' IP and CIDR libraries: `ip()`, `isIP()`, `ip.isCanonical()`, `cidr()`, `isCIDR()`,
 * and their methods. Addresses are read as Go's `netip.ParseAddr` and `ParsePrefix` read them
 * (no leading zeros in IPv4 octets), and Kubernetes refuses zones (`fe80::1%eth0`) and
 * IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`). An address is kept as its canonical text.
 */

interface Address {
  /** 4 or 16 bytes. */
  bytes: number[];
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseIPv6(text: string): number[] | undefined {
  let head = text;
  let tail: number[] = [];
  // A trailing dotted IPv4 part (`::1.2.3.4`, `64:ff9b::1.2.3.4`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const double = head.indexOf('::');
  if (double >= 0 && head.indexOf('::', double + 1) >= 0) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
      const value = parseInt(group, 16);
      groups.push(value >> 8, value & 0xff);
    }
    return groups;
  };
  const wanted = 16 - tail.length;
  let bytes: number[];
  if (double >= 0) {
    const before = groupsOf(head.slice(0, double));
    const after = groupsOf(head.slice(double + 2));
    if (!before || !after || before.length + after.length > wanted - 2) return undefined;
    bytes = [...before, ...new Array<number>(wanted - before.length - after.length).fill(0), ...after];
  } else {
    const all = groupsOf(head);
    if (!all || all.length !== wanted) return undefined;
    bytes = all;
  }
  return [...bytes, ...tail];
}

function isIPv4Mapped(bytes: number[]): boolean {
  return bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** The address, or why it is not one Kubernetes accepts. */
function parseAddress(text: string): Address | string {
  if (text.includes('%')) return `\`${text}\` has a zone, which is not allowed`;
  const bytes = text.includes(':') ? parseIPv6(text) : parseIPv4(text);
  if (!bytes) return `\`${text}\` is not a valid IP address`;
  if (isIPv4Mapped(bytes)) return `\`${text}\` is an IPv4-mapped IPv6 address, which is not allowed`;
  return { bytes };
}

/** Go's `netip.Addr.String()`: dotted IPv4; IPv6 in lower case with the longest run of zero groups as `::`. */
function formatAddress({ bytes }: Address): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':');
  const left = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const right = groups.slice(bestStart + bestLength).map((g) => g.toString(16)).join(':');
  return `${left}::${right}`;
}

function addressOrThrow(text: string): Address {
  const parsed = parseAddress(text);
  if (typeof parsed === 'string') throw new CelValueError(parsed);
  return parsed;
}

interface Prefix {
  address: Address;
  bits: number;
}

function parsePrefix(text: string): Prefix | string {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return `\`${text}\` is not a CIDR (no \`/\`)`;
  const address = parseAddress(text.slice(0, slash));
  if (typeof address === 'string') return address;
  const bitsText = text.slice(slash + 1);
  const max = address.bytes.length * 8;
  if (!/^(0|[1-9]\d{0,2})$/.test(bitsText) || Number(bitsText) > max) return `\`${text}\` has an invalid prefix length`;
  return { address, bits: Number(bitsText) };
}

function prefixOrThrow(text: string): Prefix {
  const parsed = parsePrefix(text);
  if (typeof parsed === 'string') throw new CelValueError(parsed);
  return parsed;
}

function formatPrefix(prefix: Prefix): string {
  return `${formatAddress(prefix.address)}/${prefix.bits}`;
}

function masked(prefix: Prefix): Prefix {
  const bytes = prefix.address.bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix.bits - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return { address: { bytes }, bits: prefix.bits };
}

function containsAddress(prefix: Prefix, address: Address): boolean {
  if (address.bytes.length !== prefix.address.bytes.length) return false;
  return formatAddress(masked({ address, bits: prefix.bits }).address) === formatAddress(masked(prefix).address);
}

const addressOf = (value: unknown) => addressOrThrow(textOf(value));
const prefixOf = (value: unknown) => prefixOrThrow(textOf(value));
const ipValue = (address: Address) => libraryValue('IP', formatAddress(address));
const cidrValue = (prefix: Prefix) => libraryValue('CIDR', formatPrefix(prefix));

const IP = LibraryTypes.IP;
const CIDR = LibraryTypes.CIDR;

const v4 = (address: Address) => address.bytes.length === 4;
const v6Group = (address: Address, i: number) => (address.bytes[2 * i] << 8) | address.bytes[2 * i + 1];

function isLoopback(a: Address): boolean {
  return v4(a) ? a.bytes[0] === 127 : a.bytes.every((b, i) => b === (i === 15 ? 1 : 0));
}
function isMulticast(a: Address): boolean {
  return v4(a) ? (a.bytes[0] & 0xf0) === 0xe0 : a.bytes[0] === 0xff;
}
function isLinkLocalUnicast(a: Address): boolean {
  return v4(a) ? a.bytes[0] === 169 && a.bytes[1] === 254 : (v6Group(a, 0) & 0xffc0) === 0xfe80;
}
function isUnspecified(a: Address): boolean {
  return a.bytes.every((b) => b === 0);
}

export const ipLibrary: CelFunc[] = [
  celFunc('ip', [CelScalar.STRING], IP, (text) => ipValue(addressOrThrow(text))),
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (text) => typeof parseAddress(text) !== 'string'),
  celFunc('ip.isCanonical', [CelScalar.STRING], CelScalar.BOOL, (text) => formatAddress(addressOrThrow(text)) === text),
  celFunc('string', [IP], CelScalar.STRING, (value) => textOf(value)),
  celMethod('family', IP, [], CelScalar.INT, function () {
    return v4(addressOf(this)) ? 4n : 6n;
  }),
  celMethod('isUnspecified', IP, [], CelScalar.BOOL, function () {
    return isUnspecified(addressOf(this));
  }),
  celMethod('isLoopback', IP, [], CelScalar.BOOL, function () {
    return isLoopback(addressOf(this));
  }),
  celMethod('isLinkLocalMulticast', IP, [], CelScalar.BOOL, function () {
    const a = addressOf(this);
    return v4(a) ? a.bytes[0] === 224 && a.bytes[1] === 0 && a.bytes[2] === 0 : (v6Group(a, 0) & 0xff0f) === 0xff02;
  }),
  celMethod('isLinkLocalUnicast', IP, [], CelScalar.BOOL, function () {
    return isLinkLocalUnicast(addressOf(this));
  }),
  celMethod('isGlobalUnicast', IP, [], CelScalar.BOOL, function () {
    const a = addressOf(this);
    if (v4(a) && a.bytes.every((b) => b === 255)) return false;
    return !isUnspecified(a) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);
  }),

  celFunc('cidr', [CelScalar.STRING], CIDR, (text) => cidrValue(prefixOrThrow(text))),
  celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, (text) => typeof parsePrefix(text) !== 'string'),
  celFunc('string', [CIDR], CelScalar.STRING, (value) => textOf(value)),
  celMethod('containsIP', CIDR, [IP], CelScalar.BOOL, function (other) {
    return containsAddress(prefixOf(this), addressOf(other));
  }),
  celMethod('containsIP', CIDR, [CelScalar.STRING], CelScalar.BOOL, function (other) {
    return containsAddress(prefixOf(this), addressOrThrow(other));
  }),
  celMethod('containsCIDR', CIDR, [CIDR], CelScalar.BOOL, function (other) {
    const outer = prefixOf(this);
    const inner = prefixOf(other);
    return inner.bits >= outer.bits && containsAddress(outer, inner.address);
  }),
  celMethod('containsCIDR', CIDR, [CelScalar.STRING], CelScalar.BOOL, function (other) {
    const outer = prefixOf(this);
    const inner = prefixOrThrow(other);
    return inner.bits >= outer.bits && containsAddress(outer, inner.address);
  }),
  celMethod('ip', CIDR, [], IP, function () {
    return ipValue(prefixOf(this).address);
  }),
  celMethod('masked', CIDR, [], CIDR, function () {
    return cidrValue(masked(prefixOf(this)));
  }),
  celMethod('prefixLength', CIDR, [], CelScalar.INT, function () {
    return BigInt(prefixOf(this).bits);
  }),
];
