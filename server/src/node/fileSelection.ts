import { Dirent, existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import ignore, { Ignore } from 'ignore';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAMES } from '../core/config';

/**
 * Which files Kubesmith checks, for the CLI and the language server alike: the files that
 * `files.include` names and `files.exclude` does not — globs relative to the folder of the
 * `.kubesmith.yaml` that applies, else to the root (the workspace folder, or the CLI's current
 * folder) — minus what `.gitignore` files ignore (every `.gitignore` from the top of the repository
 * down, deeper ones winning, negations included) and the contents of `node_modules` and `.git`.
 * `Kustomization` files (no extension) are found too, to be indexed. One walker and one test for
 * a single file (`isSelected`), with the same rules, so the editor and CI check the same files.
 */

/** The settings that select files in a folder (the `.kubesmith.yaml` that applies there). */
export interface SelectionScope {
  /** Identifies the scope (the same for every folder one config governs). */
  key: number | string;
  files: { include: readonly string[]; exclude: readonly string[] };
  /** The folder the globs are relative to. */
  baseDir: string;
}

export interface WalkVisitor {
  /** A selected file: `dir` and `name` are its folder and name (the walk works them out once per folder). */
  file(path: string, dir: string, name: string, scope: SelectionScope): void;
  /** A `Kustomization` file (its kind has no extension): indexed, not checked. */
  kustomization?(path: string): void;
  /** A folder that cannot be read (the walk then goes on). */
  unreadable?(dir: string, error: unknown): void;
}

export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git']);
/** Folders walked between two turns of the event loop. */
const YIELD_EVERY = 32;

