import { strict as assert } from 'node:assert';
import { at, findings } from './helpers';

/**
 * Services (core's ValidateService), Ingresses, IngressClasses and NetworkPolicies (Kubernetes'
 * pkg/apis/networking/validation).
 */

const service = (spec: string, name = 'web') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

describe('server checks: services and networking', () => {
  describe('Service ports', () => {
    it('names required with more than one port; unique names and port/protocol pairs; target port names of 15 characters at most', () => {
      const text = service(`  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
  - port: 443
    targetPort: https-port-for-tls
  - name: metrics
    port: 80
  - name: metrics
    port: 9090
    targetPort: 0
`);
      assert.deepEqual(findings(text), [
        `${at(text, 'port', 1, '- port: 80')} server-port Each port of a Service with more than one port needs a \`name\`.`,
        `${at(text, 'port', 1, '- port: 443')} server-port Each port of a Service with more than one port needs a \`name\`.`,
        `${at(text, 'https-port-for-tls')} server-port \`https-port-for-tls\` is not a valid port name: at most 15 characters (it has 18).`,
        `${at(text, '80', 1, '- name: metrics')} server-duplicate Another port of this Service already uses 80/TCP; each port and protocol pair may appear once.`,
        `${at(text, 'metrics', 2)} server-duplicate Another port of this Service is already named \`metrics\`.`,
      ]);
      // One port needs no name; a 15-character target port name passes; 80/UDP is another pair than 80/TCP; targetPort 0 means "the port".
      assert.deepEqual(findings(service('  ports:\n  - port: 80\n    targetPort: https-port-for\n')), []);
      assert.deepEqual(findings(service('  ports:\n  - name: a\n    port: 80\n  - name: b\n    port: 80\n    protocol: UDP\n    targetPort: 0\n')), []);
    });

    it('`nodePort`: not on a ClusterIP Service (the default type), within 1-65535, unique', () => {
      const implicit = service('  ports:\n  - port: 80\n    nodePort: 30080\n');
      assert.deepEqual(findings(implicit), [
        `${at(implicit, 'nodePort')} server-conflict \`nodePort\` may not be used on a ClusterIP Service, and \`type\` defaults to \`ClusterIP\`; set \`type: NodePort\` (or \`LoadBalancer\`), or remove \`nodePort\`.`,
      ]);
      const explicit = service('  type: ClusterIP\n  ports:\n  - port: 80\n    nodePort: 30080\n');
      assert.deepEqual(findings(explicit), [
        `${at(explicit, 'nodePort')} server-conflict \`nodePort\` may not be used when \`type\` is \`ClusterIP\`; remove it, or change the type to \`NodePort\` or \`LoadBalancer\`.`,
      ]);
      const nodePorts = service('  type: NodePort\n  ports:\n  - name: a\n    port: 80\n    nodePort: 65535\n  - name: b\n    port: 81\n    nodePort: 65535\n  - name: c\n    port: 82\n    nodePort: 65536\n');
      assert.deepEqual(findings(nodePorts), [
        `${at(nodePorts, '65535', 2)} server-duplicate Another port of this Service already uses node port 65535/TCP.`,
        `${at(nodePorts, '65536')} server-port \`65536\` is not a valid port number for \`nodePort\`: use 1 to 65535.`,
      ]);
    });

    it('a Service needs a port unless it is headless or an ExternalName', () => {
      const none = service('  ports: []\n');
      assert.deepEqual(findings(none), [`${at(none, 'ports')} server-required A Service needs at least one port (unless it is headless, \`clusterIP: None\`, or of \`type: ExternalName\`).`]);
      assert.deepEqual(findings(service('  clusterIP: None\n  selector:\n    app: db\n')), []);
    });
  });

  describe('Service types', () => {
    it('ExternalName: a DNS name is required, cluster IPs are not allowed', () => {
      const text = service('  type: ExternalName\n  externalName: Db_Example.com\n  clusterIP: 10.0.0.1\n', 'ext');
      assert.deepEqual(findings(text), [
        `${at(text, 'Db_Example.com')} server-value \`Db_Example.com\` is not a valid \`externalName\`: a DNS name of lowercase letters, digits, \`-\` and \`.\`, such as \`db.example.com\`.`,
        `${at(text, 'clusterIP')} server-conflict \`clusterIP\` may not be set on a Service of \`type: ExternalName\`.`,
      ]);
      const missing = service('  type: ExternalName\n', 'ext');
      assert.deepEqual(findings(missing), [`${at(missing, 'type')} server-required A Service of \`type: ExternalName\` needs \`externalName\`, the DNS name it points to.`]);
      assert.deepEqual(findings(service('  type: ExternalName\n  externalName: db.example.com.\n', 'ext')), []);
    });

    it('fields only some types allow: headless NodePort, loadBalancerSourceRanges, externalTrafficPolicy, sessionAffinityConfig', () => {
      const text = service('  type: NodePort\n  clusterIP: None\n  loadBalancerSourceRanges: [10.0.0.0/8]\n  ports:\n  - port: 80\n', 'lb');
      assert.deepEqual(findings(text), [
        `${at(text, 'None')} server-conflict \`clusterIP: None\` (headless) is not allowed for \`type: NodePort\`.`,
        `${at(text, 'loadBalancerSourceRanges')} server-conflict \`loadBalancerSourceRanges\` may only be used when \`type\` is \`LoadBalancer\`.`,
      ]);
      assert.deepEqual(findings(service('  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]\n  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n', 'lb')), []);
      const clusterIP = service('  externalTrafficPolicy: Local\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 86401\n  ports:\n  - port: 80\n');
      assert.deepEqual(findings(clusterIP), [
        `${at(clusterIP, 'externalTrafficPolicy')} server-conflict \`externalTrafficPolicy\` may only be set on a Service reachable from outside: \`type: NodePort\` or \`LoadBalancer\`, or with \`externalIPs\`.`,
        `${at(clusterIP, 'sessionAffinityConfig')} server-conflict \`sessionAffinityConfig\` may only be set with \`sessionAffinity: ClientIP\` (the default is \`None\`).`,
        `${at(clusterIP, '86401')} server-value \`timeoutSeconds: 86401\` is out of range: use 1 to 86400.`,
      ]);
      assert.deepEqual(findings(service('  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 86400\n  ports:\n  - port: 80\n')), []);
    });

    it('clusterIP forms: an address, `None` or empty; clusterIPs starting with it, one per family', () => {
      const bad = service('  clusterIP: 10.0.0.300\n  ports:\n  - port: 80\n');
      assert.deepEqual(findings(bad), [`${at(bad, '10.0.0.300')} server-value \`10.0.0.300\` is not a valid \`clusterIP\`: use an IP address, \`None\` for a headless Service, or leave it out.`]);
      const mismatch = service('  clusterIP: 10.0.0.1\n  clusterIPs: [10.0.0.2, 10.0.0.3]\n  ports:\n  - port: 80\n');
      assert.deepEqual(findings(mismatch), [
        `${at(mismatch, 'clusterIPs')} server-value The first of \`clusterIPs\` must be the same as \`clusterIP\`.`,
        `${at(mismatch, 'clusterIPs')} server-value \`clusterIPs\` may hold one address of each IP family (one IPv4, one IPv6).`,
      ]);
      for (const ips of ['  clusterIP: ""\n', '  clusterIP: None\n', '  clusterIP: 10.0.0.1\n  clusterIPs: [10.0.0.1, "fd00::1"]\n']) {
        assert.deepEqual(findings(service(`${ips}  ports:\n  - port: 80\n`)), [], ips);
      }
    });
  });

  describe('Ingress', () => {
    const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n${spec}`;
    const rule = (path: string, pathType: string, backend = 'service:\n  name: web\n  port:\n    number: 80') =>
      `  - http:\n      paths:\n      - path: ${path}\n        pathType: ${pathType}\n        backend:\n${backend.split('\n').map((line) => `          ${line}`).join('\n')}\n`;

    it('paths by pathType: Prefix and Exact need an absolute path without `//`, `/./`, `/../`; ImplementationSpecific only absolute', () => {
      const text = ingress(`  rules:\n${rule('api', 'Prefix')}${rule('/a//b', 'Exact')}${rule('/static/..', 'Prefix')}${rule('relative', 'ImplementationSpecific')}`);
      assert.deepEqual(findings(text), [
        `${at(text, 'api', 1, 'path: api')} server-value \`api\` is not an absolute path; with \`pathType: Prefix\` a path must start with \`/\`.`,
        `${at(text, '/a//b')} server-value \`/a//b\` may not contain \`//\`.`,
        `${at(text, '/static/..')} server-value \`/static/..\` may not end with \`/..\`.`,
        `${at(text, 'relative')} server-value \`relative\` is not an absolute path; with \`pathType: ImplementationSpecific\` a path must start with \`/\`.`,
      ]);
      assert.deepEqual(findings(ingress(`  rules:\n${rule('/v1/*', 'Exact')}${rule('/', 'Prefix')}${rule('/(api|v1)', 'ImplementationSpecific')}`)), []);
    });

    it('hosts, class name, backends: service port in range, not both service and resource', () => {
      const text = ingress(`  ingressClassName: Nginx_Class
  rules:
  - host: Example.COM
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 70000
  - host: "*.example.com"
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          resource:
            kind: Bucket
            name: assets
          service:
            name: web
            port:
              number: 65535
  tls:
  - hosts: [bad_host]
`);
      assert.deepEqual(findings(text), [
        `${at(text, 'Nginx_Class')} server-name \`Nginx_Class\` is not a valid IngressClass name: lowercase letters, digits, \`-\` and \`.\` only, starting and ending with a letter or digit.`,
        `${at(text, 'Example.COM')} server-value \`Example.COM\` is not a valid host: a DNS name of lowercase letters, digits, \`-\` and \`.\`, optionally starting with \`*.\` (such as \`*.example.com\`).`,
        `${at(text, '70000')} server-port \`70000\` is not a valid port number for \`number\`: use 1 to 65535.`,
        `${at(text, 'resource')} server-conflict A backend may set \`service\` or \`resource\`, not both.`,
        `${at(text, 'bad_host')} server-value \`bad_host\` is not a valid host: a DNS name of lowercase letters, digits, \`-\` and \`.\`, optionally starting with \`*.\` (such as \`*.example.com\`).`,
      ]);
    });
  });

  it('IngressClass: a domain-prefixed controller; namespaced parameters need their namespace', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n  controller: nginx\n  parameters:\n    kind: IngressParameters\n    name: p\n    scope: Namespace\n';
    assert.deepEqual(findings(text), [
      `${at(text, 'nginx', 2)} server-value \`nginx\` is not a valid \`controller\`: a domain-prefixed path such as \`example.com/ingress-controller\`.`,
      `${at(text, 'Namespace')} server-required \`parameters.scope: Namespace\` needs \`namespace\`.`,
    ]);
    assert.deepEqual(findings(text.replace('controller: nginx', 'controller: k8s.io/ingress-nginx').replace('scope: Namespace', 'scope: Namespace\n    namespace: ingress')), []);
  });

  it('NetworkPolicy: CIDRs, ipBlock alone in its peer, ports and port ranges', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
spec:
  podSelector: {}
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/33
    - podSelector: {}
      ipBlock:
        cidr: 10.0.0.0/8
        except: [10.1.0.0/16]
    ports:
    - port: 70000
    - port: 80
      endPort: 79
    - port: http
      endPort: 90
    - port: 80
      endPort: 80
`;
    assert.deepEqual(findings(text), [
      `${at(text, '10.0.0.0/33')} server-value \`10.0.0.0/33\` is not a valid CIDR such as \`10.0.0.0/8\`.`,
      `${at(text, 'ipBlock', 2)} server-conflict \`ipBlock\` may not be combined with \`podSelector\` or \`namespaceSelector\` in the same peer; make them separate peers.`,
      `${at(text, '70000')} server-port \`70000\` is not a valid port number for \`port\`: use 1 to 65535.`,
      `${at(text, '79')} server-port \`endPort: 79\` must be at least \`port: 80\`.`,
      `${at(text, 'endPort', 2)} server-port \`endPort\` needs a numeric \`port\` to start the range.`,
    ]);
    const except = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [192.168.0.0/16, 10.0.0.0/8, 10.1.0.0/16]\n';
    assert.deepEqual(findings(except), [
      `${at(except, '192.168.0.0/16')} server-value \`192.168.0.0/16\` is not strictly inside \`10.0.0.0/8\`; each \`except\` range must be.`,
      `${at(except, '10.0.0.0/8', 2)} server-value \`10.0.0.0/8\` is not strictly inside \`10.0.0.0/8\`; each \`except\` range must be.`,
    ]);
  });
});
