/**
 * Kubesmith's settings: one definition (`SETTINGS`) from which everything else is made — the
 * settings type and defaults the language server and the CLI use, `contributes.configuration` in
 * package.json and the README's table (written by `npm run settings`, checked by a test), and the
 * schema of `.kubesmith.yaml` (core/config.ts builds it from `SETTINGS` at run time).
 */

/** Which rules are on: Pod Security Standards baseline, restricted (the default), or everything. */
export type Profile = 'baseline' | 'restricted' | 'all';

export type RuleLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';

/** The Pod Security Standards level a team's namespaces enforce (whose violations the cluster rejects). */
export type PodSecurityEnforce = 'none' | 'baseline' | 'restricted';

export const PROFILES: readonly Profile[] = ['baseline', 'restricted', 'all'];
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];
export const POD_SECURITY_LEVELS: readonly PodSecurityEnforce[] = ['none', 'baseline', 'restricted'];
/** The Kubernetes minors of the schema bundle (a test checks this against `schemas/index.json`). */
export const KUBERNETES_VERSIONS: readonly string[] = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

/**
 * Beside Red Hat's YAML extension: `defer` leaves the Kubernetes manifests Kubesmith checks to
 * Kubesmith alone (and YAML syntax errors to the YAML extension); `keep` lets both check them.
 */
export type YamlExtensionMode = 'defer' | 'keep';
export const YAML_EXTENSION_MODES: readonly YamlExtensionMode[] = ['defer', 'keep'];

export interface HardenSettings {
  /** Show the hardening edit in VS Code's refactor preview before applying it. */
  preview: boolean;
  /** Mount an emptyDir at /tmp when making the root filesystem read-only. */
  tmpVolume: boolean;
  /** Requests and limits set on containers that have none. */
  resources: {
    requests: { cpu: string; memory: string };
    limits: { memory: string };
  };
}

export interface KubesmithSettings {
  /** Kubernetes minor the manifests are checked against, e.g. "1.36". */
  kubernetesVersion: string;
  profile: Profile;
  /** Per-rule level, overriding the rule's default and the profile. */
  rules: Record<string, RuleLevel>;
  podSecurity: {
    /** Violations of this Pod Security Standards level are errors (the cluster rejects them). */
    enforce: PodSecurityEnforce;
  };
  references: {
    /** Level of the findings between resources (a reference to nothing, a selector matching nothing...). */
    severity: RuleLevel;
  };
  files: {
    /** Globs of files to check (relative to the folder of the `.kubesmith.yaml` that applies, else the workspace folder). */
    include: string[];
    /** Globs of files never to check; wins over include. */
    exclude: string[];
  };
  harden: HardenSettings;
  /** What to do beside Red Hat's YAML extension (read by the VS Code extension only). */
  yamlExtension: YamlExtensionMode;
}

/** The subset of JSON Schema the settings use. `format: 'quantity'` is the Kubernetes quantity grammar. */
export interface SettingSchema {
  type?: 'string' | 'boolean' | 'number' | 'object' | 'array';
  enum?: readonly (string | number | boolean)[];
  items?: SettingSchema;
  properties?: Record<string, SettingSchema>;
  additionalProperties?: SettingSchema;
  format?: 'quantity';
}

export interface SettingSpec {
  schema: SettingSchema;
  default: unknown;
  /** Markdown, for VS Code's settings editor. */
  description: string;
  enumDescriptions?: readonly string[];
  /** The README table's short description (the description's first sentence when absent). */
  summary?: string;
  /** The README table's default, when the JSON of the default reads badly. */
  defaultText?: string;
  /**
   * What `.kubesmith.yaml` accepts instead of `schema` (`kubernetesVersion` may be written as a
   * number there, and versions outside the bundle are a warning, not an error).
   */
  fileSchema?: SettingSchema & { pattern?: string; types?: readonly string[] };
}

const DOCS = 'https://github.com/kubesmith/kubesmith/blob/main/docs';
const quantity: SettingSchema = { type: 'string', format: 'quantity' };

