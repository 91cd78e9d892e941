import * as l10n from '@vscode/l10n';
import { phrase } from '../l10n';
/**
 * What secrets look like, for the rules that find them where they do not belong (secret-in-env,
 * secret-in-configmap): names that say a value is a secret, and values whose format says so —
 * private keys and the tokens and keys of well-known services, recognised by their documented
 * prefixes and shapes, never by randomness alone (a random-looking value is as often a hash, an
 * ID or a digest).
 */

/** Words that make a variable name look like it holds a secret. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'SECRET', 'TOKEN', 'APIKEY', 'ACCESSKEY', 'PRIVATEKEY', 'CREDENTIAL', 'CREDENTIALS', 'AUTH']);
/** `API_KEY`, `ACCESS_KEY`, `SIGNING_KEY`: secret as a pair of words. */
const KEY_PREFIXES = new Set(['API', 'ACCESS', 'PRIVATE', 'SIGNING', 'ENCRYPTION', 'MASTER', 'LICENSE', 'HMAC', 'SSH', 'STORAGE', 'ACCOUNT', 'SHARED']);
/** Cloud providers whose variables named `*KEY*` hold their keys (`AZURE_BATCH_KEY`, `OCI_CLI_KEY_CONTENT`). */
const PROVIDERS = new Set(['AZURE', 'OCI', 'AWS', 'GCP', 'GOOGLE', 'ALICLOUD', 'IBM', 'DIGITALOCEAN', 'LINODE']);
/**
 * A last word that says the variable is about a secret, not the secret itself: where it lives
 * (`TOKEN_URL`, `PASSWORD_FILE`), who uses it (`AUTH_USER`), or how (`AUTH_ENABLED`).
 */
const NOT_THE_SECRET = new Set([
  'URL', 'URI', 'PATH', 'FILE', 'FILENAME', 'DIR', 'ENDPOINT', 'HOST', 'HOSTNAME', 'PORT', 'ID', 'NAME', 'USER', 'USERNAME',
  'ENABLED', 'DISABLED', 'TYPE', 'MODE', 'METHOD', 'PROVIDER', 'TTL', 'TIMEOUT', 'EXPIRY', 'LENGTH', 'HEADER', 'VERSION',
  'ARN', 'ALIAS', 'REGION',
]);

/**
 * Words before the secret word that make the variable a switch about the secret, not the secret:
 * `MYSQL_ALLOW_EMPTY_PASSWORD`, `MYSQL_RANDOM_ROOT_PASSWORD`, `REQUIRE_AUTH`, `SKIP_TOKEN_CHECK`.
 */
const SWITCH_WORDS = new Set(['ALLOW', 'ENABLE', 'DISABLE', 'REQUIRE', 'SKIP', 'RANDOM', 'GENERATE']);

/** `dbPassword` → DB, PASSWORD; `MYSQL_ROOT_PASSWORD` → MYSQL, ROOT, PASSWORD. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word.toUpperCase());
}

/** The answer for each name seen (names repeat across a repository's manifests). */
const secretNames = new Map<string, boolean>();

/** Whether a variable (or key) name says its value is a secret: `DB_PASSWORD`, `apiKey`, not `TOKEN_URL`. */
export function looksSecret(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    const parts = words(name);
    const at = parts.findIndex((word, i) => SECRET_WORDS.has(word)
      || (word === 'KEY' && i > 0 && (KEY_PREFIXES.has(parts[i - 1]) || PROVIDERS.has(parts[0]))));
    secret = at >= 0 && !NOT_THE_SECRET.has(parts[parts.length - 1]) && !parts.slice(0, at).some((word) => SWITCH_WORDS.has(word));
    if (secretNames.size >= 4096) secretNames.clear();
    secretNames.set(name, secret);
  }
  return secret;
}

/**
 * Values that cannot be the secret a name announces: a flag, a reference to another variable, a
 * file path (`GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/key.json`), or a URL without credentials
 * (a URL with a password in it is found by its format).
 */
export function harmlessValue(value: string): boolean {
  const text = value.trim();
  return text === ''
    || /^(true|false|yes|no|on|off)$/i.test(text)
    || /^(\$\([A-Za-z_][A-Za-z0-9_.-]*\)\s*)+$/.test(text)
    || /^\/[^\s]*$/.test(text)
    || (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text) && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(text));
}

