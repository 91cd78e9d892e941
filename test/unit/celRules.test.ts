import { strict as assert } from 'node:assert';
import { applyAction, codeActions, lint, newService } from '../helpers';

/**
 * Real CEL rules of the bundled Istio and Gateway API CRDs: each with a resource that breaks it
 * (exact diagnostics: code, range, message) and the same resource fixed (nothing reported).
 */

interface Case {
  title: string;
  failing: string;
  expected: string[];
  /** What to replace in `failing` (and by what) for the resource to pass. */
  fix: [string | RegExp, string];
}

const CASES: Case[] = [
  {
    title: 'VirtualService: an HTTP route timeout must be a duration of at least 1ms',
    failing: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
    timeout: 10 seconds
`,
    expected: ['12:14-12:24 server-cel `10 seconds` is not valid for `spec.http[0].timeout`: must be a valid duration greater than 1ms (CEL rule of networking.istio.io VirtualService).'],
    fix: ['timeout: 10 seconds', 'timeout: 10s'],
  },
  {
    title: 'DestinationRule: a connection pool idle timeout of 500µs is below 1ms',
    failing: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    connectionPool:
      http:
        idleTimeout: 500us
`,
    expected: ['10:22-10:27 server-cel `500us` is not valid for `spec.trafficPolicy.connectionPool.http.idleTimeout`: must be a valid duration greater than 1ms (CEL rule of networking.istio.io DestinationRule).'],
    fix: ['idleTimeout: 500us', 'idleTimeout: 5m'],
  },
  {
    title: 'ServiceEntry: a host may not be the wildcard `*`',
    failing: `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: everything
spec:
  hosts:
  - "*"
  ports:
  - number: 443
    name: https
  resolution: DNS
`,
    expected: ['7:5-7:8 server-cel `*` is not valid for `spec.hosts[0]`: hostname cannot be wildcard (CEL rule of networking.istio.io ServiceEntry).'],
    fix: ['- "*"', '- "*.example.com"'],
  },
  {
    title: 'ServiceEntry: port numbers are unique',
    failing: `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api
spec:
  hosts:
  - api.example.com
  ports:
  - number: 443
    name: https
  - number: 443
    name: https-alt
  resolution: DNS
`,
    expected: ['8:3-8:8 server-cel `spec.ports` is not valid: port number cannot be duplicated (CEL rule of networking.istio.io ServiceEntry).'],
    fix: ['- number: 443\n    name: https-alt', '- number: 8443\n    name: https-alt'],
  },
  {
    title: 'AuthorizationPolicy: selector and targetRef are exclusive',
    failing: `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  targetRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: shop
  action: ALLOW
`,
    expected: ['5:1-5:5 server-cel `spec` is not valid: only one of targetRefs or selector can be set (CEL rule of security.istio.io AuthorizationPolicy).'],
    fix: [/ {2}targetRef:\n(?: {4}.*\n)+/, ''],
  },
  {
    title: 'RequestAuthentication: jwks_uri must be an http or https URL',
    failing: `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
spec:
  jwtRules:
  - issuer: https://issuer.example.com
    jwks_uri: ftp://issuer.example.com/keys
`,
    expected: ['8:15-8:44 server-cel `ftp://issuer.example.com/keys` is not valid for `spec.jwtRules[0].jwks_uri`: url must have scheme http:// or https:// (CEL rule of security.istio.io RequestAuthentication).'],
    fix: ['jwks_uri: ftp:', 'jwks_uri: https:'],
  },
  {
    title: 'HTTPRoute: rule names are unique within the route',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs:
  - name: shop
  rules:
  - name: api
    backendRefs:
    - name: api
      port: 8080
  - name: api
    backendRefs:
    - name: api-v2
      port: 8080
`,
    expected: ['8:3-8:8 server-cel `spec.rules` is not valid: Rule name must be unique within the route (CEL rule of gateway.networking.k8s.io HTTPRoute).'],
    fix: ['  - name: api\n    backendRefs:\n    - name: api-v2', '  - name: api-v2\n    backendRefs:\n    - name: api-v2'],
  },
  {
    title: 'HTTPRoute: a PathPrefix match is an absolute path',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: api
    backendRefs:
    - name: api
      port: 8080
`,
    expected: ["8:7-8:11 server-cel `spec.rules[0].matches[0].path` is not valid: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix'] (CEL rule of gateway.networking.k8s.io HTTPRoute)."],
    fix: ['value: api', 'value: /api'],
  },
  {
    title: 'HTTPRoute: the backend request timeout is not longer than the request timeout',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  rules:
  - backendRefs:
    - name: api
      port: 8080
    timeouts:
      request: 1s
      backendRequest: 5s
`,
    expected: ['10:5-10:13 server-cel `spec.rules[0].timeouts` is not valid: backendRequest timeout cannot be longer than request timeout (CEL rule of gateway.networking.k8s.io HTTPRoute).'],
    fix: ['backendRequest: 5s', 'backendRequest: 500ms'],
  },
  {
    title: 'HTTPRoute: a RequestHeaderModifier filter has its requestHeaderModifier',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  rules:
  - filters:
    - type: RequestHeaderModifier
    backendRefs:
    - name: api
      port: 8080
`,
    expected: ['8:7-8:8 server-cel `spec.rules[0].filters[0]` is not valid: filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type (CEL rule of gateway.networking.k8s.io HTTPRoute).'],
    fix: ['- type: RequestHeaderModifier', `- type: RequestHeaderModifier
      requestHeaderModifier:
        add:
        - name: x-shop
          value: "1"`],
  },
  {
    title: 'Gateway: an HTTPS listener terminates TLS, a TCP listener has no hostname',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls:
      mode: Passthrough
  - name: db
    port: 5432
    protocol: TCP
    hostname: db.example.com
`,
    expected: [
      '7:3-7:12 server-cel `spec.listeners` is not valid: tls mode must be Terminate for protocol HTTPS (CEL rule of gateway.networking.k8s.io Gateway).',
      "7:3-7:12 server-cel `spec.listeners` is not valid: hostname must not be specified for protocols ['TCP', 'UDP'] (CEL rule of gateway.networking.k8s.io Gateway).",
    ],
    fix: [/protocol: HTTPS\n[\s\S]*$/, `protocol: TLS
    tls:
      mode: Passthrough
  - name: db
    port: 5432
    protocol: TCP
`],
  },
  {
    title: 'Gateway: a terminating TLS listener needs certificateRefs or options (the rule fails on the missing field)',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls:
      mode: Terminate
`,
    expected: ['11:5-11:8 server-cel `spec.listeners[0].tls` is not valid: certificateRefs or options must be specified when mode is Terminate (CEL rule of gateway.networking.k8s.io Gateway).'],
    fix: ['mode: Terminate\n', `mode: Terminate
      certificateRefs:
      - name: shop-cert
`],
  },
  {
    title: 'GRPCRoute: a service name has only letters, digits, `_` and `.` (an RE2 pattern with (?i))',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: payments
spec:
  rules:
  - matches:
    - method:
        service: shop-payments.v1
        method: Charge
`,
    expected: ['8:7-8:13 server-cel `spec.rules[0].matches[0].method` is not valid: service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$) (CEL rule of gateway.networking.k8s.io GRPCRoute).'],
    fix: ['service: shop-payments.v1', 'service: Shop.Payments.v1'],
  },
  {
    title: 'TLSRoute: hostnames are names, not IP addresses',
    failing: `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: db
spec:
  parentRefs:
  - name: shop
  hostnames:
  - 10.0.0.1
  rules:
  - backendRefs:
    - name: db
      port: 5432
`,
    expected: ['8:3-8:12 server-cel `spec.hostnames` is not valid: Hostnames cannot contain an IP (CEL rule of gateway.networking.k8s.io TLSRoute).'],
    fix: ['- 10.0.0.1', '- db.example.com'],
  },
];

describe('CEL rules of the bundled Istio and Gateway API CRDs', () => {
  for (const test of CASES) {
    it(test.title, () => {
      assert.deepEqual(lint(test.failing), test.expected);
      const passing = test.failing.replace(test.fix[0], test.fix[1]);
      assert.notEqual(passing, test.failing);
      assert.deepEqual(lint(passing), [], passing);
    });
  }

  it('reports at the value, as an error, suppressible like any other code', () => {
    const manifest = CASES[0].failing;
    assert.deepEqual(codeActions(manifest).map((action) => action.title), ['Disable `server-cel` for this line', 'Disable `server-cel` for this resource']);
    const disabled = applyAction(manifest, 'Disable `server-cel` for this line');
    assert.match(disabled, /\n {4}# kubesmith-disable-next-line server-cel\n {4}timeout: 10 seconds\n/);
    assert.deepEqual(lint(disabled), []);
    assert.deepEqual(lint(`# kubesmith-disable server-cel\n${manifest}`), []);
  });

  it('does not evaluate the rules of a subtree the schema check already found wrong', () => {
    // `timeout: 10` is a number where the schema wants a string: one wrong-type error, no CEL error.
    const wrongType = CASES[0].failing.replace('timeout: 10 seconds', 'timeout: 10');
    assert.deepEqual(lint(wrongType), ['12:14-12:16 wrong-type `spec.http[0].timeout` must be a string, not the number 10; quote it: "10".']);
    // The rest of the resource is still evaluated.
    const elsewhere = `${CASES[0].failing.replace('    timeout: 10 seconds\n', '    timeout: 10s\n    retries:\n      attempts: "3"\n')}`;
    assert.deepEqual(lint(elsewhere), ['14:17-14:20 wrong-type `spec.http[0].retries.attempts` must be an integer, not the string "3"; remove the quotes.']);
  });

  it('evaluates every resource of a List, and each item on its own', () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: networking.istio.io/v1
  kind: VirtualService
  metadata:
    name: a
  spec:
    hosts: [a]
    http:
    - timeout: 1 minute
      route:
      - destination:
          host: a
- apiVersion: networking.istio.io/v1
  kind: VirtualService
  metadata:
    name: b
  spec:
    hosts: [b]
    http:
    - timeout: 1m
      route:
      - destination:
          host: b
`;
    assert.deepEqual(lint(list), ['11:16-11:24 server-cel `1 minute` is not valid for `items[0].spec.http[0].timeout`: must be a valid duration greater than 1ms (CEL rule of networking.istio.io VirtualService).']);
  });

  it('leaves kustomize patches alone (a partial resource cannot be judged)', () => {
    const svc = newService();
    svc.workspace.updateFile('file:///w/overlay/kustomization.yaml', 'resources:\n- ../base\npatches:\n- path: gateway-patch.yaml\n');
    // A patch that sets only the TLS mode: the certificate refs come from the base.
    const patch = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
spec:
  listeners:
  - name: https
    tls:
      mode: Terminate
`;
    assert.deepEqual(lint(patch, {}, 'file:///w/overlay/gateway-patch.yaml', svc), []);
    assert.equal(lint(patch, {}, 'file:///w/overlay/gateway.yaml', svc).filter((line) => line.includes('server-cel')).length, 1);
  });
});
