import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectExit, fixture, kubesmith, parseJson, removeDir, run, tempDir } from './helpers';

/**
 * `kubesmith lint --fix` and `--fix-dry-run`. test/fixtures/cli/fix holds a file with every kind
 * of safe fix and some that are judgement calls (every-kind.yaml), odd whitespace, and a JSON
 * manifest; expected/ holds what --fix must make of each, byte for byte (read it when a fix kind
 * joins: regenerate with `node dist/cli.js lint --fix` on a copy).
 */

const FIX = fixture('fix');
const FILES = ['every-kind.yaml', 'whitespace.yaml', 'service.json'];
const expected = (name: string) => readFileSync(join(FIX, 'expected', name), 'utf8');
const original = (name: string) => readFileSync(join(FIX, name), 'utf8');

/** The `✓ line:col  code  title` lines of the report on stderr, for one file. */
function reported(stderr: string, file: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${file}: `));
  assert.ok(start >= 0, `no report for ${file} in:\n${stderr}`);
  const fixes: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}✓ (\S+) +(\S+) +(.*)$/.exec(line);
    if (!match) break;
    fixes.push(`${match[1]} ${match[2]} ${match[3]}`);
  }
  return fixes;
}

describe('kubesmith lint --fix', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
    for (const name of FILES) cpSync(join(FIX, name), join(dir, name));
  });
  afterEach(() => removeDir(dir));

  it('applies every safe fix, keeps comments and JSON, and reports each fix, then what is left', () => {
    const result = expectExit(kubesmith(['lint', '--fix', '--no-color'], { cwd: dir }), 1);
    for (const name of FILES) assert.equal(readFileSync(join(dir, name), 'utf8'), expected(name), `${name} as fixed`);
    assert.deepEqual(reported(result.stderr, 'every-kind.yaml'), [
      '4:7 unknown-kind Change to `Deployment`',
      '12:5 unknown-field Move `replicas` under `spec`',
      '18:7 unknown-field Change `contianers` to `containers`',
      '21:26 invalid-enum Change to `IfNotPresent`',
      '23:17 duplicate-env Remove the earlier `MODE` entry (the last one wins)',
      '28:13 api-removed Change apiVersion to `policy/v1`',
      '43:9 invalid-enum Change to `LoadBalancer`',
      '46:15 invalid-enum Change to `TCP`',
      '67:1 networkpolicy-no-policy-types Set `policyTypes: [Ingress]`',
      '89:7 istio-consecutive-errors Remove `consecutiveErrors`',
    ]);
    assert.deepEqual(reported(result.stderr, 'service.json'), ['6:13 invalid-enum Change to `ClusterIP`', '9:41 unknown-field Change `protocl` to `protocol`']);
    assert.deepEqual(reported(result.stderr, 'whitespace.yaml'), ['4:1 odd-whitespace Replace all unusual whitespace in this file with normal spaces']);
    assert.match(result.stderr, /^every-kind\.yaml: 10 fixes written$/m);
    assert.match(result.stderr, /^whitespace\.yaml: 1 fix written$/m);
    assert.match(result.stderr, /^Fixed 13 problems in 3 files\.$/m);
    // Every comment of the originals is still there.
    for (const name of ['every-kind.yaml', 'whitespace.yaml']) {
      for (const comment of original(name).match(/#.*$/gm) ?? []) {
        if (!/removed$/.test(comment)) assert.ok(expected(name).includes(comment), `${name} lost ${comment}`);
      }
    }
    JSON.parse(readFileSync(join(dir, 'service.json'), 'utf8'));
    // What is left, as lint reports it: the judgement calls.
    const left = result.stdout.split('\n').filter((line) => /^ {2}\S+:\d+:\d+ /.test(line)).map((line) => line.trim().split(/\s+/).slice(0, 3).join(' '));
    for (const finding of [
      'every-kind.yaml:16:22 error invalid-enum', 'every-kind.yaml:50:1 error missing-required',
      'every-kind.yaml:79:3 warning networkpolicy-no-policy-types', 'every-kind.yaml:95:9 warning istio-consecutive-errors',
      'every-kind.yaml:18:15 warning run-as-non-root',
    ]) assert.ok(left.includes(finding), `${finding} is not reported as left:\n${result.stdout}`);
    // Nothing of the two fixed files is left but the Service's selector, which matches no pod of this
    // workspace (a check between resources, as plain lint reports it).
    assert.deepEqual(left.filter((finding) => finding.startsWith('service.json') || finding.startsWith('whitespace.yaml')), ['service.json:7:5 info selector-matches-nothing'], result.stdout);
  });

  it('is idempotent: a second run changes nothing and says so', () => {
    expectExit(kubesmith(['lint', '--fix'], { cwd: dir }), 1);
    const once = FILES.map((name) => readFileSync(join(dir, name), 'utf8'));
    const second = expectExit(kubesmith(['lint', '--fix', '--no-color'], { cwd: dir }), 1);
    assert.deepEqual(FILES.map((name) => readFileSync(join(dir, name), 'utf8')), once);
    assert.equal(second.stderr, 'Nothing to fix safely.\n');
    assert.equal(second.stdout, expectExit(kubesmith(['lint', '--no-color'], { cwd: dir }), 1).stdout, 'what is left is what lint reports');
  });

  it('--fix-dry-run changes no file, prints the diff --fix would apply, and what would be left', () => {
    const result = expectExit(kubesmith(['lint', '--fix-dry-run', '--no-color'], { cwd: dir }), 1);
    for (const name of FILES) assert.equal(readFileSync(join(dir, name), 'utf8'), original(name), `${name} changed`);
    assert.match(result.stdout, /^--- a\/every-kind\.yaml\n\+\+\+ b\/every-kind\.yaml\n@@ /);
    assert.match(result.stderr, /^every-kind\.yaml: 10 fixes$/m);
    assert.match(result.stderr, /^13 problems would be fixed in 3 files\.$/m);
    assert.match(result.stderr, /every-kind\.yaml:16:22 +error +invalid-enum/);
    // The diff applies, and gives what --fix writes.
    expectExit(run('git', ['apply', '-'], { cwd: dir, input: result.stdout }), 0);
    for (const name of FILES) assert.equal(readFileSync(join(dir, name), 'utf8'), expected(name), `${name} after git apply`);
    assert.equal(expectExit(kubesmith(['lint', '--fix-dry-run'], { cwd: dir }), 1).stdout, '', 'nothing left to fix');
  });

  it('works on standard input with --fix-dry-run', () => {
    const result = expectExit(kubesmith(['lint', '-', '--fix-dry-run', '--no-color'], { cwd: dir, input: original('service.json').replace('"clusterip"', '"ClusterIp"') }), 0);
    assert.match(result.stdout, /^--- a\/stdin\n\+\+\+ b\/stdin\n/);
    assert.match(result.stdout, /^\+ {4}"type": "ClusterIP",$/m);
    assert.match(result.stderr, /^<stdin>: 2 fixes$/m);
  });

  it('exit codes: 0 when only findings below --fail-on are left, 1 at or above it, 2 for usage errors', () => {
    writeFileSync(join(dir, 'every-kind.yaml'), '');
    // What is left of the other two files: nothing (the JSON Service and the ConfigMap are clean).
    expectExit(kubesmith(['lint', '--fix'], { cwd: dir }), 0);
    const warnings = tempDir();
    try {
      writeFileSync(join(warnings, 'web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      contianers:\n      - name: web\n        image: nginx:1.27.3\n');
      expectExit(kubesmith(['lint', '--fix'], { cwd: warnings }), 0);
      assert.match(readFileSync(join(warnings, 'web.yaml'), 'utf8'), /^ {6}containers:$/m);
      expectExit(kubesmith(['lint', '--fix', '--fail-on', 'warning'], { cwd: warnings }), 1);
      const json = parseJson(expectExit(kubesmith(['lint', '--fix', '--format', 'json'], { cwd: warnings }), 0));
      assert.ok(json.length > 0 && json.every((finding) => finding.severity === 'warning'), JSON.stringify(json));
    } finally {
      removeDir(warnings);
    }
    assert.match(expectExit(kubesmith(['lint', '--fix', '--fix-dry-run'], { cwd: dir }), 2).stderr, /either --fix or --fix-dry-run/);
    assert.match(expectExit(kubesmith(['lint', '-', '--fix'], { cwd: dir }), 2).stderr, /Standard input cannot be fixed in place/);
    assert.match(expectExit(kubesmith(['lint', '--fix-dry-run', '--format', 'json'], { cwd: dir }), 2).stderr, /--fix-dry-run prints a diff/);
    assert.deepEqual(readdirSync(dir).sort(), [...FILES].sort());
  });
});