/** `path` relative to `base` when it lies below it (the common case, without path.relative's normalizing), else undefined. */
function below(base: string, path: string): string | undefined {
  const prefix = base.endsWith(sep) ? base : base + sep;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

function inside(base: string, path: string): boolean {
  return path === base || below(base, path) !== undefined;
}

type FolderIgnores = { prefix: string; rules: Ignore }[];

/** `.gitignore` files from the top of the repository (or the root) down, with git's precedence. */
class GitIgnores {
  private readonly cache = new Map<string, Ignore | null>();
  /** Folder → the .gitignore files that apply in it, from the top down (most folders: none). */
  private readonly applicable = new Map<string, { base: string; rules: Ignore }[]>();

  constructor(readonly top: string) {}

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

export class FileSelection {
  private readonly gitIgnores = new Map<string, GitIgnores>();
  /** `root\0folder` → the top its .gitignore files are read from. */
  private readonly tops = new Map<string, string>();
  private readonly matchers = new Map<number | string, Matchers>();
  private readonly visitedDirectories = new Set<string>();

  /** `scopeFor` gives the selection settings of a folder (its nearest `.kubesmith.yaml`, or the defaults with the root as base). */
  constructor(private readonly scopeFor: (dir: string) => SelectionScope) {}

  /**
   * Walks a folder (below `root`, which bounds .gitignore files read outside a repository) and
   * reports each selected file. Synchronous system calls (a walk is a long series of small ones,
   * each several times slower through the thread pool; on 3,800 folders, 0.1 s against 0.7 s);
   * it yields to the event loop every few folders. Symbolic links are followed, without looping.
   */
  async walk(dir: string, visitor: WalkVisitor, root = dir): Promise<void> {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      visitor.unreadable?.(dir, error);
      return;
    }
    await this.walkFolder(dir, real, this.gitIgnoresFor(dir, root), undefined, visitor);
  }

  /** Whether a file would be selected by a walk of `root`: the same rules, for one file (an open document, a file event). */
  isSelected(path: string, root: string): boolean {
    const dir = dirname(path);
    const start = inside(root, dir) ? root : dir;
    const gitIgnores = this.gitIgnoresFor(dir, root);
    // The folders between the root and the file: not skipped, not ignored.
    const rel = below(start, dir);
    if (rel !== undefined) {
      let current = start;
      for (const name of rel.split(sep)) {
        if (SKIPPED_DIRECTORIES.has(name) || GitIgnores.ignoredIn(gitIgnores.inFolder(current), name, true)) return false;
        current = join(current, name);
      }
    }
    const name = basename(path);
    if (name === 'Kustomization' || GitIgnores.ignoredIn(gitIgnores.inFolder(dir), name, false)) return false;
    return this.matchesGlobs(path, this.scopeFor(dir));
  }

  /** Whether the scope's `files.exclude` names a file (for files named on the command line, always checked otherwise). */
  isExcluded(path: string, scope = this.scopeFor(dirname(path))): boolean {
    return this.matchersOf(scope).exclude(this.relativeTo(scope, path));
  }

  /** Whether a .gitignore ignores a file (globs the CLI expands itself). */
  isGitIgnored(path: string, root: string): boolean {
    return GitIgnores.ignoredIn(this.gitIgnoresFor(dirname(path), root).inFolder(dirname(path)), basename(path), false);
  }

  /** Whether the scope's globs select a file (include, not exclude). */
  matchesGlobs(path: string, scope: SelectionScope): boolean {
    const rel = this.relativeTo(scope, path);
    const matchers = this.matchersOf(scope);
    return matchers.include(rel) && !matchers.exclude(rel);
  }

  private async walkFolder(dir: string, real: string, gitIgnores: GitIgnores, parentScope: SelectionScope | undefined, visitor: WalkVisitor): Promise<void> {
    if (this.visitedDirectories.has(real)) return; // a symbolic link loop, or a folder walked twice
    this.visitedDirectories.add(real);
    // Now and then, let other work (worker threads asking for files, requests) have a turn.
    if (this.visitedDirectories.size % YIELD_EVERY === 0) await new Promise(setImmediate);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (visitor.unreadable) {
        visitor.unreadable(dir, error);
        return;
      }
      throw error;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    const names = new Set(entries.map((dirent) => dirent.name));
    gitIgnores.knowListing(dir, names.has('.gitignore'));
    const scope = parentScope && !CONFIG_FILE_NAMES.some((name) => names.has(name)) ? parentScope : this.scopeFor(dir);
    const matchers = this.matchersOf(scope);
    // What every entry shares, worked out once for the folder.
    const ignores = gitIgnores.inFolder(dir);
    const relDir = this.relativeTo(scope, dir);
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
          visitor.kustomization?.(path);
          continue;
        }
        const rel = relDir ? `${relDir}/${name}` : name;
        if (!matchers.include(rel) || matchers.exclude(rel)) continue;
        visitor.file(path, dir, name, scope);
      }
    }
    for (const [path, realPath] of subdirectories) await this.walkFolder(path, realPath, gitIgnores, scope, visitor);
  }

  /** The .gitignore files that apply below `dir`: from its repository's root, else from `root` (when inside it), else from `dir`. */
  private gitIgnoresFor(dir: string, root: string): GitIgnores {
    const key = `${root}\u0000${dir}`;
    let top = this.tops.get(key);
    if (top === undefined) {
      top = gitRoot(dir) ?? (inside(root, dir) ? root : dir);
      this.tops.set(key, top);
    }
    let rules = this.gitIgnores.get(top);
    if (!rules) this.gitIgnores.set(top, (rules = new GitIgnores(top)));
    return rules;
  }

  private matchersOf(scope: SelectionScope): Matchers {
    let matchers = this.matchers.get(scope.key);
    if (!matchers) {
      const { include, exclude } = scope.files;
      const options = { dot: true };
      matchers = {
        include: include.length ? picomatch([...include], options) : () => true,
        exclude: exclude.length ? picomatch([...exclude], options) : () => false,
      };
      this.matchers.set(scope.key, matchers);
    }
    return matchers;
  }

  /** The path globs are matched against: relative to the scope's base folder, forward slashes (a path outside it: the whole path). */
  private relativeTo(scope: SelectionScope, path: string): string {
    const rel = path === scope.baseDir ? '' : below(scope.baseDir, path) ?? relative(scope.baseDir, path);
    const usable = rel.startsWith('..') || isAbsolute(rel) ? path.replace(/^([a-zA-Z]:)?[\\/]+/, '') : rel;
    return usable.split(sep).join('/');
  }
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
