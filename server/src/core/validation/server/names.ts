import { preview } from '../text';
import * as l10n from '@vscode/l10n';

/**
 * The API server's formats for names and keys (apimachinery's pkg/util/validation and
 * pkg/api/validate/content): IsDNS1123Subdomain, IsDNS1123Label, IsDNS1035Label, IsQualifiedName,
 * IsValidLabelValue, IsConfigMapKey, IsEnvVarName, IsRelaxedEnvVarName, IsValidPathSegmentName,
 * and the prefix masking of `generateName`. Each test returns the whole message, or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const WILDCARD_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PRINTABLE_ASCII_NO_EQUALS = /^[\x20-\x3c\x3e-\x7e]+$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
const QUALIFIED_NAME_MAX = 63;

/** The name format a kind (or a field) uses, as the API server decides. */
export type NameFormat = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

const FORMAT_TEST: Record<Exclude<NameFormat, 'path-segment'>, RegExp> = {
  subdomain: DNS1123_SUBDOMAIN, label: DNS1123_LABEL, dns1035: DNS1035_LABEL,
};
const FORMAT_MAX: Record<NameFormat, number> = { subdomain: DNS1123_SUBDOMAIN_MAX, label: DNS1123_LABEL_MAX, dns1035: DNS1123_LABEL_MAX, 'path-segment': Infinity };

const NAME_RULES: Record<NameFormat, (value: string, what: string) => string> = {
  subdomain: (value, what) => l10n.t('`{0}` is not a valid {1}: lowercase letters, digits, `-` and `.` only, starting and ending with a letter or digit.', value, what),
  label: (value, what) => l10n.t('`{0}` is not a valid {1}: lowercase letters, digits and `-` only, starting and ending with a letter or digit.', value, what),
  dns1035: (value, what) => l10n.t('`{0}` is not a valid {1}: lowercase letters, digits and `-` only, starting with a letter and ending with a letter or digit.', value, what),
  'path-segment': (value, what) => l10n.t('`{0}` is not a valid {1}: it may not be `.` or `..` and may not contain `/` or `%`.', value, what),
};

const tooLong = (value: string, what: string, max: number, length: number) =>
  l10n.t('`{0}` is not a valid {1}: at most {2} characters (it has {3}).', value, what, max, length);

const emptyName = (what: string) => l10n.t('The {0} must not be empty.', what);

export interface NameOptions {
  prefix?: boolean;
  max?: number;
}

const NO_OPTIONS: NameOptions = {};

/**
 * The message for a name that breaks its format (`what`: "Deployment name", "container name"...),
 * or undefined. `prefix`: a `generateName`, to which the server appends random characters (a
 * trailing `-` is allowed). `max` overrides the format's length limit (CronJob names: 52).
 */
export function nameProblem(value: string, format: NameFormat, what: string, options: NameOptions = NO_OPTIONS): string | undefined {
  if (value === '') return emptyName(what);
  // generateName: the server checks the prefix with its trailing dash masked (apimachinery's maskTrailingDash).
  const checked = options.prefix && value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value;
  if (format === 'path-segment') {
    return checked === '.' || checked === '..' || checked.includes('/') || checked.includes('%') ? NAME_RULES[format](preview(value, 70), what) : undefined;
  }
  if (!FORMAT_TEST[format].test(checked)) return NAME_RULES[format](preview(value, 70), what);
  const max = Math.min(options.max ?? FORMAT_MAX[format], FORMAT_MAX[format]);
  if (checked.length > max) return tooLong(preview(value, 70), what, max, value.length);
  return undefined;
}

/** Whether a value is a valid DNS-1123 subdomain (hosts, class names, API groups). */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

/** `*.example.com` (IsWildcardDNS1123Subdomain). */
export function isWildcardSubdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX && WILDCARD_SUBDOMAIN.test(value);
}

/**
 * A lowercase name the format accepts, made from one that it does not (for the quick fix), or
 * undefined when nothing sensible is left.
 */
const NOT_SUBDOMAIN_CHARS = /[^a-z0-9.-]+/g;
const NOT_LABEL_CHARS = /[^a-z0-9-]+/g;
const DOT_RUNS = /\.{2,}/g;
const DASHES_AROUND_DOTS = /-*\.-*/g;
const DASH_RUNS = /-{2,}/g;
const LEADING_NON_LETTERS = /^[^a-z]+/;
const LEADING_NON_ALPHANUMERICS = /^[^a-z0-9]+/;
const TRAILING_NON_ALPHANUMERICS = /[^a-z0-9]+$/;

