import { strict as assert } from 'node:assert';
import { getCompletions } from '../../server/src/core/authoring/completion';
import { getHover } from '../../server/src/core/authoring/hover';
import { getDocumentSymbols, getFoldingRanges } from '../../server/src/core/authoring/symbols';
import { hardenFile } from '../../server/src/core/harden';
import { KubesmithService } from '../../server/src/core/service';
import { ruleById } from '../../server/src/core/rules/registry';
import { TEST_URI, analyze, codeActions, lint, newService, onlyRule, service, settings } from '../helpers';

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

  it('rejects an alias bomb (billion laughs) as Kubernetes does, in one diagnostic and without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  labels:\n${levels.map((l) => `    ${l}`).join('\n')}\n`;
    assert.deepEqual(lint(text, { profile: 'all' }), [
      '1:1-1:2 yaml-syntax Through its YAML aliases, this document expands to 4,903,290,571 values; Kubernetes\' YAML reader rejects it ("document contains excessive aliasing").',
    ]);
    // The same aliases, used a little (as in real files), are fine.
    assert.deepEqual(lint('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: &l {a: b}\n  annotations: *l\n'), []);
  });

  it('rejects an alias inside its own anchor (a cycle), as Kubernetes does', () => {
    const cycle = 'apiVersion: v1\nkind: Pod\nmetadata: &m\n  name: c\n  labels: *m\nspec:\n  containers:\n  - name: a\n    image: a:1\n';
    assert.deepEqual(lint(cycle, { profile: 'all' }), [
      '5:11-5:13 yaml-syntax The alias `*m` is inside the value of its own anchor `&m`; Kubernetes\' YAML reader rejects it ("anchor value contains itself").',
    ]);
  });

  for (const [style, nested] of [
    ['block lists', `x:\n    ${'- '.repeat(10_000)}x\n`],
    // (Block maps nest only by indenting: 3,000 levels are 4.5 MB.)
    ['block maps', `x:\n${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i + 4)}k:`).join('\n')} x\n`],
    ['flow lists', `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['flow maps', `x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`],
  ] as const) {
    it(`declines a document nested thousands deep (${style}) with one note, in every feature`, () => {
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  ${nested}`;
      const result = analyze(text, { profile: 'all' });
      assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`), [
        'too-complex 2 This document nests maps and lists more than 256 levels deep here; Kubesmith does not check documents nested that deeply.',
      ]);
      const position = { line: 5, character: 12 };
      const svc = service();
      assert.doesNotThrow(() => getCompletions(svc, TEST_URI, text, settings({ profile: 'all' }), position, []));
      assert.doesNotThrow(() => getHover(svc, TEST_URI, text, settings({ profile: 'all' }), position));
      assert.doesNotThrow(() => getDocumentSymbols(svc, TEST_URI, text, settings({ profile: 'all' })));
      assert.doesNotThrow(() => getFoldingRanges(svc, TEST_URI, text, settings({ profile: 'all' })));
      assert.deepEqual(hardenFile(svc, TEST_URI, text, settings({ profile: 'all' })).edits, []);
      assert.ok(codeActions(text, { profile: 'all' }).every((action) => action.title.startsWith('Disable')));
    });
  }

  it('reads a document nested 256 deep in full, through aliases too, but not deeper', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    // `data` and `x` are two levels: 254 more, and the document is 256 deep.
    const at = (depth: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${nested(depth)}\n`;
    assert.deepEqual(lint(at(254)), ['6:3-6:4 wrong-type `data.x` must be a string, not a list.']);
    assert.deepEqual(lint(at(255)).map((line) => line.split(' ')[1]), ['too-complex']);
    // Through aliases: each anchor 200 deep, the alias chain twice that, checked up to the bound.
    const chained = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  annotations:\n    a: &a ${nested(200)}\ndata:\n  x: ${'['.repeat(200)}*a${']'.repeat(200)}\n`;
    assert.ok(Array.isArray(lint(chained, { profile: 'all' })));
  });

  it('reports 100,000 duplicate keys as 100 and one summary', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n${'  k: v\n'.repeat(100_000)}`;
    const lines = lint(text);
    assert.equal(lines.length, 101);
    assert.equal(lines[0], '7:3-7:4 duplicate-key Duplicate key `k`: it appears twice in the same map; only one value would be kept, and Kubernetes rejects the file.');
    assert.equal(lines[100], '107:3-107:4 duplicate-key 99,899 more duplicate keys in this document, from here on (only the first 100 are shown one by one); Kubernetes rejects a map with duplicate keys.');
  });

  it('reports duplicate keys in a one-line flow map', () => {
    assert.deepEqual(lint('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n'), [
      '3:21-3:25 duplicate-key Duplicate key `name`: it appears twice in the same map; only one value would be kept, and Kubernetes rejects the file.',
    ]);
  });

  it('caps the syntax errors of a document (100 and one summary)', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x:\n    ${'- a: '.repeat(5000)}x\n`;
    const syntax = lint(text).filter((line) => line.includes('yaml-syntax'));
    assert.equal(syntax.length, 101);
    assert.match(syntax[100], /^7:\d+-7:\d+ yaml-syntax \d,\d{3} more YAML syntax errors in this document, from here on \(only the first 100 are shown one by one\); fix those first\.$/);
  });

  it('checks a file of 100,000 `---` lines and one with a 5 MB line', () => {
    const markers = analyze('---\n'.repeat(100_000));
    assert.equal(markers.documents.length, 100_000);
    assert.deepEqual(markers.diagnostics, []);
    // Checked whole: the one finding is the API server's limit on a ConfigMap's data.
    assert.deepEqual(lint(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: ${'x'.repeat(5 * 1024 * 1024)}\n`), [
      '5:1-5:5 server-data This ConfigMap holds 5242880 bytes of data; the API server accepts at most 1048576 (1 MiB).',
    ]);
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

  it('does not check binary files, and says so', () => {
    const result = analyze('\u0000\u0001\u0002PNG\u0000apiVersion: v1\n');
    assert.equal(result.skipped, 'binary');
    assert.deepEqual(result.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message}`), [
      'binary-file 3 This file holds binary data (NUL characters), not YAML or JSON text; it was not checked.',
    ]);
    // UTF-16 read as UTF-8 (no byte order mark): what kubectl cannot read either.
    const utf16 = Buffer.from('apiVersion: v1\nkind: ConfigMap\n', 'utf16le').toString('utf8');
    assert.deepEqual(analyze(utf16).diagnostics.map((d) => `${d.code} ${d.severity}`), ['file-encoding 1']);
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
