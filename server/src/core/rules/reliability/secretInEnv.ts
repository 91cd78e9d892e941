import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { asRecord } from '../helpers';

/** Words that make a variable name look like it holds a secret. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'SECRET', 'TOKEN', 'APIKEY', 'ACCESSKEY', 'PRIVATEKEY', 'CREDENTIAL', 'CREDENTIALS', 'AUTH']);
/** `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`: secret as a pair of words. */
const KEY_PREFIXES = new Set(['API', 'ACCESS', 'PRIVATE']);
/**
 * A last word that says the variable is about a secret, not the secret itself: where it lives
 * (`TOKEN_URL`, `PASSWORD_FILE`), who uses it (`AUTH_USER`), or how (`AUTH_ENABLED`).
 */
const NOT_THE_SECRET = new Set([
  'URL', 'URI', 'PATH', 'FILE', 'FILENAME', 'DIR', 'ENDPOINT', 'HOST', 'HOSTNAME', 'PORT', 'ID', 'NAME', 'USER', 'USERNAME',
  'ENABLED', 'DISABLED', 'TYPE', 'MODE', 'METHOD', 'PROVIDER', 'TTL', 'TIMEOUT', 'EXPIRY', 'LENGTH', 'HEADER', 'VERSION',
]);

/** `dbPassword` → DB, PASSWORD; `MYSQL_ROOT_PASSWORD` → MYSQL, ROOT, PASSWORD. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word.toUpperCase());
}

/** The answer for each variable name seen (names repeat across a repository's manifests). */
const secretNames = new Map<string, boolean>();

export function looksSecret(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    const parts = words(name);
    secret = parts.length > 0 && !NOT_THE_SECRET.has(parts[parts.length - 1])
      && parts.some((word, i) => SECRET_WORDS.has(word) || (word === 'KEY' && i > 0 && KEY_PREFIXES.has(parts[i - 1])));
    if (secretNames.size >= 4096) secretNames.clear();
    secretNames.set(name, secret);
  }
  return secret;
}

/** Values that cannot be a secret: a flag, or only a reference to another variable. */
function harmless(value: string): boolean {
  return /^(true|false|yes|no|on|off)$/i.test(value.trim()) || /^(\$\([A-Za-z_][A-Za-z0-9_.-]*\)\s*)+$/.test(value.trim());
}

export const secretInEnv: Rule = {
  meta: {
    id: 'secret-in-env',
    title: 'Secrets must not be written into environment variables',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'A password or token written as a literal `value` is readable by anyone who can read the manifest, its Git history, or the workload in the cluster, and it cannot be rotated without editing the manifest.',
    howToFix: 'Store the value in a Secret and reference it with `valueFrom.secretKeyRef` (or mount the Secret as a file).',
    kubeLinter: ['env-var-secret'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const env = ctx.value([...container.path, 'env']);
      if (!Array.isArray(env)) continue;
      env.forEach((entry, index) => {
        const { name, value } = asRecord(entry);
        if (typeof name !== 'string' || !looksSecret(name)) return;
        if (value === undefined || value === null || String(value).trim() === '' || harmless(String(value))) return;
        ctx.report({
          path: [...container.path, 'env', index, 'value'],
          at: 'value',
          message: `${containerLabel(container)} sets \`${name}\` to a literal value, and the name says it is a secret: anyone who can read the manifest can read it. Put it in a Secret and use \`valueFrom.secretKeyRef\`.`,
        });
      });
    }
  },
};
