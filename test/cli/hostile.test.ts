import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostileInput, aliasBomb, collapseCodes, hostileInputs } from '../hostile';
import { kubesmith, removeDir, tempDir } from './helpers';

/**
 * The CLI on hostile inputs: each gives its findings (a clear one where the file cannot be
 * checked), never an internal error, a stack overflow or a silently skipped file.
 */
describe('kubesmith on hostile inputs', () => {
  let dir: string;
  let inputs: HostileInput[];

  before(() => {
    dir = tempDir();
    inputs = hostileInputs();
    for (const input of inputs) writeFileSync(join(dir, input.file), input.bytes);
  });
  after(() => removeDir(dir));

  it('lints each with the findings it must give', function () {
    this.timeout(120_000);
    for (const input of inputs) {
      const result = kubesmith(['lint', '--format', 'json', '--profile', 'all', input.file], { cwd: dir });
      assert.doesNotMatch(result.stderr, /internal error|Maximum call stack/, `${input.name}: ${result.stderr}`);
      const findings = JSON.parse(result.stdout) as { rule: string; severity: string }[];
      assert.deepEqual(collapseCodes(findings.map((finding) => finding.rule)), input.codes, input.name);
      const errors = findings.some((finding) => finding.severity === 'error');
      assert.equal(result.code, errors ? 1 : 0, `${input.name}: exit code`);
    }
  });

  it('hardens an alias bomb and deep nesting without expanding them, leaving them as they are', () => {
    for (const file of ['bomb.yaml', 'deep-flow.yaml', 'deep-block.yaml']) {
      const result = kubesmith(['harden', file, '--diff'], { cwd: dir });
      assert.equal(result.code, 0, `${file}: ${result.stderr}`);
      assert.equal(result.stdout, '', file);
      assert.match(result.stderr, /nothing to harden/, file);
    }
    assert.ok(aliasBomb().length < 1800);
  });

  it('writes a hardened UTF-16 file back in UTF-16 with its byte order mark', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:1\n';
    for (const [file, bom, swap] of [['pod-le.yaml', [0xff, 0xfe], false], ['pod-be.yaml', [0xfe, 0xff], true]] as const) {
      const bytes = Buffer.from(`\ufeff${pod}`, 'utf16le');
      if (swap) bytes.swap16();
      writeFileSync(join(dir, file), bytes);
      const result = kubesmith(['harden', file, '--write'], { cwd: dir });
      assert.equal(result.code, 0, result.stderr);
      const written = readFileSync(join(dir, file));
      assert.deepEqual([...written.subarray(0, 2)], [...bom]);
      if (swap) written.swap16();
      const text = written.toString('utf16le');
      assert.ok(text.startsWith(`\ufeff${pod.slice(0, pod.indexOf('    image: a:1\n'))}`), text);
      assert.match(text, /runAsNonRoot: true\n/);
    }
  });
});
