import { strict as assert } from 'node:assert';
import { RuleLevel } from '../../../protocol/settings';
import { networkRules as networkOnly } from '../../../server/src/core/rules/network';
import { rbacRules } from '../../../server/src/core/rules/rbac';
import { istioRules } from '../../../server/src/core/rules/istio';

/** The network rules, then the RBAC rules (the categories this file tests, with Istio). */
const networkRules = [...networkOnly, ...rbacRules];
import { NO_RULES, applyAction, changedRegion, codeActions, fixRule, lint, lintRule, onlyRule, rangeOf, severities, webDeployment } from '../../helpers';

/**
 * Network, RBAC and Istio rules: for each rule a manifest that fires and one that does not; for
 * each fix, the fix applied, the finding gone, the rest of the file unchanged, comments kept.
 */

const OURS = [...networkRules, ...istioRules].map((rule) => rule.meta.id);
/** Only the rules of this file on, at their default severity. */
const ourRules = { rules: { ...NO_RULES, ...Object.fromEntries([...networkRules, ...istioRules].map((rule) => [rule.meta.id, rule.meta.defaultSeverity as RuleLevel])) } };

// --- Fixtures (each is schema-valid: see the last test) ---

const sshDeployment = `# A bastion host, the old way.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bastion
spec:
  selector:
    matchLabels:
      app: bastion
  template:
    metadata:
      labels:
        app: bastion
    spec:
      containers:
      - name: sshd
        image: linuxserver/openssh-server:9.7_p1-r4
        ports:
        - containerPort: 22 # ssh
        - containerPort: 22
          protocol: UDP
        - containerPort: 8080
`;

