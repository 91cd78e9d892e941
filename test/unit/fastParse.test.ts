import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Node, Scalar, Schema, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { KUBERNETES_YAML_OPTIONS, splitDocuments } from '../../server/src/core/yaml/documents';
import { FastParser, LONGEST_TAGGED_WORD, TAGGED_FIRST_CHARACTERS, isWordStart } from '../../server/src/core/yaml/fastParse';
import { getCodeActions } from '../../server/src/core/codeActions';
import { hardenFile } from '../../server/src/core/harden';
import { newService, repoRoot, settings, sharedData } from '../helpers';
import { deployments } from '../hostile';
import { checkingEditorTrees } from '../property/treeCheck';

/**
 * The fast parser must build exactly the syntax tree the yaml library builds (node kinds, values,
 * scalar types and sources, formats, flow flags and ranges — for collections, the start and the
 * end of their content), or give up. Checked on every manifest of the corpus and on generated YAML.
 */

const fast = new FastParser(KUBERNETES_YAML_OPTIONS.schema as Schema, KUBERNETES_YAML_OPTIONS);

function difference(a: unknown, b: unknown, path: string): string | undefined {
  if (a === null || b === null) return a === b ? undefined : `${path}: one is null`;
  const kind = (node: unknown) => (isScalar(node) ? 'scalar' : isMap(node) ? 'map' : isSeq(node) ? 'seq' : 'other');
  if (kind(a) !== kind(b)) return `${path}: ${kind(a)} vs ${kind(b)}`;
  if ((a as object).constructor !== (b as object).constructor) return `${path}: class ${(a as object).constructor.name} vs ${(b as object).constructor.name}`;
  const x = a as Node & Record<string, unknown>;
  const y = b as Node & Record<string, unknown>;
  // A block collection's third range offset (where trailing comments end) is not reproduced: nothing uses it.
  const range = (node: Node) => (isScalar(node) ? node.range : node.range?.slice(0, 2));
  if (JSON.stringify(range(x)) !== JSON.stringify(range(y))) return `${path}: range ${JSON.stringify(x.range)} vs ${JSON.stringify(y.range)}`;
  if (isScalar(x) && isScalar(y)) {
    for (const key of ['value', 'type', 'source', 'format'] as const) {
      // (A merge key's value is a symbol of its own in each tree: compared by its description.)
      const symbols = typeof x[key] === 'symbol' && typeof y[key] === 'symbol' && (x[key] as symbol).description === (y[key] as symbol).description;
      const same = x[key] === y[key] || symbols || (Number.isNaN(x.value) && Number.isNaN(y.value));
      if (!same) return `${path}: ${key} ${JSON.stringify(x[key])} vs ${JSON.stringify(y[key])}`;
    }
    return undefined;
  }
  if (Boolean(x.flow) !== Boolean(y.flow)) return `${path}: flow`;
  const items = (node: unknown) => (node as { items: unknown[] }).items;
  if (items(x).length !== items(y).length) return `${path}: ${items(x).length} vs ${items(y).length} items`;
  for (let i = 0; i < items(x).length; i++) {
    const [p, q] = [items(x)[i], items(y)[i]];
    if (isPair(p) !== isPair(q) || (p as object).constructor !== (q as object).constructor) return `${path}[${i}]: pair vs not`;
    const found = isPair(p) && isPair(q)
      ? difference(p.key, q.key, `${path}.key${i}`) ?? difference(p.value, q.value, `${path}.${String((p.key as { value?: unknown })?.value)}`)
      : difference(p, q, `${path}[${i}]`);
    if (found) return found;
  }
  return undefined;
}

