import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unifiedDiff } from '../../server/src/cli/diff';
import { removeDir, run, tempDir } from './helpers';

/**
 * The unified-diff producer behind `kubesmith harden --diff`, checked against GNU diff where the
 * answer is unique, and by applying its output with `patch` on random edits.
 */

function gnuDiff(dir: string, before: string, after: string): string {
  writeFileSync(join(dir, 'old'), before);
  writeFileSync(join(dir, 'new'), after);
  const result = run('diff', ['-u', '--label', 'a/f.yaml', '--label', 'b/f.yaml', 'old', 'new'], { cwd: dir });
  return result.stdout;
}

/** A small deterministic random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('unified diff', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => removeDir(dir));

  const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');

  const cases: [string, string, string][] = [
    ['an insertion in the middle', lines(10), lines(10).replace('line 5\n', 'line 5\ninserted\n')],
    ['a deletion', lines(10), lines(10).replace('line 3\n', '')],
    ['a change', lines(10), lines(10).replace('line 7\n', 'line seven\n')],
    ['two distant changes (two hunks)', lines(30), lines(30).replace('line 2\n', 'two\n').replace('line 25\n', 'twenty-five\n')],
    ['two close changes (one hunk)', lines(30), lines(30).replace('line 10\n', 'ten\n').replace('line 15\n', 'fifteen\n')],
    ['an append', lines(5), `${lines(5)}more\n`],
    ['from empty', '', lines(3)],
    ['to empty', lines(3), ''],
    ['no newline at the end, before', 'a\nb\nc', 'a\nb\nc\n'],
    ['no newline at the end, after', 'a\nb\nc\n', 'a\nb\nc'],
    ['no newline at the end, both', 'a\nb\nc', 'a\nB\nc'],
    ['an insertion at the start', lines(8), `first\n${lines(8)}`],
  ];
  for (const [title, before, after] of cases) {
    it(`matches diff -u: ${title}`, () => {
      assert.equal(unifiedDiff(before, after, 'a/f.yaml', 'b/f.yaml'), gnuDiff(dir, before, after));
    });
  }

  it('takes a change of more lines than a call takes arguments (a large file hardened): one removal and one addition, which patch applies', () => {
    // Every line changed: beyond the edit distance Myers' search goes to, and a run of 300,000 changes.
    const before = lines(150_000);
    const after = lines(150_000, 'changed');
    const patch = unifiedDiff(before, after, 'a/f.yaml', 'b/f.yaml');
    assert.ok(patch.startsWith('--- a/f.yaml\n+++ b/f.yaml\n@@ -1,150000 +1,150000 @@\n-line 1\n-line 2\n'));
    assert.ok(patch.includes('-line 150000\n+changed 1\n'));
    writeFileSync(join(dir, 'f.yaml'), before);
    const applied = run('patch', ['-p1', '--quiet', '--force', '-r', '-', '--no-backup-if-mismatch'], { cwd: dir, input: patch });
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(readFileSync(join(dir, 'f.yaml'), 'utf8'), after);
  });

  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', 'a/x', 'b/x'), '');
  });

  it('applies with patch on random edits', () => {
    const next = random(42);
    const words = ['spec:', '  replicas: 1', '  template:', '    metadata: {}', '---', 'kind: Service', '', '# comment', 'x: y'];
    for (let round = 0; round < 60; round++) {
      const before = Array.from({ length: Math.floor(next() * 60) }, () => words[Math.floor(next() * words.length)]);
      const after = [...before];
      const edits = 1 + Math.floor(next() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (after.length + 1));
        const kind = next();
        if (kind < 0.4) after.splice(at, 0, words[Math.floor(next() * words.length)]);
        else if (kind < 0.7) after.splice(at, 1);
        else after.splice(at, 1, `changed ${round} ${e}`);
      }
      const endBefore = next() < 0.8 ? '\n' : '';
      const endAfter = next() < 0.8 ? '\n' : '';
      const beforeText = before.length ? before.join('\n') + endBefore : '';
      const afterText = after.length ? after.join('\n') + endAfter : '';
      const patch = unifiedDiff(beforeText, afterText, 'a/f.yaml', 'b/f.yaml');
      writeFileSync(join(dir, 'f.yaml'), beforeText);
      if (beforeText === afterText) {
        assert.equal(patch, '');
        continue;
      }
      const applied = run('patch', ['-p1', '--quiet', '--force', '-r', '-', '--no-backup-if-mismatch'], { cwd: dir, input: patch });
      assert.equal(applied.code, 0, `round ${round}: patch failed\n${applied.stdout}${applied.stderr}\n${patch}`);
      assert.equal(readFileSync(join(dir, 'f.yaml'), 'utf8'), afterText, `round ${round}\n${patch}`);
    }
  });
});
