import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getCodeActions } from '../../../server/src/core/codeActions';
import { withWorkspaceDiagnostics } from '../../../server/src/core/workspace/diagnostics';
import { settings as testSettings } from '../../helpers';
import { RULES_OFF, TestWorkspace, deployment } from './helpers';

/** Each check between resources: its id, range and message, its "did you mean", and when it stays silent. */

const CONFIG_MAP = (name: string, namespace = 'default', data = 'MODE: fast') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  ${data}\n`;
const ENV_FROM = (kind: 'configMapRef' | 'secretRef', name: string) => `        envFrom:\n        - ${kind}:\n            name: ${name}\n`;

describe('checks between resources', () => {
  it('missing-configmap: a near name in the namespace, else what it costs; silent when optional, or when the workspace defines no ConfigMap', () => {
    const ws = new TestWorkspace({
      'config.yaml': CONFIG_MAP('web-settings'),
      'web.yaml': deployment('web', '', { container: ENV_FROM('configMapRef', 'web-setings') }),
      'api.yaml': deployment('api', '', { container: ENV_FROM('configMapRef', 'elsewhere') }),
      'optional.yaml': deployment('opt', '', { container: '        envFrom:\n        - configMapRef:\n            name: elsewhere\n            optional: true\n' }),
    });
    assert.deepEqual(ws.findings('web.yaml'), ['19:19-19:30 missing-configmap No ConfigMap `web-setings` is defined in namespace `default`; did you mean `web-settings`?']);
    assert.deepEqual(ws.findings('api.yaml'), ['19:19-19:28 missing-configmap No ConfigMap `elsewhere` is defined in namespace `default` in this workspace; the pods that need it do not start until it exists.']);
    assert.deepEqual(ws.findings('optional.yaml'), []);
    const none = new TestWorkspace({ 'web.yaml': deployment('web', '', { container: ENV_FROM('configMapRef', 'web-setings') }) });
    assert.deepEqual(none.findings('web.yaml'), [], 'no ConfigMap anywhere: they are made elsewhere');
  });

  it('missing-secret: Secrets a SealedSecret, an ExternalSecret, a Certificate or a secretGenerator makes count as defined', () => {
    const ws = new TestWorkspace({
      'secrets.yaml': `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: sealed
spec:
  encryptedData:
    password: AgBy3i4OJSWK
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
spec:
  secretName: web-tls
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
  dnsNames: [web.example.com]
