import { statSync } from 'node:fs';
import { readTextFileSync } from '../node/textFile';
import { dirname, relative, resolve } from 'node:path';
import { DEFAULT_SETTINGS, KubesmithSettings, POD_SECURITY_LEVELS, PROFILES, PodSecurityEnforce, Profile } from '../../../protocol/settings';
import { ParsedConfig, applyConfig, parseConfig } from '../core/config';
import { SchemaStore } from '../core/schema/store';
import { ConfigFiles } from '../node/configFiles';
import { CliError, UsageError } from './errors';
import * as l10n from '@vscode/l10n';

/**
 * Which settings apply to a file: the nearest `.kubesmith.yaml` / `.kubesmith.yml` above it (the
 * same file the editor applies to it), or the one `--config` names for every file; then the
 * command-line overrides (`--kubernetes-version`, `--profile`).
 */

export interface Overrides {
  kubernetesVersion?: string;
  profile?: Profile;
  podSecurity?: PodSecurityEnforce;
}

export interface SettingsEntry {
  /** Index in `SettingsResolver.all()`: what workers receive with each file. */
  index: number;
  settings: KubesmithSettings;
  /** The config file, if one applies. */
  configPath?: string;
  /** Folder that `files.include` / `files.exclude` patterns are relative to. */
  baseDir: string;
}

export class SettingsResolver {
  private readonly configFiles = new ConfigFiles();
  private readonly entries = new Map<string, SettingsEntry>();
  private readonly list: SettingsEntry[] = [];
  private readonly explicit: { path: string; config: ParsedConfig } | undefined;
  private readonly used = new Map<string, ParsedConfig>();
  readonly warnings: string[] = [];

  constructor(private readonly store: SchemaStore, private readonly cwd: string, private readonly overrides: Overrides, configPath?: string) {
    if (configPath !== undefined) {
      const path = resolve(cwd, configPath);
      let text: string;
      try {
        if (statSync(path).isDirectory()) throw new CliError(l10n.t('--config {0}: is a folder, not a config file.', configPath));
        text = readTextFileSync(path).text;
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(l10n.t('Cannot read the config file {0}: {1}', configPath, describeIoError(error)));
      }
      this.explicit = { path, config: parseConfig(text) };
      this.used.set(path, this.explicit.config);
    }
  }

  /** The settings for a file in `directory` (standard input: the current directory). */
  forDirectory(directory: string): SettingsEntry {
    const found = this.explicit ?? this.configFiles.find(directory);
    const key = found?.path ?? '';
    let entry = this.entries.get(key);
    if (!entry) {
      const base = found ? applyConfig(DEFAULT_SETTINGS, found.config) : DEFAULT_SETTINGS;
      if (found) {
        this.used.set(found.path, found.config);
        const version = found.config.values.kubernetesVersion;
        if (this.overrides.kubernetesVersion === undefined && found.config.problems.length === 0 && !this.store.isKnownVersion(base.kubernetesVersion)) {
          this.warnings.push(l10n.t('{0}: Kubernetes {1} is not in Kubesmith\'s bundle ({2}); checking against {3}.', this.display(found.path), String(version), this.versionRange(), this.store.version(base.kubernetesVersion).minor));
        }
      }
      const settings: KubesmithSettings = {
        ...base,
        ...(this.overrides.kubernetesVersion ? { kubernetesVersion: this.overrides.kubernetesVersion } : {}),
        ...(this.overrides.profile ? { profile: this.overrides.profile } : {}),
        ...(this.overrides.podSecurity ? { podSecurity: { enforce: this.overrides.podSecurity } } : {}),
      };
      entry = { index: this.list.length, settings, baseDir: found ? dirname(found.path) : this.cwd, ...(found ? { configPath: found.path } : {}) };
      this.entries.set(key, entry);
      this.list.push(entry);
    }
    return entry;
  }

  all(): KubesmithSettings[] {
    return this.list.map((entry) => entry.settings);
  }

  /** Problems of every config file that applies to a checked file, as `file:line:col: message`. */
  problems(): string[] {
    const lines: string[] = [];
    for (const [path, config] of this.used) {
      if (config.problems.length === 0) continue;
      let text = '';
      try {
        text = readTextFileSync(path).text;
      } catch {
        // Reported by the problem itself.
      }
      for (const problem of [...config.problems].sort((a, b) => a.start - b.start)) {
        const { line, column } = lineColumn(text, problem.start);
        lines.push(`${this.display(path)}:${line}:${column}: ${problem.message}`);
      }
    }
    return lines;
  }

  private display(path: string): string {
    return displayPath(this.cwd, path);
  }

  private versionRange(): string {
    const versions = this.store.index.kubernetesVersions;
    return `${versions[0]}–${versions[versions.length - 1]}`;
  }
}

/** `--kubernetes-version` → a bundled minor ("1.30", "v1.30" and "1.30.4" all mean 1.30). */
export function parseKubernetesVersion(value: string, store: SchemaStore, command: string): string {
  const match = /^v?(1\.\d+)(?:\.\d+)?$/.exec(value.trim());
  const versions = store.index.kubernetesVersions;
  if (!match || !store.isKnownVersion(match[1])) {
    throw new UsageError(l10n.t('Unknown Kubernetes version `{0}`: Kubesmith bundles {1}.', value, versions.join(', ')), command);
  }
  return match[1];
}

export function parseProfile(value: string | undefined): Profile | undefined {
  return value === undefined ? undefined : (PROFILES as readonly string[]).includes(value) ? (value as Profile) : undefined;
}

export function parsePodSecurity(value: string | undefined): PodSecurityEnforce | undefined {
  return value === undefined ? undefined : (POD_SECURITY_LEVELS as readonly string[]).includes(value) ? (value as PodSecurityEnforce) : undefined;
}

/** The command-line overrides both `lint` and `harden` take. */
export function overridesFrom(options: { kubernetesVersion?: string; profile?: string; podSecurity?: string }, store: SchemaStore, command: string): Overrides {
  const profile = parseProfile(options.profile);
  const podSecurity = parsePodSecurity(options.podSecurity);
  return {
    ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: parseKubernetesVersion(options.kubernetesVersion, store, command) } : {}),
    ...(profile ? { profile } : {}),
    ...(podSecurity ? { podSecurity } : {}),
  };
}

/** 1-based line and column (UTF-16 units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.max(offset, 0) - lineStart + 1 };
}

/** A path as the CLI prints it: relative to the current directory, with forward slashes. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split('\\').join('/');
}

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return l10n.t('no such file or folder');
    case 'EACCES':
    case 'EPERM': return l10n.t('permission denied');
    case 'EISDIR': return l10n.t('is a folder');
    case 'ENOTDIR': return l10n.t('not a folder');
    default: return error instanceof Error ? error.message : String(error);
  }
}
