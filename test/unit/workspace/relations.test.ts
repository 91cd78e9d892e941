import { strict as assert } from 'node:assert';
import { IndexedResource } from '../../../server/src/core/workspace/model';
import { usesOf } from '../../../server/src/core/workspace/navigation';
import { TestWorkspace, deployment } from './helpers';

/**
 * Each relation of docs/workspace.md, both ways: what a reference (or a selector) resolves to, and
 * what uses a resource (find references, code lens counts).
 */

function label(resource: IndexedResource): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.finalName}`;
}

/** `field → Kind ns/name` for each reference of the resources of a file. */
function resolved(ws: TestWorkspace, path: string): string[] {
  return ws.model.resourcesOf(ws.uri(path)).flatMap((resource) => resource.references.map((reference) => {
    const keys = reference.keys?.length ? ` [${reference.keys.map((key) => key.name).join(', ')}]` : '';
    return `${reference.field} ${reference.name}${keys} → ${ws.model.resolve(reference).map(label).join(', ') || 'nothing'}`;
  }));
}

/** What uses the resource `Kind name` (of any namespace): `Kind ns/name`, sorted. */
function users(ws: TestWorkspace, kind: string, name: string, namespace = 'default'): string[] {
  const resource = ws.model.all().find((candidate) => candidate.kind === kind && candidate.finalName === name && candidate.namespace === namespace);
  assert.ok(resource, `no ${kind} ${name}`);
  return usesOf(ws.model, resource).map((use) => label(use.by)).sort();
}

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  MODE: fast
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: x
---
apiVersion: v1
kind: Secret
metadata:
  name: registry
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: e30=
---
apiVersion: v1
kind: Secret
metadata:
  name: tls
type: kubernetes.io/tls
data:
  tls.crt: e30=
  tls.key: e30=
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
`;

const POD = `      serviceAccountName: web
      imagePullSecrets:
      - name: registry
      volumes:
      - name: settings
        configMap:
          name: settings
          items:
          - key: MODE
            path: mode
      - name: creds
        secret:
          secretName: creds
      - name: both
        projected:
          sources:
          - configMap:
              name: settings
          - secret:
              name: creds
`;

const CONTAINER = `        env:
        - name: MODE
          valueFrom:
            configMapKeyRef:
              name: settings
              key: MODE
        - name: PASSWORD
          valueFrom:
            secretKeyRef:
              name: creds
              key: password
        envFrom:
        - configMapRef:
            name: settings
        - secretRef:
            name: creds
`;

