import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KubesmithSettings } from '../../../protocol/settings';
import { CONFIG_FILE_NAMES, ParsedConfig, applyConfig, parseConfig } from '../core/config';
import { readTextFileSync } from './textFile';
import * as l10n from '@vscode/l10n';

/**
 * Finds and reads `.kubesmith.yaml` files on disk: the nearest one above a file (or a folder)
 * applies to it. Parsed files are cached by folder until `forget` is called for them.
 */
export interface FoundConfig {
  path: string;
  config: ParsedConfig;
}

export class ConfigFiles {
  private readonly byDirectory = new Map<string, FoundConfig | null>();

  /** The config file governing `directory` (searching upwards, not above `stopAt`). */
  find(directory: string, stopAt?: string): FoundConfig | undefined {
    const visited: string[] = [];
    let found: FoundConfig | null | undefined;
    for (let dir = directory; ; dir = dirname(dir)) {
      found = this.byDirectory.get(dir);
      if (found !== undefined) break;
      visited.push(dir);
      found = this.read(dir);
      if (found) break;
      if (dir === stopAt || dirname(dir) === dir) {
        found = null;
        break;
      }
    }
    for (const dir of visited) this.byDirectory.set(dir, found);
    return found ?? undefined;
  }

  /** Settings for a file in `directory`: `base` with the governing config file applied. */
  settingsFor(directory: string, base: KubesmithSettings, stopAt?: string): KubesmithSettings {
    const found = this.find(directory, stopAt);
    return found ? applyConfig(base, found.config) : base;
  }

  /** Forgets everything cached (a config file was created, changed or deleted). */
  forget(): void {
    this.byDirectory.clear();
  }

  private read(dir: string): FoundConfig | null {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      try {
        return { path, config: parseConfig(readTextFileSync(path).text) };
      } catch (error) {
        return { path, config: { values: {}, problems: [{ message: l10n.t('Cannot read {0}: {1}', path, String(error)), start: 0, end: 0 }] } };
      }
    }
    return null;
  }
}

export function isConfigFile(path: string): boolean {
  return CONFIG_FILE_NAMES.some((name) => path.endsWith(`/${name}`) || path === name);
}
