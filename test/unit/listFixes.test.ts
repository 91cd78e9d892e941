import { strict as assert } from 'node:assert';
import { ruleById } from '../../server/src/core/rules/registry';
import { applyAction, changedRegion, codeActions, lint, onlyRule } from '../helpers';

/**
 * Quick fixes on the items of a `kind: List` (`kubectl get -o yaml` output): each fix edits the item
 * its diagnostic belongs to — never the List itself or another item — and the finding goes away.
 */
describe('quick fixes inside a kind: List', () => {
  /** A List whose second item is `item` (the first and last items are valid and must stay as they are). */
  const list = (item: string) => `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: first
  data:
    a: "1"
${item}- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: last
`;

  function fixOnce(text: string, title: string, overrides = {}): string {
    const fixed = applyAction(text, title, overrides);
    const { removed, added } = changedRegion(text, fixed);
    // The List's own lines and the other items are untouched.
    assert.ok(fixed.startsWith('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: first\n'), fixed);
    assert.ok(fixed.endsWith('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: last\n'), fixed);
    assert.notEqual(removed + added, '');
    return fixed;
  }

  it('replace-api-version changes the item\'s apiVersion, not the List\'s', () => {
    const text = list(`- apiVersion: policy/v1beta1
  kind: PodDisruptionBudget
  metadata:
    name: pdb
  spec:
    minAvailable: 1
    selector:
      matchLabels:
        app: web
`);
    assert.deepEqual(lint(text), ['10:15-10:29 api-removed `policy/v1beta1` PodDisruptionBudget was removed in Kubernetes 1.25; use `policy/v1`.']);
    const fixed = fixOnce(text, 'Change apiVersion to `policy/v1`');
    assert.equal(fixed, text.replace('- apiVersion: policy/v1beta1', '- apiVersion: policy/v1'));
    assert.deepEqual(lint(fixed), []);
  });

  it('rename-key renames inside the item', () => {
    const text = list('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: mid\n  dta:\n    b: "2"\n');
    const fixed = fixOnce(text, 'Change `dta` to `data`');
    assert.equal(fixed, text.replace('  dta:', '  data:'));
    assert.deepEqual(lint(fixed), []);
  });

  it('set-value replaces the item\'s value', () => {
    const text = list('- apiVersion: v1\n  kind: Service\n  metadata:\n    name: svc\n  spec:\n    type: LoadBalancr\n    ports:\n    - port: 80\n');
    const fixed = fixOnce(text, 'Change to `LoadBalancer`');
    assert.equal(fixed, text.replace('type: LoadBalancr', 'type: LoadBalancer'));
    assert.deepEqual(lint(fixed), []);
  });

  it('move-key moves within the item', () => {
    const text = list('- apiVersion: v1\n  kind: Service\n  metadata:\n    name: svc\n  type: ClusterIP\n  spec:\n    ports:\n    - port: 80\n');
    const fixed = fixOnce(text, 'Move `type` under `spec`');
    assert.equal(fixed, text.replace('    name: svc\n  type: ClusterIP\n  spec:\n    ports:\n    - port: 80\n', '    name: svc\n  spec:\n    ports:\n    - port: 80\n    type: ClusterIP\n'));
    assert.deepEqual(lint(fixed), []);
  });

  it('insert-required adds the field to the item', () => {
    const text = list('- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    template:\n      metadata:\n        labels:\n          app: web\n      spec:\n        containers:\n        - name: web\n          image: nginx:1.27\n');
    const fixed = fixOnce(text, 'Add missing field `selector`');
    assert.equal(fixed, text.replace('          image: nginx:1.27\n', '          image: nginx:1.27\n    selector:\n      matchLabels:\n        app: web\n'));
    assert.deepEqual(lint(fixed), []);
  });

  it('a rule fix edits the item, and the fix knows the item is its resource', () => {
    const text = list('- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n    containers:\n    - name: a\n      image: a:1\n      securityContext:\n        allowPrivilegeEscalation: true\n');
    const rule = onlyRule('allow-privilege-escalation');
    const titles = codeActions(text, rule).map((action) => action.title).filter((title) => !title.startsWith('Disable'));
    assert.equal(titles.length, 1, titles.join(' | '));
    const target = ruleById('allow-privilege-escalation')!;
    const fix = target.fix!;
    const seen: unknown[] = [];
    target.fix = (editor, args, ctx) => {
      seen.push(ctx.resourcePath);
      fix(editor, args, ctx);
    };
    let fixed: string;
    try {
      fixed = fixOnce(text, titles[0], rule);
    } finally {
      target.fix = fix;
    }
    // (The test helpers compute each action's edit twice: at once, and resolved as VS Code asks for it.)
    assert.ok(seen.length > 0);
    for (const path of seen) assert.deepEqual(path, ['items', 1]);
    assert.equal(fixed, text.replace('allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false'));
    assert.deepEqual(lint(fixed, rule), []);
  });

  it('records the item\'s path with every fix', () => {
    const text = list('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: mid\n  dta:\n    b: "2"\n');
    const fixes = codeActions(text).flatMap((action) => action.diagnostics ?? []).flatMap((d) => (d.data as { fixes?: { resource?: unknown }[] }).fixes ?? []);
    assert.ok(fixes.length > 0);
    for (const fix of fixes) assert.deepEqual(fix.resource, ['items', 1]);
  });
});