describe('workspace relations, both ways', () => {
  it('ConfigMaps and Secrets: env (with keys), envFrom, volumes (with items), projected sources, imagePullSecrets, Ingress TLS; ServiceAccounts', () => {
    const ws = new TestWorkspace({
      'config.yaml': CONFIG,
      'web.yaml': deployment('web', POD, { container: CONTAINER }),
      'ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - secretName: tls\n    hosts: [web.example.com]\n',
    });
    assert.deepEqual(resolved(ws, 'web.yaml'), [
      'serviceAccountName web → ServiceAccount default/web',
      'imagePullSecrets registry → Secret default/registry',
      'volumes[].configMap settings [MODE] → ConfigMap default/settings',
      'volumes[].secret creds → Secret default/creds',
      'projected configMap settings → ConfigMap default/settings',
      'projected secret creds → Secret default/creds',
      'configMapKeyRef settings [MODE] → ConfigMap default/settings',
      'secretKeyRef creds [password] → Secret default/creds',
      'configMapRef settings → ConfigMap default/settings',
      'secretRef creds → Secret default/creds',
    ]);
    assert.deepEqual(resolved(ws, 'ingress.yaml'), ['tls[].secretName tls → Secret default/tls']);
    assert.deepEqual(users(ws, 'ConfigMap', 'settings'), ['Deployment default/web', 'Deployment default/web', 'Deployment default/web', 'Deployment default/web'], 'volume, projected source, configMapKeyRef, configMapRef');
    assert.deepEqual(users(ws, 'Secret', 'tls'), ['Ingress default/web']);
    assert.deepEqual(users(ws, 'ServiceAccount', 'web'), ['Deployment default/web']);
  });

  it('RBAC: bindings to Roles (in their namespace) and ClusterRoles, and their ServiceAccount subjects (in the namespace they name)', () => {
    const ws = new TestWorkspace({
      'rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: apps
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: auditor
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: apps
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
- kind: ServiceAccount
  name: web
- kind: ServiceAccount
  name: web
  namespace: other
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: auditor
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: auditor}
subjects:
- kind: ServiceAccount
  name: web
  namespace: apps
`,
      'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: apps\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: other\n',
    });
    assert.deepEqual(resolved(ws, 'rbac.yaml'), [
      'roleRef reader → Role apps/reader',
      'subjects web → ServiceAccount apps/web',
      'subjects web → ServiceAccount other/web',
      'roleRef auditor → ClusterRole auditor',
      'subjects web → ServiceAccount apps/web',
    ]);
    assert.deepEqual(users(ws, 'ServiceAccount', 'web', 'apps'), ['ClusterRoleBinding auditor', 'RoleBinding apps/reader']);
    const clusterRole = ws.model.all().find((resource) => resource.kind === 'ClusterRole')!;
    assert.equal(clusterRole.namespace, undefined, 'cluster-scoped');
    assert.deepEqual(usesOf(ws.model, clusterRole).map((use) => label(use.by)), ['ClusterRoleBinding auditor']);
  });

  it('pod labels: Service, NetworkPolicy (and its peers), PodDisruptionBudget (matchExpressions), DestinationRule subsets, PodMonitor; Services: ServiceMonitor', () => {
    const ws = new TestWorkspace({
      'web.yaml': deployment('web', '', { container: '        ports:\n        - name: http\n          containerPort: 8080\n' }).replace('        app: web\n    spec:', '        app: web\n        version: v1\n    spec:'),
      'db.yaml': deployment('db'),
      'selectors.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    monitored: "yes"
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: web
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: all-apps
spec:
  maxUnavailable: 1
  selector:
    matchExpressions:
    - {key: app, operator: In, values: [web, db]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: web
spec:
  host: web
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector:
    matchLabels:
      monitored: "yes"
  endpoints:
  - port: http
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  podMetricsEndpoints:
  - port: metrics
`,
    });
    assert.deepEqual(users(ws, 'Deployment', 'web'), ['DestinationRule default/web', 'NetworkPolicy default/db', 'PodDisruptionBudget default/all-apps', 'Service default/web']);
    assert.deepEqual(users(ws, 'Deployment', 'db'), ['NetworkPolicy default/db', 'PodDisruptionBudget default/all-apps', 'PodMonitor default/db']);
    assert.deepEqual(users(ws, 'Service', 'web'), ['DestinationRule default/web', 'ServiceMonitor default/web']);
    assert.deepEqual(ws.all(), [], 'every selector matches, every targetPort is declared');
  });

  it('workloads: HorizontalPodAutoscaler, VerticalPodAutoscaler, Flagger Canary, KEDA ScaledObject (kind Deployment by default)', () => {
    const ws = new TestWorkspace({
      'web.yaml': deployment('web'),
      'db.yaml': deployment('db', '', { kind: 'StatefulSet' }).replace('spec:\n  selector:', 'spec:\n  serviceName: db\n  selector:'),
      'scalers.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 4
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: db
spec:
  targetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: web
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  service:
    port: 80
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: web
spec:
  scaleTargetRef:
    name: web
  triggers:
  - type: cpu
    metadata:
      value: "60"
`,
    });
    assert.deepEqual(resolved(ws, 'scalers.yaml'), [
      'scaleTargetRef web → Deployment default/web',
      'targetRef db → StatefulSet default/db',
      'targetRef web → Deployment default/web',
      'scaleTargetRef web → Deployment default/web',
    ]);
    assert.deepEqual(users(ws, 'Deployment', 'web'), ['Canary default/web', 'HorizontalPodAutoscaler default/web', 'ScaledObject default/web']);
    assert.deepEqual(resolved(ws, 'db.yaml'), ['serviceName db → nothing']);
  });

  it('Services: Ingress backends (name and port), VirtualService hosts (short and name.namespace.svc.cluster.local), HTTPRoute backendRefs, StatefulSet serviceName', () => {
    const ws = new TestWorkspace({
      'services.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n  - name: http\n    port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: data\nspec:\n  clusterIP: None\n  ports:\n  - port: 5432\n',
      'db.yaml': deployment('db', '', { kind: 'StatefulSet', namespace: 'data' }).replace('spec:\n  selector:', 'spec:\n  serviceName: db\n  selector:'),
      'routes.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  defaultBackend:
    service:
      name: web
      port:
        name: http
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  namespace: shop
spec:
  hosts: [web.example.com]
  http:
  - route:
    - destination:
        host: web
        port:
          number: 80
    - destination:
        host: db.data.svc.cluster.local
    - destination:
        host: httpbin.org
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - backendRefs:
    - name: web
      port: 80
    - name: db
      namespace: data
      port: 5432
`,
    });
    assert.deepEqual(resolved(ws, 'routes.yaml'), [
      'backend.service web → Service shop/web',
      'destination.host web → Service shop/web',
      'destination.host db → Service data/db',
      'backendRefs web → Service shop/web',
      'backendRefs db → Service data/db',
    ]);
    assert.deepEqual(resolved(ws, 'db.yaml'), ['serviceName db → Service data/db']);
    assert.deepEqual(users(ws, 'Service', 'db', 'data'), ['HTTPRoute shop/web', 'StatefulSet data/db', 'VirtualService shop/web']);
    assert.deepEqual(ws.all(), [], 'every backend port is one the Service exposes');
  });

  it('kustomize: the namespace and the name prefix and suffix of the kustomization that lists a file; its generators', () => {
    const ws = new TestWorkspace({
      'app/kustomization.yaml': 'namespace: prod\nnamePrefix: prod-\nnameSuffix: -v2\nresources:\n- web.yaml\nconfigMapGenerator:\n- name: web-env\n  literals: [MODE=fast]\n',
      'app/web.yaml': deployment('web', '', { namespace: 'ignored', container: '        envFrom:\n        - configMapRef:\n            name: web-env\n' }),
      'other.yaml': deployment('other', '', { namespace: 'prod', container: '        envFrom:\n        - configMapRef:\n            name: prod-web-env-v2\n' }),
    });
    const web = ws.model.resourcesOf(ws.uri('app/web.yaml'))[0];
    assert.deepEqual([web.finalName, web.namespace, web.uncertain], ['prod-web-v2', 'prod', false], 'kustomize\'s namespace replaces the resource\'s own');
    // Inside the kustomization by the name as written (kustomize renames both), outside by the final name.
    assert.deepEqual(resolved(ws, 'app/web.yaml'), ['configMapRef web-env → ConfigMap prod/prod-web-env-v2']);
    assert.deepEqual(resolved(ws, 'other.yaml'), ['configMapRef prod-web-env-v2 → ConfigMap prod/prod-web-env-v2']);
  });

  it('kustomize: a base two overlays use is not clear (silence), one nested under a single parent is', () => {
    const ws = new TestWorkspace({
      'base/kustomization.yaml': 'resources:\n- web.yaml\n',
      'base/web.yaml': deployment('web', '', { container: '        envFrom:\n        - configMapRef:\n            name: web-config\n' }),
      'overlays/dev/kustomization.yaml': 'namespace: dev\nresources:\n- ../../base\n',
      'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n- ../../base\n',
      'apps/kustomization.yaml': 'namespace: apps\nnamePrefix: team-\nresources:\n- api\n',
      'apps/api/kustomization.yaml': 'nameSuffix: -v1\nresources:\n- api.yaml\n',
      'apps/api/api.yaml': deployment('api'),
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n',
    });
    const web = ws.model.resourcesOf(ws.uri('base/web.yaml'))[0];
    assert.equal(web.uncertain, true);
    assert.deepEqual(ws.findings('base/web.yaml'), [], 'no missing-configmap: which build is meant is not clear');
    const api = ws.model.resourcesOf(ws.uri('apps/api/api.yaml'))[0];
    assert.deepEqual([api.finalName, api.namespace, api.uncertain], ['team-api-v1', 'apps', false]);
  });
});
