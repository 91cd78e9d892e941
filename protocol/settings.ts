/**
 * Kubesmith's settings, as the extension contributes them (package.json `contributes.configuration`),
 * as `.kubesmith.yaml` holds them, and as the language server and the CLI receive them. One
 * definition for client, server and CLI.
 */

/** Which rules are on: Pod Security Standards baseline, restricted (the default), or everything. */
export type Profile = 'baseline' | 'restricted' | 'all';

export type RuleLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';

export const PROFILES: readonly Profile[] = ['baseline', 'restricted', 'all'];
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

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
  files: {
    /** Globs of files to check (matched against workspace-relative paths). */
    include: string[];
    /** Globs of files never to check; wins over include. */
    exclude: string[];
  };
  harden: HardenSettings;
  /** What to do beside Red Hat's YAML extension (read by the VS Code extension only). */
  yamlExtension: YamlExtensionMode;
}

export const DEFAULT_SETTINGS: KubesmithSettings = {
  kubernetesVersion: '1.36',
  profile: 'restricted',
  rules: {},
  files: {
    include: ['**/*.yaml', '**/*.yml', '**/*.json'],
    exclude: ['**/node_modules/**', '**/.git/**'],
  },
  harden: {
    preview: true,
    tmpVolume: true,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
  },
  yamlExtension: 'defer',
};

type Loose = Record<string, unknown>;

function record(value: unknown): Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : {};
}

function strings(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : fallback;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/**
 * Fills in defaults for whatever a client sent (missing or malformed values are replaced by the
 * default, never an error: the editor must keep working with a half-typed setting).
 */
export function resolveSettings(input: unknown, base: KubesmithSettings = DEFAULT_SETTINGS): KubesmithSettings {
  const value = record(input);
  const files = record(value.files);
  const harden = record(value.harden);
  const resources = record(harden.resources);
  const requests = record(resources.requests);
  const limits = record(resources.limits);
  const rules: Record<string, RuleLevel> = { ...base.rules };
  for (const [id, level] of Object.entries(record(value.rules))) {
    if (typeof level === 'string' && (RULE_LEVELS as string[]).includes(level)) rules[id] = level as RuleLevel;
  }
  return {
    kubernetesVersion: typeof value.kubernetesVersion === 'string' && /^1\.\d+$/.test(value.kubernetesVersion)
      ? value.kubernetesVersion
      : typeof value.kubernetesVersion === 'number' ? normalizeNumericVersion(value.kubernetesVersion, base.kubernetesVersion) : base.kubernetesVersion,
    profile: typeof value.profile === 'string' && (PROFILES as string[]).includes(value.profile) ? (value.profile as Profile) : base.profile,
    rules,
    files: {
      include: strings(files.include, base.files.include),
      exclude: strings(files.exclude, base.files.exclude),
    },
    harden: {
      preview: typeof harden.preview === 'boolean' ? harden.preview : base.harden.preview,
      tmpVolume: typeof harden.tmpVolume === 'boolean' ? harden.tmpVolume : base.harden.tmpVolume,
      resources: {
        requests: {
          cpu: text(requests.cpu, base.harden.resources.requests.cpu),
          memory: text(requests.memory, base.harden.resources.requests.memory),
        },
        limits: { memory: text(limits.memory, base.harden.resources.limits.memory) },
      },
    },
    yamlExtension: typeof value.yamlExtension === 'string' && (YAML_EXTENSION_MODES as string[]).includes(value.yamlExtension)
      ? (value.yamlExtension as YamlExtensionMode)
      : base.yamlExtension,
  };
}

/** `kubernetesVersion: 1.30` written unquoted in YAML is the number 1.3. */
function normalizeNumericVersion(value: number, fallback: string): string {
  const candidates = [String(value), value.toFixed(2)];
  return candidates.find((candidate) => /^1\.\d\d$/.test(candidate)) ?? (/^1\.\d+$/.test(String(value)) ? String(value) : fallback);
}