/** A secret format: what it is (for messages) and how to recognise it. */
interface SecretFormat {
  /** "a PEM private key", "a GitHub token": the noun messages use. */
  what: string;
  /** Text every match contains: the pattern runs only on values that contain one (values can be whole files). */
  markers: readonly string[];
  pattern: RegExp;
}

/** Not a letter, digit or the characters tokens are made of, before and after a token. */
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

const FORMATS: SecretFormat[] = [
  { what: phrase('a private key (PEM)'), markers: ['PRIVATE KEY'], pattern: /-{3,}\s*BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?\s*-{3,}/ },
  { what: phrase('an AWS access key ID'), markers: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], pattern: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${E}`) },
  { what: phrase('a Google API key'), markers: ['AIza'], pattern: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`) },
  { what: phrase('a Google OAuth client secret'), markers: ['GOCSPX-'], pattern: new RegExp(`${B}GOCSPX-[0-9A-Za-z_-]{28}${E}`) },
  { what: phrase('an Azure storage account key'), markers: ['AccountKey='], pattern: /AccountKey=[A-Za-z0-9+/]{86}==/ },
  { what: phrase('an Azure shared access key'), markers: ['SharedAccessKey='], pattern: /SharedAccessKey=[A-Za-z0-9+/]{42,}=/ },
  { what: phrase('an Azure client secret'), markers: ['Q~'], pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/ },
  { what: phrase('a GitHub token'), markers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], pattern: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})${E}`) },
  { what: phrase('a GitLab token'), markers: ['glpat-'], pattern: new RegExp(`${B}glpat-[A-Za-z0-9_-]{20}${E}`) },
  { what: phrase('a Slack token'), markers: ['xox'], pattern: new RegExp(`${B}xox[abposr]-[0-9]+-[A-Za-z0-9-]{8,}`) },
  { what: phrase('a Slack webhook URL'), markers: ['hooks.slack.com'], pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { what: phrase('a Stripe secret key'), markers: ['_live_', '_test_'], pattern: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}${E}`) },
  { what: phrase('a SendGrid API key'), markers: ['SG.'], pattern: new RegExp(`${B}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E}`) },
  { what: phrase('an npm token'), markers: ['npm_'], pattern: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`) },
  { what: phrase('a PyPI token'), markers: ['pypi-'], pattern: new RegExp(`${B}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`) },
  { what: phrase('an OpenAI API key'), markers: ['T3BlbkFJ'], pattern: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]+`) },
  { what: phrase('an Anthropic API key'), markers: ['sk-ant-'], pattern: new RegExp(`${B}sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,}`) },
  { what: phrase('a Hugging Face token'), markers: ['hf_'], pattern: new RegExp(`${B}hf_[A-Za-z]{34}${E}`) },
  { what: phrase('a HashiCorp Vault token'), markers: ['hvs.', 'hvb.'], pattern: new RegExp(`${B}hv[sb]\\.[A-Za-z0-9_-]{24,}`) },
  { what: phrase('a DigitalOcean token'), markers: ['_v1_'], pattern: new RegExp(`${B}do[opr]_v1_[a-f0-9]{64}${E}`) },
  { what: phrase('a JSON Web Token'), markers: ['eyJ'], pattern: new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}`) },
];

/** `scheme://user:password@host`, with a password that is not a placeholder (`$(PASS)`, `${PASS}`, `{{ .pass }}`, `<password>`, `***`). */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s/@]+)@/i;
const PLACEHOLDER = /^(?:\$\(|\$\{|\{\{|<|%|\*+$|x+$)/i;

/** The shortest value any format matches, to skip short values quickly. */
const SHORTEST = 12;

/** What kind of secret a value is, by its format, or undefined when it does not look like one. */
export function secretFormatOf(value: string): string | undefined {
  if (value.length < SHORTEST) return undefined;
  for (const format of FORMATS) {
    if (format.markers.some((marker) => value.includes(marker)) && format.pattern.test(value)) return l10n.t(format.what);
  }
  if (!value.includes('@') || !value.includes('://')) return undefined;
  const credentials = URL_CREDENTIALS.exec(value);
  if (credentials && !PLACEHOLDER.test(credentials[1])) return l10n.t('a URL with a password in it');
  return undefined;
}
