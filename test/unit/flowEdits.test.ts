import { strict as assert } from 'node:assert';
import { hardenFile } from '../../server/src/core/harden';
import { applyAction, codeActions, fixRule, fixture, lint, onlyRule, service, settings } from '../helpers';

/**
 * Edits inside flow collections and JSON manifests are written in place, in the collection's own
 * style: JSON stays JSON, and comments, aliases and the other entries of a flow collection stay
 * as they are. Also block scalars and tagged list items, which fixes used to damage.
 */
describe('edits in flow style and JSON', () => {
  const jsonUri = 'file:///workspace/deployment.json';

  it('a quick fix on a JSON manifest writes JSON, laid out like the file', () => {
    const text = '{\n  "apiVersion": "apps/v1",\n  "kind": "Deployment",\n  "metadata": {\n    "name": "web"\n  },\n  "spec": {\n    "template": {\n      "metadata": {\n        "labels": {\n          "app": "web"\n        }\n      },\n      "spec": {\n        "containers": [\n          {\n            "name": "web",\n            "image": "nginx:1.27"\n          }\n        ]\n      }\n    }\n  }\n}\n';
    const fixed = applyAction(text, 'Add missing field `selector`', {}, jsonUri);
    assert.equal(fixed, text.replace('        ]\n      }\n    }\n  }\n}\n', '        ]\n      }\n    },\n    "selector": {\n      "matchLabels": {\n        "app": "web"\n      }\n    }\n  }\n}\n'));
    assert.deepEqual(JSON.parse(fixed).spec.selector, { matchLabels: { app: 'web' } });
    assert.deepEqual(lint(fixed, {}, jsonUri), []);
  });

  it('a rule fix on a one-line JSON object stays one line of JSON', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a:1", "securityContext": {"allowPrivilegeEscalation": true}}]}}\n';
    const fixed = fixRule(text, 'allow-privilege-escalation');
    assert.equal(fixed, text.replace('"allowPrivilegeEscalation": true', '"allowPrivilegeEscalation": false'));
    const withRunAsNonRoot = applyAction(text.replace(', "securityContext": {"allowPrivilegeEscalation": true}', ''), 'Set `runAsNonRoot: true`', onlyRule('run-as-non-root'));
    assert.ok(JSON.parse(withRunAsNonRoot), withRunAsNonRoot);
    assert.equal(withRunAsNonRoot.split('\n').length, 2);
  });

  it('Harden Manifest keeps a JSON manifest JSON, and a second run changes nothing', () => {
    const text = fixture('json/deployment.json');
    const first = hardenFile(service(), jsonUri, text, settings());
    assert.ok(first.edits.length > 0);
    const hardened = JSON.parse(first.text);
    assert.equal(hardened.spec.template.spec.securityContext.runAsNonRoot, true);
    assert.equal(hardened.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(hardenFile(service(), jsonUri, first.text, settings()).edits, []);
  });

  it('suppresses a finding in JSON with the annotation (JSON has no comments)', () => {
    const text = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "dta": {}}\n';
    const titles = codeActions(text, {}, jsonUri).map((action) => action.title);
    assert.deepEqual(titles, ['Change `dta` to `data`', 'Disable `unknown-field` for this resource']);
    const suppressed = applyAction(text, 'Disable `unknown-field` for this resource', {}, jsonUri);
    assert.equal(suppressed, text.replace('{"name": "c"}', '{"name": "c", "annotations": {"kubesmith.io/ignore": "unknown-field"}}'));
    assert.deepEqual(lint(suppressed, {}, jsonUri), []);
  });

  it('inserts into a YAML flow map in place, keeping its comment, its alias and its other entries', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: &l {app: p}} # one line\nspec:\n  containers: [{name: a, image: "a:1", env: [{name: X, value: "1"}]}]\n  nodeSelector: *l\n';
    const fixed = fixRule(text, 'allow-privilege-escalation');
    assert.equal(fixed, text.replace('env: [{name: X, value: "1"}]}]', 'env: [{name: X, value: "1"}], securityContext: {allowPrivilegeEscalation: false}}]'));
    assert.deepEqual(lint(fixed, onlyRule('allow-privilege-escalation')), []);
  });

  it('moves a misplaced field out of a flow map without touching the rest of the document', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {selector: {matchLabels: {app: web}}, template: {replicas: 3, metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "nginx:1.27"}]}}} # all flow\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n';
    const fixed = applyAction(text, 'Move `replicas` under `spec`');
    assert.equal(fixed, text.replace('template: {replicas: 3, metadata', 'template: {metadata').replace('"nginx:1.27"}]}}} # all flow', '"nginx:1.27"}]}}, replicas: 3} # all flow'));
    assert.deepEqual(lint(fixed), []);
  });

  it('moves a block field as written (comment, anchor), re-indented', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    replicas: &n 3 # three\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n';
    const fixed = applyAction(text, 'Move `replicas` under `spec`');
    assert.equal(fixed, text.replace('    replicas: &n 3 # three\n', '').replace('        image: nginx:1.27\n', '        image: nginx:1.27\n  replicas: &n 3 # three\n'));
    assert.deepEqual(lint(fixed), []);
  });

  it('replaces a block scalar value without swallowing its line break', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  type: >-\n    LoadBalancr\n  ports:\n  - port: 80\n';
    const fixed = applyAction(text, 'Change to `LoadBalancer`');
    assert.equal(fixed, text.replace('type: >-\n    LoadBalancr\n', 'type: LoadBalancer\n'));
    assert.deepEqual(lint(fixed), []);
  });

  it('adds to a list whose items are tagged at the items\' indentation', () => {
    // (A `-` inside the tag was taken for the item's dash.)
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:1\n    securityContext:\n      capabilities:\n        drop:\n        - !cap-name NET_RAW\n';
    const fixed = fixRule(text, 'drop-all-capabilities');
    assert.equal(fixed, `${text}        - ALL\n`);
    assert.deepEqual(lint(fixed, onlyRule('drop-all-capabilities')), []);
  });
});
