import { strict as assert } from 'node:assert';
import { Schema, YAMLMap } from 'yaml';
import { KUBERNETES_YAML_OPTIONS, parseManifest } from '../../server/src/core/yaml/documents';
import { FastParser } from '../../server/src/core/yaml/fastParse';
import { keyText, mapEntries } from '../../server/src/core/yaml/nodes';
import { lint, onlyRule } from '../helpers';

/**
 * YAML merge keys (`<<: *defaults`) are resolved as Kubernetes' YAML reader resolves them
 * (sigs.k8s.io/yaml decodes with go-yaml v2), for validation and for rules, whichever parser read
 * the document: the library (anchors and aliases) or the fast parser (a map written in place).
 */
describe('YAML merge keys', () => {
  const fast = new FastParser(KUBERNETES_YAML_OPTIONS.schema as Schema, KUBERNETES_YAML_OPTIONS);

  const deployment = (containers: string, labels = '        <<: *labels\n        tier: front\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
${labels}    spec:
      containers:
${containers}`;

  it('validates merged maps without reporting `<<` as a field (library path)', () => {
    const text = deployment('      - &base\n        name: web\n        image: nginx:1.25\n      - <<: *base\n        name: sidecar\n');
    assert.equal(fast.parse(text), undefined); // anchors and aliases: the library reads it
    assert.deepEqual(lint(text), []);
  });

  it('validates merged maps written in place (fast parser path)', () => {
    const text = deployment('      - name: web\n        image: nginx:1.25\n', '        <<: {app: web}\n        tier: front\n')
      .replace('  labels: &labels\n    app: web\n', '  labels:\n    app: web\n').replace('matchLabels: *labels', 'matchLabels: {app: web}');
    assert.ok(fast.parse(text), 'the fast parser reads it');
    assert.deepEqual(lint(text), []);
    // The same document through the library (an anchor elsewhere makes the fast parser give up) gives the same.
    const viaLibrary = text.replace('  name: web\n', '  name: &n web\n');
    assert.equal(fast.parse(viaLibrary), undefined);
    assert.deepEqual(lint(viaLibrary), []);
  });

  it('reports what is wrong in a merged map, where it is written', () => {
    const text = deployment('      - &base\n        name: web\n        image: nginx:1.25\n        imagePullPolicy: Sometimes\n      - <<: *base\n        name: sidecar\n');
    // (Once, though both containers have it: the same problem at the same place.)
    assert.deepEqual(lint(text), ['20:26-20:35 invalid-enum `Sometimes` is not a valid value for `imagePullPolicy`; use one of: Always, IfNotPresent, Never.']);
  });

  it('applies entries in order as go-yaml v2 does: a later entry wins, merged or written', () => {
    const entries = (text: string) => {
      const doc = parseManifest(text);
      const map = (doc.contents as YAMLMap).items.find((pair) => keyText(pair) === 'm')!.value as YAMLMap;
      return Object.fromEntries(mapEntries(map, doc).map((pair) => [keyText(pair), String((pair.value as { value?: unknown }).value)]));
    };
    // Written after the merge: wins. Written before it: replaced (YAML 1.1's merge type would keep it).
    assert.deepEqual(entries('d: &d {a: 1, b: 1}\nm:\n  <<: *d\n  a: 2\n'), { a: '2', b: '1' });
    assert.deepEqual(entries('d: &d {a: 1, b: 1}\nm:\n  a: 2\n  <<: *d\n'), { a: '1', b: '1' });
    // A list of maps: an earlier map wins over a later one.
    assert.deepEqual(entries('d: &d {a: 1}\ne: &e {a: 2, c: 3}\nm:\n  <<: [*d, *e]\n'), { a: '1', c: '3' });
    // Merges of merges.
    assert.deepEqual(entries('d: &d {a: 1}\ne: &e {<<: *d, b: 2}\nm:\n  <<: *e\n  c: 3\n'), { a: '1', b: '2', c: '3' });
  });

  it('checks the value Kubernetes sees: a key written before `<<` is replaced by the merged one', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: many\n  <<: {replicas: 2}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n';
    assert.deepEqual(lint(text), []);
    assert.deepEqual(lint(text.replace('  replicas: many\n  <<: {replicas: 2}\n', '  <<: {replicas: 2}\n  replicas: many\n')), [
      '7:13-7:17 wrong-type `spec.replicas` must be an integer, not the string "many".',
    ]);
  });

  it('gives the rules the merged values', () => {
    const rule = onlyRule('run-as-non-root');
    const first = '      - &secure\n        name: web\n        image: nginx:1.25\n        securityContext:\n          runAsNonRoot: true\n';
    assert.deepEqual(lint(deployment(`${first}      - <<: *secure\n        name: sidecar\n`), rule), []);
    // Without the merge, the second container is reported: the rule does look at it.
    assert.deepEqual(lint(deployment(`${first}      - name: sidecar\n        image: nginx:1.25\n`), rule).map((line) => line.split(' ').slice(0, 2).join(' ')), ['22:15-22:22 run-as-non-root']);
  });

  it('rejects what Kubernetes rejects: a merge of something other than maps', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    <<: [*x]\ndata: {}\n'.replace('metadata:', 'x-scalar: &x 1\nmetadata:');
    assert.deepEqual(lint(text), [
      '7:10-7:12 yaml-syntax A merge key `<<` takes a map, an alias of a map, or a list of those; Kubernetes\' YAML reader rejects anything else ("map merge requires map or sequence of maps as the value").',
    ]);
  });
});
