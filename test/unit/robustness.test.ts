import { strict as assert } from 'node:assert';
import { KubesmithService } from '../../server/src/core/service';
import { ruleById } from '../../server/src/core/rules/registry';
import { analyze, lint, newService, onlyRule, settings } from '../helpers';

/** Bad input gets a clear diagnostic or nothing, never an exception or a hang. */
describe('robustness', () => {
  it('the test helpers fail on an internal error (a rule that throws), so the tests below can fail', () => {
    const rule = ruleById('no-latest-tag')!;
    const check = rule.check;
    rule.check = () => {
      throw new Error('boom');
    };
    try {
      const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:1\n';
      // The service survives it (the editor keeps working) ...
      const fresh = newService();
      assert.deepEqual(fresh.analyze('file:///p.yaml', text, settings(onlyRule('no-latest-tag'))).diagnostics.map((d) => d.code), ['internal-error']);
      // ... and every helper a test uses fails on it.
      assert.throws(() => analyze(text, onlyRule('no-latest-tag'), 'file:///other.yaml', newService()), /internal-error in file:\/\/\/other\.yaml: The rule no-latest-tag failed on this document \(boom\)/);
      assert.throws(() => lint(text, onlyRule('no-latest-tag'), 'file:///third.yaml', newService()), /internal-error/);
    } finally {
      rule.check = check;
    }
  });

  it('survives an alias bomb (billion laughs)', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  labels:\n${levels.map((l) => `    ${l}`).join('\n')}\n`;
    const result = analyze(text);
    assert.ok(result.diagnostics.length >= 1);
    assert.ok(result.diagnostics.every((d) => d.source === 'kubesmith'));
  });

  it('survives deeply nested and self-referencing structures', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(2000)}${']'.repeat(2000)}\n`;
    assert.ok(Array.isArray(lint(deep)));
    const cycle = 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: c\n  labels: *m\n';
    assert.ok(Array.isArray(lint(cycle)));
  });

  it('checks a file of 5,000 documents', () => {
    const one = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  key: value\n`;
    const docs = Array.from({ length: 5000 }, (_, i) => one(i));
    docs[4321] = docs[4321].replace('\ndata:', '\ndat:');
    const result = analyze(docs.join('---\n'));
    assert.equal(result.documents.length, 5000);
    assert.deepEqual(result.diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`), [`${4321 * 7 + 5} unknown-field`]);
  });

  it('gives a file above the size limit one note instead of a check', () => {
    const small = new KubesmithService(newService().store, { maxFileLength: 2048 });
    const result = small.analyze('file:///big.yaml', `apiVersion: v1\nkind: ConfigMap\ndata:\n${'  k: v\n'.repeat(400)}`, settings());
    assert.equal(result.skipped, 'too-large');
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity, d.message]), [
      ['file-too-large', 3, 'This file is 2.8 KB; Kubesmith checks files up to 2.0 KB.'],
    ]);
  });

  it('ignores binary files', () => {
    const result = analyze('\u0000\u0001\u0002PNG\u0000apiVersion: v1\n');
    assert.equal(result.skipped, 'binary');
    assert.deepEqual(result.diagnostics, []);
  });

  it('never throws on random garbage and broken YAML', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = ['apiVersion: v1\n', 'kind: Pod\n', 'spec:\n', '  containers:\n', '  - name: a\n', ':', '-', ' ', '  ', '\t', '\u00a0', '"', "'",
      '{', '}', '[', ']', '&a ', '*a', '!!str ', '? ', '|\n', '>-\n', '#', '---\n', '...\n', '%YAML 1.2\n', 'x', '1', '\n', '<<: *a\n', '{{ .Values }}'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.doesNotThrow(() => analyze(text), text);
    }
  });

  it('handles empty files, lone markers, CRLF line endings and a BOM', () => {
    assert.deepEqual(lint(''), []);
    assert.deepEqual(lint('---\n---\n...\n'), []);
    assert.deepEqual(lint('\uFEFFapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: c\r\ndta: {}\r\n'), [
      '5:1-5:4 unknown-field `dta` is not a field of ConfigMap; did you mean `data`?',
    ]);
  });
});
