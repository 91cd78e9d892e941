import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectExit, fixture, kubesmith, removeDir, run, tempDir } from './helpers';

const HARDEN = fixture('harden');
const ORIGINAL = readFileSync(join(HARDEN, 'web.yaml'), 'utf8');

describe('kubesmith harden', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    copyFileSync(join(HARDEN, 'web.yaml'), join(dir, 'web.yaml'));
  });
  afterEach(() => removeDir(dir));

  // The expected diff is test/fixtures/cli/harden/web.diff. When a rule joins Harden Manifest,
  // regenerate it (and read it!) with:
  //   (cd test/fixtures/cli/harden && node ../../../../dist/cli.js harden web.yaml --diff > web.diff)
  it('--diff prints the exact unified diff', () => {
    const result = expectExit(kubesmith(['harden', 'web.yaml', '--diff'], { cwd: HARDEN }), 0);
    assert.equal(result.stdout, readFileSync(join(HARDEN, 'web.diff'), 'utf8'));
    assert.match(result.stderr, /^web\.yaml: \d+ changes\n {2}✓ Deployment web: run-as-non-root, allow-privilege-escalation, .*\n {2}✓ Deployment worker: /);
    assert.match(result.stderr, / {2}Left to do by hand \(\d+\):\n {4}web\.yaml:\d+:\d+ {2}\w+ +missing-/);
  });

  it('the diff applies with git apply and gives what --write writes', () => {
    const diff = expectExit(kubesmith(['harden', 'web.yaml', '--diff'], { cwd: dir }), 0).stdout;
    const applied = tempDir();
    try {
      copyFileSync(join(HARDEN, 'web.yaml'), join(applied, 'web.yaml'));
      expectExit(run('git', ['apply', '-'], { cwd: applied, input: diff }), 0);
      expectExit(kubesmith(['harden', 'web.yaml', '--write'], { cwd: dir }), 0);
      assert.equal(readFileSync(join(applied, 'web.yaml'), 'utf8'), readFileSync(join(dir, 'web.yaml'), 'utf8'));
    } finally {
      removeDir(applied);
    }
  });

  it('--write rewrites the file; a second run changes nothing', () => {
    const first = expectExit(kubesmith(['harden', 'web.yaml', '--write'], { cwd: dir }), 0);
    assert.equal(first.stdout, '');
    assert.match(first.stderr, /^web\.yaml: \d+ changes written\n/);
    const hardened = readFileSync(join(dir, 'web.yaml'), 'utf8');
    assert.notEqual(hardened, ORIGINAL);
    assert.ok(hardened.startsWith('# A Deployment as first written'), 'comments are kept');
    assert.match(hardened, /runAsNonRoot: true/);
    assert.match(hardened, /image: nginx:1\.27\.3 # pinned/);

    const second = expectExit(kubesmith(['harden', 'web.yaml', '--write'], { cwd: dir }), 0);
    assert.match(second.stderr, /^web\.yaml: nothing to harden\n/);
    assert.equal(readFileSync(join(dir, 'web.yaml'), 'utf8'), hardened);
    assert.equal(expectExit(kubesmith(['harden', 'web.yaml', '--diff'], { cwd: dir }), 0).stdout, '');
  });

  it('prints the hardened file by default, from a file or standard input', () => {
    expectExit(kubesmith(['harden', 'web.yaml', '--write'], { cwd: dir }), 0);
    const hardened = readFileSync(join(dir, 'web.yaml'), 'utf8');
    assert.equal(expectExit(kubesmith(['harden', 'web.yaml'], { cwd: HARDEN }), 0).stdout, hardened);
    const stdin = expectExit(kubesmith(['harden', '-'], { cwd: HARDEN, input: ORIGINAL }), 0);
    assert.equal(stdin.stdout, hardened);
    assert.match(stdin.stderr, /^<stdin>: \d+ changes\n/);
    assert.equal(readFileSync(join(HARDEN, 'web.yaml'), 'utf8'), ORIGINAL, 'the fixture is untouched');
  });

  it('usage errors are exit 2', () => {
    assert.match(expectExit(kubesmith(['harden'], { cwd: dir }), 2).stderr, /Name the files to harden/);
    assert.match(expectExit(kubesmith(['harden', 'web.yaml', '--write', '--diff'], { cwd: dir }), 2).stderr, /either --write or --diff/);
    assert.match(expectExit(kubesmith(['harden', 'web.yaml', 'web.yaml', 'other.yaml'], { cwd: dir }), 2).stderr, /prints one file/);
    assert.match(expectExit(kubesmith(['harden', '-', '--write'], { cwd: dir }), 2).stderr, /Standard input cannot be rewritten/);
    assert.equal(expectExit(kubesmith(['harden', 'missing.yaml', '--diff'], { cwd: dir }), 2).stderr, 'kubesmith: Cannot read missing.yaml: no such file or folder\n');
  });
});