const service = (type: string, ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: bastion
spec:
  type: ${type} # how it is reached
  selector:
    app: bastion
  ports:
${ports}`;

const sshService = service('ClusterIP', `  - name: ssh
    port: 22
  - name: alt-ssh
    port: 2222
    targetPort: 22
  - name: syslog
    port: 22
    protocol: UDP
  - name: https
    port: 443
    targetPort: 8443
`);

const ingress = (tls: string) => `# Public entry point.
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  ingressClassName: nginx${tls}
  rules:
  - host: api.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              number: 80
  - host: example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
`;

const networkPolicy = (body: string) => `# Policies of the shop namespace.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector: # the API pods
    matchLabels:
      app: api
${body}`;

const ingressRules = `  # who may call the API
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: web
`;

const egressRules = `  egress:
  - to:
    - podSelector:
        matchLabels:
          app: db
`;

const role = (rules: string, kind = 'Role') => `# Access for the deploy bot.
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: deployer
${kind === 'Role' ? '  namespace: shop\n' : ''}rules:
${rules}`;

const binding = (kind: string, roleKind: string, roleName: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: deployer
${kind === 'RoleBinding' ? '  namespace: shop\n' : ''}subjects:
- kind: ServiceAccount
  name: deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleKind}
  name: ${roleName} # the role granted
`;

const destinationRule = (apiVersion = 'networking.istio.io/v1') => `# Circuit breaking for reviews.
apiVersion: ${apiVersion}
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews.shop.svc.cluster.local
  trafficPolicy:
    outlierDetection:
      consecutiveErrors: 7 # eject after 7 failures
      interval: 30s
      baseEjectionTime: 60s
    portLevelSettings:
    - port:
        number: 9080
      outlierDetection:
        consecutiveErrors: 3
        consecutive5xxErrors: 4
  subsets:
  - name: v1
    labels:
      version: v1
    trafficPolicy:
      outlierDetection:
        consecutiveErrors: 0
      portLevelSettings:
      - port:
          number: 9443
        outlierDetection:
          consecutiveErrors: 2
`;

describe('rules: network', () => {
  it('ssh-port fires on container port 22 and on Service port or targetPort 22 over TCP', () => {
    assert.deepEqual(lintRule(sshDeployment, 'ssh-port'), [
      '19:26-19:28 ssh-port Container `sshd` declares port 22, the SSH port; do not run an SSH server in a container (use `kubectl exec`), or move the service to another port.',
    ]);
    assert.deepEqual(lintRule(sshService, 'ssh-port'), [
      '11:11-11:13 ssh-port This Service exposes port 22, the SSH port; do not expose SSH from the cluster, or use another port if this is not SSH.',
      '14:17-14:19 ssh-port This Service forwards to port 22, the SSH port, of its pods; do not expose SSH from the cluster, or use another port if this is not SSH.',
    ]);
  });

  it('ssh-port does not fire on other ports or on UDP 22', () => {
    assert.deepEqual(lintRule(sshDeployment.replace('        - containerPort: 22 # ssh\n', ''), 'ssh-port'), []);
    assert.deepEqual(lintRule(service('ClusterIP', '  - name: https\n    port: 443\n    targetPort: 8443\n  - name: syslog\n    port: 22\n    protocol: UDP\n'), 'ssh-port'), []);
  });

  it('nodeport-service fires on type NodePort, from the restricted profile on', () => {
    const text = service('NodePort', '  - name: https\n    port: 443\n');
    assert.deepEqual(lintRule(text, 'nodeport-service'), [
      "6:9-6:17 nodeport-service A NodePort Service opens its port on every node's IP address; put a ClusterIP Service behind an Ingress, or use a LoadBalancer, instead.",
    ]);
    assert.ok(lint(text, { profile: 'restricted' }).some((line) => line.includes(' nodeport-service ')));
    assert.ok(!lint(text, { profile: 'baseline' }).some((line) => line.includes(' nodeport-service ')));
  });

  it('nodeport-service does not fire on ClusterIP or LoadBalancer Services', () => {
    assert.deepEqual(lintRule(service('ClusterIP', '  - name: https\n    port: 443\n'), 'nodeport-service'), []);
    assert.deepEqual(lintRule(service('LoadBalancer', '  - name: https\n    port: 443\n'), 'nodeport-service'), []);
  });

  it('ingress-without-tls points at spec when there is no tls section', () => {
    assert.deepEqual(lintRule(ingress(''), 'ingress-without-tls'), [
      '6:1-6:5 ingress-without-tls This Ingress has no `tls` section, so `api.example.com` and `example.com` are served over plain HTTP; add `spec.tls` with the hosts and a certificate Secret.',
    ]);
  });

  it('ingress-without-tls points at each host no tls entry covers (a wildcard covers one label)', () => {
    const text = ingress('\n  tls:\n  - hosts:\n    - "*.example.com" # wildcard certificate\n    secretName: example-tls');
    assert.deepEqual(lintRule(text, 'ingress-without-tls'), [
      '23:11-23:22 ingress-without-tls Host `example.com` is in no `tls` entry, so it is served over plain HTTP; add it to the `hosts` of a `spec.tls` entry whose certificate covers it.',
    ]);
    assert.deepEqual(lintRule(text.replace('api.example.com', 'v1.api.example.com'), 'ingress-without-tls').map((line) => line.split(' ').slice(0, 4).join(' ')), [
      '13:11-13:29 ingress-without-tls Host `v1.api.example.com`',
      '23:11-23:22 ingress-without-tls Host `example.com`',
    ]);
  });

  it('ingress-without-tls does not fire when every host is covered', () => {
    const covered = ingress('\n  tls:\n  - hosts:\n    - "*.example.com"\n    secretName: example-tls\n  - hosts:\n    - example.com\n    secretName: apex-tls');
    assert.deepEqual(lintRule(covered, 'ingress-without-tls'), []);
    // An entry without hosts uses the controller's default certificate for every host.
    assert.deepEqual(lintRule(ingress('\n  tls:\n  - secretName: default-tls'), 'ingress-without-tls'), []);
  });

  it('networkpolicy-no-policy-types with egress rules: fixed with [Ingress, Egress] before the rules', () => {
    const text = networkPolicy(ingressRules + egressRules);
    assert.deepEqual(lintRule(text, 'networkpolicy-no-policy-types'), [
      '7:1-7:5 networkpolicy-no-policy-types This NetworkPolicy has no `policyTypes`; Kubernetes reads it as `[Ingress, Egress]` only because it has egress rules. Set `policyTypes: [Ingress, Egress]` so removing the last egress rule does not silently open all egress.',
    ]);
    assert.deepEqual(codeActions(text, onlyRule('networkpolicy-no-policy-types')).map((action) => action.title)[0], 'Set `policyTypes: [Ingress, Egress]`');
    const fixed = fixRule(text, 'networkpolicy-no-policy-types');
    assert.equal(fixed, text.replace('  # who may call the API\n', '  policyTypes:\n  - Ingress\n  - Egress\n  # who may call the API\n'));
    assert.deepEqual(lintRule(fixed, 'networkpolicy-no-policy-types'), []);
  });

  it('networkpolicy-no-policy-types without egress rules: fixed with [Ingress], as Kubernetes defaults it', () => {
    const text = networkPolicy(ingressRules);
    assert.deepEqual(lintRule(text, 'networkpolicy-no-policy-types'), [
      '7:1-7:5 networkpolicy-no-policy-types This NetworkPolicy has no `policyTypes`; Kubernetes reads it as `[Ingress]`, so it does not restrict egress. Set `policyTypes` to say which directions it isolates.',
    ]);
    const fixed = fixRule(text, 'networkpolicy-no-policy-types');
    assert.equal(fixed, text.replace('  # who may call the API\n', '  policyTypes:\n  - Ingress\n  # who may call the API\n'));
    assert.deepEqual(lintRule(fixed, 'networkpolicy-no-policy-types'), []);
  });

  it('networkpolicy-no-policy-types: `egress: []` is not enforced without policyTypes; the fix makes it so', () => {
    const text = networkPolicy(`${ingressRules}  egress: [] # no egress at all\n`);
    assert.deepEqual(lintRule(text, 'networkpolicy-no-policy-types'), [
      '17:3-17:9 networkpolicy-no-policy-types This NetworkPolicy has `egress: []` but no `policyTypes`, so Kubernetes reads it as `[Ingress]` and egress is not restricted at all; set `policyTypes: [Ingress, Egress]` to deny all egress as written, or remove `egress: []`.',
    ]);
    const fixed = fixRule(text, 'networkpolicy-no-policy-types');
    assert.equal(fixed, text.replace('  # who may call the API\n', '  policyTypes:\n  - Ingress\n  - Egress\n  # who may call the API\n'));
    assert.deepEqual(lintRule(fixed, 'networkpolicy-no-policy-types'), []);

    const egressOnly = networkPolicy('  egress: []\n');
    assert.deepEqual(lintRule(egressOnly, 'networkpolicy-no-policy-types'), [
      '11:3-11:9 networkpolicy-no-policy-types This NetworkPolicy has `egress: []` but no `policyTypes`, so Kubernetes reads it as `[Ingress]`: it denies all ingress and does not restrict egress. Set `policyTypes` to what you mean: `[Egress]` to deny only egress, `[Ingress, Egress]` to deny both.',
    ]);
  });

  it('networkpolicy-no-policy-types: an empty policyTypes list is filled in place, its comment kept', () => {
    const text = networkPolicy(`  policyTypes: [] # to decide\n${ingressRules}`);
    assert.deepEqual(lintRule(text, 'networkpolicy-no-policy-types'), [
      '11:3-11:14 networkpolicy-no-policy-types This NetworkPolicy has an empty `policyTypes`; Kubernetes reads it as `[Ingress]`, so it does not restrict egress. Set `policyTypes` to say which directions it isolates.',
    ]);
    const fixed = fixRule(text, 'networkpolicy-no-policy-types');
    assert.equal(fixed, text.replace('  policyTypes: [] # to decide', '  policyTypes: [Ingress] # to decide'));
    assert.deepEqual(lintRule(fixed, 'networkpolicy-no-policy-types'), []);
  });

  it('networkpolicy-no-policy-types does not fire when policyTypes is set', () => {
    assert.deepEqual(lintRule(networkPolicy(`  policyTypes:\n  - Ingress\n${ingressRules}`), 'networkpolicy-no-policy-types'), []);
    assert.deepEqual(lintRule(networkPolicy('  policyTypes: [Egress]\n  egress: []\n'), 'networkpolicy-no-policy-types'), []);
  });
});

describe('rules: RBAC', () => {
  it('rbac-wildcard points at every `*` item', () => {
    const text = role('- apiGroups: ["*"]\n  resources: ["deployments", "*"]\n  verbs:\n  - get\n  - "*" # everything\n');
    assert.deepEqual(lintRule(text, 'rbac-wildcard'), [
      '8:15-8:18 rbac-wildcard `*` in `apiGroups` grants every API group, including those of custom resources installed later; list the API groups this Role needs.',
      '9:30-9:33 rbac-wildcard `*` in `resources` grants every resource in its API groups, including ones added later; list the resources this Role needs.',
      '12:5-12:8 rbac-wildcard `*` in `verbs` grants every verb, including `delete`, `escalate`, `bind` and `impersonate` where they apply; list the verbs this Role needs.',
    ]);
  });

  it('rbac-wildcard does not fire on named groups, resources and verbs', () => {
    assert.deepEqual(lintRule(role('- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "patch"]\n'), 'rbac-wildcard'), []);
  });

  it('cluster-admin-binding is a warning on a ClusterRoleBinding (the API server accepts it)', () => {
    const text = binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin');
    assert.deepEqual(lintRule(text, 'cluster-admin-binding'), [
      '12:9-12:22 cluster-admin-binding This binding gives its subjects `cluster-admin`: full control of every resource in every namespace. Bind a ClusterRole that grants only what they need.',
    ]);
    assert.deepEqual(severities(text, onlyRule('cluster-admin-binding')), ['cluster-admin-binding:2']);
  });

  it('cluster-admin-binding fires on a RoleBinding, naming its namespace', () => {
    assert.deepEqual(lintRule(binding('RoleBinding', 'ClusterRole', 'cluster-admin'), 'cluster-admin-binding'), [
      '13:9-13:22 cluster-admin-binding This binding gives its subjects `cluster-admin` in namespace `shop`: full control of everything there, Secrets and RBAC included. Bind a Role that grants only what they need.',
    ]);
    // Bound in one namespace: a warning at the rule's default level; a level the user sets applies as set.
    const roleBinding = binding('RoleBinding', 'ClusterRole', 'cluster-admin');
    assert.deepEqual(severities(roleBinding, onlyRule('cluster-admin-binding')), ['cluster-admin-binding:2']);
    assert.deepEqual(severities(roleBinding, onlyRule('cluster-admin-binding', 'info')), ['cluster-admin-binding:3']);
  });

  it('cluster-admin-binding does not fire on other roles, or on a Role that happens to be called cluster-admin', () => {
    assert.deepEqual(lintRule(binding('ClusterRoleBinding', 'ClusterRole', 'view'), 'cluster-admin-binding'), []);
    assert.deepEqual(lintRule(binding('RoleBinding', 'Role', 'cluster-admin'), 'cluster-admin-binding'), []);
  });

  it('rbac-secrets-access fires on read verbs on secrets (or *) in the core group', () => {
    const text = role('- apiGroups: [""]\n  resources: ["configmaps", "secrets"]\n  verbs: ["get", "list"]\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["watch"]\n', 'ClusterRole');
    assert.deepEqual(lintRule(text, 'rbac-secrets-access'), [
      '8:29-8:38 rbac-secrets-access This rule grants `get` and `list` on Secrets: anyone bound to this ClusterRole can read every Secret wherever it is bound (in every namespace through a ClusterRoleBinding). Remove the access, or limit it with `resourceNames`.',
      '11:15-11:18 rbac-secrets-access `*` includes `secrets`, so this rule grants `watch` on Secrets: anyone bound to this ClusterRole can read every Secret wherever it is bound (in every namespace through a ClusterRoleBinding). Remove the access, or limit it with `resourceNames`.',
    ]);
  });

  it('rbac-secrets-access does not fire on named Secrets, other groups or write-only verbs', () => {
    const text = role([
      '- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["deployer-token"]\n  verbs: ["get"]\n',
      '- apiGroups: ["apps"]\n  resources: ["*"]\n  verbs: ["get"]\n',
      '- apiGroups: [""]\n  resources: ["secrets"]\n  verbs: ["create"]\n',
    ].join(''));
    assert.deepEqual(lintRule(text, 'rbac-secrets-access'), []);
  });

  it('rbac-pod-exec fires on create on pods/exec and pods/attach (and their wildcards), and on get before 1.35', () => {
    const text = role('- apiGroups: [""]\n  resources: ["pods/exec", "pods/attach", "pods/log"]\n  verbs: ["create", "get"]\n- apiGroups: [""]\n  resources: ["pods/*"]\n  verbs: ["get"]\n');
    assert.deepEqual(lintRule(text, 'rbac-pod-exec'), [
      '9:15-9:26 rbac-pod-exec This rule grants `create` on `pods/exec`: anyone bound to this Role can run commands in every pod in its namespace. Remove it, or keep it in a separate role for debugging.',
      '9:28-9:41 rbac-pod-exec This rule grants `create` on `pods/attach`: anyone bound to this Role can run commands in every pod in its namespace. Remove it, or keep it in a separate role for debugging.',
      '12:15-12:23 rbac-pod-exec This rule grants `get` on `pods/*` (which includes `pods/exec` and `pods/attach`): before Kubernetes 1.35 that is enough to run commands in pods over a WebSocket. Remove it, or keep it in a separate role for debugging.',
    ]);
  });

  it('rbac-pod-exec does not fire on logs, on creating pods, or outside the core group', () => {
    const text = role([
      '- apiGroups: [""]\n  resources: ["pods", "pods/log"]\n  verbs: ["create", "get"]\n',
      '- apiGroups: ["apps"]\n  resources: ["*"]\n  verbs: ["create"]\n',
    ].join(''));
    assert.deepEqual(lintRule(text, 'rbac-pod-exec'), []);
  });
});

describe('rules: Istio', () => {
  it('istio-consecutive-errors fires in every traffic policy: top level, port level, subsets', () => {
    assert.deepEqual(lintRule(destinationRule(), 'istio-consecutive-errors'), [
      '10:7-10:24 istio-consecutive-errors `consecutiveErrors` is deprecated and recent Istio ignores it, so hosts are ejected after the default of 5 consecutive 5xx errors, not 7; use `consecutive5xxErrors: 7` (or `consecutiveGatewayErrors: 7` to count only 502, 503 and 504, as it once did).',
      '17:9-17:26 istio-consecutive-errors `consecutiveErrors` is deprecated and ignored; `consecutive5xxErrors` already sets the threshold here, so remove `consecutiveErrors`.',
      '25:9-25:26 istio-consecutive-errors `consecutiveErrors: 0` is deprecated and has no effect; remove it (hosts are ejected after the default of 5 consecutive 5xx errors).',
      '30:11-30:28 istio-consecutive-errors `consecutiveErrors` is deprecated and recent Istio ignores it, so hosts are ejected after the default of 5 consecutive 5xx errors, not 2; use `consecutive5xxErrors: 2` (or `consecutiveGatewayErrors: 2` to count only 502, 503 and 504, as it once did).',
    ]);
    for (const version of ['v1beta1', 'v1alpha3']) {
      assert.equal(lintRule(destinationRule(`networking.istio.io/${version}`), 'istio-consecutive-errors').length, 4, version);
    }
  });

  it('istio-consecutive-errors says what happens for every value, the default of 5 included', () => {
    const messages = (value: string) => lintRule(destinationRule().replace('consecutiveErrors: 7 # eject after 7 failures', `consecutiveErrors: ${value}`), 'istio-consecutive-errors')[0];
    const ignored = (n: number) => `10:7-10:24 istio-consecutive-errors \`consecutiveErrors\` is deprecated and recent Istio ignores it, so hosts are ejected after the default of 5 consecutive 5xx errors, not ${n}; use \`consecutive5xxErrors: ${n}\` (or \`consecutiveGatewayErrors: ${n}\` to count only 502, 503 and 504, as it once did).`;
    assert.equal(messages('1'), ignored(1));
    assert.equal(messages('4'), ignored(4));
    assert.equal(messages('6'), ignored(6));
    assert.equal(messages('100'), ignored(100));
    for (const five of ['5', '5.0']) {
      assert.equal(messages(five), '10:7-10:24 istio-consecutive-errors `consecutiveErrors` is deprecated and recent Istio ignores it; hosts are still ejected after 5 consecutive 5xx errors, but only because that is the default. Say it with `consecutive5xxErrors: 5` (or `consecutiveGatewayErrors: 5` to count only 502, 503 and 504, as it once did).');
    }
    assert.equal(messages('0'), '10:7-10:24 istio-consecutive-errors `consecutiveErrors: 0` is deprecated and has no effect; remove it (hosts are ejected after the default of 5 consecutive 5xx errors).');
    assert.equal(messages('-1'), '10:7-10:24 istio-consecutive-errors `consecutiveErrors: -1` is deprecated and has no effect; remove it (hosts are ejected after the default of 5 consecutive 5xx errors).');
    for (const value of ['1', '5', '6', '0']) assert.doesNotMatch(messages(value), /default of 5 consecutive 5xx errors, not 5\b/, value);
  });

  it('istio-consecutive-errors is fixed by renaming the key, value and comment kept', () => {
    const text = destinationRule();
    const settings = onlyRule('istio-consecutive-errors');
    assert.deepEqual(codeActions(text, settings).map((action) => action.title).filter((title) => !title.startsWith('Disable') && !title.startsWith('Fix all')), [
      'Rename to `consecutive5xxErrors`', 'Remove `consecutiveErrors`', 'Remove `consecutiveErrors`', 'Rename to `consecutive5xxErrors`',
    ]);
    const fixed = fixRule(text, 'istio-consecutive-errors');
    assert.deepEqual(changedRegion(text, fixed), { removed: '', added: '5xx' });
    assert.ok(fixed.includes('      consecutive5xxErrors: 7 # eject after 7 failures\n'));
    assert.equal(lintRule(fixed, 'istio-consecutive-errors').length, 3);
  });

  it('istio-consecutive-errors removes the key where consecutive5xxErrors is already set', () => {
    const text = destinationRule().replace('      consecutiveErrors: 7 # eject after 7 failures\n', '      consecutive5xxErrors: 7 # eject after 7 failures\n');
    const fixed = fixRule(text, 'istio-consecutive-errors');
    assert.equal(fixed, text.replace('        consecutiveErrors: 3\n', ''));
    assert.deepEqual(lintRule(fixed, 'istio-consecutive-errors').map((line) => line.split(' ')[0]), ['24:9-24:26', '29:11-29:28']);
  });

  it('"fix all" leaves no consecutiveErrors behind and lints clean', () => {
    const settings = onlyRule('istio-consecutive-errors');
    const text = destinationRule();
    const title = codeActions(text, settings).find((action) => action.title.startsWith('Fix all'))?.title;
    assert.equal(title, 'Fix all `istio-consecutive-errors` problems in this file (4)');
    const fixed = applyAction(text, title!, settings);
    assert.deepEqual(lint(fixed, settings), []);
    assert.equal(fixed, text
      .replace('consecutiveErrors: 7 # eject', 'consecutive5xxErrors: 7 # eject')
      .replace('        consecutiveErrors: 3\n', '')
      .replace('      outlierDetection:\n        consecutiveErrors: 0\n', '      outlierDetection: {}\n') // the empty object stays: outlier detection stays on
      .replace('consecutiveErrors: 2', 'consecutive5xxErrors: 2'));
  });

  it('istio-consecutive-errors does not fire on consecutive5xxErrors or consecutiveGatewayErrors', () => {
    const text = destinationRule().replace(/consecutiveErrors: (\d+)(.*)\n/g, 'consecutiveGatewayErrors: $1$2\n');
    assert.deepEqual(lintRule(text, 'istio-consecutive-errors'), []);
  });
});

describe('rules: network, RBAC and Istio in real files', () => {
  it('in a multi-document file only the right documents fire', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployer
  namespace: shop
spec:
  selector:
    matchLabels:
      app: deployer
  template:
    metadata:
      labels:
        app: deployer
    spec:
      serviceAccountName: deployer
      containers:
      - name: deployer
        image: example/deployer:2.4.1
        ports:
        - containerPort: 8080
`;
    const text = `${role('- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "patch"]\n- apiGroups: [""]\n  resources: ["secrets"]\n  verbs: ["list"]\n')}---\n${binding('RoleBinding', 'Role', 'deployer')}---\n${deployment}`;
    assert.deepEqual(lint(text, ourRules), [
      '12:15-12:24 rbac-secrets-access This rule grants `list` on Secrets: anyone bound to this Role can read every Secret in its namespace. Remove the access, or limit it with `resourceNames`.',
    ]);
    const withAdmin = text.replace('  kind: Role\n  name: deployer', '  kind: ClusterRole\n  name: cluster-admin');
    assert.deepEqual(lint(withAdmin, ourRules).map((line) => line.split(' ').slice(0, 2).join(' ')), [
      '12:15-12:24 rbac-secrets-access',
      '27:9-27:22 cluster-admin-binding',
    ]);
  });

  it('checks a Role inside a kind: List', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata:
    name: deployer
    namespace: shop
  rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["*"]
`;
    assert.deepEqual(lintRule(text, 'rbac-wildcard'), [
      '12:13-12:16 rbac-wildcard `*` in `verbs` grants every verb, including `delete`, `escalate`, `bind` and `impersonate` where they apply; list the verbs this Role needs.',
    ]);
  });

  it('fixes a NetworkPolicy inside a kind: List', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: deny-all # everything
  spec:
    podSelector: {}
`;
    assert.deepEqual(lintRule(text, 'networkpolicy-no-policy-types').map((line) => line.split(' ')[0]), ['8:3-8:7']);
    const fixed = fixRule(text, 'networkpolicy-no-policy-types');
    assert.equal(fixed, `${text}    policyTypes:\n    - Ingress\n`);
    assert.deepEqual(lintRule(fixed, 'networkpolicy-no-policy-types'), []);
  });

  it('honours kubesmith-disable-next-line and kube-linter annotations', () => {
    const text = role('- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["*"]\n');
    assert.equal(lintRule(text, 'rbac-wildcard').length, 1);
    assert.deepEqual(lintRule(text.replace('  verbs: ["*"]', '  # kubesmith-disable-next-line rbac-wildcard\n  verbs: ["*"]'), 'rbac-wildcard'), []);
    // Another rule's suppression does not hide this one.
    assert.equal(lintRule(text.replace('  verbs: ["*"]', '  # kubesmith-disable-next-line rbac-pod-exec\n  verbs: ["*"]'), 'rbac-wildcard').length, 1);
    assert.deepEqual(lintRule(text.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    ignore-check.kube-linter.io/wildcard-in-rules: "reviewed"\n'), 'rbac-wildcard'), []);
    const nodePort = service('NodePort', '  - name: https\n    port: 443\n');
    assert.deepEqual(lintRule(nodePort.replace('  type: NodePort', '  # kubesmith-disable-next-line nodeport-service\n  type: NodePort'), 'nodeport-service'), []);
  });

  it('every rule of this file has complete metadata', () => {
    for (const rule of [...networkRules, ...istioRules]) {
      assert.ok(rule.meta.title && rule.meta.rationale && rule.meta.howToFix, rule.meta.id);
      assert.ok(['network', 'rbac', 'istio'].includes(rule.meta.category), rule.meta.id);
      assert.ok(!rule.fix || rule.fixTitle, `${rule.meta.id} has a fix without a title`);
    }
    assert.deepEqual(OURS, [
      'ssh-port', 'privileged-port', 'nodeport-service', 'ingress-without-tls', 'networkpolicy-no-policy-types',
      'rbac-wildcard', 'cluster-admin-binding', 'rbac-secrets-access', 'rbac-pod-exec', 'rbac-privilege-escalation', 'rbac-create-pods',
      'istio-consecutive-errors',
    ]);
  });

  it('the fixtures are schema-valid: with the rules off, nothing is reported', () => {
    const fixtures = [
      sshDeployment, sshService, service('NodePort', '  - name: https\n    port: 443\n'),
      ingress(''), ingress('\n  tls:\n  - hosts:\n    - "*.example.com"\n    secretName: example-tls'),
      networkPolicy(ingressRules + egressRules), networkPolicy(`${ingressRules}  egress: [] # no egress at all\n`),
      networkPolicy(`  policyTypes: [] # to decide\n${ingressRules}`),
      role('- apiGroups: ["*"]\n  resources: ["deployments", "*"]\n  verbs:\n  - get\n  - "*" # everything\n'),
      role('- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["deployer-token"]\n  verbs: ["get"]\n', 'ClusterRole'),
      binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin'), binding('RoleBinding', 'ClusterRole', 'cluster-admin'),
      destinationRule(), destinationRule('networking.istio.io/v1beta1'), destinationRule('networking.istio.io/v1alpha3'),
    ];
    for (const text of fixtures) assert.deepEqual(lint(text), [], text);
  });
});

