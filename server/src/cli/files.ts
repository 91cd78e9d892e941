import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
// `require`, not `import`: the bundle then takes tinyglobby's CommonJS build (its ES build needs
// import.meta, which a CommonJS bundle does not have).
import tinyglobby = require('tinyglobby');
import { URI } from 'vscode-uri';
import { FileSelection, SelectionScope, compareStrings } from '../node/fileSelection';
import { decodeText } from '../node/textFile';
import { CliError } from './errors';
import { SettingsEntry, SettingsResolver, describeIoError, displayPath } from './settings';
import * as l10n from '@vscode/l10n';

/**
 * Which files a `kubesmith lint` run checks. Arguments are files (always checked, unless the
 * config's `files.exclude` names them), folders (walked by the file selection the language server
 * uses too, node/fileSelection.ts: files matching `files.include`, i.e. YAML and JSON by default,
 * minus `files.exclude`, what `.gitignore` files ignore, and `node_modules` / `.git`), or globs
 * (with the same exclusions). Kustomizations next to or above the inputs are indexed too, so their
 * patches are known to be partial.
 */

export interface Target {
  /** Its number in the order files were found. */
  id: number;
  /** Absolute path; `undefined` for standard input. */
  path?: string;
  /** As printed: relative to the current directory, forward slashes; `<stdin>`. */
  display: string;
  uri: string;
  /** Index of the file's settings in the resolver. */
  settings: number;
}

export interface Discovery {
  files: Target[];
  /** Kustomization files not among `files` whose patches must be known (indexed, not linted). */
  kustomizations: string[];
  /** Files named on the command line that the config excludes, as `file: reason` notes. */
  notes: string[];
}

export const STDIN_DISPLAY = '<stdin>';
export const STDIN_URI = 'untitled:stdin';
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const GLOB_CHARACTERS = /[*?[\]{}]/;

/** File names a URI holds as they are (no percent-encoding), so `<folder URI>/<name>` is the file's URI. */
const SAFE_NAME = /^[A-Za-z0-9._~-]+$/;

/** A folder being walked: its display path and URI, the prefixes of its files'. */
interface Folder {
  display: string;
  uri: string;
}

export function isGlob(input: string): boolean {
  return GLOB_CHARACTERS.test(input);
}

export class FileDiscovery {
  private readonly targets = new Map<string, Target>();
  private readonly kustomizations = new Set<string>();
  private readonly checkedForKustomizations = new Set<string>();
  private readonly notes: string[] = [];
  private readonly selection: FileSelection;
  /** Settings entries and their selection scopes, by index. */
  private readonly scopes = new Map<number, { entry: SettingsEntry; scope: SelectionScope }>();
  /** The folder whose files the walk reports: its display path and URI are worked out once. */
  private folder: Folder & { dir: string } = { dir: '', display: '', uri: '' };
  private stdin = false;

  /** `onFile` is told of each file (on disk) as it is found. */
  constructor(private readonly cwd: string, private readonly resolver: SettingsResolver, private readonly onFile?: (file: Target) => void) {
    this.selection = new FileSelection((dir) => this.scopeOf(this.resolver.forDirectory(dir)));
  }

