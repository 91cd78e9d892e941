import { strict as assert } from 'node:assert';
import { applySafeFixes } from '../../server/src/core/safeFixes';
import { FixData } from '../../server/src/core/diagnostics';
import { DocumentEditor } from '../../server/src/core/edits/documentEditor';
import { analyze, applyAction, lint, onlyRule, service, settings, webDeployment } from '../helpers';

/**
 * What `kubesmith lint --fix` applies (core/safeFixes.ts): the fixes marked safe where they are
 * recorded (FixData.safe), one at a time until none is left; and the edits it relies on keeping
 * comments and JSON.
 */

const JSON_URI = 'file:///workspace/manifest.json';

/** The fixes each diagnostic carries, as `code fix safe?`. */
function fixMarks(text: string, overrides = {}, uri?: string): string[] {
  return analyze(text, overrides, uri).diagnostics.flatMap((d) => (d.data.fixes ?? []).map((fix: FixData) => `${d.code} ${fix.fix}${fix.safe ? ' safe' : ''}`));
}

describe('safe fixes', () => {
  describe('the safe mark, recorded with the fix', () => {
    it('marks typos, misplaced fields, replaced apiVersions and the one enum value meant; not placeholders or choices', () => {
      const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    replicas: 2
    metadata:
      labels:
        app: web
    spec:
      restartPolicy: Sometimes
      contianers: []
      initContainers:
      - name: init
        image: nginx:1.27.3
        imagePullPolicy: allways
`;
      assert.deepEqual(fixMarks(text), [
        'missing-required insert-required',
        'unknown-field move-key safe',
        'missing-required insert-required',
        'invalid-enum set-value',
        'unknown-field rename-key safe',
        'invalid-enum set-value safe',
      ]);
      assert.deepEqual(fixMarks('apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  minAvailable: 1\n'),
        ['api-removed replace-api-version safe']);
      assert.deepEqual(fixMarks('apiVersion: v1\nkind: Servce\nmetadata:\n  name: s\n'), ['unknown-kind set-value safe']);
      assert.deepEqual(fixMarks('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: c\n'), ['odd-whitespace normalize-whitespace safe']);
    });

    it('marks an enum value only when no other is as near', () => {
      // `clusterip`: ClusterIP but for case. `Balancer`: as near to nothing, so no value is meant.
      const service = (type: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ${type}\n  ports:\n  - port: 80\n`;
      assert.deepEqual(fixMarks(service('clusterip')), ['invalid-enum set-value safe']);
      assert.deepEqual(fixMarks(service('Balancer')), ['invalid-enum set-value']);
    });

    it('marks rule fixes that change nothing the cluster does, where the rule says so', () => {
      const env = webDeployment('        image: nginx:1.27.3\n        env:\n        - name: A\n          value: "1"\n        - name: A\n          value: "2"\n');
      assert.deepEqual(fixMarks(env, onlyRule('duplicate-env')), ['duplicate-env rule safe']);
      const policy = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n${spec}`;
      assert.deepEqual(fixMarks(policy('  ingress:\n  - {}\n'), onlyRule('networkpolicy-no-policy-types')), ['networkpolicy-no-policy-types rule safe']);
      assert.deepEqual(fixMarks(policy('  egress: []\n'), onlyRule('networkpolicy-no-policy-types')), ['networkpolicy-no-policy-types rule']);
      // Hardening is a judgement: never marked.
      const bare = webDeployment('        image: nginx:1.27.3\n');
      assert.ok(fixMarks(bare, { profile: 'restricted' }).every((mark) => !mark.endsWith('safe')), fixMarks(bare, { profile: 'restricted' }).join(', '));
    });
  });

  describe('applySafeFixes', () => {
    it('applies them until none is left, keeps comments, and a second run changes nothing', () => {
      const text = `# web
apiVersion: apps/v1
kind: Deploymnet # typo
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    replicas: 2 # two
    metadata:
      labels:
        app: web
    spec:
      contianers: # the list
      - name: web
        image: nginx:1.27.3
        imagePullPolicy: ifnotpresent # pull
`;
      const run = applySafeFixes(service(), 'file:///w/web.yaml', text, settings());
      assert.deepEqual(run.applied.map((fix) => `${fix.line}:${fix.column} ${fix.code} ${fix.title}`), [
        '3:7 unknown-kind Change to `Deployment`',
        '11:5 unknown-field Move `replicas` under `spec`',
        '16:7 unknown-field Change `contianers` to `containers`',
        '19:26 invalid-enum Change to `IfNotPresent`',
      ]);
      assert.equal(run.complete, true);
      assert.equal(run.text, `# web
apiVersion: apps/v1
kind: Deployment # typo
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers: # the list
      - name: web
        image: nginx:1.27.3
        imagePullPolicy: IfNotPresent # pull
  replicas: 2 # two
`);
      assert.deepEqual(lint(run.text), []);
      const again = applySafeFixes(service(), 'file:///w/web.yaml', run.text, settings());
      assert.equal(again.text, run.text);
      assert.deepEqual(again.applied, []);
    });

    it('says where each problem was in the original text, also after fixes that moved lines or changed its line', () => {
      const line = '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "clusterip", "ports": [{"port": 80, "protocl": "TCP"}]}}\n';
      const run = applySafeFixes(service(), JSON_URI, line, settings());
      assert.deepEqual(run.applied.map((fix) => `${fix.line}:${fix.column}`), [`1:${line.indexOf('"clusterip"') + 1}`, `1:${line.indexOf('"protocl"') + 1}`]);
    });

    it('stops at the limit and says so', () => {
      const text = webDeployment('        image: nginx:1.27.3\n        imagePullPolicy: allways\n        termnationMessagePolicy: File\n');
      const run = applySafeFixes(service(), 'file:///w/limit.yaml', text, settings(), 1);
      assert.equal(run.applied.length, 1);
      assert.equal(run.complete, false);
    });

    it('leaves Helm templates alone', () => {
      const text = 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: {{ .Values.name }}\n';
      const run = applySafeFixes(service(), 'file:///w/templates/web.yaml', text, settings());
      assert.equal(run.text, text);
      assert.deepEqual(run.applied, []);
    });

    it('keeps JSON as JSON, laid out as it was', () => {
      const text = `{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": {"name": "api"},
  "spec": {
    "type": "clusterip",
    "ports": [{"port": 443, "protocl": "TCP"}]
  }
}
`;
      const run = applySafeFixes(service(), JSON_URI, text, settings());
      assert.equal(run.text, text.replace('"clusterip"', '"ClusterIP"').replace('"protocl"', '"protocol"'));
      assert.deepEqual(JSON.parse(run.text).spec, { type: 'ClusterIP', ports: [{ port: 443, protocol: 'TCP' }] });
    });
  });

  describe('the edits they rely on', () => {
    it('moves a misplaced block with the comments inside it and at its end', () => {
      const text = 'spec:\n  a: 1\n  inner:\n    b: 2\n  moved: # the list\n  - x # first\n  # between\n  - y\n  c: 3\n';
      const editor = new DocumentEditor(text);
      editor.moveKey(['spec'], 'moved', ['spec', 'inner']);
      assert.equal(editor.text, 'spec:\n  a: 1\n  inner:\n    b: 2\n    moved: # the list\n    - x # first\n    # between\n    - y\n  c: 3\n');
      // Out of a flow object: its value written anew in the target's style, the rest of the object kept.
      const flow = new DocumentEditor('a: {b: 1, c: 2}\nd:\n  e: 1\n');
      flow.moveKey(['a'], 'b', ['d']);
      assert.equal(flow.text, 'a: {c: 2}\nd:\n  e: 1\n  b: 1\n');
    });

    it('writes JSON into a JSON document: keys and strings double-quoted, objects as JSON', () => {
      const text = '{\n  "metadata": {"name": "x", "labels": {}},\n  "spec": {\n    "a": 1\n  },\n  "data": null\n}\n';
      const editor = new DocumentEditor(text);
      editor.renameKey(['metadata'], 'name', 'generateName');
      editor.insertPair(['metadata', 'labels'], 'app', 'web');
      editor.insertPair(['spec'], 'b', { c: [true, 'd'] });
      editor.insertPair(['data'], 'key', 'value');
      editor.removeKey(['spec'], 'a');
      assert.deepEqual(JSON.parse(editor.text), { metadata: { generateName: 'x', labels: { app: 'web' } }, spec: { b: { c: [true, 'd'] } }, data: { key: 'value' } });
      assert.equal(editor.text, '{\n  "metadata": {"generateName": "x", "labels": {"app": "web"}},\n  "spec": {\n    "b": {\n      "c": [\n        true,\n        "d"\n      ]\n    }\n  },\n  "data": {"key": "value"}\n}\n');
    });

    it('leaves an emptied object on its key\'s line', () => {
      const text = 'a:\n  b:\n    c: 1\n  d: 2\n';
      const editor = new DocumentEditor(text);
      editor.removeKey(['a', 'b'], 'c');
      assert.equal(editor.text, 'a:\n  b: {}\n  d: 2\n');
    });

    it('the editor\'s quick fixes keep JSON too', () => {
      const text = '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "NodePrt", "ports": [{"port": 80}]}}\n';
      const fixed = applyAction(text, 'Change to `NodePort`', {}, JSON_URI);
      assert.equal(fixed, text.replace('"NodePrt"', '"NodePort"'));
    });
  });
});
