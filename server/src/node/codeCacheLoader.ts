import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads a bundled entry point through V8's code cache, as VS Code does for its own code: the
 * first run compiles it and, once it has done real work, saves the compiled bytecode (including
 * the functions compiled lazily by then); later runs start from that instead of compiling
 * 600 KB of JavaScript again. The cache lives in the system's temporary folder, keyed by the
 * bundle and the V8 version; a rejected or unreadable cache is simply rebuilt.
 *
 * `KUBESMITH_CODE_CACHE=0` turns it off; `KUBESMITH_CACHE_DIR` moves it.
 */
export function loadWithCodeCache(entry: string, saveAfterMs = 2000): void {
  const source = readFileSync(entry, 'utf8');
  const run = () => {
    const local = new Module(entry, module);
    local.filename = entry;
    local.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(entry));
    return local;
  };
  if (process.env.KUBESMITH_CODE_CACHE === '0') {
    const local = run();
    (local as unknown as { _compile(source: string, filename: string): void })._compile(source, entry);
    return;
  }

  const directory = process.env.KUBESMITH_CACHE_DIR ?? join(tmpdir(), 'kubesmith-code-cache');
  const stamp = createHash('sha1').update(`${process.versions.v8}|${process.arch}|${statSync(entry).size}|${statSync(entry).mtimeMs}`).digest('hex').slice(0, 16);
  const name = basename(entry, '.js');
  const cacheFile = join(directory, `${name}-${stamp}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
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
        mkdirSync(directory, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
        // Caches of older bundles of the same entry point are of no use any more.
        for (const file of readdirSync(directory)) {
          if (file.startsWith(`${name}-`) && file.endsWith('.bin') && join(directory, file) !== cacheFile) unlinkSync(join(directory, file));
        }
      } catch {
        // A read-only or full temporary folder only costs the next start its compile time.
      }
    };
    // Saved once the code has done some real work (so what it compiled lazily is in), or at exit.
    setTimeout(save, saveAfterMs).unref();
    process.once('exit', save);
  }

  wrapper.call(local.exports, local.exports, Module.createRequire(entry), local, entry, dirname(entry));
}
