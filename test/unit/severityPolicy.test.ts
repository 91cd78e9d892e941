import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, KubesmithSettings } from '../../protocol/settings';
import { RULES } from '../../server/src/core/rules/registry';
import { analyze, describe as describeDiagnostic, sharedData } from '../helpers';

/**
 * The severity policy: error is for what the API server rejects (and YAML that does not parse);
 * best-practice findings are warnings or milder, unless the namespaces enforce a Pod Security
 * level, whose violations the cluster then rejects.
 */

const DEFAULTS: Partial<KubesmithSettings> = { profile: DEFAULT_SETTINGS.profile, rules: {} };

function errorsOf(path: string, overrides: Partial<KubesmithSettings> = DEFAULTS): string[] {
  return analyze(readFileSync(path, 'utf8'), overrides, URI.file(path).toString()).diagnostics
    .filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error).map(describeDiagnostic);
}

const HOST_PATH_DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: example/agent:1.2.3
        securityContext:
          runAsUser: 1001
        volumeMounts:
        - name: machine-id
          mountPath: /etc/machine-id
          readOnly: true
      volumes:
      - name: machine-id
        hostPath:
          path: /etc/machine-id
`;

function levels(text: string, overrides: Partial<KubesmithSettings>, ...ids: string[]): string[] {
  return analyze(text, overrides).diagnostics.filter((d) => ids.includes(String(d.code))).map((d) => `${d.code}:${d.severity}`);
}

describe('severity policy', () => {
  it('no rule is an error by default: what the API server rejects is a server check (server-*), not a rule', () => {
    const errors = RULES.filter((rule) => rule.meta.defaultSeverity === 'error').map((rule) => rule.meta.id);
    assert.deepEqual(errors, []);
  });

  it('the three valid corpus files that used to get errors get none with the default settings', function () {
    for (const file of ['k8s-docs/application/basic-daemonset.yaml', 'k8s-docs/application/cassandra/cassandra-statefulset.yaml', 'k8s-docs/pods/security/security-context-4.yaml']) {
      assert.deepEqual(errorsOf(sharedData(`examples/${file}`, this)), [], file);
    }
  });

  it('podSecurity.enforce baseline makes the baseline controls errors, and only those', () => {
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, DEFAULTS, 'host-path-volume', 'run-as-non-root'), ['run-as-non-root:2', 'host-path-volume:2']);
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, { ...DEFAULTS, podSecurity: { enforce: 'baseline' } }, 'host-path-volume', 'run-as-non-root'),
      ['run-as-non-root:2', 'host-path-volume:1']);
  });

  it('podSecurity.enforce restricted makes the restricted controls errors too, whatever the profile', () => {
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, { ...DEFAULTS, podSecurity: { enforce: 'restricted' } }, 'host-path-volume', 'run-as-non-root'),
      ['run-as-non-root:1', 'host-path-volume:1']);
    // The baseline profile leaves the restricted rules off; an enforced level turns its controls on.
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, { profile: 'baseline', rules: {}, podSecurity: { enforce: 'restricted' } }, 'run-as-non-root'), ['run-as-non-root:1']);
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, { profile: 'baseline', rules: {} }, 'run-as-non-root'), []);
    // Rules that are not Pod Security controls keep their level.
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, { ...DEFAULTS, podSecurity: { enforce: 'restricted' } }, 'missing-resource-requests'), ['missing-resource-requests:2']);
  });

  it('a level set for a rule wins over the enforced level', () => {
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, { ...DEFAULTS, podSecurity: { enforce: 'baseline' }, rules: { 'host-path-volume': 'info' } }, 'host-path-volume'), ['host-path-volume:3']);
    assert.deepEqual(levels(HOST_PATH_DAEMONSET, { ...DEFAULTS, podSecurity: { enforce: 'baseline' }, rules: { 'host-path-volume': 'off' } }, 'host-path-volume'), []);
  });
});
