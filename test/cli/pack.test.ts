import assert from 'node:assert/strict';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectExit, removeDir, repoRoot, run, tempDir } from './helpers';

/**
 * The npm package: `npm pack`, installed from the tarball into a fresh project (offline: the
 * package has no runtime dependencies, everything is bundled), then `npx kubesmith` must behave
 * exactly like `node dist/cli.js` from the repository.
 */
describe('npm package', function () {
  this.timeout(300_000);
  let dir: string;
  let project: string;

  before(() => {
    dir = tempDir('kubesmith-pack-');
    project = join(dir, 'project');
    const packed = expectExit(run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoRoot }), 0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const paths = files.map((file) => file.path);
    for (const path of ['dist/cli.js', 'dist/cli-worker.js', 'schemas/index.json', 'package.json']) assert.ok(paths.includes(path), `the package holds ${path}`);
    assert.ok(!paths.some((path) => path.startsWith('server/') || path.startsWith('test/') || path.endsWith('.map')), `no sources, tests or maps: ${paths.filter((p) => !p.startsWith('schemas/')).join(', ')}`);
    cpSync(join(repoRoot, 'examples'), join(project, 'examples'), { recursive: true });
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'kubesmith-pack-test', version: '1.0.0', private: true }, null, 2)}\n`);
    expectExit(run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(dir, filename)], { cwd: project }), 0);
    assert.ok(existsSync(join(project, 'node_modules', '.bin', 'kubesmith')));
  });
  after(() => removeDir(dir));

  const npx = (args: string[]) => run('npx', ['--no-install', 'kubesmith', ...args], { cwd: project });
  const local = (args: string[]) => run(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { cwd: project });

  for (const args of [['lint', 'examples'], ['lint', 'examples', '--format', 'json'], ['lint', 'examples/good'], ['lint', 'examples', '--format', 'sarif', '--jobs', '2']]) {
    it(`npx kubesmith ${args.join(' ')} behaves like node dist/cli.js`, () => {
      const installed = npx(args);
      const repo = local(args);
      assert.equal(installed.stdout, repo.stdout);
      assert.equal(installed.code, repo.code);
      assert.equal(installed.stderr, repo.stderr);
      assert.ok(repo.stdout.length > 0);
    });
  }

  it('lint examples/ exits 1, examples/good exits 0', () => {
    expectExit(npx(['lint', 'examples']), 1);
    expectExit(npx(['lint', 'examples/good']), 0);
  });

  it('schema, rules and --version work from the package', () => {
    assert.match(expectExit(npx(['schema', 'VirtualService', '--depth', '1']), 0).stdout, /^KIND: {7}VirtualService\n/);
    assert.equal(expectExit(npx(['rules', '--format', 'json']), 0).stdout, local(['rules', '--format', 'json']).stdout);
    assert.equal(expectExit(npx(['--version']), 0).stdout, local(['--version']).stdout);
  });
});
