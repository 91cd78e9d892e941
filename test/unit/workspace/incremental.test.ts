import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { WORKSPACE_CHECKS } from '../../../server/src/core/workspace/checks';
import { withWorkspaceDiagnostics } from '../../../server/src/core/workspace/diagnostics';
import { fuzzParameters, reportStats, statsFor } from '../../property/fuzz';
import { settings as testSettings } from '../../helpers';
import { RULES_OFF, TestWorkspace, deployment } from './helpers';

/**
 * The findings between resources are kept per resource with what their checks asked the model
 * (core/workspace/diagnostics.ts), and the model keeps the resources of unchanged documents
 * (core/workspace/model.ts). Whatever the edits, a long-lived workspace must report exactly what
 * a workspace built afresh from the same files reports: every finding, range, message, related
 * location and fix.
 */

const NAMES = ['web', 'api', 'db'];
const NAMESPACES = ['default', 'shop'];

/** Documents that point at each other by name, label and port. */
const documentArb: fc.Arbitrary<string> = fc.oneof(
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES), replicas: fc.integer({ min: 1, max: 3 }), config: fc.constantFrom(...NAMES), account: fc.constantFrom('default', ...NAMES) })
    .map(({ name, ns, replicas, config, account }) => deployment(name, `      serviceAccountName: ${account}\n`, {
      namespace: ns, replicas,
      container: `        ports:\n        - name: http\n          containerPort: 8080\n        envFrom:\n        - configMapRef:\n            name: ${config}\n`,
    }).trimEnd()),
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES), app: fc.constantFrom(...NAMES, 'wbe'), port: fc.constantFrom('http', 'metrics', '8080') })
    .map(({ name, ns, app, port }) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - port: 80\n    targetPort: ${port}`),
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES) })
    .map(({ name, ns }) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  MODE: fast`),
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES), target: fc.constantFrom(...NAMES, 'wbe') })
    .map(({ name, ns, target }) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${target}\n  minReplicas: 2\n  maxReplicas: 5`),
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES), app: fc.constantFrom(...NAMES) })
    .map(({ name, ns, app }) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  maxUnavailable: 0\n  selector:\n    matchLabels:\n      app: ${app}`),
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES) })
    .map(({ name, ns }) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nautomountServiceAccountToken: false`),
  fc.record({ ns: fc.constantFrom(...NAMESPACES), app: fc.constantFrom(...NAMES, 'wbe') })
    .map(({ ns, app }) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-${app}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Ingress]`),
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES), role: fc.constantFrom(...NAMES) })
    .map(({ name, ns, role }) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${role}\nsubjects:\n- kind: ServiceAccount\n  name: ${name}\n  namespace: ${ns}`),
  fc.record({ name: fc.constantFrom(...NAMES), ns: fc.constantFrom(...NAMESPACES) })
    .map(({ name, ns }) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n- apiGroups: [""]\n  resources: [configmaps]\n  verbs: [get]`),
  fc.constant('# only a comment'),
);

type Step =
  | { op: 'set'; file: number; document: number; text: string }
  | { op: 'insert'; file: number; document: number; text: string }
  | { op: 'drop'; file: number; document: number }
  | { op: 'shift'; file: number }
  | { op: 'remove'; file: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), file: fc.nat(3), document: fc.nat(5), text: documentArb }),
  fc.record({ op: fc.constant('insert' as const), file: fc.nat(3), document: fc.nat(5), text: documentArb }),
  fc.record({ op: fc.constant('drop' as const), file: fc.nat(3), document: fc.nat(5) }),
  fc.record({ op: fc.constant('shift' as const), file: fc.nat(3) }),
  fc.record({ op: fc.constant('remove' as const), file: fc.nat(3) }),
);

const settings = testSettings({ rules: { ...RULES_OFF, 'pod-without-network-policy': 'info' } });

function text(documents: readonly string[]): string {
  return `${documents.join('\n---\n')}\n`;
}

/** Every diagnostic of every file, whole (ranges, messages, related locations, fixes). */
function report(ws: TestWorkspace): string[] {
  return [...ws.texts.keys()].sort().map((path) => {
    const uri = ws.uri(path);
    const own = ws.service.analyze(uri, ws.texts.get(path)!, settings).diagnostics;
    return `${path} ${JSON.stringify(withWorkspaceDiagnostics(ws.model, uri, own, settings))}`;
  });
}

describe('findings between resources, kept across edits', () => {
  after(() => reportStats(['workspace edits']));

  it('are those a workspace built afresh from the same files reports, after every edit', function () {
    this.timeout(0); // (a few seconds in CI; npm run fuzz runs many more cases)
    const stats = statsFor('workspace edits');
    fc.assert(fc.property(fc.array(fc.array(documentArb, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 }), fc.array(stepArb, { minLength: 1, maxLength: 12 }), (initial, steps) => {
      const started = performance.now();
      const files = initial.map((documents) => [...documents]);
      const path = (file: number) => `f${file}.yaml`;
      const live = new TestWorkspace(Object.fromEntries(files.map((documents, i) => [path(i), text(documents)])), settings);
      report(live);
      for (const step of steps) {
        const file = step.file % files.length;
        const documents = files[file];
        if (step.op === 'set' && documents.length > 0) documents[step.document % documents.length] = step.text;
        else if (step.op === 'insert') documents.splice(step.document % (documents.length + 1), 0, step.text);
        else if (step.op === 'drop' && documents.length > 1) documents.splice(step.document % documents.length, 1);
        else if (step.op === 'shift') documents[0] = `# moved down\n${documents[0]}`;
        if (step.op === 'remove') {
          if (live.texts.has(path(file))) live.remove(path(file));
        } else {
          live.set(path(file), text(documents));
        }
        const fresh = new TestWorkspace(Object.fromEntries([...live.texts.keys()].map((name) => [name, live.texts.get(name)!])), settings);
        assert.deepEqual(report(live), report(fresh), `after ${JSON.stringify(step)}`);
      }
      stats.record(`${files.length} files, ${steps.length} edits`, files.flat().join('').length, performance.now() - started);
    }), fuzzParameters(150));
  });

  it('runs again only the checks of resources a change concerns', () => {
    const ws = new TestWorkspace({
      'web.yaml': deployment('web', '', { replicas: 2 }),
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n',
      'other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  A: b\n',
    }, settings);
    report(ws);
    const resources = (path: string) => ws.model.resourcesOf(ws.uri(path));
    const [service] = resources('svc.yaml');
    const [configMap] = resources('other.yaml');
    // The Deployment's labels change: the Service's selector now matches nothing; the ConfigMap's checks do not run again.
    const runs = countRuns(() => {
      ws.set('web.yaml', deployment('web', '', { replicas: 2 }).replace(/app: web/g, 'app: webb'));
      report(ws);
    });
    assert.ok(runs.has(service), 'the Service was not checked again');
    assert.ok(!runs.has(configMap), 'the ConfigMap was checked again');
    assert.equal(ws.findings('svc.yaml').length, 1);
  });
});

/** The resources whose checks ran while `run` ran. */
function countRuns(run: () => void): Set<unknown> {
  const seen = new Set<unknown>();
  const originals = WORKSPACE_CHECKS.map((check) => check.check);
  WORKSPACE_CHECKS.forEach((check, i) => {
    (check as { check: typeof check.check }).check = (ctx) => {
      seen.add(ctx.resource);
      originals[i].call(check, ctx);
    };
  });
  try {
    run();
  } finally {
    WORKSPACE_CHECKS.forEach((check, i) => { (check as { check: typeof check.check }).check = originals[i]; });
  }
  return seen;
}
