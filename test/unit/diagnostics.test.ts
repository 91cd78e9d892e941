import { strict as assert } from 'node:assert';
import { fixture, lint, severities } from '../helpers';

/** Exact diagnostics (range, code, message) on fixture files, one group per kind of problem. */
describe('schema diagnostics', () => {
  it('reports exactly the errors of the issue example and no other', () => {
    assert.deepEqual(lint(fixture('foundation/issue-example.yaml')), [
      '5:1-5:5 missing-required `spec` is missing the required field `selector`.',
      '6:13-6:20 wrong-type `spec.replicas` must be an integer, not the string "three".',
      '11:5-11:9 missing-required `spec.template.spec` is missing the required field `containers`.',
      '12:7-12:17 unknown-field `contianers` is not a field of `spec.template.spec`; did you mean `containers`?',
      '26:5-26:12 unknown-field `protocl` is not a field of `spec.ports[0]`; did you mean `protocol`?',
    ]);
    assert.ok(severities(fixture('foundation/issue-example.yaml')).every((s) => s.endsWith(':1')), 'all are errors');
  });

  it('reports YAML syntax errors and duplicate keys where they are', () => {
    assert.deepEqual(lint(fixture('diagnostics/syntax.yaml')), [
      '5:3-5:7 duplicate-key Duplicate key `name`: it appears twice in the same map; only one value would be kept, and Kubernetes rejects the file.',
      '7:9-7:14 yaml-syntax This string has no closing "; add one where the value ends.',
    ]);
  });

  it('reports wrong types on the value, with expected and found, honouring IntOrString and quantities', () => {
    assert.deepEqual(lint(fixture('diagnostics/types.yaml')), [
      '6:25-6:29 wrong-type `metadata.annotations["prometheus.io/port"]` must be a string, not the number 8080; quote it: "8080".',
      '8:13-8:16 wrong-type `spec.replicas` must be an integer, not the number 1.5.',
      '20:15-20:18 wrong-type `spec.template.spec.containers[0].args` must be a list, not the boolean `yes`.',
      '23:18-23:20 wrong-type `spec.template.spec.containers[0].env[0].value` must be a string, not the boolean `on` (YAML reads an unquoted on as a boolean); quote it: "on".',
      '27:26-27:32 wrong-type `spec.template.spec.containers[0].ports[0].containerPort` must be an integer, not the string "8080"; remove the quotes.',
      '39:21-39:24 server-resources `requests.memory: 1000000000` is more than `limits.memory: 128Mi`; the API server requires requests to be at most the limits.',
      '41:18-41:20 invalid-value `2x` is not a valid quantity for `cpu`: write a number with an optional unit, such as 500m, 2, 0.5, 128Mi or 1Gi.',
    ]);
  });

  it('accepts every form of the quantity grammar and rejects the rest', () => {
    const pod = (value: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: i:1\n    resources:\n      requests:\n        cpu: ${value}\n`;
    for (const good of ['0.5', '500m', '2', '1e9', '1E3', '128Mi', '1.5Gi', '"100m"', '+1', '.5', '1.', '0x10', '250u', '10n', '1k']) {
      assert.deepEqual(lint(pod(good)), [], `${good} is a valid quantity`);
    }
    for (const bad of ['2x', '1MiB', '"1 Gi"', 'one', '1Mi2', 'true']) {
      const found = lint(pod(bad));
      assert.equal(found.length, 1, `${bad} is not a valid quantity`);
      assert.match(found[0], /^11:14-11:\d+ invalid-value .* is not a valid quantity for `cpu`/);
    }
  });

  it('accepts both integers and strings for IntOrString fields, and nothing else', () => {
    const svc = (value: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: ${value}\n`;
    assert.deepEqual(lint(svc('8080')), []);
    assert.deepEqual(lint(svc('http')), []);
    // The schema takes a string; the API server then reads it as a port name, which needs a letter.
    assert.deepEqual(lint(svc('"8080"')), [
      '8:17-8:23 server-port `targetPort: "8080"` is a string, which the API server reads as a port name, and a port name needs a letter; write the number without quotes.',
    ]);
    assert.deepEqual(lint(svc('[8080]')), [
      '8:17-8:18 wrong-type `spec.ports[0].targetPort` must be an integer or a string, not a list.',
    ]);
  });

  it('lists the allowed values of enums, and the nearest one', () => {
    assert.deepEqual(lint(fixture('diagnostics/enums.yaml')), [
      '6:9-6:20 invalid-enum `LoadBalancr` is not a valid value for `type`; did you mean `LoadBalancer`? Allowed values: ClusterIP, ExternalName, LoadBalancer, NodePort.',
      '13:15-13:18 invalid-enum `tcp` is not a valid value for `protocol`; did you mean `TCP`? Allowed values: SCTP, TCP, UDP.',
      '20:18-20:27 invalid-enum `Sometimes` is not a valid value for `restartPolicy`; use one of: Always, Never, OnFailure.',
    ]);
  });

  it('says where a misplaced field belongs: under a sibling, a sibling list, or the parent', () => {
    assert.deepEqual(lint(fixture('diagnostics/misplaced.yaml')), [
      '12:3-12:11 unknown-field `gateways` is not a field of `spec`; it belongs under `spec.service`.',
      '28:5-28:13 unknown-field `replicas` is not a field of `spec.template`; it belongs under `spec`.',
      '35:7-35:12 unknown-field `image` is not a field of `spec.template.spec`; it belongs under `spec.template.spec.containers[0]`.',
    ]);
  });

  it('explains apiVersions and kinds that the target version does not serve', () => {
    assert.deepEqual(lint(fixture('diagnostics/apis.yaml')), [
      '1:13-1:31 api-removed `extensions/v1beta1` Ingress was removed in Kubernetes 1.22; use `networking.k8s.io/v1`.',
      '9:13-9:27 api-removed `policy/v1beta1` PodDisruptionBudget was removed in Kubernetes 1.25; use `policy/v1`.',
      '19:13-19:15 unknown-kind `v1` does not serve Deployment; use `apps/v1`.',
      '25:7-25:17 unknown-kind `Deploymnet` is not a kind served by `apps/v1`; did you mean `Deployment`?',
      '29:13-29:37 no-schema No schema for types.kubefed.io/v1beta1 FederatedDeployment; not validated.',
      '40:13-40:38 api-deprecated `networking.k8s.io/v1beta1` ServiceCIDR is deprecated since Kubernetes 1.34 and is removed in 1.37; use `networking.k8s.io/v1`.',
    ]);
    assert.deepEqual(severities(fixture('diagnostics/apis.yaml')), [
      'api-removed:1', 'api-removed:1', 'unknown-kind:1', 'unknown-kind:1', 'no-schema:3', 'api-deprecated:2',
    ]);
  });

  it('checks against the targeted Kubernetes version', () => {
    const text = fixture('diagnostics/apis.yaml');
    const on128 = lint(text, { kubernetesVersion: '1.28' });
    assert.ok(on128.includes('34:13-34:31 api-not-served `resource.k8s.io/v1` DeviceClass is not served by Kubernetes 1.28; it is available from 1.34.'), on128.join('\n'));
    // ServiceCIDR v1beta1 is not served by 1.28 either (it arrived in 1.31).
    assert.ok(on128.some((line) => line.startsWith('40:13-40:38 api-not-served `networking.k8s.io/v1beta1` ServiceCIDR is not served by Kubernetes 1.28; it is available from 1.31')), on128.join('\n'));
    const flowSchema = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\nspec:\n  priorityLevelConfiguration:\n    name: global-default\n';
    assert.deepEqual(lint(flowSchema, { kubernetesVersion: '1.30' }), [
      '1:13-1:49 api-deprecated `flowcontrol.apiserver.k8s.io/v1beta3` FlowSchema is deprecated since Kubernetes 1.29 and is removed in 1.32; use `flowcontrol.apiserver.k8s.io/v1`.',
    ]);
    assert.deepEqual(lint(flowSchema, { kubernetesVersion: '1.32' }), [
      '1:13-1:49 api-removed `flowcontrol.apiserver.k8s.io/v1beta3` FlowSchema was removed in Kubernetes 1.32; use `flowcontrol.apiserver.k8s.io/v1`.',
    ]);
  });

  it('validates bundled custom resources like built-in kinds', () => {
    assert.deepEqual(lint(fixture('diagnostics/crds.yaml')), [
      '13:15-13:19 wrong-type `spec.http[0].route[0].weight` must be an integer, not the string "80"; remove the quotes.',
      '17:7-17:13 unknown-field `weigth` is not a field of `spec.http[0].route[1]`; did you mean `weight`?',
      '27:15-27:25 invalid-enum `ROUND_ROBN` is not a valid value for `simple`; did you mean `ROUND_ROBIN`? Allowed values: UNSPECIFIED, LEAST_CONN, RANDOM, PASSTHROUGH, ROUND_ROBIN, LEAST_REQUEST.',
      '33:1-33:5 missing-required `spec` is missing the required field `issuerRef`.',
    ]);
  });

  it('explains "one of these fields" schemas in words', () => {
    const canary = (analysis: string) => `apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: c\nspec:\n  targetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: c\n  service:\n    port: 80\n  analysis:\n${analysis}`;
    assert.deepEqual(lint(canary('    interval: 1m\n')), [
      '12:3-12:11 missing-required `spec.analysis` is missing the required field `threshold` and one of `iterations`, `stepWeight` or `stepWeights`.',
    ]);
    assert.deepEqual(lint(canary('    interval: 1m\n    threshold: 5\n    iterations: 10\n')), []);
    assert.deepEqual(lint(canary('    interval: 1m\n    threshold: 5\n    iterations: 10\n    stepWeight: 5\n')), [
      '12:3-12:11 invalid-value `spec.analysis` may set only one of `iterations`, `stepWeight` or `stepWeights`.',
    ]);
  });

  it('accepts null values as unset (kubectl writes creationTimestamp: null)', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: null\n  labels:\ndata:\n  a: "1"\n';
    assert.deepEqual(lint(text), []);
  });

  it('reports a required field written without a value', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n';
    assert.deepEqual(lint(text), ['5:1-5:5 missing-required `spec.containers` is required but has no value.']);
  });

  it('validates each item of a kind: List', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  dta: {}\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: b\n  type: Opaque\n';
    assert.deepEqual(lint(text), ['8:3-8:6 unknown-field `dta` is not a field of ConfigMap; did you mean `data`?']);
  });

  it('flags base64 errors in Secret data and half-written resources', () => {
    assert.deepEqual(lint('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: mypassword\n  token: c2VjcmV0\n'), [
      '6:13-6:23 invalid-value `password` must be base64-encoded; `mypassword` is not valid base64 (plain text goes under `stringData`).',
    ]);
    assert.deepEqual(lint('apiVersion: apps/v1\nmetadata:\n  name: web\nspec: {}\n'), [
      '1:1-1:11 incomplete-resource This looks like a Kubernetes resource but has no `kind`; without both, it cannot be applied.',
    ]);
  });
});
