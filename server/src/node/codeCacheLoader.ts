import { createHash } from 'node:crypto';
import { Stats, chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The per-user folder for the code cache, when no `KUBESMITH_CACHE_DIR` names one. */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME
    : process.platform === 'win32' && env.LOCALAPPDATA ? env.LOCALAPPDATA : join(homedir(), '.cache');
  return join(base, 'kubesmith', 'code-cache');
}

const currentUid = (): number | undefined => process.getuid?.();

/** Whether a file system entry is the user's own and nobody else can change it. */
function ownedAndPrivate(info: Stats, uid: number | undefined): boolean {
  if (info.isSymbolicLink()) return false;
  if (uid === undefined) return true; // Windows: no POSIX owners; the folder is under the user's profile.
  return info.uid === uid && (info.mode & 0o022) === 0;
}

/**
 * Makes the cache folder (mode 0700) and checks it is safe to run bytecode from: a real folder
 * (not a link), owned by `uid`, writable by nobody else. Returns undefined when it is not.
 */
export function trustedCacheDirectory(directory: string, uid: number | undefined = currentUid()): string | undefined {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const info = lstatSync(directory);
    if (!info.isDirectory() || !ownedAndPrivate(info, uid)) return undefined;
    // Ours and private, but readable by others (made by an older version): close it.
    if (uid !== undefined && (info.mode & 0o077) !== 0) chmodSync(directory, 0o700);
    return directory;
  } catch {
    return undefined;
  }
}

/** Whether a cache file may be read: a regular file, owned by `uid`, writable by nobody else. */
export function trustedCacheFile(file: string, uid: number | undefined = currentUid()): boolean {
  try {
    const info = lstatSync(file);
    return info.isFile() && ownedAndPrivate(info, uid);
  } catch {
    return false;
  }
}

/**
 * Loads a bundled entry point through V8's code cache, as VS Code does for its own code: the
 * first run compiles it and, once it has done real work, saves the compiled bytecode (including
 * the functions compiled lazily by then); later runs start from that instead of compiling
 * 600 KB of JavaScript again. The cache is keyed by the bundle and the V8 version; a rejected or
 * unreadable cache is simply rebuilt.
 *
 * Bytecode from the cache is run as code, so the cache must be the user's own: it lives in a
 * per-user folder (the extension's global storage, which the VS Code client passes as
 * `KUBESMITH_CACHE_DIR`; else `$XDG_CACHE_HOME/kubesmith/code-cache` or `~/.cache/...`), made with
 * mode 0700, and is used only while that folder and each cache file are owned by the user and
 * writable by nobody else (`trustedCacheDirectory`, `trustedCacheFile`); otherwise nothing is
 * cached. `KUBESMITH_CODE_CACHE=0` turns it off.
 */
export function loadWithCodeCache(entry: string, saveAfterMs = 2000): void {
  const source = readFileSync(entry, 'utf8');
  const run = () => {
    const local = new Module(entry, module);
    local.filename = entry;
    local.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(entry));
    return local;
  };
  const directory = process.env.KUBESMITH_CODE_CACHE === '0' ? undefined : trustedCacheDirectory(process.env.KUBESMITH_CACHE_DIR || defaultCacheDirectory());
  if (directory === undefined) {
    // No cache, or none that is safe to run: compile as Node would.
    (run() as unknown as { _compile(source: string, filename: string): void })._compile(source, entry);
    return;
  }
  const stamp = createHash('sha1').update(`${process.versions.v8}|${process.arch}|${statSync(entry).size}|${statSync(entry).mtimeMs}`).digest('hex').slice(0, 16);
  const name = basename(entry, '.js');
  const cacheFile = join(directory, `${name}-${stamp}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = trustedCacheFile(cacheFile) ? readFileSync(cacheFile) : undefined;
  } catch {
    cachedData = undefined;
  }

  const script = new Script(Module.wrap(source), { filename: entry, ...(cachedData ? { cachedData } : {}) });
  const local = run();
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;

  if (!cachedData || script.cachedDataRejected) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      try {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        renameSync(temporary, cacheFile);
        // Caches of older bundles of the same entry point are of no use any more.
        for (const file of readdirSync(directory)) {
          if (file.startsWith(`${name}-`) && file.endsWith('.bin') && join(directory, file) !== cacheFile) unlinkSync(join(directory, file));
        }
      } catch {
        // A read-only or full cache folder only costs the next start its compile time.
      }
    };
    // Saved once the code has done some real work (so what it compiled lazily is in), or at exit.
    setTimeout(save, saveAfterMs).unref();
    process.once('exit', save);
  }

  wrapper.call(local.exports, local.exports, Module.createRequire(entry), local, entry, dirname(entry));
}