describe('rules: network and RBAC, round two (kube-linter, Polaris and kube-score coverage)', () => {
  it('privileged-port fires on a port below 1024 of a container that runs as non-root', () => {
    const text = webDeployment('        image: nginx:1.27.3\n        ports:\n        - containerPort: 80 # http\n        - containerPort: 8443\n', { pod: '\n      securityContext:\n        runAsNonRoot: true' });
    assert.deepEqual(lintRule(text, 'privileged-port'), [
      `${rangeOf(text, '80', 'containerPort: ')} privileged-port Container \`web\` runs as a non-root user but declares port 80, below 1024, which only root or the \`NET_BIND_SERVICE\` capability may open; listen on a port of 1024 or more (the Service can still expose 80).`,
    ]);
    assert.deepEqual(severities(text, onlyRule('privileged-port')), ['privileged-port:3']);
    assert.ok(!lint(text, { profile: 'restricted' }).some((line) => line.includes(' privileged-port ')));
    // Root (or nothing said), NET_BIND_SERVICE, or the sysctl that lowers the limit: not reported.
    assert.deepEqual(lintRule(text.replace('runAsNonRoot: true', 'runAsUser: 0'), 'privileged-port'), []);
    assert.deepEqual(lintRule(webDeployment('        image: nginx:1.27.3\n        ports:\n        - containerPort: 80\n'), 'privileged-port'), []);
    assert.deepEqual(lintRule(text.replace('        - containerPort: 8443\n', '        - containerPort: 8443\n        securityContext:\n          capabilities:\n            add: [NET_BIND_SERVICE]\n'), 'privileged-port'), []);
    assert.deepEqual(lintRule(text.replace('runAsNonRoot: true', 'runAsNonRoot: true\n        sysctls:\n        - {name: net.ipv4.ip_unprivileged_port_start, value: "0"}'), 'privileged-port'), []);
    assert.equal(lintRule(text.replace('runAsNonRoot: true', 'runAsUser: 1000'), 'privileged-port').length, 1);
  });

  it('rbac-privilege-escalation fires on escalate, bind, impersonate, serviceaccounts/token and nodes/proxy', () => {
    const text = role(`- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, clusterroles]
  verbs: [bind, escalate]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [rolebindings]
  verbs: [create]
- apiGroups: [""]
  resources: [users, serviceaccounts]
  verbs: [impersonate]
- apiGroups: [""]
  resources: [serviceaccounts/token, nodes/proxy]
  verbs: [create, get]
`, 'ClusterRole');
    const kind = 'ClusterRole';
    assert.deepEqual(lintRule(text, 'rbac-privilege-escalation'), [
      `${rangeOf(text, 'roles', 'resources: [')} rbac-privilege-escalation This rule grants \`bind\` and \`escalate\` on \`roles\`: anyone bound to this ${kind} can give themselves, or anyone, permissions they do not have, up to cluster-admin. Limit it with \`resourceNames\`, or remove it.`,
      `${rangeOf(text, 'clusterroles')} rbac-privilege-escalation This rule grants \`bind\` and \`escalate\` on \`clusterroles\`: anyone bound to this ${kind} can give themselves, or anyone, permissions they do not have, up to cluster-admin. Limit it with \`resourceNames\`, or remove it.`,
      `${rangeOf(text, 'users')} rbac-privilege-escalation This rule grants \`impersonate\` on \`users\`: anyone bound to this ${kind} can act as any of them, with all their permissions. Limit it with \`resourceNames\`, or remove it.`,
      `${rangeOf(text, 'serviceaccounts', 'users, ')} rbac-privilege-escalation This rule grants \`impersonate\` on \`serviceaccounts\`: anyone bound to this ${kind} can act as any of them, with all their permissions. Limit it with \`resourceNames\`, or remove it.`,
      `${rangeOf(text, 'serviceaccounts/token')} rbac-privilege-escalation This rule grants \`create\` on \`serviceaccounts/token\`: anyone bound to this ${kind} can mint tokens for every service account wherever it is bound (in every namespace through a ClusterRoleBinding) and act as them. Limit it with \`resourceNames\`, or remove it.`,
      `${rangeOf(text, 'nodes/proxy')} rbac-privilege-escalation This rule grants \`get\` and \`create\` on \`nodes/proxy\`: anyone bound to this ${kind} reaches the kubelet API of the nodes, which runs commands in any pod there, bypassing admission and most audit logging. Remove it.`,
    ]);
    assert.deepEqual(severities(text, onlyRule('rbac-privilege-escalation')), Array(6).fill('rbac-privilege-escalation:2'));
    assert.ok(lint(text, { profile: 'baseline' }).some((line) => line.includes(' rbac-privilege-escalation ')));
    const single = (verbs: string) => lintRule(role(`- apiGroups: ["rbac.authorization.k8s.io"]\n  resources: ["roles"]\n  verbs: [${verbs}]\n`), 'rbac-privilege-escalation');
    assert.match(single('escalate')[0], /grants `escalate` on `roles`: anyone bound to this Role can write roles with permissions they do not have themselves/);
    assert.match(single('bind')[0], /grants `bind` on `roles`: anyone bound to this Role can bind any role to themselves, cluster-admin included/);
    assert.match(single('"*"')[0], /grants every verb \(`\*`\) on `roles`/);
    assert.deepEqual(single('get, list, watch, create, update'), []);
  });

  it('rbac-privilege-escalation leaves rules limited by resourceNames, other groups, and system: roles alone', () => {
    const limited = role('- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  resourceNames: [view]\n  verbs: [bind]\n- apiGroups: [""]\n  resources: [users]\n  resourceNames: [jane]\n  verbs: [impersonate]\n', 'ClusterRole');
    assert.deepEqual(lintRule(limited, 'rbac-privilege-escalation'), []);
    assert.deepEqual(lintRule(role('- apiGroups: [example.com]\n  resources: [roles]\n  verbs: [bind, escalate]\n'), 'rbac-privilege-escalation'), []);
    const system = role('- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  verbs: [bind, escalate]\n', 'ClusterRole').replace('name: deployer', 'name: "system:controller:clusterrole-aggregation-controller"');
    assert.deepEqual(lintRule(system, 'rbac-privilege-escalation'), []);
  });

  it('rbac-create-pods fires on create of pods and pod controllers, in the `all` profile', () => {
    const text = role(`- apiGroups: ["", apps]
  resources: [pods, deployments, configmaps]
  verbs: [get, create]
- apiGroups: [batch]
  resources: [jobs, deployments]
  verbs: ["*"]
`);
    assert.deepEqual(lintRule(text, 'rbac-create-pods'), [
      `${rangeOf(text, 'pods', 'resources: [')} rbac-create-pods This rule grants \`create\` on \`pods\`: anyone bound to this Role can start pods that run any image as any service account in its namespace, with its Secrets and permissions. Keep it for the accounts that deploy.`,
      `${rangeOf(text, 'deployments')} rbac-create-pods This rule grants \`create\` on \`deployments\`: anyone bound to this Role can start pods that run any image as any service account in its namespace, with its Secrets and permissions. Keep it for the accounts that deploy.`,
      `${rangeOf(text, 'jobs')} rbac-create-pods This rule grants every verb (\`*\`) on \`jobs\`: anyone bound to this Role can start pods that run any image as any service account in its namespace, with its Secrets and permissions. Keep it for the accounts that deploy.`,
    ]);
    assert.ok(!lint(text, { profile: 'restricted' }).some((line) => line.includes(' rbac-create-pods ')));
    assert.deepEqual(lintRule(role('- apiGroups: [""]\n  resources: [pods]\n  verbs: [get, list, watch, delete]\n'), 'rbac-create-pods'), []);
  });
});