  async add(input: string): Promise<void> {
    if (input === '-') {
      if (this.stdin) throw new CliError(l10n.t('Standard input (`-`) can be named only once.'));
      this.stdin = true;
      const entry = this.resolver.forDirectory(this.cwd);
      this.targets.set('\u0000stdin', { id: this.targets.size, display: STDIN_DISPLAY, uri: STDIN_URI, settings: entry.index });
      return;
    }
    const path = resolve(this.cwd, input);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && isGlob(input)) {
        await this.addGlob(input);
        return;
      }
      throw new CliError(l10n.t('Cannot read {0}: {1}', input, describeIoError(error)));
    }
    if (info.isDirectory()) {
      this.findKustomizationsAbove(path);
      await this.selection.walk(path, {
        file: (file, dir, name, scope) => this.addFile(file, this.scopes.get(scope.key as number)!.entry, this.folderOf(dir), name),
        kustomization: (file) => this.kustomizations.add(file),
        unreadable: (dir, error) => {
          throw new CliError(l10n.t('Cannot read the folder {0}: {1}', displayPath(this.cwd, dir), describeIoError(error)));
        },
      }, this.cwd);
    } else {
      const entry = this.resolver.forDirectory(dirname(path));
      if (this.selection.isExcluded(path, this.scopeOf(entry))) {
        this.notes.push(entry.configPath
          ? l10n.t('{0}: skipped, excluded by files.exclude in {1}', displayPath(this.cwd, path), displayPath(this.cwd, entry.configPath))
          : l10n.t('{0}: skipped, excluded by files.exclude', displayPath(this.cwd, path)));
        return;
      }
      this.addFile(path, entry);
      this.findKustomizationsAbove(dirname(path));
    }
  }

  result(): Discovery {
    const files = [...this.targets.values()].sort((a, b) => compareStrings(a.display, b.display));
    const linted = new Set(files.map((file) => file.path));
    return { files, kustomizations: [...this.kustomizations].filter((path) => !linted.has(path)).sort(), notes: this.notes };
  }

  private async addGlob(pattern: string): Promise<void> {
    const matches = await tinyglobby.glob(pattern, {
      cwd: this.cwd, absolute: true, dot: true, onlyFiles: true, expandDirectories: false,
      ignore: ['**/node_modules/**', '**/.git/**'],
    });
    if (matches.length === 0) throw new CliError(l10n.t('No files match {0}.', pattern));
    for (const match of matches) {
      const path = resolve(match);
      const entry = this.resolver.forDirectory(dirname(path));
      if (this.selection.isGitIgnored(path, this.cwd) || this.selection.isExcluded(path, this.scopeOf(entry))) continue;
      this.addFile(path, entry);
      this.findKustomizationsAbove(dirname(path));
    }
  }

  private scopeOf(entry: SettingsEntry): SelectionScope {
    let known = this.scopes.get(entry.index);
    if (!known) {
      known = { entry, scope: { key: entry.index, files: entry.settings.files, baseDir: entry.baseDir } };
      this.scopes.set(entry.index, known);
    }
    return known.scope;
  }

  private folderOf(dir: string): Folder {
    if (this.folder.dir !== dir) this.folder = { dir, display: displayPath(this.cwd, dir), uri: URI.file(dir).toString() };
    return this.folder;
  }

  /** Adds a file; `folder` and `name`, when the walk knows them, spare working out its display path and URI. */
  private addFile(path: string, entry: SettingsEntry, folder?: Folder, name?: string): void {
    if (this.targets.has(path)) return;
    let display: string;
    let uri: string;
    if (folder && name !== undefined && SAFE_NAME.test(name)) {
      display = folder.display === '.' ? name : `${folder.display}/${name}`;
      uri = folder.uri.endsWith('/') ? folder.uri + name : `${folder.uri}/${name}`;
    } else {
      display = displayPath(this.cwd, path);
      uri = URI.file(path).toString();
    }
    const target: Target = { id: this.targets.size, path, display, uri, settings: entry.index };
    this.targets.set(path, target);
    this.onFile?.(target);
  }

  /** Kustomizations in `dir` and the folders above it (up to the current directory). */
  private findKustomizationsAbove(dir: string): void {
    const insideCwd = !relative(this.cwd, dir).startsWith('..');
    for (let current = dir; ; current = dirname(current)) {
      if (this.checkedForKustomizations.has(current)) break;
      this.checkedForKustomizations.add(current);
      for (const name of KUSTOMIZATION_NAMES) {
        const path = join(current, name);
        if (existsSync(path)) this.kustomizations.add(path);
      }
      if (!insideCwd || current === this.cwd || dirname(current) === current) break;
    }
  }
}

export { compareStrings };


export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return decodeText(Buffer.concat(chunks)).text;
}
