import { strict as assert } from 'node:assert';
import { parseAllDocuments } from 'yaml';
import { applyAction, codeActions, fixture, lint } from '../helpers';

/** Quick fixes: the edit is exactly the intended one, the rest of the file is untouched, and it re-validates. */
describe('schema quick fixes', () => {
  const example = fixture('foundation/issue-example.yaml');

  it('offers a fix for each fixable problem of the issue example', () => {
    assert.deepEqual(codeActions(example).map((action) => action.title).filter((title) => !title.startsWith('Disable')), [
      'Add missing field `selector`',
      'Add missing field `containers`',
      'Change `contianers` to `containers`',
      'Change `protocl` to `protocol`',
    ]);
  });

  it('renames a misspelled field in place', () => {
    const fixed = applyAction(example, 'Change `contianers` to `containers`');
    assert.equal(fixed, example.replace('contianers:', 'containers:'));
    assert.deepEqual(lint(fixed), [
      '5:1-5:5 missing-required `spec` is missing the required field `selector`.',
      '6:13-6:20 wrong-type `spec.replicas` must be an integer, not the string "three".',
      '26:5-26:12 unknown-field `protocl` is not a field of `spec.ports[0]`; did you mean `protocol`?',
    ]);
  });

  it('inserts a missing selector built from the pod template labels', () => {
    const fixed = applyAction(example, 'Add missing field `selector`');
    assert.equal(fixed, example.replace('        image: nginx:1.27.3\n', '        image: nginx:1.27.3\n  selector:\n    matchLabels:\n      app: web\n'));
    assert.ok(!lint(fixed).some((line) => line.includes('`selector`')));
  });

  it('inserts a missing list field with a skeleton of its required fields', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never # one-shot\n';
    const fixed = applyAction(text, 'Add missing field `containers`');
    assert.equal(fixed, `${text}  containers:\n  - name: ""\n`);
    // The schema is satisfied; the API server also wants a name and an image, which only a person can give.
    assert.deepEqual(lint(fixed), [
      '8:5-8:9 server-required This container has no `image`; the API server requires one.',
      '8:11-8:13 server-name The container name must not be empty.',
    ]);
  });

  it('moves a misplaced field under the object it belongs to, keeping comments elsewhere', () => {
    const text = fixture('diagnostics/misplaced.yaml');
    const fixed = applyAction(text, 'Move `gateways` under `spec.service`');
    assert.equal(fixed, text.replace(
      '    port: 9898\n  gateways:\n  - public-gateway.istio-system.svc.cluster.local\n',
      '    port: 9898\n    gateways:\n    - public-gateway.istio-system.svc.cluster.local\n',
    ));
    assert.ok(!lint(fixed).some((line) => line.includes('gateways')));
    const toParent = applyAction(text, 'Move `replicas` under `spec`');
    assert.ok(!lint(toParent).some((line) => line.includes('replicas')));
    assert.equal(parseAllDocuments(toParent)[1].toJS().spec.replicas, 3);
    const intoList = applyAction(text, 'Move `image` under `spec.template.spec.containers[0]`');
    assert.equal(intoList, text.replace('      - name: web\n      image: nginx:1.27.3\n', '      - name: web\n        image: nginx:1.27.3\n'));
    assert.ok(!lint(intoList).some((line) => line.includes('`image`')));
  });

  it('replaces an enum value, nearest first', () => {
    const text = fixture('diagnostics/enums.yaml');
    const titles = codeActions(text).map((action) => action.title);
    assert.deepEqual(titles.slice(0, 4), ['Change to `LoadBalancer`', 'Change to `ClusterIP`', 'Change to `ExternalName`', 'Change to `NodePort`']);
    const fixed = applyAction(text, 'Change to `LoadBalancer`');
    assert.equal(fixed, text.replace('type: LoadBalancr', 'type: LoadBalancer'));
    assert.equal(codeActions(text).find((action) => action.title === 'Change to `TCP`')?.isPreferred, true);
  });

  it('changes only the apiVersion line when that is all a removed API needs', () => {
    const text = fixture('diagnostics/apis.yaml');
    const titles = codeActions(text).map((action) => action.title);
    assert.ok(titles.includes('Change apiVersion to `policy/v1`'), titles.join(' | '));
    const fixed = applyAction(text, 'Change apiVersion to `policy/v1`');
    assert.equal(fixed, text.replace('apiVersion: policy/v1beta1', 'apiVersion: policy/v1'));
    assert.ok(!lint(fixed).some((line) => line.includes('PodDisruptionBudget')));
    const wrongGroup = applyAction(text, 'Change apiVersion to `apps/v1`');
    assert.ok(wrongGroup.includes('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wrong-group'));
  });

  it('offers no apiVersion-only fix when the replacement needs more changes', () => {
    const ingress = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n';
    assert.deepEqual(codeActions(ingress).map((action) => action.title), ['Disable `api-removed` for this line', 'Disable `api-removed` for this resource']);
  });

  it('replaces odd whitespace in the whole file so that it parses as intended', () => {
    const text = fixture('whitespace/nbsp.yaml');
    const fixed = applyAction(text, 'Replace all unusual whitespace in this file with normal spaces');
    assert.equal(fixed, text.replace(/\u00a0/g, ' '));
    assert.deepEqual(lint(fixed), []);
    assert.deepEqual(parseAllDocuments(fixed)[0].toJS(), {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    const tabs = fixture('whitespace/tabs.yaml');
    const fixedTabs = applyAction(tabs, 'Replace all unusual whitespace in this file with normal spaces');
    assert.equal(fixedTabs, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n');
    assert.deepEqual(lint(fixedTabs), []);
  });
});