`,
      'web.yaml': deployment('web', '      imagePullSecrets:\n      - name: regcred\n', { container: ENV_FROM('secretRef', 'sealed') }),
      'ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - secretName: web-tls\n  - secretName: api-tls\n',
    });
    assert.deepEqual(ws.findings('web.yaml'), ['15:15-15:22 missing-secret No Secret `regcred` is defined in namespace `default` in this workspace; pulling images from a private registry fails until it exists.']);
    assert.deepEqual(ws.findings('ingress.yaml'), ['8:17-8:24 missing-secret No Secret `api-tls` is defined in namespace `default` in this workspace; until it exists, the Ingress serves its controller\'s default certificate.']);
  });

  it('missing-config-key: a key its ConfigMap or Secret does not have; not for generated ones whose keys are unknown', () => {
    const ws = new TestWorkspace({
      'config.yaml': `${CONFIG_MAP('settings', 'default', 'LOG_LEVEL: info')}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  user: YQ==\n  token: YQ==\n`,
      'web.yaml': deployment('web', '      volumes:\n      - name: s\n        configMap:\n          name: settings\n          items:\n          - key: LOG_LEVEL\n            path: level\n          - key: COLOR\n            path: color\n', {
        container: '        env:\n        - name: A\n          valueFrom:\n            configMapKeyRef: {name: settings, key: LOG_LEVL}\n        - name: B\n          valueFrom:\n            secretKeyRef: {name: creds, key: password}\n',
      }),
    });
    assert.deepEqual(ws.findings('web.yaml'), [
      '21:18-21:23 missing-config-key ConfigMap `settings` has no key `COLOR` (its keys: `LOG_LEVEL`); the pod does not start until it has.',
      '29:52-29:60 missing-config-key ConfigMap `settings` has no key `LOG_LEVL`; did you mean `LOG_LEVEL`?',
      '32:46-32:54 missing-config-key Secret `creds` has no key `password` (its keys: `user` and `token`); the pod does not start until it has.',
    ]);
  });

  it('missing-service-account: not `default`; a binding\'s subject', () => {
    const ws = new TestWorkspace({
      'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web-runner\n',
      'web.yaml': deployment('web', '      serviceAccountName: web-runer\n'),
      'default.yaml': deployment('api', '      serviceAccountName: default\n'),
      'binding.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- kind: ServiceAccount\n  name: ghost\n',
    });
    assert.deepEqual(ws.findings('web.yaml'), ['14:27-14:36 missing-service-account No ServiceAccount `web-runer` is defined in namespace `default`; did you mean `web-runner`?']);
    assert.deepEqual(ws.findings('default.yaml'), []);
    assert.deepEqual(ws.findings('binding.yaml'), ['8:9-8:14 missing-service-account No ServiceAccount `ghost` is defined in namespace `default` in this workspace; this binding grants its role to nobody until it exists.']);
  });

  it('missing-role: Roles in the binding\'s namespace, ClusterRoles without one; the built-in ClusterRoles always exist', () => {
    const ws = new TestWorkspace({
      'roles.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: pod-reader\n  namespace: apps\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: auditor\n',
      'bindings.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: a, namespace: apps}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-readr}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: other}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: c}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: audit}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: d}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
`,
    });
    assert.deepEqual(ws.findings('bindings.yaml'), [
      '4:66-4:75 missing-role No Role `pod-readr` is defined in namespace `apps`; did you mean `pod-reader`?',
      '9:66-9:76 missing-role No Role `pod-reader` is defined in namespace `other` in this workspace; the binding grants nothing until it exists.',
      '14:73-14:78 missing-role No ClusterRole `audit` is defined in this workspace; did you mean `auditor`?',
    ]);
  });

  it('missing-service and unknown-service-port: Ingress, VirtualService and HTTPRoute backends, StatefulSet serviceName', () => {
    const ws = new TestWorkspace({
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: http\n    port: 80\n',
      'ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        name: htp\n',
      'vs.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination:\n        host: wbe.default.svc.cluster.local\n',
      'route.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      port: 8080\n',
      'db.yaml': deployment('db', '', { kind: 'StatefulSet' }).replace('spec:\n  selector:', 'spec:\n  serviceName: db-headless\n  selector:'),
    });
    assert.deepEqual(ws.findings('ingress.yaml'), ['10:15-10:18 unknown-service-port Service `web` has no port named `htp`; did you mean `http`?']);
    assert.deepEqual(ws.findings('vs.yaml'), ['10:15-10:18 missing-service No Service `wbe` is defined in namespace `default`; did you mean `web`?']);
    assert.deepEqual(ws.findings('route.yaml'), ['9:13-9:17 unknown-service-port Service `web` has no port `8080` (it exposes `80` (`http`)); traffic sent here goes nowhere.']);
    assert.deepEqual(ws.findings('db.yaml'), ['6:16-6:27 missing-service No Service `db-headless` is defined in namespace `default` in this workspace; the StatefulSet\'s pods get no stable network names without this headless Service.']);
  });

  it('missing-scale-target: an autoscaler aimed at a workload that is not there', () => {
    const ws = new TestWorkspace({
      'web.yaml': deployment('web'),
      'hpa.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: webb}\n  maxReplicas: 3\n',
      'vpa.yaml': 'apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata:\n  name: db\nspec:\n  targetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}\n',
    });
    assert.deepEqual(ws.findings('hpa.yaml'), ['6:65-6:69 missing-scale-target No Deployment `webb` is defined in namespace `default`; did you mean `web`?']);
    assert.deepEqual(ws.findings('vpa.yaml'), [], 'the workspace defines no StatefulSet at all');
  });

  it('selector-matches-nothing: each selecting kind says what it costs; silent where the namespace has no pod of the workspace', () => {
    const ws = new TestWorkspace({
      'web.yaml': deployment('web', '', { namespace: 'shop' }),
      'selectors.yaml': `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: wbe}
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: db}
  ingress:
  - from:
    - podSelector:
        matchExpressions: [{key: app, operator: In, values: [worker]}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb, namespace: shop}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web, tier: front}}
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: pm, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  podMetricsEndpoints: [{port: metrics}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: sm, namespace: shop}
spec:
  selector: {matchLabels: {team: shop}}
  endpoints: [{port: http}]
---
apiVersion: v1
kind: Service
metadata: {name: elsewhere, namespace: other}
spec:
  selector: {app: nothing-here}
  ports: [{port: 80}]
`,
    });
    assert.deepEqual(ws.findings('selectors.yaml'), [
      '5:3-5:11 selector-matches-nothing No pod in namespace `shop` matches this Service\'s selector (`app: wbe`); did you mean `app: web`?',
      '12:3-12:14 selector-matches-nothing No pod in namespace `shop` matches this NetworkPolicy\'s `podSelector` (`app: db`); it applies to no pod.',
      '16:7-16:18 selector-matches-nothing No pod in namespace `shop` matches the peer `ingress[0].from[0].podSelector` (`app In (worker)`); that peer lets no traffic through.',
      '24:3-24:11 selector-matches-nothing No pod in namespace `shop` matches this PodDisruptionBudget\'s selector (`app: web, tier: front`); it protects nothing.',
      '30:3-30:11 selector-matches-nothing No pod in namespace `shop` matches this PodMonitor\'s selector (`app: api`); nothing is scraped.',
      '37:3-37:11 selector-matches-nothing No Service in namespace `shop` matches this ServiceMonitor\'s selector (`team: shop`); nothing is scraped.',
    ]);
  });

  it('unknown-target-port: a targetPort name none of the selected pods declares', () => {
    const ws = new TestWorkspace({
      'web.yaml': deployment('web', '', { container: '        ports:\n        - name: http\n          containerPort: 8080\n' }),
      'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: htpp\n  - port: 81\n    targetPort: metrics\n  - port: 82\n    targetPort: 8080\n',
    });
    assert.deepEqual(ws.findings('service.yaml'), [
      '10:17-10:21 unknown-target-port No pod this Service selects declares a container port named `htpp`; did you mean `http`?',
      '12:17-12:24 unknown-target-port No pod this Service selects declares a container port named `metrics`; connections to this port fail.',
    ]);
  });

  it('replicas-with-autoscaler, and its quick fix: remove `replicas` (comments and the rest kept)', () => {
    const web = deployment('web', '', { replicas: 3 }).replace('  replicas: 3', '  replicas: 3 # the scale');
    const ws = new TestWorkspace({
      'web.yaml': web,
      'keda.yaml': 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    name: web\n  triggers:\n  - type: cpu\n    metadata:\n      value: "50"\n',
    });
    assert.deepEqual(ws.findings('web.yaml'), ['6:3-6:11 replicas-with-autoscaler ScaledObject `web` scales this Deployment; `replicas: 3` here resets its scale at every apply. Remove `replicas`.']);
    const uri = ws.uri('web.yaml');
    const diagnostics = withWorkspaceDiagnostics(ws.model, uri, ws.service.analyze(uri, web, ws.settings).diagnostics, ws.settings);
    const finding = diagnostics.find((d) => d.code === 'replicas-with-autoscaler')!;
    assert.equal(finding.relatedInformation?.[0].location.uri, ws.uri('keda.yaml'));
    const actions = getCodeActions(ws.service, uri, web, ws.settings, [finding]);
    assert.deepEqual(actions.map((action) => action.title), ['Remove `replicas` (the autoscaler sets the scale)', 'Disable `replicas-with-autoscaler` for this line', 'Disable `replicas-with-autoscaler` for this resource']);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, web), actions[0].edit!.changes![uri]);
    assert.equal(fixed, web.replace('  replicas: 3 # the scale\n', ''));
    ws.set('web.yaml', fixed);
    assert.deepEqual(ws.findings('web.yaml'), []);
  });

  it('duplicate-resource: the same kind, namespace and name twice (another namespace, or another kind, is fine)', () => {
    const ws = new TestWorkspace({
      'a.yaml': CONFIG_MAP('settings'),
      'sub/b.yaml': `${CONFIG_MAP('settings')}---\n${CONFIG_MAP('settings', 'other')}`,
      'c.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: settings\n',
    });
    assert.deepEqual(ws.findings('a.yaml'), ['4:9-4:17 duplicate-resource Another ConfigMap `settings` in namespace `default` is defined in `sub/b.yaml` (line 1); one replaces the other when both are applied.']);
    assert.deepEqual(ws.findings('sub/b.yaml'), ['4:9-4:17 duplicate-resource Another ConfigMap `settings` in namespace `default` is defined in `../a.yaml` (line 1); one replaces the other when both are applied.']);
    assert.deepEqual(ws.findings('c.yaml'), []);
  });

  it('pdb-blocks-eviction: maxUnavailable 0, minAvailable 100% or not below the replicas it selects', () => {
    const pdb = (name: string, field: string, app: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\nspec:\n  ${field}\n  selector:\n    matchLabels:\n      app: ${app}\n`;
    const ws = new TestWorkspace({
      'web.yaml': deployment('web', '', { replicas: 2 }),
      'api.yaml': deployment('api', '', { replicas: 3 }),
      'pdbs.yaml': [pdb('a', 'maxUnavailable: 0', 'web'), pdb('b', 'minAvailable: 2', 'web'), pdb('c', 'minAvailable: 2', 'api'), pdb('d', 'minAvailable: "100%"', 'api')].join('---\n'),
    });
    assert.deepEqual(ws.findings('pdbs.yaml'), [
      '6:19-6:20 pdb-blocks-eviction `maxUnavailable: 0` allows no voluntary disruption: draining a node waits forever for these pods.',
      '16:17-16:18 pdb-blocks-eviction `minAvailable: 2` is not below the 2 replicas of the pods it selects: no pod may be evicted, so draining a node waits forever.',
      '36:18-36:22 pdb-blocks-eviction `minAvailable: 100%` allows no voluntary disruption: draining a node waits forever for these pods.',
    ]);
  });

  it('missing-pdb: off by default; on, a replicated workload no PodDisruptionBudget covers', () => {
    const ws = new TestWorkspace({ 'web.yaml': deployment('web', '', { replicas: 3 }), 'one.yaml': deployment('one', '', { replicas: 1 }) });
    assert.deepEqual(ws.findings('web.yaml'), []);
    const on = testSettings({ rules: { ...RULES_OFF, 'missing-pdb': 'info' } });
    assert.deepEqual(ws.findings('web.yaml', on), ['4:9-4:12 missing-pdb Deployment `web` runs several replicas but no PodDisruptionBudget covers its pods; draining nodes may evict them all at once.']);
    assert.deepEqual(ws.findings('one.yaml', on), []);
    ws.set('pdb.yaml', 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n');
    assert.deepEqual(ws.findings('web.yaml', on), []);
  });

  it('pod-without-network-policy: off by default; on, pods no NetworkPolicy selects, silent without any NetworkPolicy', () => {
    const policy = (selector: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: ${selector}\n  policyTypes: [Ingress]\n`;
    const on = testSettings({ rules: { ...RULES_OFF, 'pod-without-network-policy': 'info' } });
    const ws = new TestWorkspace({ 'web.yaml': deployment('web') });
    assert.deepEqual(ws.findings('web.yaml', on), [], 'no NetworkPolicy in the workspace: managed elsewhere');
    ws.set('policy.yaml', policy('{matchLabels: {app: api}}'));
    assert.deepEqual(ws.findings('web.yaml'), []);
    assert.deepEqual(ws.findings('web.yaml', on), [
      '4:9-4:12 pod-without-network-policy No NetworkPolicy in namespace `default` selects the pods of Deployment `web`: they accept traffic from anywhere in the cluster.',
    ]);
    // A peer selector does not isolate the pods it names; the policy's own podSelector does (`{}`: every pod).
    ws.set('policy.yaml', `${policy('{matchLabels: {app: api}}')}  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: web}}\n`);
    assert.equal(ws.findings('web.yaml', on).length, 1);
    ws.set('policy.yaml', policy('{}'));
    assert.deepEqual(ws.findings('web.yaml', on), []);
  });

  it('severity: kubesmith.references.severity for all, a level in kubesmith.rules for one; off', () => {
    const ws = new TestWorkspace({ 'config.yaml': CONFIG_MAP('a'), 'web.yaml': deployment('web', '', { container: ENV_FROM('configMapRef', 'b') }) });
    const severity = (overrides: object) => {
      const uri = ws.uri('web.yaml');
      const own = ws.service.analyze(uri, ws.texts.get('web.yaml')!, ws.settings).diagnostics;
      return withWorkspaceDiagnostics(ws.model, uri, own, { ...ws.settings, ...overrides }).map((d) => `${d.code}:${d.severity}`);
    };
    assert.deepEqual(severity({}), ['missing-configmap:3']);
    assert.deepEqual(severity({ references: { severity: 'warning' } }), ['missing-configmap:2']);
    assert.deepEqual(severity({ references: { severity: 'warning' }, rules: { ...RULES_OFF, 'missing-configmap': 'error' } }), ['missing-configmap:1']);
    assert.deepEqual(severity({ references: { severity: 'off' } }), []);
  });

  it('is suppressed like any rule: comments, kubesmith.io/ignore, kube-linter\'s annotation', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  # kubesmith-disable-next-line selector-matches-nothing\n  selector:\n    app: nope\n  ports: [{port: 80}]\n';
    const annotated = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: t\n  annotations:\n    ignore-check.kube-linter.io/dangling-service: "made by another team"\nspec:\n  selector:\n    app: nope\n  ports: [{port: 80}]\n';
    const ignored = `${deployment('web', '', { container: ENV_FROM('configMapRef', 'b') })}`.replace('  name: web\n', '  name: web\n  annotations:\n    kubesmith.io/ignore: missing-configmap\n');
    const ws = new TestWorkspace({ 'web.yaml': ignored, 'config.yaml': CONFIG_MAP('a'), 's.yaml': service, 't.yaml': annotated });
    assert.deepEqual(ws.all(), []);
    ws.set('s.yaml', service.replace('  # kubesmith-disable-next-line selector-matches-nothing\n', ''));
    assert.deepEqual(ws.all(), ['s.yaml 6:3-6:11 selector-matches-nothing']);
  });

  it('automount-service-account-token (#14 item 7): settled when the pod\'s ServiceAccount turns the token off, in the same file or another', () => {
    const all = testSettings({ profile: 'all', rules: { 'automount-service-account-token': 'warning' } });
    const account = (automount: boolean) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\nautomountServiceAccountToken: ${automount}\n`;
    const automount = (ws: TestWorkspace, path: string) => ws.diagnostics(path, all).filter((line) => line.includes('automount-service-account-token')).map((line) => line.split(' ')[0]);
    const sameFile = new TestWorkspace({ 'web.yaml': `${account(false)}---\n${deployment('web', '      serviceAccountName: runner\n')}` }, all);
    assert.deepEqual(automount(sameFile, 'web.yaml'), [], 'its fix text says that is enough');
    const otherFile = new TestWorkspace({ 'sa.yaml': account(false), 'web.yaml': deployment('web', '      serviceAccountName: runner\n') }, all);
    assert.deepEqual(automount(otherFile, 'web.yaml'), []);
    // An explicit `true` on the pod wins over the ServiceAccount; an account that mounts it does not settle it.
    otherFile.set('web.yaml', deployment('web', '      serviceAccountName: runner\n      automountServiceAccountToken: true\n'));
    assert.deepEqual(automount(otherFile, 'web.yaml'), ['15:37-15:41']);
    otherFile.set('web.yaml', deployment('web', '      serviceAccountName: runner\n'));
    otherFile.set('sa.yaml', account(true));
    assert.deepEqual(automount(otherFile, 'web.yaml'), ['13:5-13:9']);
    // The pod's `default` account, when the workspace defines it.
    const byDefault = new TestWorkspace({ 'sa.yaml': account(false).replace('runner', 'default'), 'web.yaml': deployment('web') }, all);
    assert.deepEqual(automount(byDefault, 'web.yaml'), []);
  });

  it('keeps the model incremental: a file\'s entries replaced, other files\' findings follow, positions alone change nothing', () => {
    const ws = new TestWorkspace({ 'config.yaml': CONFIG_MAP('settings'), 'web.yaml': deployment('web', '', { container: ENV_FROM('configMapRef', 'settings') }) });
    assert.deepEqual(ws.all(), []);
    assert.equal(ws.set('config.yaml', `# moved down a line\n${CONFIG_MAP('settings')}`), false, 'only positions changed: nothing another file sees');
    assert.equal(ws.set('config.yaml', CONFIG_MAP('renamed')), true);
    assert.deepEqual(ws.all(), ['web.yaml 19:19-19:27 missing-configmap']);
    assert.equal(ws.remove('config.yaml'), true);
    assert.deepEqual(ws.all(), [], 'no ConfigMap left at all');
    assert.equal(ws.model.files().length, 1);
  });
});
