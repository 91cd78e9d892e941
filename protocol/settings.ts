/**
 * Kubesmith's settings, as the extension contributes them (package.json `contributes.configuration`)
 * and as the language server and the CLI receive them. One definition for client, server and CLI.
 */
export interface KubesmithSettings {
  /** Kubernetes minor the manifests are checked against, e.g. "1.36". */
  kubernetesVersion: string;
  files: {
    /** Globs of files to check (matched against workspace-relative paths). */
    include: string[];
    /** Globs of files never to check; wins over include. */
    exclude: string[];
  };
}

export const DEFAULT_SETTINGS: KubesmithSettings = {
  kubernetesVersion: '1.36',
  files: {
    include: ['**/*.yaml', '**/*.yml', '**/*.json'],
    exclude: ['**/node_modules/**', '**/.git/**'],
  },
};

/** Fills in defaults for whatever a client sent (missing or malformed values). */
export function resolveSettings(input: unknown): KubesmithSettings {
  const value = (typeof input === 'object' && input !== null ? input : {}) as Partial<Record<keyof KubesmithSettings, unknown>>;
  const files = (typeof value.files === 'object' && value.files !== null ? value.files : {}) as Record<string, unknown>;
  const strings = (list: unknown, fallback: string[]) =>
    Array.isArray(list) && list.every((item) => typeof item === 'string') ? (list as string[]) : fallback;
  return {
    kubernetesVersion: typeof value.kubernetesVersion === 'string' && /^1\.\d+$/.test(value.kubernetesVersion)
      ? value.kubernetesVersion : DEFAULT_SETTINGS.kubernetesVersion,
    files: {
      include: strings(files.include, DEFAULT_SETTINGS.files.include),
      exclude: strings(files.exclude, DEFAULT_SETTINGS.files.exclude),
    },
  };
}
