import * as l10n from '@vscode/l10n';
import { isIPv4, isIPv6, parseCidr } from './server/network';
import { phrase } from '../l10n';

/**
 * The string formats of a custom resource's schema that the API server checks (apiextensions
 * validates `format` with kube-openapi's strfmt registry), as far as they can be checked without
 * a false error: each test accepts at least everything the server accepts. Formats not listed here
 * (uri, email, hostname, duration, ...) are not checked; built-in kinds' formats are informational
 * (their Go validation decides, step 5).
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** RFC 3339 and the other layouts strfmt's DateTime parses: fraction, offset and seconds optional. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const MAC = /^(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}$|^(?:[0-9a-f]{2}[:-]){7}[0-9a-f]{2}$|^(?:[0-9a-f]{2}[:-]){19}[0-9a-f]{2}$|^(?:[0-9a-f]{4}\.){2}[0-9a-f]{4}$/i;

function validDate(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, Number(year) % 4 === 0 && (Number(year) % 100 !== 0 || Number(year) % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

const CHECKS: Record<string, { what: string; test: (value: string) => boolean }> = {
  ipv4: { what: phrase('an IPv4 address'), test: isIPv4 },
  ipv6: { what: phrase('an IPv6 address'), test: isIPv6 },
  cidr: { what: phrase('a CIDR such as `10.0.0.0/16`'), test: (value) => parseCidr(value) !== undefined },
  uuid: { what: 'a UUID', test: (value) => UUID.test(value) },
  uuid3: { what: 'a UUID', test: (value) => UUID.test(value) },
  uuid4: { what: 'a UUID', test: (value) => UUID.test(value) },
  uuid5: { what: 'a UUID', test: (value) => UUID.test(value) },
  mac: { what: phrase('a MAC address'), test: (value) => MAC.test(value) },
  date: {
    what: phrase('a date such as `2026-12-31`'),
    test: (value) => {
      const match = DATE.exec(value);
      return match !== null && validDate(match[1], match[2], match[3]);
    },
  },
  'date-time': {
    what: phrase('a date and time such as `2026-12-31T23:59:00Z`'),
    test: (value) => {
      const match = DATE_TIME.exec(value);
      return match !== null && validDate(match[1], match[2], match[3]) && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6] ?? 0) < 61;
    },
  },
};
CHECKS.datetime = CHECKS['date-time'];

/** Whether a custom resource's string format is one Kubesmith checks. */
export function isCheckedFormat(format: string | undefined): boolean {
  return format !== undefined && Object.prototype.hasOwnProperty.call(CHECKS, format);
}

/** What the format asks for, when the value does not have it (undefined: it does). */
export function formatMismatch(format: string, value: string): string | undefined {
  const check = CHECKS[format];
  return check && !check.test(value) ? l10n.t(check.what) : undefined;
}