/** Every setting, by its path under `kubesmith.` — in the order the settings editor and the README show them. */
export const SETTINGS: Record<string, SettingSpec> = {
  kubernetesVersion: {
    schema: { type: 'string', enum: KUBERNETES_VERSIONS },
    default: '1.36',
    description: 'Kubernetes minor version whose API the manifests are checked against.',
    summary: 'Kubernetes minor to check against (1.28–1.36).',
    fileSchema: { types: ['string', 'number'], pattern: '^1\\.\\d+$' },
  },
  profile: {
    schema: { type: 'string', enum: PROFILES },
    default: 'restricted',
    enumDescriptions: [
      'Pod Security Standards baseline, plus the reliability and network rules everyone wants.',
      'Also the Pod Security Standards restricted controls (the default).',
      'Every rule, including the opinionated ones (single replica, default service account...).',
    ],
    description: `Which best-practice rules are on. \`.kubesmith.yaml\` in a folder overrides it for that folder. See the [rules](${DOCS}/rules.md).`,
    summary: '`baseline`, `restricted` (Pod Security Standards) or `all` rules.',
  },
  rules: {
    schema: { type: 'object', additionalProperties: { type: 'string', enum: RULE_LEVELS } },
    default: {},
    description: 'Per-rule level, e.g. `{ "no-latest-tag": "error", "missing-cpu-limit": "off" }`. Wins over the profile and over `#kubesmith.podSecurity.enforce#`.',
    summary: 'Per-rule level: `off`, `hint`, `info`, `warning`, `error`.',
  },
  'podSecurity.enforce': {
    schema: { type: 'string', enum: POD_SECURITY_LEVELS },
    default: 'none',
    enumDescriptions: [
      'Pod Security findings are warnings, like other best-practice findings.',
      'The namespaces enforce the baseline level: its violations are errors.',
      'The namespaces enforce the restricted level: baseline and restricted violations are errors.',
    ],
    description: 'The Pod Security Standards level your namespaces enforce (`pod-security.kubernetes.io/enforce`). Its violations are then errors, because the cluster rejects those pods.',
    summary: 'Pod Security level the cluster enforces (`none`, `baseline`, `restricted`): its violations become errors.',
  },
  'references.severity': {
    schema: { type: 'string', enum: RULE_LEVELS },
    default: 'info',
    enumDescriptions: [
      'No findings between resources.',
      'Hints (shown faintly, not in the Problems panel).',
      'Information (the default): the other resource may exist only in the cluster.',
      'Warnings.',
      'Errors (for workspaces that define every resource they deploy).',
    ],
    description: `Level of the findings between resources: a reference to a ConfigMap, Secret, Service, ServiceAccount, role or workload that no manifest of the workspace defines, a selector that matches no pod, a \`targetPort\` no pod declares, \`replicas\` on an autoscaled workload, duplicates. Information by default, because the other resource may exist only in the cluster. A level for one check in \`#kubesmith.rules#\` wins. See [the workspace model](${DOCS}/workspace.md).`,
    summary: 'Level of the findings between resources (`off`, `hint`, `info`, `warning`, `error`).',
  },
  'files.include': {
    schema: { type: 'array', items: { type: 'string' } },
    default: ['**/*.yaml', '**/*.yml', '**/*.json'],
    description: 'Glob patterns of files Kubesmith checks, relative to the folder of the `.kubesmith.yaml` that applies, else to the workspace folder. Files that are not Kubernetes manifests (no `apiVersion` and `kind`) are left alone even when they match.',
    summary: 'Files to check.',
  },
  'files.exclude': {
    schema: { type: 'array', items: { type: 'string' } },
    default: ['**/node_modules/**', '**/.git/**'],
    description: 'Glob patterns of files Kubesmith never checks (relative as `#kubesmith.files.include#`). Wins over `#kubesmith.files.include#`. Files that `.gitignore` ignores are not checked either.',
    summary: 'Files never to check.',
  },
  'harden.preview': {
    schema: { type: 'boolean' },
    default: true,
    description: 'Show the change of **Kubesmith: Harden Manifest** as a diff, with Apply and Discard, before applying it.',
    summary: 'Show Harden Manifest\'s change as a diff, with Apply and Discard, first.',
  },
  'harden.tmpVolume': {
    schema: { type: 'boolean' },
    default: true,
    description: 'When Harden Manifest makes a container\'s root filesystem read-only, mount an `emptyDir` at `/tmp`.',
    summary: 'Mount an emptyDir at `/tmp` when making the root filesystem read-only.',
  },
  'harden.resources': {
    schema: {
      type: 'object',
      properties: {
        requests: { type: 'object', properties: { cpu: quantity, memory: quantity } },
        limits: { type: 'object', properties: { memory: quantity } },
      },
    },
    default: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    description: 'Requests and memory limit that Harden Manifest sets on containers that have none.',
    summary: 'Resources Harden Manifest sets.',
    defaultText: 'requests `100m`/`128Mi`, limit `256Mi`',
  },
  yamlExtension: {
    schema: { type: 'string', enum: YAML_EXTENSION_MODES },
    default: 'defer',
    enumDescriptions: [
      'Kubesmith alone checks, completes and describes the Kubernetes manifests it checks; Red Hat\'s YAML extension keeps YAML syntax errors and its schemas for every other file.',
      'Both extensions check the Kubernetes manifests, as without this setting (problems may be reported twice).',
    ],
    description: 'What to do beside Red Hat\'s YAML extension (`redhat.vscode-yaml`), when it is installed. `defer`: for every manifest Kubesmith checks, the YAML extension gets an empty schema named Kubesmith, so it stops validating, completing and describing its Kubernetes fields (also those Kubernetes Tools or `#yaml.schemas#` give it); it keeps YAML syntax errors, which Kubesmith then leaves to it, and its schemas for every other file. `keep`: both check the manifests; set `#yaml.kubernetesVersion#` to the same version as `#kubesmith.kubernetesVersion#`. Kubesmith never changes the YAML extension\'s settings.',
    summary: 'Beside Red Hat\'s YAML extension: `defer` (it leaves the manifests Kubesmith checks to Kubesmith, Kubesmith leaves YAML syntax errors to it) or `keep` (both check). Read from the editor settings.',
  },
};

