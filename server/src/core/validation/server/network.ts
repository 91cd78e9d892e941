/**
 * IP addresses and CIDRs as the API server parses them (apimachinery's IsValidIP and IsValidCIDR,
 * k8s.io/utils/net's sloppy parsing: IPv4 octets may have leading zeros). Written here rather than
 * taken from node:net, so the core stays free of Node-only modules.
 */

const IPV4_OCTET = /^\d{1,3}$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const PREFIX_LENGTH = /^\d{1,3}$/;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part) || Number(part) > 255) return false;
  }
  return true;
}

export function isIPv6(text: string): boolean {
  if (!text.includes(':') || text.includes('%')) return false;
  let groups = 0;
  let body = text;
  // An embedded IPv4 address at the end counts as two groups (::ffff:1.2.3.4).
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const doubleColon = body.indexOf('::');
  if (doubleColon !== body.lastIndexOf('::')) return false;
  const sides = doubleColon >= 0 ? [body.slice(0, doubleColon), body.slice(doubleColon + 2)] : [body];
  for (const side of sides) {
    if (side === '') continue;
    for (const group of side.split(':')) {
      if (!IPV6_GROUP.test(group)) return false;
      groups++;
    }
  }
  return doubleColon >= 0 ? groups <= 7 : groups === 8;
}

export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** `10.0.0.0/8`, `fd00::/64`: the address and its prefix length, or undefined. */
export function parseCidr(text: string): { ip: string; v6: boolean; bits: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!PREFIX_LENGTH.test(prefix)) return undefined;
  const bits = Number(prefix);
  if (isIPv4(ip)) return bits <= 32 ? { ip, v6: false, bits } : undefined;
  if (isIPv6(ip)) return bits <= 128 ? { ip, v6: true, bits } : undefined;
  return undefined;
}

/** The IPv4 address as a 32-bit number (for subnet checks). */
function ipv4Number(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/**
 * Whether CIDR `inner` lies strictly inside `outer` (a NetworkPolicy's `ipBlock.except`). IPv6 is
 * compared on its prefix lengths only (a mistake there is rare; no false alarm).
 */
export function isStrictSubnet(inner: string, outer: string): boolean | undefined {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b) return undefined;
  if (a.v6 !== b.v6) return false;
  if (a.bits <= b.bits) return false;
  if (a.v6) return true;
  const mask = b.bits === 0 ? 0 : (0xffffffff << (32 - b.bits)) >>> 0;
  return ((ipv4Number(a.ip) & mask) >>> 0) === ((ipv4Number(b.ip) & mask) >>> 0);
}