/** Compares both parsers on a text; returns whether the fast parser produced a tree. */
function compare(text: string, label: string): boolean {
  const mine = fast.parse(text);
  if (!mine) return false;
  const library = parseAllDocuments(text, KUBERNETES_YAML_OPTIONS);
  assert.ok(Array.isArray(library) && library.length === 1, `${label}: the library sees ${Array.isArray(library) ? library.length : 0} documents`);
  assert.deepEqual([...library[0].errors, ...library[0].warnings].map((e) => e.message), [], `${label}: the library reports problems the fast parser missed:\n${text}`);
  const found = difference(mine.contents, library[0].contents, 'root');
  assert.equal(found, undefined, `${label}: ${found}\n${text}`);
  assert.deepEqual(mine.toJS(), library[0].toJS(), label);
  return true;
}

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? manifests(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

describe('fast YAML parser', () => {
  it('knows every character a tagged (non-string) plain scalar can start with', () => {
    const tags = (KUBERNETES_YAML_OPTIONS.schema as Schema).tags as unknown as { default?: unknown; test?: RegExp }[];
    for (let code = 32; code < 0x3000; code++) {
      const char = String.fromCharCode(code);
      if (TAGGED_FIRST_CHARACTERS.has(char)) continue;
      for (const suffix of ['', 'x', '1', 'ull', 'es', 'rue', 'n', 'ff', 'b101', 'x1F', '.5', 'e3', 'inf', 'nan']) {
        const sample = char + suffix;
        assert.ok(!tags.some((tag) => tag.default === true && tag.test?.test(sample)), `${JSON.stringify(sample)} matches a tag`);
      }
    }
  });

  it('takes a source longer than five characters starting with a letter other than e for a string', () => {
    const tags = (KUBERNETES_YAML_OPTIONS.schema as Schema).tags as unknown as { default?: unknown; test?: RegExp }[];
    const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => isWordStart(c.charCodeAt(0)));
    assert.equal(letters.length, 50);
    // The tags' words and their look-alikes, one letter longer than the longest word.
    const words = ['null', 'Null', 'NULL', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', 'y', 'n', 'nan', 'inf', 'x1F', 'b101'];
    for (const word of words) {
      for (const letter of letters) {
        for (const sample of [letter + word, word + letter, (letter + word).padEnd(LONGEST_TAGGED_WORD + 1, word), (word + word).slice(0, LONGEST_TAGGED_WORD + 1)]) {
          if (sample.length <= LONGEST_TAGGED_WORD || !isWordStart(sample.charCodeAt(0))) continue;
          assert.ok(!tags.some((tag) => tag.default === true && tag.test?.test(sample)), `${JSON.stringify(sample)} matches a tag`);
        }
      }
    }
    // What does match: only short words, and `e` followed by digits.
    assert.ok(tags.some((tag) => tag.default === true && tag.test?.test('FALSE')));
    assert.ok(tags.some((tag) => tag.default === true && tag.test?.test('e12345')));
    assert.ok(!isWordStart('e'.charCodeAt(0)) && !isWordStart('E'.charCodeAt(0)));
  });

  it('builds the same tree as the yaml library for every manifest of the corpus, or gives up', function () {
    const roots = [join(repoRoot, 'examples'), join(repoRoot, 'test', 'fixtures'), sharedData('examples', this)];
    let parsed = 0;
    let total = 0;
    for (const path of roots.flatMap(manifests)) {
      for (const chunk of splitDocuments(readFileSync(path, 'utf8'))) {
        total++;
        if (compare(chunk.text, `${path}:${chunk.startLine + 1}`)) parsed++;
      }
    }
    // Most documents are in the style it reads (the rest: flow-style files, errors, anchors...).
    assert.ok(parsed / total > 0.75, `${parsed} of ${total} parsed`);
  });

  it('after every change the document editor makes, its tree (updated in place) is the tree a fresh parse of the text builds', function () {
    this.timeout(120_000);
    const roots = [join(repoRoot, 'examples'), join(repoRoot, 'test', 'fixtures'), sharedData('examples', this)];
    const texts = [...roots.flatMap(manifests).map((path) => readFileSync(path, 'utf8')), deployments(40)];
    const svc = newService();
    const check = checkingEditorTrees(() => {
      let actions = 0;
      for (const [i, text] of texts.entries()) {
        const uri = `file:///workspace/edits-${i}.yaml`;
        for (const overrides of [{}, { profile: 'all' as const }]) {
          hardenFile(svc, uri, text, settings(overrides));
          // Every quick fix and fix-all of the file, with its edit (the editor makes each).
          const file = svc.analyze(uri, text, settings(overrides));
          if (!file.skipped) actions += getCodeActions(svc, uri, text, settings(overrides), file.diagnostics).length;
        }
        svc.release(uri);
      }
      return actions;
    });
    assert.ok(check.result > 1000, `${check.result} code actions`);
    // Nearly every change updates the tree in place (the others: documents the library parses).
    assert.ok(check.edits > 5000 && check.inPlace / check.edits > 0.8, `${check.inPlace} of ${check.edits} changes in place`);
  });

  it('reads the usual constructs exactly like the library', () => {
    const cases = [
      '--- # comment\na: 1  # c\nb:\nc: ~\nd:\n- x\n- y: 1\n  z: "q"\n# trail\n\ne: [1, {f: g}]  \n',
      'a:\n  b: 1\n  # inner\n# outer\n\nc: |\n  x\n   y\n\n  z\n\nd: >-\n  p\n  q\n\n  r\ne: "a\\tb"\nf: \'it\'\'s\'\ng: 0755\nh: 1e3\ni: [a, "b c", {k: v}]\n# end\n',
      'on:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  x: 1\n',
      'b: #c\nc: [ "x" ]\nd: {a: [1, 2] , b: c}\ne: yes\nf: .inf\ng: 0x1F\nh: "\\u00e9"\n',
      'list:\n- - nested\n',
      'a: &anchor 1\nb: *anchor\n',
      'a: multi\n  line plain\n',
      'a: "two\n  lines"\n',
      'k: v\nk: w\n',
      // Duplicate keys in a large map (found through a set rather than a scan), and none.
      `${Array.from({ length: 20 }, (_, i) => `k${i}: ${i}\n`).join('')}k17: again\n`,
      `${Array.from({ length: 20 }, (_, i) => `k${i}: ${i}\n`).join('')}k20: new\n`,
      // Merge keys without aliases (a map written in place), block and flow; in a flow map, the library's.
      'labels:\n  <<: {app: web, tier: front}\n  tier: back\n',
      'a:\n  <<:\n    x: 1\n  y: 2\n',
      'a: {<<: {x: 1}}\n',
      // A duplicate key in a one-line flow map: the library's to report.
      'metadata: {name: a, name: b}\n',
    ];
    const parsedCases = cases.map((text, i) => compare(text, `case ${i}`));
    assert.deepEqual(parsedCases, [true, true, true, true, false, false, false, false, false, false, true, true, true, false, false]);
  });

  it('builds trees the library edits, clones and writes out as its own', () => {
    const text = 'metadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n  flags: [a, b]\n';
    const edit = (doc: Document) => {
      doc.setIn(['spec', 'replicas'], 3);
      doc.setIn(['spec', 'ports', 0, 'port'], 8080);
      (doc.getIn(['spec', 'flags']) as YAMLSeq).add('c');
      doc.deleteIn(['spec', 'ports', 0, 'protocol']);
      const copy = doc.clone();
      assert.ok(isMap(copy.contents) && isSeq(copy.getIn(['spec', 'ports'])) && isScalar(copy.getIn(['metadata', 'name'], true)));
      return String(copy);
    };
    const mine = fast.parse(text)!;
    assert.ok(mine.contents instanceof YAMLMap && mine.getIn(['metadata', 'name'], true) instanceof Scalar);
    assert.equal(edit(mine), edit(parseAllDocuments(text, KUBERNETES_YAML_OPTIONS)[0] as Document));
  });

  it('agrees with the library on thousands of generated documents', () => {
    let seed = 20261125;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
    const values = ['x', 'hello world', '1', '0755', '1e3', '1.5', '-1', '0x1F', 'yes', 'Off', 'y', 'null', '~', '"q"', "'it''s'", '"a\\tb"',
      '[a, b]', '[]', '{}', '{a: 1, b: [2]}', '[ "x" , y ]', '10Gi', '500m', 'a:b', 'http://x/y', '.nan', '2001-12-14', '1:20', '- x', '@x', '*a', 'a: b', '?'];
    const keys = ['a', 'name', 'spec', 'app.kubernetes.io/name', '"quoted"', "'single'", 'on', 'y', '1', 'a b', 'a:b', '<<'];
    const generate = (depth: number, indent: number, lines: string[]) => {
      const list = random() < 0.3;
      const pad = ' '.repeat(indent);
      for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i++) {
        if (random() < 0.1) lines.push(`${pad}# comment`);
        if (random() < 0.05) lines.push('');
        const prefix = list ? `${pad}-` : `${pad}${pick(keys)}:`;
        const roll = random();
        if (depth > 0 && roll < 0.35) {
          lines.push(prefix);
          generate(depth - 1, !list && random() < 0.3 ? indent : indent + pick([1, 2, 4]), lines);
        } else if (roll < 0.45) {
          lines.push(`${prefix} ${pick(['|', '>', '|-', '>-', '|2'])}`);
          for (let j = 0, k = 1 + Math.floor(random() * 3); j < k; j++) lines.push(`${pad}  ${pick(['line', 'more text', '', 'x: y'])}`);
        } else {
          lines.push(`${prefix} ${pick(values)}${random() < 0.15 ? '  # trailing' : ''}`);
        }
      }
    };
    let agreed = 0;
    for (let i = 0; i < 4000; i++) {
      const lines: string[] = [];
      generate(3, 0, lines);
      if (compare(`${lines.join('\n')}\n`, `generated #${i}`)) agreed++;
    }
    assert.ok(agreed > 1000, `${agreed} generated documents parsed`);
  });
});