type Loose = Record<string, unknown>;

function record(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The value at a dotted path of a nested object. */
function valueAt(object: unknown, path: string): unknown {
  let current = object;
  for (const part of path.split('.')) {
    const map = record(current);
    if (!map || !Object.prototype.hasOwnProperty.call(map, part)) return undefined;
    current = map[part];
  }
  return current;
}

function setAt(object: Loose, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = object;
  for (const part of parts.slice(0, -1)) current = (current[part] ??= {}) as Loose;
  current[parts[parts.length - 1]] = value;
}

/**
 * A value that fits the schema, or undefined. Objects are taken field by field: a half-typed map
 * keeps its good fields and the rest come from `fallback`. Strings must not be blank.
 */
function conform(value: unknown, schema: SettingSchema, fallback: unknown): unknown {
  if (value === undefined || value === null) return clone(fallback);
  if (schema.enum && !schema.enum.includes(value as string)) return clone(fallback);
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? value : clone(fallback);
    case 'boolean':
      return typeof value === 'boolean' ? value : clone(fallback);
    case 'number':
      return typeof value === 'number' ? value : clone(fallback);
    case 'array':
      return Array.isArray(value) && value.every((item) => conform(item, schema.items ?? {}, undefined) !== undefined) ? [...value] : clone(fallback);
    case 'object': {
      const map = record(value);
      if (!map) return clone(fallback);
      const base = record(fallback) ?? {};
      if (schema.properties) {
        const out: Loose = {};
        for (const [key, child] of Object.entries(schema.properties)) out[key] = conform(map[key], child, base[key]);
        return out;
      }
      // A map of entries (rule levels): the base's entries, with each valid entry of the value over them.
      const out: Loose = { ...clone(base) };
      for (const [key, entry] of Object.entries(map)) {
        const valid = conform(entry, schema.additionalProperties ?? {}, undefined);
        if (valid !== undefined) out[key] = valid;
      }
      return out;
    }
    default:
      return value;
  }
}

/** The settings with every default. */
export const DEFAULT_SETTINGS: KubesmithSettings = (() => {
  const defaults: Loose = {};
  for (const [path, spec] of Object.entries(SETTINGS)) setAt(defaults, path, clone(spec.default));
  return defaults as unknown as KubesmithSettings;
})();

/**
 * Fills in defaults for whatever a client or a config file sent (missing or malformed values are
 * replaced by `base`'s, never an error: the editor must keep working with a half-typed setting).
 * Accepts both nested objects (`{ files: { include } }`) and VS Code's dotted keys.
 */
export function resolveSettings(input: unknown, base: KubesmithSettings = DEFAULT_SETTINGS): KubesmithSettings {
  const value = record(input) ?? {};
  const out: Loose = {};
  for (const [path, spec] of Object.entries(SETTINGS)) {
    let given = valueAt(value, path);
    if (given === undefined && Object.prototype.hasOwnProperty.call(value, path)) given = value[path];
    if (path === 'kubernetesVersion') {
      // A version outside the bundle is kept as written (the schema store picks the nearest one and says so).
      const version = normalizeVersion(given);
      setAt(out, path, typeof version === 'string' && /^1\.\d+$/.test(version) ? version : base.kubernetesVersion);
      continue;
    }
    setAt(out, path, conform(given, spec.schema, valueAt(base, path)));
  }
  return out as unknown as KubesmithSettings;
}

/** `kubernetesVersion: 1.30` written unquoted in YAML is the number 1.3. */
function normalizeVersion(value: unknown): unknown {
  if (typeof value !== 'number') return value;
  const candidates = [String(value), value.toFixed(2)];
  return candidates.find((candidate) => /^1\.\d\d$/.test(candidate)) ?? (/^1\.\d+$/.test(String(value)) ? String(value) : undefined);
}
