import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDirectory, trustedCacheDirectory, trustedCacheFile } from '../../server/src/node/codeCacheLoader';
import { repoRoot } from '../helpers';

/** V8 bytecode from the code cache is run as code: only a cache that is the user's own is used. */
describe('code cache location (server/src/node/codeCacheLoader.ts)', () => {
  const uid = process.getuid?.();
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kubesmith-cache-test-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('defaults to a per-user folder, never the shared temporary folder', () => {
    assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: '/home/ana/.xdg-cache' }), '/home/ana/.xdg-cache/kubesmith/code-cache');
    assert.equal(defaultCacheDirectory({}), join(homedir(), '.cache', 'kubesmith', 'code-cache'));
    // A relative XDG_CACHE_HOME is invalid by the specification: ignored.
    assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: 'cache' }), join(homedir(), '.cache', 'kubesmith', 'code-cache'));
    assert.ok(!defaultCacheDirectory({}).startsWith(join(tmpdir(), 'kubesmith')));
  });

  it('makes the folder private (0700) and accepts it', function () {
    if (uid === undefined) this.skip();
    const dir = join(root, 'a', 'code-cache');
    assert.equal(trustedCacheDirectory(dir), dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    // A private folder of ours that others can read (an older version made it): closed, then used.
    const readable = join(root, 'readable');
    mkdirSync(readable, { mode: 0o755 });
    chmodSync(readable, 0o755);
    assert.equal(trustedCacheDirectory(readable), readable);
    assert.equal(statSync(readable).mode & 0o777, 0o700);
  });

  it('refuses a folder others can write to, one owned by someone else, and a symbolic link', function () {
    if (uid === undefined) this.skip();
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    assert.equal(trustedCacheDirectory(open), undefined);
    const theirs = join(root, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    assert.equal(trustedCacheDirectory(theirs, uid + 1), undefined);
    const link = join(root, 'link');
    symlinkSync(theirs, link);
    assert.equal(trustedCacheDirectory(link), undefined);
  });

  it('reads only cache files that are the user\'s own and private', function () {
    if (uid === undefined) this.skip();
    const file = join(root, 'server-main-0123.bin');
    writeFileSync(file, 'bytes', { mode: 0o600 });
    chmodSync(file, 0o600);
    assert.equal(trustedCacheFile(file), true);
    assert.equal(trustedCacheFile(file, uid + 1), false);
    chmodSync(file, 0o666);
    assert.equal(trustedCacheFile(file), false);
    assert.equal(trustedCacheFile(join(root, 'missing.bin')), false);
  });

  it('a server start writes its cache privately, and writes none into a folder others can write to', function () {
    if (uid === undefined) this.skip();
    this.timeout(30_000);
    const entry = join(root, 'entry.js');
    writeFileSync(entry, 'module.exports = 42;\n');
    const loader = join(root, 'load.js');
    const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cjs', 'index.cjs');
    writeFileSync(loader, `require(${JSON.stringify(join(repoRoot, 'server/src/node/codeCacheLoader.ts'))}).loadWithCodeCache(${JSON.stringify(entry)}, 0);\n`);
    const start = (cacheDir: string) => {
      const result = spawnSync(process.execPath, ['--require', tsx, loader], { env: { ...process.env, KUBESMITH_CACHE_DIR: cacheDir, KUBESMITH_CODE_CACHE: '' }, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    };
    const mine = join(root, 'mine');
    start(mine);
    const written = readdirSync(mine);
    assert.deepEqual(written.map((name) => /^entry-[0-9a-f]{16}\.bin$/.test(name)), [true]);
    assert.equal(statSync(mine).mode & 0o777, 0o700);
    assert.equal(statSync(join(mine, written[0])).mode & 0o777, 0o600);

    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    start(shared);
    assert.deepEqual(readdirSync(shared), []);
  });
});
