import { Dirent, existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';
// `require`, not `import`: the bundle then takes tinyglobby's CommonJS build (its ES build needs
// import.meta, which a CommonJS bundle does not have).
import tinyglobby = require('tinyglobby');
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAMES } from '../core/config';
import { decodeText } from '../node/textFile';
import { CliError } from './errors';
import { SettingsEntry, SettingsResolver, describeIoError, displayPath } from './settings';

/**
 * Which files a `kubesmith lint` run checks. Arguments are files (always checked, unless the
 * config's `files.exclude` names them), folders (walked recursively: files matching
 * `files.include`, i.e. YAML and JSON by default, minus `files.exclude`, what `.gitignore` files
 * ignore, and `node_modules` / `.git`), or globs. Kustomizations next to or above the inputs are
 * indexed too, so their patches are known to be partial.
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
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const GLOB_CHARACTERS = /[*?[\]{}]/;
/** Folders walked between two turns of the event loop. */
const YIELD_EVERY = 32;

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

/** `path` relative to `base` when it lies below it (the common case, without path.relative's normalizing), else undefined. */
function below(base: string, path: string): string | undefined {
  const prefix = base.endsWith(sep) ? base : base + sep;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

type FolderIgnores = { prefix: string; rules: Ignore }[];

/** `.gitignore` files from the top of the repository (or the scanned folder) down, with git's precedence. */
class GitIgnores {
  private readonly cache = new Map<string, Ignore | null>();
  /** Folder → the .gitignore files that apply in it, from the top down (most folders: none). */
  private readonly applicable = new Map<string, { base: string; rules: Ignore }[]>();

  constructor(readonly top: string) {}

  ignored(path: string, isDirectory: boolean): boolean {
    return GitIgnores.ignoredIn(this.inFolder(dirname(path)), basename(path), isDirectory);
  }

  /**
   * The .gitignore files that apply in a folder, each with the folder's path relative to it
   * (`a/b/`), for testing the folder's entries by name with `ignoredIn`.
   */
  inFolder(dir: string): FolderIgnores {
    return this.rulesFor(dir).map(({ base, rules }) => {
      const rel = (below(base, dir) ?? relative(base, dir)).split(sep).join('/');
      return { prefix: rel ? `${rel}/` : '', rules };
    });
  }

  /** Whether an entry of a folder is ignored (its parents are not: the walk does not enter ignored folders). */
  static ignoredIn(rulesList: FolderIgnores, name: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const { prefix, rules } of rulesList) {
      const result = rules.test(prefix + name + (isDirectory ? '/' : ''));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }

  /** Records that a folder has no .gitignore (its listing says so), sparing a system call. */
  knowListing(dir: string, hasGitIgnore: boolean): void {
    if (!hasGitIgnore && !this.cache.has(dir)) this.cache.set(dir, null);
  }

  private rulesFor(dir: string): { base: string; rules: Ignore }[] {
    let list = this.applicable.get(dir);
    if (list === undefined) {
      const rel = relative(this.top, dir);
      if (rel.startsWith('..') || isAbsolute(rel)) list = [];
      else {
        const inherited = rel === '' ? [] : this.rulesFor(dirname(dir));
        const own = this.rulesOf(dir);
        list = own ? [...inherited, { base: dir, rules: own }] : inherited;
      }
      this.applicable.set(dir, list);
    }
    return list;
  }

  private rulesOf(dir: string): Ignore | null {
    let rules = this.cache.get(dir);
    if (rules === undefined) {
      rules = null;
      const file = join(dir, '.gitignore');
      try {
        if (existsSync(file)) rules = ignore().add(readFileSync(file, 'utf8'));
      } catch {
        rules = null;
      }
      this.cache.set(dir, rules);
    }
    return rules;
  }
}

/** The repository root above `dir` (a folder holding `.git`), if any. */
function gitRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

interface Matchers {
  include: (path: string) => boolean;
  exclude: (path: string) => boolean;
}

export class FileDiscovery {
  private readonly targets = new Map<string, Target>();
  private readonly kustomizations = new Set<string>();
  private readonly checkedForKustomizations = new Set<string>();
  private readonly notes: string[] = [];
  private readonly gitIgnores = new Map<string, GitIgnores>();
  /** Folder → the top its .gitignore files are read from (the repository root, or the scan root). */
  private readonly tops = new Map<string, string>();
  private readonly matchers = new Map<number, Matchers>();
  private readonly visitedDirectories = new Set<string>();
  private stdin = false;

  /** `onFile` is told of each file (on disk) as it is found. */
  constructor(private readonly cwd: string, private readonly resolver: SettingsResolver, private readonly onFile?: (file: Target) => void) {}

  async add(input: string): Promise<void> {
    if (input === '-') {
      if (this.stdin) throw new CliError('Standard input (`-`) can be named only once.');
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
      throw new CliError(`Cannot read ${input}: ${describeIoError(error)}`);
    }
    if (info.isDirectory()) {
      this.findKustomizationsAbove(path);
      let real: string;
      try {
        real = realpathSync(path);
      } catch (error) {
        throw new CliError(`Cannot read ${input}: ${describeIoError(error)}`);
      }
      await this.walk(path, real, this.gitIgnoresFor(path), undefined);
    } else {
      const entry = this.resolver.forDirectory(dirname(path));
      const rel = this.relativeTo(entry, path);
      if (this.matchersOf(entry).exclude(rel)) {
        this.notes.push(`${displayPath(this.cwd, path)}: skipped, excluded by files.exclude${entry.configPath ? ` in ${displayPath(this.cwd, entry.configPath)}` : ''}`);
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
    if (matches.length === 0) throw new CliError(`No files match ${pattern}.`);
    for (const match of matches) {
      const path = resolve(match);
      const entry = this.resolver.forDirectory(dirname(path));
      if (this.gitIgnoresFor(dirname(path)).ignored(path, false)) continue;
      if (this.matchersOf(entry).exclude(this.relativeTo(entry, path))) continue;
      this.addFile(path, entry);
      this.findKustomizationsAbove(dirname(path));
    }
  }

  /**
   * Walks a folder. `real` is its real path (symbolic links resolved), for loop detection; the
   * folder's listing tells whether it holds a .gitignore or a config file, so no other system
   * call is made per folder. (Its system calls are synchronous: a walk is a long series of small
   * ones, each several times slower through the thread pool; on 3,800 folders, 0.1 s against
   * 0.7 s. It only yields to the event loop every few folders.)
   */
  private async walk(dir: string, real: string, gitIgnores: GitIgnores, parentEntry: SettingsEntry | undefined): Promise<void> {
    if (this.visitedDirectories.has(real)) return; // a symbolic link loop, or a folder named twice
    this.visitedDirectories.add(real);
    // Now and then, let the run's other work (worker threads asking for files) have a turn.
    if (this.visitedDirectories.size % YIELD_EVERY === 0) await new Promise(setImmediate);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      throw new CliError(`Cannot read the folder ${displayPath(this.cwd, dir)}: ${describeIoError(error)}`);
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    const names = new Set(entries.map((dirent) => dirent.name));
    gitIgnores.knowListing(dir, names.has('.gitignore'));
    const entry = parentEntry && !CONFIG_FILE_NAMES.some((name) => names.has(name)) ? parentEntry : this.resolver.forDirectory(dir);
    const matchers = this.matchersOf(entry);
    // What every entry shares, worked out once for the folder.
    const ignores = gitIgnores.inFolder(dir);
    const relDir = this.relativeTo(entry, dir);
    const folder: Folder = { display: displayPath(this.cwd, dir), uri: URI.file(dir).toString() };
    const subdirectories: [path: string, real: string][] = [];
    for (const dirent of entries) {
      const name = dirent.name;
      const path = join(dir, name);
      let isDirectory = dirent.isDirectory();
      let isFile = dirent.isFile();
      let realPath: string | undefined;
      if (dirent.isSymbolicLink()) {
        try {
          const target = statSync(path);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          if (isDirectory) realPath = realpathSync(path);
        } catch {
          continue; // a dangling link
        }
      }
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(name) || GitIgnores.ignoredIn(ignores, name, true)) continue;
        subdirectories.push([path, realPath ?? join(real, name)]);
      } else if (isFile) {
        if (GitIgnores.ignoredIn(ignores, name, false)) continue;
        if (name === 'Kustomization') {
          this.kustomizations.add(path);
          continue;
        }
        const rel = relDir ? `${relDir}/${name}` : name;
        if (!matchers.include(rel) || matchers.exclude(rel)) continue;
        this.addFile(path, entry, folder, name);
      }
    }
    for (const [path, realPath] of subdirectories) await this.walk(path, realPath, gitIgnores, entry);
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

  private gitIgnoresFor(dir: string): GitIgnores {
    let top = this.tops.get(dir);
    if (top === undefined) {
      top = gitRoot(dir) ?? (relative(this.cwd, dir).startsWith('..') ? dir : this.cwd);
      this.tops.set(dir, top);
    }
    let rules = this.gitIgnores.get(top);
    if (!rules) this.gitIgnores.set(top, (rules = new GitIgnores(top)));
    return rules;
  }

  private matchersOf(entry: SettingsEntry): Matchers {
    let matchers = this.matchers.get(entry.index);
    if (!matchers) {
      const { include, exclude } = entry.settings.files;
      const options = { dot: true };
      matchers = {
        include: include.length ? picomatch(include, options) : () => true,
        exclude: exclude.length ? picomatch(exclude, options) : () => false,
      };
      this.matchers.set(entry.index, matchers);
    }
    return matchers;
  }

  /** The path patterns are matched against: relative to the config's folder, forward slashes. */
  private relativeTo(entry: SettingsEntry, path: string): string {
    const rel = below(entry.baseDir, path) ?? relative(entry.baseDir, path);
    const usable = rel.startsWith('..') || isAbsolute(rel) ? path.replace(/^([a-zA-Z]:)?[\\/]+/, '') : rel;
    return usable.split(sep).join('/');
  }
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return decodeText(Buffer.concat(chunks)).text;
}