export function sanitizeName(value: string, format: Exclude<NameFormat, 'path-segment'>, max = FORMAT_MAX[format]): string | undefined {
  let name = value.toLowerCase().replace(format === 'subdomain' ? NOT_SUBDOMAIN_CHARS : NOT_LABEL_CHARS, '-');
  if (format === 'subdomain') name = name.replace(DOT_RUNS, '.').replace(DASHES_AROUND_DOTS, '.');
  name = name.replace(DASH_RUNS, '-').slice(0, Math.min(max, FORMAT_MAX[format]));
  name = name.replace(format === 'dns1035' ? LEADING_NON_LETTERS : LEADING_NON_ALPHANUMERICS, '');
  name = name.replace(TRAILING_NON_ALPHANUMERICS, '');
  return name && FORMAT_TEST[format].test(name) && name !== value ? name : undefined;
}

// Qualified names (label keys, annotation keys, finalizers, resource names...).

const qualifiedRule = (value: string, what: string) =>
  l10n.t('`{0}` is not a valid {1}: an optional DNS subdomain prefix and `/`, then a name of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.', value, what);
const qualifiedPrefixRule = (value: string, what: string, prefix: string) =>
  l10n.t('`{0}` is not a valid {1}: its prefix `{2}` must be a DNS subdomain (lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit).', value, what, prefix);
const qualifiedTooLong = (value: string, what: string, length: number) =>
  l10n.t('`{0}` is not a valid {1}: the part after the prefix may have at most 63 characters (it has {2}).', value, what, length);

/** IsQualifiedName: `[prefix/]name`, as label keys are (`display`: the value as written, when another is checked). */
export function qualifiedNameProblem(value: string, what: string, display = value): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return qualifiedRule(preview(display, 70), what);
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '' || !isDnsSubdomain(prefix)) return qualifiedPrefixRule(preview(display, 70), what, preview(prefix, 70));
  }
  if (!QUALIFIED_NAME.test(name)) return qualifiedRule(preview(display, 70), what);
  if (name.length > QUALIFIED_NAME_MAX) return qualifiedTooLong(preview(display, 70), what, name.length);
  return undefined;
}

const labelValueRule = (value: string, what: string) =>
  l10n.t('`{0}` is not a valid {1}: letters, digits, `-`, `_` and `.` only, starting and ending with a letter or digit (or empty).', value, what);
const labelValueTooLong = (value: string, what: string, length: number) =>
  l10n.t('`{0}` is not a valid {1}: at most 63 characters (it has {2}).', value, what, length);

/** IsValidLabelValue. */
export function labelValueProblem(value: string, what: string): string | undefined {
  if (!LABEL_VALUE.test(value)) return labelValueRule(preview(value, 70), what);
  if (value.length > LABEL_VALUE_MAX) return labelValueTooLong(preview(value, 70), what, value.length);
  return undefined;
}

const configKeyRule = (value: string, what: string) =>
  l10n.t('`{0}` is not a valid {1}: letters, digits, `-`, `_` and `.` only.', value, what);
const configKeyDots = (value: string, what: string) =>
  l10n.t('`{0}` is not a valid {1}: it may not be `.` or `..`, nor start with `..`.', value, what);
const configKeyTooLong = (value: string, what: string, length: number) =>
  l10n.t('`{0}` is not a valid {1}: at most 253 characters (it has {2}).', value, what, length);

/** IsConfigMapKey (ConfigMap and Secret keys, keys of key selectors). */
export function configKeyProblem(value: string, what: string): string | undefined {
  if (!CONFIG_KEY.test(value)) return configKeyRule(preview(value, 70), what);
  if (value === '.' || value === '..' || value.startsWith('..')) return configKeyDots(preview(value, 70), what);
  if (value.length > DNS1123_SUBDOMAIN_MAX) return configKeyTooLong(preview(value, 70), what, value.length);
  return undefined;
}

const envNameStrict = (value: string, what: string) =>
  l10n.t('`{0}` is not a valid {1}: letters, digits, `_`, `-` and `.` only, not starting with a digit (Kubernetes before 1.32).', value, what);
const envNameRelaxed = (value: string, what: string) =>
  l10n.t('`{0}` is not a valid {1}: printable ASCII characters other than `=` only.', value, what);

/**
 * IsEnvVarName, or from Kubernetes 1.32 on (RelaxedEnvironmentVariableValidation, on by default)
 * IsRelaxedEnvVarName: any printable ASCII but `=`.
 */
export function envNameProblem(value: string, what: string, minor: number): string | undefined {
  if (minor >= 32) return PRINTABLE_ASCII_NO_EQUALS.test(value) ? undefined : envNameRelaxed(preview(value, 70), what);
  if (!ENV_VAR_NAME.test(value)) return envNameStrict(preview(value, 70), what);
  if (value === '.' || value === '..' || value.startsWith('..')) return configKeyDots(preview(value, 70), what);
  return undefined;
}
