import { CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { chargeText } from '../runtime';
import { LibraryTypes, libraryValue, optionalErrorsOf, optionalErrorsValue, textOf } from '../types';
import { parseGoUrl } from './urls';

/**
 * Kubernetes' format library: `format.dns1123Label()` and the other named formats, whose
 * `validate(string)` gives the reasons a string is not of that format (none when it is). Kubernetes
 * returns an optional list (`?list<string>`); @bufbuild/cel has no optional types, so the result is
 * a value of its own with the optional's methods rules use: `hasValue()`, `value()`, `orValue()`.
 * `format.named(name)` returns an optional too and is not provided (rules using it are skipped).
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const UUID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function tooLong(text: string, max: number): string[] {
  return text.length > max ? [`must be no more than ${max} characters`] : [];
}

function dnsLabel(text: string): string[] {
  return [...tooLong(text, 63), ...(DNS1123_LABEL.test(text) ? [] : ['must consist of lower case letters, digits and \'-\', starting and ending with a letter or digit (RFC 1123 label)'])];
}

function dnsSubdomain(text: string): string[] {
  return [...tooLong(text, 253), ...(DNS1123_SUBDOMAIN.test(text) ? [] : ['must consist of lower case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (RFC 1123 subdomain)'])];
}

function dns1035Label(text: string): string[] {
  return [...tooLong(text, 63), ...(DNS1035_LABEL.test(text) ? [] : ['must consist of lower case letters, digits and \'-\', starting with a letter and ending with a letter or digit (RFC 1035 label)'])];
}

function qualifiedName(text: string): string[] {
  const parts = text.split('/');
  if (parts.length > 2) return ['a qualified name has at most one \'/\' (an optional DNS subdomain prefix, then a name)'];
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  const errors: string[] = [];
  if (prefix !== undefined) {
    if (prefix === '') errors.push('the prefix part must not be empty');
    else errors.push(...dnsSubdomain(prefix).map((error) => `prefix part ${error}`));
  }
  if (name === '') errors.push('the name part must not be empty');
  else if (name.length > 63) errors.push('the name part must be no more than 63 characters');
  else if (!QUALIFIED_NAME.test(name)) errors.push('the name part must consist of letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
  return errors;
}

/** The `...Prefix` formats validate a name prefix (for `generateName`): a trailing `-` is fine. */
const withTrailingDash = (validate: (text: string) => string[]) => (text: string) => validate(text.endsWith('-') ? `${text.slice(0, -1)}a` : text);

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  return match !== null && validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  return match !== null && isDate(match[1]) && Number(match[2]) < 24 && Number(match[3]) < 60 && Number(match[4]) < 61;
}

const FORMATS: Record<string, (text: string) => string[]> = {
  dns1123Label: dnsLabel,
  dns1123Subdomain: dnsSubdomain,
  dns1035Label: dns1035Label,
  qualifiedName,
  dns1123LabelPrefix: withTrailingDash(dnsLabel),
  dns1123SubdomainPrefix: withTrailingDash(dnsSubdomain),
  dns1035LabelPrefix: withTrailingDash(dns1035Label),
  labelValue: (text) => [...tooLong(text, 63), ...(LABEL_VALUE.test(text) ? [] : ['must be empty or consist of letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit'])],
  uri: (text) => {
    const parsed = parseGoUrl(text, true);
    return typeof parsed === 'string' ? [parsed] : [];
  },
  uuid: (text) => (UUID.test(text) ? [] : ['does not match the UUID format']),
  byte: (text) => (BASE64.test(text) ? [] : ['invalid base64']),
  date: (text) => (isDate(text) ? [] : ['invalid date']),
  datetime: (text) => (isDateTime(text) ? [] : ['invalid datetime']),
};

const FORMAT = LibraryTypes.NamedFormat;
const OPTIONAL = LibraryTypes.OptionalErrors;

export const formatLibrary: CelFunc[] = [
  ...Object.keys(FORMATS).map((name) => celFunc(`format.${name}`, [], FORMAT, () => libraryValue('NamedFormat', name))),
  celMethod('validate', FORMAT, [CelScalar.STRING], OPTIONAL, function (text) {
    chargeText(text);
    return optionalErrorsValue(FORMATS[textOf(this)]?.(text) ?? []);
  }),
  celMethod('hasValue', OPTIONAL, [], CelScalar.BOOL, function () {
    return optionalErrorsOf(this).present;
  }),
  celMethod('value', OPTIONAL, [], CelScalar.DYN, function () {
    const optional = optionalErrorsOf(this);
    if (!optional.present) throw new Error('value() of an empty optional');
    return optional.errors;
  }),
  celMethod('orValue', OPTIONAL, [CelScalar.DYN], CelScalar.DYN, function (fallback) {
    const optional = optionalErrorsOf(this);
    return optional.present ? optional.errors : fallback;
  }),
];
