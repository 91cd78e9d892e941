import { strict as assert } from 'node:assert';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_SETTINGS, KubesmithSettings } from '../../../protocol/settings';
import { HARDEN_RULES, hardenFile } from '../../../server/src/core/harden';
import { reliabilityRules as reliabilityOnly } from '../../../server/src/core/rules/reliability';
import { imageRules } from '../../../server/src/core/rules/images';
import { resourceRules } from '../../../server/src/core/rules/resources';
import { batchRules } from '../../../server/src/core/rules/batch';
import { memoryLimitFor } from '../../../server/src/core/rules/resources/missingMemoryLimit';
import { compareQuantityText, parseQuantity } from '../../../server/src/core/quantity';
import { harmlessValue, looksSecret, secretFormatOf } from '../../../server/src/core/rules/secrets';
import { NO_RULES, TEST_URI, applyAction, changedRegion, codeActions, fixRule, lint, lintRule, onlyRule, rangeOf, service, severities, webDeployment } from '../../helpers';

/** The categories this file tests: images, reliability, resources and batch, in registry order. */
const reliabilityRules = [...imageRules, ...reliabilityOnly, ...resourceRules, ...batchRules];

/**
 * Reliability, resources, images and batch rules: for each, a manifest that fires (exact range and
 * message), one that does not, and for each fix: applied, the finding gone, everything else byte for
 * byte the same, comments kept.
 */

/** Indents every non-empty line of a block. */
function indent(block: string, by: number): string {
  return block.split('\n').map((line) => (line ? ' '.repeat(by) + line : line)).join('\n');
}

/** `line:col-line:col` (1-based) of the first occurrence of `needle` after `after` in `text`. */
function at(text: string, needle: string, after = ''): string {
  const start = text.indexOf(needle, after ? text.indexOf(after) : 0);
  assert.ok(start >= 0, `${needle} not in the text`);
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  return `${position(start)}-${position(start + needle.length)}`;
}

/** Titles of the quick fixes (not suppressions, not "fix all") offered for one rule. */
function fixTitles(text: string, id: string, overrides: Partial<KubesmithSettings> = {}): string[] {
  return codeActions(text, { ...onlyRule(id), ...overrides })
    .map((action) => action.title)
    .filter((title) => !title.startsWith('Disable') && !title.startsWith('Fix all'));
}

/** A pod spec body (written at column 0) placed in every workload kind that has one. */
const POD_SPEC_LOCATIONS: Record<string, (body: string) => string> = {
  Pod: (body) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app # the app\nspec:\n${indent(body, 2)}`,
  Deployment: (body) => appsWorkload('Deployment', body),
  StatefulSet: (body) => appsWorkload('StatefulSet', body, '  serviceName: app\n'),
  DaemonSet: (body) => appsWorkload('DaemonSet', body),
  ReplicaSet: (body) => appsWorkload('ReplicaSet', body),
  ReplicationController: (body) => `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: app\nspec:\n  selector:\n    app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n${indent(body, 6)}`,
  Job: (body) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: app\nspec:\n  ttlSecondsAfterFinished: 600\n  template:\n    spec:\n      restartPolicy: Never\n${indent(body, 6)}`,
  CronJob: (body) => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: app\nspec:\n  schedule: "0 * * * *"\n  startingDeadlineSeconds: 200\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n${indent(body, 10)}`,
  Rollout: (body) => appsWorkload('Rollout', body, '', 'argoproj.io/v1alpha1'),
};

function appsWorkload(kind: string, body: string, extra = '', apiVersion = 'apps/v1'): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: app\nspec:\n${extra}  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app # pods\n    spec:\n${indent(body, 6)}`;
}

/** A Deployment with one container `web`, whose lines (at column 8) are `container`. */
const deployment = (container: string, podExtra = '', specExtra = '') => webDeployment(container, { pod: podExtra, spec: specExtra });

describe('rules: reliability, resources, images, batch', () => {
  describe('metadata', () => {
    it('gives every rule its profile, severity, category, fix and harden setting', () => {
      const table = Object.fromEntries(reliabilityRules.map((rule) => [rule.meta.id,
        `${rule.meta.profile} ${rule.meta.defaultSeverity} ${rule.meta.category}${rule.fix ? ' fix' : ''}${rule.meta.harden ? ' harden' : ''}`]));
      assert.deepEqual(table, {
        'no-latest-tag': 'baseline warning images',
        'pull-policy-with-latest': 'baseline warning images fix',
        'pull-policy-not-always': 'all info images fix',
        'missing-liveness-probe': 'baseline warning reliability fix harden',
        'missing-readiness-probe': 'baseline warning reliability fix harden',
        'probe-port-not-exposed': 'baseline warning reliability',
        'identical-probes': 'baseline warning reliability',
        'duplicate-env': 'baseline warning reliability fix',
        'secret-in-env': 'baseline warning reliability',
        'single-replica': 'all info reliability',
        'no-anti-affinity': 'all info reliability',
        'topology-spread-without-selector': 'baseline warning reliability fix',
        'rollout-all-at-once': 'baseline warning reliability fix',
        'hpa-min-replicas': 'baseline warning reliability fix',
        'hpa-fixed-replicas': 'baseline warning reliability',
        'hpa-without-metrics': 'all info reliability fix',
        'hpa-statefulset-scale-down': 'baseline info reliability',
        'pdb-without-budget': 'baseline warning reliability',
        'pdb-unhealthy-pod-eviction-policy': 'all info reliability fix',
        'missing-priority-class': 'all info reliability',
        'recommended-labels': 'all info reliability',
        'missing-resource-requests': 'baseline warning resources fix harden',
        'missing-memory-limit': 'baseline warning resources fix harden',
        'missing-cpu-limit': 'all info resources',
        'requests-equal-limits': 'all info resources fix',
        'ephemeral-storage-resources': 'all info resources',
        'job-ttl': 'baseline info batch fix',
        'cronjob-starting-deadline': 'baseline info batch fix',
      });
      for (const rule of reliabilityRules) {
        assert.ok(rule.meta.title && rule.meta.rationale && rule.meta.howToFix, rule.meta.id);
        assert.equal(Boolean(rule.fix), Boolean(rule.fixTitle), `${rule.meta.id}: a fix needs a title`);
      }
      for (const id of ['missing-resource-requests', 'missing-memory-limit', 'missing-liveness-probe', 'missing-readiness-probe']) assert.ok(HARDEN_RULES.includes(id), id);
      for (const id of ['pull-policy-with-latest', 'duplicate-env', 'job-ttl', 'hpa-min-replicas']) assert.ok(!HARDEN_RULES.includes(id), id);
    });

    it('maps kube-linter checks only where they mean the same', () => {
      const mapped = Object.fromEntries(reliabilityRules.filter((rule) => rule.meta.kubeLinter).map((rule) => [rule.meta.id, rule.meta.kubeLinter]));
      assert.deepEqual(mapped, {
        'no-latest-tag': ['latest-tag'],
        'missing-liveness-probe': ['no-liveness-probe'],
        'missing-readiness-probe': ['no-readiness-probe'],
        'probe-port-not-exposed': ['liveness-port', 'readiness-port', 'startup-port'],
        'duplicate-env': ['duplicate-env-var'],
        'secret-in-env': ['env-var-secret'],
        'single-replica': ['minimum-three-replicas'],
        'no-anti-affinity': ['no-anti-affinity'],
        'rollout-all-at-once': ['no-rolling-update-strategy'],
        'hpa-min-replicas': ['hpa-minimum-three-replicas'],
        'pdb-unhealthy-pod-eviction-policy': ['pdb-unhealthy-pod-eviction-policy'],
        'missing-priority-class': ['priority-class-name'],
        'missing-resource-requests': ['unset-cpu-requirements', 'unset-memory-requirements'],
        'missing-memory-limit': ['unset-memory-requirements'],
        'missing-cpu-limit': ['unset-cpu-requirements'],
        'job-ttl': ['job-ttl-seconds-after-finished'],
      });
      const text = deployment('        image: nginx:1.27.3\n        env:\n        - name: A\n          value: "1"\n        - name: A\n          value: "2"\n');
      assert.equal(lintRule(text, 'duplicate-env').length, 1);
      assert.deepEqual(lintRule(text.replace('  name: web\n', '  name: web\n  annotations:\n    ignore-check.kube-linter.io/duplicate-env-var: "known"\n'), 'duplicate-env'), []);
    });
  });

  describe('resource quantities', () => {
    it('parses binary and decimal suffixes, millis and exponents exactly', () => {
      const equal: [unknown, unknown][] = [
        ['1Gi', '1024Mi'], ['1Ki', '1024'], ['1Ki', 1024], ['0.5', '500m'], ['.5', '500m'], ['100m', '0.1'], ['1e3', '1k'], ['1E3', '1000'],
        ['1.5Gi', '1536Mi'], ['123Mi', '128974848'], ['1Gi', 1073741824], ['2', 2], ['1e-3', '1m'], ['1M', '1000k'], ['1E', '1e18'],
        ['1Ei', '1024Pi'], ['1Ti', '1024Gi'], ['1P', '1000T'], ['1G', '1000M'], ['1000n', '1u'], ['1000u', '1m'], ['5.', '5'], ['+1', '1'],
      ];
      for (const [a, b] of equal) assert.equal(compareQuantityText(a, b), 0, `${String(a)} = ${String(b)}`);
      const less: [unknown, unknown][] = [
        ['1G', '1Gi'], ['129e6', '129Mi'], ['128974847', '123Mi'], ['1999m', '2'], ['-1', '0'], ['1E', '1Ei'], ['999Mi', '1Gi'], ['0.1', '101m'], ['1', '1001m'],
      ];
      for (const [a, b] of less) {
        assert.equal(compareQuantityText(a, b), -1, `${String(a)} < ${String(b)}`);
        assert.equal(compareQuantityText(b, a), 1, `${String(b)} > ${String(a)}`);
      }
      for (const invalid of ['', 'abc', '1.2.3', '1KiB', '1 Gi', '1e', 'Mi', '1mi', '1K', '--1', null, undefined, true, {}, Number.NaN]) {
        assert.equal(parseQuantity(invalid), undefined, String(invalid));
      }
      assert.deepEqual(parseQuantity('1.5Gi'), { digits: 15n, exp10: -1, exp2: 30 });
    });

    it('never sets a memory limit below the request', () => {
      assert.equal(memoryLimitFor('512Mi', '256Mi'), '512Mi');
      assert.equal(memoryLimitFor('128Mi', '256Mi'), '256Mi');
      assert.equal(memoryLimitFor('1Gi', '1000Mi'), '1Gi');
      assert.equal(memoryLimitFor('1G', '1Gi'), '1Gi'); // 1G is 1000^3 bytes, less than 1Gi
      assert.equal(memoryLimitFor('0.5Gi', '512Mi'), '512Mi'); // equal: the default as written
      assert.equal(memoryLimitFor(2147483648, '1Gi'), 2147483648);
      assert.equal(memoryLimitFor('lots', '256Mi'), '256Mi');
      assert.equal(memoryLimitFor(undefined, '256Mi'), '256Mi');
    });
  });

  describe('missing-resource-requests', () => {
    it('fires on a container without requests and is fixed with the harden defaults', () => {
      const text = deployment('        image: nginx:1.27.3 # pinned\n');
      assert.deepEqual(lintRule(text, 'missing-resource-requests'), [
        '16:15-16:18 missing-resource-requests Container `web` has no CPU or memory request; set `resources.requests` so the scheduler reserves room for it.',
      ]);
      assert.deepEqual(fixTitles(text, 'missing-resource-requests'), ['Set CPU and memory requests (100m, 128Mi)']);
      const fixed = fixRule(text, 'missing-resource-requests');
      assert.equal(fixed, `${text}        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n`);
      assert.deepEqual(lintRule(fixed, 'missing-resource-requests'), []);
    });

    it('names what is missing per container, init containers included, and adds only that', () => {
      const text = deployment(
        '        image: nginx:1.27.3\n        resources:\n          limits:\n            cpu: 500m # cap\n',
        '\n      initContainers:\n      - name: migrate # schema first\n        image: migrate:4.17.0\n        resources:\n          requests:\n            memory: 64Mi',
      );
      assert.deepEqual(lintRule(text, 'missing-resource-requests'), [
        '16:15-16:22 missing-resource-requests Init container `migrate` has no CPU request; set `resources.requests` so the scheduler reserves room for it.',
        '22:15-22:18 missing-resource-requests Container `web` has no memory request; set `resources.requests` so the scheduler reserves room for it.',
      ]);
      assert.deepEqual(fixTitles(text, 'missing-resource-requests'), ['Set a CPU request (100m)', 'Set a memory request (128Mi)']);
      const fixed = fixRule(text, 'missing-resource-requests');
      assert.equal(fixed, text.replace('            memory: 64Mi\n', '            memory: 64Mi\n            cpu: 100m\n'));
      assert.deepEqual(lintRule(fixed, 'missing-resource-requests').map((line) => line.slice(0, 11)), ['23:15-23:18']);
      const all = applyAction(text, 'Fix all `missing-resource-requests` problems in this file (2)', onlyRule('missing-resource-requests'));
      assert.equal(all, fixed.replace('            cpu: 500m # cap\n', '            cpu: 500m # cap\n          requests:\n            memory: 128Mi\n'));
      assert.deepEqual(lintRule(all, 'missing-resource-requests'), []);
    });

    it('does not fire when requests are set, or a limit stands in for the request; ephemeral containers have none', () => {
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        resources:\n          requests:\n            cpu: 50m\n            memory: 64Mi\n'), 'missing-resource-requests'), []);
      // The API server copies a limit into a missing request.
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        resources:\n          limits:\n            cpu: "1"\n            memory: 1Gi\n'), 'missing-resource-requests'), []);
      const pod = POD_SPEC_LOCATIONS.Pod('containers:\n- name: app\n  image: app:1.0.0\n  resources:\n    requests: {cpu: 10m, memory: 16Mi}\nephemeralContainers:\n- name: debug\n  image: busybox:1.36\n');
      assert.deepEqual(lintRule(pod, 'missing-resource-requests'), []);
    });

    it('pod-level resources cover every container (requests and limits)', () => {
      const pod = POD_SPEC_LOCATIONS.Pod('resources: # for the whole pod\n  requests: {cpu: 500m, memory: 1Gi}\n  limits: {cpu: "1", memory: 2Gi}\ncontainers:\n- name: app\n  image: app:1.0.0\n- name: sidecar\n  image: sidecar:1.0.0\n');
      assert.deepEqual(lint(pod), []);
      for (const id of ['missing-resource-requests', 'missing-memory-limit', 'missing-cpu-limit']) assert.deepEqual(lintRule(pod, id), [], id);
      const requestsOnly = pod.replace('    limits: {cpu: "1", memory: 2Gi}\n', '');
      assert.deepEqual(lintRule(requestsOnly, 'missing-resource-requests'), []);
      assert.equal(lintRule(requestsOnly, 'missing-memory-limit').length, 2);
    });

    it('uses the harden resource settings', () => {
      const text = deployment('        image: nginx:1.27.3\n');
      const harden = { ...DEFAULT_SETTINGS.harden, resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '512Mi' } } };
      assert.deepEqual(fixTitles(text, 'missing-resource-requests', { harden }), ['Set CPU and memory requests (250m, 1Gi)']);
      assert.equal(fixRule(text, 'missing-resource-requests', { harden }), `${text}        resources:\n          requests:\n            cpu: 250m\n            memory: 1Gi\n`);
    });

    it('fires in every pod-spec location', () => {
      const body = 'containers:\n- name: app # the app\n  image: registry.example.com/app:1.4.2\n';
      for (const [kind, build] of Object.entries(POD_SPEC_LOCATIONS)) {
        const text = build(body);
        assert.deepEqual(lint(text), [], `${kind} is schema-clean`);
        assert.deepEqual(lintRule(text, 'missing-resource-requests'), [
          `${at(text, 'app', '- name: app')} missing-resource-requests Container \`app\` has no CPU or memory request; set \`resources.requests\` so the scheduler reserves room for it.`,
        ], kind);
        const fixed = fixRule(text, 'missing-resource-requests');
        assert.deepEqual(lintRule(fixed, 'missing-resource-requests'), [], kind);
        assert.deepEqual(lint(fixed), [], `${kind} stays schema-clean`);
        assert.equal(changedRegion(text, fixed).removed, '', kind);
      }
    });
  });

  describe('missing-memory-limit', () => {
    it('fires without a memory limit and is fixed with the default', () => {
      const text = deployment('        image: nginx:1.27.3\n        resources:\n          requests:\n            memory: 128Mi # measured\n');
      assert.deepEqual(lintRule(text, 'missing-memory-limit'), [
        "16:15-16:18 missing-memory-limit Container `web` has no memory limit; set `resources.limits.memory` so a leak cannot take the node's memory.",
      ]);
      assert.deepEqual(fixTitles(text, 'missing-memory-limit'), ['Set a memory limit (256Mi)']);
      const fixed = fixRule(text, 'missing-memory-limit');
      assert.equal(fixed, `${text}          limits:\n            memory: 256Mi\n`);
      assert.deepEqual(lintRule(fixed, 'missing-memory-limit'), []);
    });

    it('uses the request when it is larger than the default', () => {
      const text = deployment('        image: nginx:1.27.3\n        resources:\n          requests:\n            memory: 0.5Gi\n          limits:\n            cpu: "2" # burst\n');
      assert.deepEqual(fixTitles(text, 'missing-memory-limit'), ['Set a memory limit (0.5Gi)']);
      const fixed = fixRule(text, 'missing-memory-limit');
      assert.equal(fixed, `${text}            memory: 0.5Gi\n`);
      assert.deepEqual(lintRule(fixed, 'missing-memory-limit'), []);
      // A request below the configured default keeps the default; a custom default is used.
      const harden = { ...DEFAULT_SETTINGS.harden, resources: { ...DEFAULT_SETTINGS.harden.resources, limits: { memory: '384Mi' } } };
      assert.equal(fixRule(text.replace('0.5Gi', '300M'), 'missing-memory-limit', { harden }), `${text.replace('0.5Gi', '300M')}            memory: 384Mi\n`);
      // 400M is less than 384Mi (402653184 bytes); 500M is more.
      assert.equal(fixRule(text.replace('0.5Gi', '400M'), 'missing-memory-limit', { harden }), `${text.replace('0.5Gi', '400M')}            memory: 384Mi\n`);
      assert.equal(fixRule(text.replace('0.5Gi', '500M'), 'missing-memory-limit', { harden }), `${text.replace('0.5Gi', '500M')}            memory: 500M\n`);
    });

    it('covers init containers, and does not fire when the limit is set', () => {
      const body = 'initContainers:\n- name: fetch\n  image: curl:8.9.1\n  resources:\n    limits:\n      memory: 64Mi\ncontainers:\n- name: work\n  image: worker:2.0.1\n';
      const job = POD_SPEC_LOCATIONS.Job(body);
      assert.deepEqual(lintRule(job, 'missing-memory-limit'), [
        `${at(job, 'work', '- name: work')} missing-memory-limit Container \`work\` has no memory limit; set \`resources.limits.memory\` so a leak cannot take the node's memory.`,
      ]);
      assert.deepEqual(lintRule(POD_SPEC_LOCATIONS.Job(`${body}  resources: {limits: {memory: 1Gi}}\n`), 'missing-memory-limit'), []);
    });
  });

  describe('missing-cpu-limit', () => {
    it('is information only, with no fix', () => {
      const text = deployment('        image: nginx:1.27.3\n        resources:\n          requests:\n            cpu: 100m\n');
      assert.deepEqual(lintRule(text, 'missing-cpu-limit'), [
        '16:15-16:18 missing-cpu-limit Container `web` has no CPU limit, so it can use any idle CPU of its node; set `resources.limits.cpu` if it must not (a limit also throttles it when the node is idle).',
      ]);
      assert.deepEqual(severities(text, onlyRule('missing-cpu-limit')), ['missing-cpu-limit:3']);
      assert.deepEqual(fixTitles(text, 'missing-cpu-limit'), []);
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        resources:\n          limits:\n            cpu: 500m\n'), 'missing-cpu-limit'), []);
    });
  });

  describe('probes', () => {
    const sidecars = `initContainers:
- name: proxy # sidecar
  image: envoy:1.31.0
  restartPolicy: Always
  ports:
  - name: admin
    containerPort: 9901
  startupProbe:
    grpc:
      port: 9902
containers:
- name: app
  image: app:1.0.0
  ports:
  - name: http
    containerPort: 8080
  - containerPort: 8443
  livenessProbe:
    httpGet:
      path: /healthz
      port: health # typo
  readinessProbe:
    httpGet:
      path: /healthz
      port: 8443
- name: worker
  image: worker:1.0.0
  livenessProbe:
    tcpSocket:
      port: 7000
  readinessProbe:
    tcpSocket:
      port: http
`;

    it('probe-port-not-exposed: an unknown port name, or a number the container does not declare', () => {
      const text = POD_SPEC_LOCATIONS.StatefulSet(sidecars);
      assert.deepEqual(lintRule(text, 'probe-port-not-exposed'), [
        '24:19-24:23 probe-port-not-exposed Init container `proxy` has a startup probe on port 9902, which is not one of its ports (9901); check the port, or declare it in `ports`.',
        '35:19-35:25 probe-port-not-exposed Container `app` has a liveness probe on port `health`, but no port of that name, so the kubelet cannot resolve it and the probe always fails; name the port in `ports` or use its number.',
        // `worker` declares no port: its number is not checked, but a name cannot resolve.
        '47:19-47:23 probe-port-not-exposed Container `worker` has a readiness probe on port `http`, but no port of that name, so the kubelet cannot resolve it and the probe always fails; name the port in `ports` or use its number.',
      ]);
      // Warnings: the API server accepts a probe on a port name no container port has (the kubelet
      // fails it). A level set for the rule applies to every finding.
      assert.deepEqual(severities(text, onlyRule('probe-port-not-exposed')), Array(3).fill('probe-port-not-exposed:2'));
      assert.deepEqual(severities(text, onlyRule('probe-port-not-exposed', 'info')), Array(3).fill('probe-port-not-exposed:3'));
      assert.deepEqual(fixTitles(text, 'probe-port-not-exposed'), []);
    });

    it('probe-port-not-exposed: a TCP, HTTP or gRPC probe on a port declared only for UDP', () => {
      const text = deployment(`        image: coredns:1.11.3
        ports:
        - name: dns
          containerPort: 53
          protocol: UDP
        - name: dns-tcp # the same number over TCP
          containerPort: 53
          protocol: TCP
        - name: stats
          containerPort: 9153
          protocol: UDP
        - name: sctp
          containerPort: 9200
          protocol: SCTP
        livenessProbe:
          tcpSocket:
            port: 9153
        readinessProbe:
          httpGet:
            port: stats
        startupProbe:
          grpc:
            port: 9200
`);
      assert.deepEqual(lintRule(text, 'probe-port-not-exposed'), [
        `${at(text, '9153', 'tcpSocket')} ` + 'probe-port-not-exposed Container `web` has a liveness probe on port `9153`, which it declares only for UDP; the probe connects over TCP, so it always fails. Probe a TCP port, or use an `exec` probe.',
        `${at(text, 'stats', 'httpGet')} ` + 'probe-port-not-exposed Container `web` has a readiness probe on port `stats`, which it declares only for UDP; the probe connects over TCP, so it always fails. Probe a TCP port, or use an `exec` probe.',
        `${at(text, '9200', 'grpc')} ` + 'probe-port-not-exposed Container `web` has a startup probe on port `9200`, which it declares only for SCTP; the probe connects over TCP, so it always fails. Probe a TCP port, or use an `exec` probe.',
      ]);
      // Port 53 is declared for TCP too, and a port without a protocol is TCP.
      const fine = text.replace('            port: 9153', '            port: 53').replace('port: stats', 'port: dns-tcp').replace('            port: 9200', '            port: 53')
        .replace('          containerPort: 53\n          protocol: UDP\n', '          containerPort: 53\n');
      assert.deepEqual(lintRule(fine, 'probe-port-not-exposed'), []);
    });

    it('probe-port-not-exposed does not fire on declared names and numbers', () => {
      const text = deployment('        image: nginx:1.27.3\n        ports:\n        - name: http\n          containerPort: 8080\n        livenessProbe:\n          httpGet:\n            port: http\n        readinessProbe:\n          tcpSocket:\n            port: 8080\n        startupProbe:\n          exec:\n            command: [cat, /tmp/ready]\n');
      assert.deepEqual(lintRule(text, 'probe-port-not-exposed'), []);
    });

    it('identical-probes fires when liveness and readiness check the same thing the same way', () => {
      const probe = (name: string, extra = '') => `        ${name}:\n          httpGet:\n            path: /healthz\n            port: 8080\n          periodSeconds: 10${extra}\n`;
      const text = deployment(`        image: nginx:1.27.3\n${probe('livenessProbe')}${probe('readinessProbe').replace('          periodSeconds: 10\n', '          failureThreshold: 3 # the default\n')}`);
      assert.deepEqual(lintRule(text, 'identical-probes'), [
        '18:9-18:22 identical-probes Container `web` has the same liveness and readiness probe: when a dependency is slow, its pods are restarted instead of only leaving the load balancer. Make the liveness probe more lenient (a higher `failureThreshold`, or a check of the process alone).',
      ]);
      assert.deepEqual(fixTitles(text, 'identical-probes'), []);
      // A more lenient liveness probe, or a different check, is the point.
      assert.deepEqual(lintRule(deployment(`        image: nginx:1.27.3\n${probe('livenessProbe', '\n          failureThreshold: 6')}${probe('readinessProbe')}`), 'identical-probes'), []);
      assert.deepEqual(lintRule(deployment(`        image: nginx:1.27.3\n${probe('livenessProbe').replace('/healthz', '/livez')}${probe('readinessProbe')}`), 'identical-probes'), []);
      assert.deepEqual(lintRule(deployment(`        image: nginx:1.27.3\n${probe('readinessProbe')}`), 'identical-probes'), []);
    });

    it('missing probes: sidecar init containers get them, plain init containers and CronJobs do not', () => {
      const text = POD_SPEC_LOCATIONS.StatefulSet(sidecars);
      assert.deepEqual(lintRule(text, 'missing-liveness-probe'), ['16:15-16:20 missing-liveness-probe Init container `proxy` has no liveness probe.']);
      assert.deepEqual(lintRule(text, 'missing-readiness-probe'), ['16:15-16:20 missing-readiness-probe Init container `proxy` has no readiness probe.']);
      const fixed = fixRule(text, 'missing-readiness-probe');
      assert.equal(fixed, text.replace('            port: 9902\n', '            port: 9902\n        readinessProbe:\n          tcpSocket:\n            port: admin\n          periodSeconds: 10\n'));
      assert.deepEqual(lintRule(fixed, 'missing-readiness-probe'), []);
      const plainInit = POD_SPEC_LOCATIONS.DaemonSet('initContainers:\n- name: setup\n  image: busybox:1.36\ncontainers:\n- name: agent\n  image: agent:2.1.0\n  ports:\n  - containerPort: 9100\n');
      assert.deepEqual(lintRule(plainInit, 'missing-liveness-probe'), [`${at(plainInit, 'agent', '- name: agent')} missing-liveness-probe Container \`agent\` has no liveness probe.`]);
      assert.deepEqual(fixTitles(plainInit, 'missing-liveness-probe'), ['Add a TCP liveness probe on port 9100']);
      const cron = POD_SPEC_LOCATIONS.CronJob('containers:\n- name: report\n  image: report:3.0.0\n  ports:\n  - containerPort: 8080\n');
      assert.deepEqual(lintRule(cron, 'missing-liveness-probe'), []);
      assert.deepEqual(lintRule(cron, 'missing-readiness-probe'), []);
    });

    it('missing probes fire in an Argo Rollout', () => {
      const rollout = POD_SPEC_LOCATIONS.Rollout('containers:\n- name: api\n  image: api:5.2.0\n  ports:\n  - name: http\n    containerPort: 8080\n');
      assert.deepEqual(lintRule(rollout, 'missing-readiness-probe'), [`${at(rollout, 'api', '- name: api')} missing-readiness-probe Container \`api\` has no readiness probe.`]);
      const fixed = fixRule(rollout, 'missing-readiness-probe');
      assert.equal(fixed, `${rollout}        readinessProbe:\n          tcpSocket:\n            port: http\n          periodSeconds: 10\n`);
      assert.deepEqual(lint(fixed), []);
    });
  });

  describe('pull-policy-with-latest', () => {
    it('fires on latest or untagged images that are not pulled every time, and sets Always', () => {
      const text = deployment('        image: nginx:latest\n        imagePullPolicy: IfNotPresent # cached\n');
      assert.deepEqual(lintRule(text, 'pull-policy-with-latest'), [
        '18:26-18:38 pull-policy-with-latest Container `web` runs `nginx:latest` with `imagePullPolicy: IfNotPresent`, so a node keeps whatever `latest` it pulled first; set `imagePullPolicy: Always`, or pin a version.',
      ]);
      assert.deepEqual(fixTitles(text, 'pull-policy-with-latest'), ['Set `imagePullPolicy: Always`']);
      const fixed = fixRule(text, 'pull-policy-with-latest');
      assert.equal(fixed, text.replace('imagePullPolicy: IfNotPresent # cached', 'imagePullPolicy: Always # cached'));
      assert.deepEqual(lintRule(fixed, 'pull-policy-with-latest'), []);
      const pod = POD_SPEC_LOCATIONS.Pod('containers:\n- name: app\n  image: app:1.0.0\nephemeralContainers:\n- name: debug\n  image: busybox\n  imagePullPolicy: Never\n');
      assert.deepEqual(lintRule(pod, 'pull-policy-with-latest'), [
        `${at(pod, 'Never')} pull-policy-with-latest Ephemeral container \`debug\` runs \`busybox\` (no tag: \`latest\`) with \`imagePullPolicy: Never\`, so a node keeps whatever \`latest\` it pulled first; set \`imagePullPolicy: Always\`, or pin a version.`,
      ]);
    });

    it('does not fire on pinned images, digests, Always, or the default policy', () => {
      for (const container of [
        '        image: nginx:1.27.3\n        imagePullPolicy: IfNotPresent\n',
        '        image: nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n        imagePullPolicy: IfNotPresent\n',
        '        image: nginx:latest\n        imagePullPolicy: Always\n',
        '        image: nginx\n',
      ]) assert.deepEqual(lintRule(deployment(container), 'pull-policy-with-latest'), [], container);
    });
  });

  describe('duplicate-env', () => {
    const cron = POD_SPEC_LOCATIONS.CronJob(`containers:
- name: report
  image: report:3.0.0
  env:
  # Where to write.
  - name: OUT
    value: /tmp/a # old
  - name: LEVEL
    value: info
  - name: OUT
    value: /tmp/b
  - name: MODE
    value: fast
  - name: OUT # the one that counts
    value: /data/out
  - name: TAIL
    value: x
`);

    it('fires on every entry the last one overrides, and removes them', () => {
      const message = 'duplicate-env Container `report` sets `OUT` again later in `env` (entry 5), and the last entry wins: this one has no effect. Remove it.';
      assert.deepEqual(lintRule(cron, 'duplicate-env'), [`18:21-18:24 ${message}`, `22:21-22:24 ${message}`]);
      assert.deepEqual([...new Set(fixTitles(cron, 'duplicate-env'))], ['Remove the earlier `OUT` entries (the last one wins)']);
      const fixed = fixRule(cron, 'duplicate-env');
      assert.equal(fixed, cron.replace('            - name: OUT\n              value: /tmp/a # old\n', '').replace('            - name: OUT\n              value: /tmp/b\n', ''));
      assert.ok(fixed.includes('            # Where to write.\n            - name: LEVEL\n'));
      assert.ok(fixed.includes('            - name: OUT # the one that counts\n              value: /data/out\n'));
      assert.deepEqual(lintRule(fixed, 'duplicate-env'), []);
      assert.deepEqual(lint(fixed), []);
    });

    it('offers no fix when a variable in between refers to the overridden value', () => {
      const text = cron.replace('value: info', 'value: $(OUT)/log');
      assert.deepEqual(lintRule(text, 'duplicate-env').map((line) => line.slice(line.indexOf('Remove'))), Array(2).fill('Remove it (another variable in between refers to it: check that first).'));
      assert.deepEqual(fixTitles(text, 'duplicate-env'), []);
    });

    it('removes the single earlier entry of a pair, in any container list', () => {
      const pod = POD_SPEC_LOCATIONS.Pod('containers:\n- name: app\n  image: app:1.0.0\n  env: [{name: A, value: "1"}]\nephemeralContainers:\n- name: debug\n  image: busybox:1.36\n  env:\n  - {name: MODE, value: a}\n  - {name: MODE, value: b} # wins\n');
      assert.deepEqual(lintRule(pod, 'duplicate-env'), [
        `${at(pod, 'MODE')} duplicate-env Ephemeral container \`debug\` sets \`MODE\` again later in \`env\` (entry 2), and the last entry wins: this one has no effect. Remove it.`,
      ]);
      assert.deepEqual(fixTitles(pod, 'duplicate-env'), ['Remove the earlier `MODE` entry (the last one wins)']);
      assert.equal(fixRule(pod, 'duplicate-env'), pod.replace('    - {name: MODE, value: a}\n', ''));
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        env:\n        - name: A\n          value: "1"\n        - name: B\n          value: "1"\n'), 'duplicate-env'), []);
    });
  });

  describe('secret-in-env', () => {
    it('fires on a literal value of a variable whose name says secret', () => {
      const text = deployment('        image: nginx:1.27.3\n        env:\n        - name: DB_PASSWORD\n          value: hunter2 # FIXME\n        - name: apiKey\n          value: "abc123"\n        - name: GITHUB_TOKEN\n          valueFrom:\n            secretKeyRef: {name: gh, key: token}\n');
      assert.deepEqual(lintRule(text, 'secret-in-env'), [
        '20:18-20:25 secret-in-env Container `web` sets `DB_PASSWORD` to a literal value, and the name says it is a secret: anyone who can read the manifest can read it. Put it in a Secret and use `valueFrom.secretKeyRef`.',
        '22:18-22:26 secret-in-env Container `web` sets `apiKey` to a literal value, and the name says it is a secret: anyone who can read the manifest can read it. Put it in a Secret and use `valueFrom.secretKeyRef`.',
      ]);
      assert.deepEqual(fixTitles(text, 'secret-in-env'), []);
    });

    it('does not fire on references, empty values, flags, or names about a secret rather than the secret', () => {
      const env = [['TOKEN_URL', 'https://auth.example.com/token'], ['PASSWORD_FILE', '/run/secrets/db'], ['AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE'], ['AUTH_ENABLED', 'true'],
        ['DB_PASSWORD', ''], ['DB_PASSWORD_ALIAS', '$(DB_PASSWORD)'], ['BYPASS_CACHE', '1'], ['SECRET_NAME', 'db-credentials']];
      const text = deployment(`        image: nginx:1.27.3\n        env:\n${env.map(([name, value]) => `        - name: ${name}\n          value: "${value}"\n`).join('')}`);
      assert.deepEqual(lintRule(text, 'secret-in-env'), []);
    });

    /** Secret-shaped values, built here so no token-shaped string sits in the repository. */
    const SECRET_VALUES: [string, string][] = [
      ['a private key (PEM)', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'],
      ['a private key (PEM)', '-----BEGIN OPENSSH PRIVATE KEY-----'],
      ['a private key (PEM)', '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n"}'],
      ['a private key (PEM)', '-----BEGIN EC PRIVATE KEY-----'],
      ['a private key (PEM)', '---BEGIN OPENSSH PRIVATE KEY---\nxxxxx\n---END OPENSSH PRIVATE KEY---'],
      ['an AWS access key ID', `AKIA${'IOSFODNN7EXAMPL'}E`],
      ['an AWS access key ID', `ASIA${'Q'.repeat(16)}`],
      ['a Google API key', `AIza${'S'.repeat(35)}`],
      ['a Google OAuth client secret', `GOCSPX-${'g'.repeat(28)}`],
      ['an Azure storage account key', `DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${'a'.repeat(86)}==;EndpointSuffix=core.windows.net`],
      ['an Azure shared access key', `Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${'b'.repeat(43)}=`],
      ['an Azure client secret', `abc8Q~${'c'.repeat(34)}`],
      ['a GitHub token', `ghp_${'h'.repeat(36)}`],
      ['a GitHub token', `github_pat_${'p'.repeat(82)}`],
      ['a GitLab token', `glpat-${'l'.repeat(20)}`],
      ['a Slack token', `xoxb-${'1'.repeat(12)}-${'2'.repeat(13)}-${'s'.repeat(24)}`],
      ['a Slack webhook URL', `https://hooks.slack.com/services/T0000/B0000/${'w'.repeat(24)}`],
      ['a Stripe secret key', `sk_live_${'k'.repeat(24)}`],
      ['a Stripe secret key', `rk_test_${'k'.repeat(24)}`],
      ['a SendGrid API key', `SG.${'s'.repeat(22)}.${'g'.repeat(43)}`],
      ['an npm token', `npm_${'n'.repeat(36)}`],
      ['an OpenAI API key', `sk-proj-${'o'.repeat(20)}T3BlbkFJ${'a'.repeat(20)}`],
      ['an Anthropic API key', `sk-ant-api03-${'a'.repeat(90)}`],
      ['a Hugging Face token', `hf_${'f'.repeat(34)}`],
      ['a HashiCorp Vault token', `hvs.${'v'.repeat(24)}`],
      ['a JSON Web Token', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${'j'.repeat(43)}`],
      ['a URL with a password in it', 'postgres://app:s3cr3t@db:5432/app'],
      ['a URL with a password in it', 'redis://:hunter22@redis:6379/0'],
    ];
    /** Ordinary values, some of them close to a secret format, that are not secrets. */
    const ORDINARY_VALUES = [
      'https://example.com/path?x=1', 'postgres://db:5432/app', 'postgres://$(DB_USER):$(DB_PASSWORD)@db:5432/app', 'amqp://guest:${RABBIT_PASSWORD}@mq:5672',
      'mongodb://app:<password>@mongo:27017', 'user@example.com', 'AKIAEXAMPLE', `AKIA${'q'.repeat(16)}`, `sha256:${'0123456789abcdef'.repeat(4)}`,
      '3fa85f64-5717-4562-b3fc-2c963f66afa6', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', '-----BEGIN PUBLIC KEY-----', `pk_live_${'k'.repeat(24)}`,
      'eyJhbGciOiJIUzI1NiJ9', 'ghp_short', 'INFO', 'production', '/var/run/secrets/google/key.json', '-Xmx512m -XX:+UseG1GC', 'dGhpcyBpcyBhIHRlc3QgdmFsdWU=',
      'web.shop.svc.cluster.local:8080', 'https://hooks.slack.com/', `nginx@sha256:${'a'.repeat(64)}`, 'AccountName=shop', `${'x'.repeat(40)}`, 'sk-1234',
      `${'A1b2C3d4'.repeat(5)}`, 'https://accounts.google.com/o/oauth2/token', 'kafka-0.kafka:9092,kafka-1.kafka:9092',
    ];

    it('recognises secrets by their documented formats, and not ordinary values', () => {
      for (const [what, value] of SECRET_VALUES) assert.equal(secretFormatOf(value), what, value);
      for (const value of ORDINARY_VALUES) assert.equal(secretFormatOf(value), undefined, value);
      for (const value of ['', 'true', 'off', '$(A) $(B)', '/run/secrets/db', 'https://auth.example.com/token']) assert.ok(harmlessValue(value), value);
      for (const value of ['hunter2', '0', 'https://user:pass@example.com/']) assert.ok(!harmlessValue(value), value);
    });

    it('fires on a secret-shaped value whatever the variable is called', () => {
      const env = SECRET_VALUES.map(([, value], index) => `        - name: SETTING_${index}\n          value: ${JSON.stringify(value)}\n`).join('');
      const text = deployment(`        image: nginx:1.27.3\n        env:\n${env}        - name: DB_PASSWORD # a name that says secret, a value that is one\n          value: ${JSON.stringify(SECRET_VALUES.find(([what]) => what === 'a Google API key')![1])}\n`);
      const found = lintRule(text, 'secret-in-env');
      assert.equal(found.length, SECRET_VALUES.length + 1);
      SECRET_VALUES.forEach(([what, value], index) => {
        assert.equal(found[index], `${at(text, JSON.stringify(value), `SETTING_${index}\n`)} secret-in-env Container \`web\` sets \`SETTING_${index}\` to what looks like ${what}, written into the manifest where anyone who can read it can use it. Put it in a Secret, use \`valueFrom.secretKeyRef\`, and rotate it.`);
      });
      assert.match(found[SECRET_VALUES.length], / sets `DB_PASSWORD` to what looks like a Google API key,/);
      // Nothing of the secret is repeated in the messages.
      for (const [, value] of SECRET_VALUES) assert.ok(!found.some((line) => line.includes(value.slice(4, 20))), value);
      const ordinary = ORDINARY_VALUES.map((value, index) => `        - name: SETTING_${index}\n          value: ${JSON.stringify(value)}\n`).join('');
      assert.deepEqual(lintRule(deployment(`        image: nginx:1.27.3\n        env:\n${ordinary}`), 'secret-in-env'), []);
    });

    it('does not take a path or a URL for the secret its variable names', () => {
      const env = [['GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/google/key.json'], ['AUTH_SERVER', 'https://login.example.com/realms/shop'], ['AUTH_SERVER_2', 'https://admin:letmein@login.example.com']];
      const text = deployment(`        image: nginx:1.27.3\n        env:\n${env.map(([name, value]) => `        - name: ${name}\n          value: "${value}"\n`).join('')}`);
      assert.deepEqual(lintRule(text, 'secret-in-env'), [
        `${at(text, '"https://admin:letmein@login.example.com"')} secret-in-env Container \`web\` sets \`AUTH_SERVER_2\` to what looks like a URL with a password in it, written into the manifest where anyone who can read it can use it. Put it in a Secret, use \`valueFrom.secretKeyRef\`, and rotate it.`,
      ]);
    });

    it('reads names by their words', () => {
      for (const name of ['DB_PASSWORD', 'dbPassword', 'MYSQL_ROOT_PASSWORD', 'REDIS_PASS', 'SMTP_PASSWD', 'client_secret', 'AWS_SECRET_ACCESS_KEY', 'API_KEY', 'APIKEY', 'STRIPE_APIKEY',
        'ACCESS_KEY', 'SSH_PRIVATE_KEY', 'GITHUB_TOKEN', 'OAuthToken', 'GCP_CREDENTIALS', 'CREDENTIAL', 'BASIC_AUTH',
        'JWT_SIGNING_KEY', 'ENCRYPTION_KEY', 'AZURE_BATCH_KEY', 'AZURE_STORAGE_KEY', 'OCI_CLI_KEY_CONTENT']) assert.ok(looksSecret(name), name);
      for (const name of ['TOKEN_URL', 'PASSWORD_FILE', 'SECRET_PATH', 'AUTH_ENDPOINT', 'AUTH_HOST', 'AWS_ACCESS_KEY_ID', 'BYPASS_CACHE', 'PASSTHROUGH', 'AUTHOR', 'KEY', 'PUBLIC_KEY',
        'SECRET_NAME', 'AUTH_ENABLED', 'AUTH_USER', 'MONKEY', 'PATH', 'HOME', 'PASSWORD_MIN_LENGTH',
        // Switches about a secret (MySQL's image reads these as flags).
        'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD', 'REQUIRE_AUTH', 'SKIP_TOKEN_CHECK', 'ENABLE_BASIC_AUTH',
        // Keys that are names, not secrets.
        'CACHE_KEY', 'PARTITION_KEY', 'SORT_KEY', 'AWS_KMS_KEY_ARN', 'AWS_KMS_KEY_ALIAS', 'AZURE_KEY_VAULT_NAME', 'AWS_REGION']) assert.ok(!looksSecret(name), name);
    });
  });

  describe('replicas', () => {
    it('single-replica fires on one replica or none written, only in the `all` profile', () => {
      const unset = deployment('        image: nginx:1.27.3\n');
      assert.deepEqual(lintRule(unset, 'single-replica'), [
        '6:1-6:5 single-replica Deployment `web` runs a single replica (`replicas` is not set, so 1): while that pod restarts or moves, nothing serves. Set `replicas` to 2 or more, unless an autoscaler manages it.',
      ]);
      const one = POD_SPEC_LOCATIONS.StatefulSet('containers:\n- name: db\n  image: postgres:16.4\n').replace('  serviceName: app\n', '  serviceName: app\n  replicas: 1 # for now\n');
      assert.deepEqual(lintRule(one, 'single-replica'), [
        `${at(one, '1', 'replicas')} single-replica StatefulSet \`app\` runs a single replica: while that pod restarts or moves, nothing serves. Set \`replicas\` to 2 or more, unless an autoscaler manages it.`,
      ]);
      assert.deepEqual(fixTitles(one, 'single-replica'), []);
      assert.deepEqual(lintRule(one.replace('replicas: 1', 'replicas: 2'), 'single-replica'), []);
      assert.deepEqual(lintRule(one.replace('replicas: 1', 'replicas: 0'), 'single-replica'), []);
      assert.ok(!lint(unset, { profile: 'restricted' }).some((line) => line.includes(' single-replica ')));
      assert.ok(lint(unset, { profile: 'all' }).some((line) => line.includes(' single-replica ')));
      // Not for DaemonSets (one pod per node) or Jobs.
      assert.deepEqual(lintRule(POD_SPEC_LOCATIONS.DaemonSet('containers:\n- name: app\n  image: app:1.0.0\n'), 'single-replica'), []);
    });

    it('no-anti-affinity fires on several replicas that nothing spreads', () => {
      const text = deployment('        image: nginx:1.27.3\n', '', '\n  replicas: 3 # one per zone');
      assert.deepEqual(lintRule(text, 'no-anti-affinity'), [
        '7:13-7:14 no-anti-affinity Deployment `web` runs 3 replicas but does not spread them, so they may all land on one node and fail together. Add `topologySpreadConstraints` (or a `podAntiAffinity`) on `kubernetes.io/hostname`.',
      ]);
      assert.deepEqual(fixTitles(text, 'no-anti-affinity'), []);
      const spread = deployment('        image: nginx:1.27.3\n', '\n      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n          matchLabels:\n            app: web', '\n  replicas: 3');
      assert.deepEqual(lint(spread), []);
      assert.deepEqual(lintRule(spread, 'no-anti-affinity'), []);
      const anti = deployment('        image: nginx:1.27.3\n', '\n      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n            podAffinityTerm:\n              topologyKey: kubernetes.io/hostname\n              labelSelector:\n                matchLabels:\n                  app: web', '\n  replicas: 3');
      assert.deepEqual(lint(anti), []);
      assert.deepEqual(lintRule(anti, 'no-anti-affinity'), []);
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n', '', '\n  replicas: 1'), 'no-anti-affinity'), []);
    });

    it('no-anti-affinity counts only terms that select the workload\'s own pods, in its namespace', () => {
      const withPod = (pod: string, namespace = '') => deployment('        image: nginx:1.27.3\n', pod, '\n  replicas: 3').replace('  name: web\n', `  name: web\n${namespace}`);
      const anti = (term: string) => `\n      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - topologyKey: kubernetes.io/hostname\n${term}`;
      const selector = (match: string) => `            labelSelector:\n${match}`;
      const byLabel = selector('              matchLabels:\n                app: web\n');
      const inShop = '  namespace: shop\n';
      const notOwn = (text: string) => `${at(text, '3', 'replicas:')} no-anti-affinity Deployment \`web\` runs 3 replicas, but none of its spread constraints or anti-affinity terms selects its own pods, so they do not spread them and the replicas may all land on one node. Give them a \`labelSelector\` that matches the pod template's labels.`;
      const cases: [string, string, boolean][] = [
        ['own labels, own namespace', withPod(anti(byLabel)), false],
        ['matchExpressions In', withPod(anti(selector('              matchExpressions:\n              - {key: app, operator: In, values: [web, api]}\n'))), false],
        ['an empty selector selects every pod', withPod(anti('            labelSelector: {}\n')), false],
        ['namespaces listing its own', withPod(anti(`${byLabel}            namespaces: [shop, other]\n`), inShop), false],
        ['namespaceSelector {} (every namespace)', withPod(anti(`${byLabel}            namespaceSelector: {}\n`), inShop), false],
        ['namespaceSelector on its name', withPod(anti(`${byLabel}            namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: shop\n`), inShop), false],
        ['namespaceSelector on labels it cannot see', withPod(anti(`${byLabel}            namespaceSelector:\n              matchLabels:\n                team: shop\n`), inShop), false],
        ['namespaces unknown (no metadata.namespace)', withPod(anti(`${byLabel}            namespaces: [other]\n`)), false],
        ['another app\'s labels', withPod(anti(selector('              matchLabels:\n                app: db\n'))), true],
        ['matchExpressions NotIn its own value', withPod(anti(selector('              matchExpressions:\n              - {key: app, operator: NotIn, values: [web]}\n'))), true],
        ['no labelSelector (selects no pod)', withPod(anti('            namespaces: [shop]\n')), true],
        ['another namespace', withPod(anti(`${byLabel}            namespaces: [other]\n`), inShop), true],
        ['namespaceSelector on another name', withPod(anti(`${byLabel}            namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: other\n`), inShop), true],
        ['mismatchLabelKeys on its own label', withPod(anti(`${byLabel}            mismatchLabelKeys: [app]\n`)), true],
        ['spread on own labels', withPod('\n      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n          matchLabels:\n            app: web'), false],
        ['spread on another app', withPod('\n      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n          matchLabels:\n            app: db'), true],
        ['spread without labelSelector', withPod('\n      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: kubernetes.io/hostname\n        whenUnsatisfiable: ScheduleAnyway'), true],
      ];
      for (const [name, text, expected] of cases) {
        assert.deepEqual(lint(text, { profile: 'all' }).filter((line) => line.includes('schema') || line.includes('unknown-field') || line.includes('wrong-type')), [], name);
        assert.deepEqual(lintRule(text, 'no-anti-affinity'), expected ? [notOwn(text)] : [], name);
      }
    });

    it('hpa-min-replicas fires below two and raises minReplicas when maxReplicas allows it', () => {
      const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 1 # saves money\n  maxReplicas: 10\n';
      assert.deepEqual(lintRule(hpa, 'hpa-min-replicas'), [
        '10:16-10:17 hpa-min-replicas HorizontalPodAutoscaler `web` has `minReplicas: 1`: at quiet times a single pod serves, and its restart is an outage. Set `minReplicas: 2`.',
      ]);
      assert.deepEqual(fixTitles(hpa, 'hpa-min-replicas'), ['Set `minReplicas: 2`']);
      const fixed = fixRule(hpa, 'hpa-min-replicas');
      assert.equal(fixed, hpa.replace('minReplicas: 1 # saves money', 'minReplicas: 2 # saves money'));
      assert.deepEqual(lintRule(fixed, 'hpa-min-replicas'), []);

      const v1 = 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  maxReplicas: 5\n  targetCPUUtilizationPercentage: 80\n';
      assert.deepEqual(lintRule(v1, 'hpa-min-replicas'), [
        '5:1-5:5 hpa-min-replicas HorizontalPodAutoscaler `web` does not set `minReplicas`, so it is 1: at quiet times a single pod serves, and its restart is an outage. Set `minReplicas: 2`.',
      ]);
      const fixedV1 = fixRule(v1, 'hpa-min-replicas');
      assert.equal(fixedV1, v1.replace('  maxReplicas: 5\n', '  minReplicas: 2\n  maxReplicas: 5\n'));
      assert.deepEqual(lint(fixedV1), []);
      // maxReplicas 1: raising only the minimum would be rejected, so no fix.
      const capped = v1.replace('maxReplicas: 5', 'maxReplicas: 1');
      assert.deepEqual(lintRule(capped, 'hpa-min-replicas').map((line) => line.slice(line.indexOf('Set'))), ['Set `minReplicas: 2` and raise `maxReplicas`.']);
      assert.deepEqual(fixTitles(capped, 'hpa-min-replicas'), []);
      assert.deepEqual(lintRule(hpa.replace('minReplicas: 1', 'minReplicas: 3'), 'hpa-min-replicas'), []);
    });
  });

  describe('batch', () => {
    const job = `# Nightly import.
apiVersion: batch/v1
kind: Job
metadata:
  name: import
spec:
  backoffLimit: 2 # retries
  # The pods.
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: import
        image: import:1.2.0
`;
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 6 * * *" # daily
  jobTemplate:
    spec:
      podFailurePolicy:
        rules:
        - action: FailJob
          onExitCodes:
            operator: In
            values: [42]
      template:
        spec:
          restartPolicy: Never # required with a podFailurePolicy
          containers:
          - name: report
            image: report:3.0.0
`;

    it('job-ttl fires on a standalone Job and sets one day before the template', () => {
      assert.deepEqual(lintRule(job, 'job-ttl'), [
        '6:1-6:5 job-ttl Job `import` has no `ttlSecondsAfterFinished`, so it and its pods stay in the cluster after it finishes until someone deletes them; set it (for example 86400, one day).',
      ]);
      assert.deepEqual(fixTitles(job, 'job-ttl'), ['Set `ttlSecondsAfterFinished: 86400` (1 day)']);
      const fixed = fixRule(job, 'job-ttl');
      assert.equal(fixed, job.replace('  backoffLimit: 2 # retries\n', '  backoffLimit: 2 # retries\n  ttlSecondsAfterFinished: 86400\n'));
      assert.deepEqual(lintRule(fixed, 'job-ttl'), []);
      // A CronJob's jobs are cleaned up by its history limits.
      assert.deepEqual(lintRule(cron, 'job-ttl'), []);
    });

    it('cronjob-starting-deadline fires without a deadline and sets 200 seconds', () => {
      assert.deepEqual(lintRule(cron, 'cronjob-starting-deadline'), [
        '5:1-5:5 cronjob-starting-deadline CronJob `report` has no `startingDeadlineSeconds`: missed schedules are counted since its last run and a late run starts however late it is. Set a deadline (for example 200 seconds).',
      ]);
      assert.deepEqual(fixTitles(cron, 'cronjob-starting-deadline'), ['Set `startingDeadlineSeconds: 200`']);
      const fixed = fixRule(cron, 'cronjob-starting-deadline');
      assert.equal(fixed, cron.replace('  jobTemplate:\n', '  startingDeadlineSeconds: 200\n  jobTemplate:\n'));
      assert.deepEqual(lintRule(fixed, 'cronjob-starting-deadline'), []);
      assert.deepEqual(lintRule(job, 'cronjob-starting-deadline'), []);
    });
  });

  describe('Harden Manifest', () => {
    const checkout = `# Checkout service: web front and a metrics sidecar.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  labels:
    app: checkout # owned by team-payments
spec:
  replicas: 3
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      # Runs before the app starts.
      initContainers:
      - name: migrate
        image: registry.example.com/checkout-migrate:2.3.1
        args: ["--to", "latest"] # schema version
      containers:
      - name: web # serves the storefront API
        image: registry.example.com/checkout:2.3.1
        ports:
        - name: http
          containerPort: 8080
        resources:
          requests:
            memory: 512Mi # measured under load
      - name: metrics
        image: prom/statsd-exporter:v0.27.1
        ports:
        - containerPort: 9102
        resources:
          limits:
            cpu: 200m
---
# The service in front of it.
apiVersion: v1
kind: Service
metadata:
  name: checkout
spec:
  selector:
    app: checkout
  ports:
  - port: 80
    targetPort: http
`;
    const mine = reliabilityRules.filter((rule) => rule.meta.harden).map((rule) => rule.meta.id);

    function resourcesOf(text: string): Record<string, unknown> {
      const pod = (parseAllDocuments(text)[0].toJS() as { spec: { template: { spec: Record<string, { name: string; resources?: unknown }[]> } } }).spec.template.spec;
      return Object.fromEntries([...pod.initContainers, ...pod.containers].map((container) => [container.name, container.resources]));
    }

    it('leaves none of these rules firing, keeps comments, stays schema-clean, and is idempotent', () => {
      const result = hardenFile(service(), TEST_URI, checkout, DEFAULT_SETTINGS);
      assert.ok(result.changes.some((change) => change.rule === 'missing-resource-requests' && change.count === 3));
      assert.ok(result.changes.some((change) => change.rule === 'missing-memory-limit' && change.count === 3));
      assert.deepEqual(lint(result.text, { rules: { ...NO_RULES, ...Object.fromEntries(mine.map((id) => [id, 'warning' as const])) } }), []);
      assert.ok(parseAllDocuments(result.text).every((doc) => doc.errors.length === 0));
      assert.deepEqual(lint(result.text), []);
      for (const comment of checkout.split('\n').filter((line) => line.includes('#'))) assert.ok(result.text.includes(`${comment}\n`), comment);
      assert.ok(result.text.endsWith(checkout.slice(checkout.indexOf('---\n'))), 'the Service is untouched');
      assert.deepEqual(resourcesOf(result.text), {
        migrate: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        // The measured request stays, and the limit is not set below it.
        web: { requests: { memory: '512Mi', cpu: '100m' }, limits: { memory: '512Mi' } },
        // A CPU limit without a request is the request.
        metrics: { limits: { cpu: '200m', memory: '256Mi' }, requests: { memory: '128Mi' } },
      });
      const again = hardenFile(service(), TEST_URI, result.text, DEFAULT_SETTINGS);
      assert.equal(again.text, result.text);
      assert.deepEqual(again.changes, []);
      assert.deepEqual(again.edits, []);
    });

    it('uses the harden resource settings', () => {
      const settings: KubesmithSettings = {
        ...DEFAULT_SETTINGS,
        harden: { ...DEFAULT_SETTINGS.harden, resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '768Mi' } } },
      };
      const result = hardenFile(service(), TEST_URI, checkout, settings);
      assert.deepEqual(resourcesOf(result.text), {
        migrate: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } },
        web: { requests: { memory: '512Mi', cpu: '250m' }, limits: { memory: '768Mi' } },
        metrics: { limits: { cpu: '200m', memory: '1Gi' }, requests: { memory: '1Gi' } },
      });
      assert.deepEqual(lint(result.text), []);
      assert.equal(hardenFile(service(), TEST_URI, result.text, settings).text, result.text);
    });
  });

  describe('round two: kube-linter, Polaris and kube-score coverage', () => {
    const hpa = (spec: string, apiVersion = 'autoscaling/v2') => `# Scales the web tier.
apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
${spec}`;
    const cpu = '  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target: {type: Utilization, averageUtilization: 70}\n';

    it('hpa-fixed-replicas fires when minReplicas equals maxReplicas (1 when unset)', () => {
      const fixed = hpa(`  minReplicas: 3\n  maxReplicas: 3 # for now\n${cpu}`);
      assert.deepEqual(lintRule(fixed, 'hpa-fixed-replicas'), [
        `${rangeOf(fixed, '3', 'maxReplicas: ')} hpa-fixed-replicas HorizontalPodAutoscaler \`web\` has \`minReplicas\` and \`maxReplicas\` both 3, so it never scales; raise \`maxReplicas\`, or remove the autoscaler and set \`replicas\` on the workload.`,
      ]);
      const one = hpa(`  maxReplicas: 1\n${cpu}`);
      assert.deepEqual(lintRule(one, 'hpa-fixed-replicas'), [
        `${rangeOf(one, '1', 'maxReplicas: ')} hpa-fixed-replicas HorizontalPodAutoscaler \`web\` has \`maxReplicas: 1\`, the same as its default \`minReplicas\`, so it never scales; raise \`maxReplicas\`, or remove the autoscaler.`,
      ]);
      assert.deepEqual(fixTitles(fixed, 'hpa-fixed-replicas'), []);
      assert.deepEqual(lintRule(hpa(`  minReplicas: 2\n  maxReplicas: 10\n${cpu}`), 'hpa-fixed-replicas'), []);
      assert.deepEqual(lintRule(hpa(`  maxReplicas: 4\n${cpu}`), 'hpa-fixed-replicas'), []);
    });

    it('hpa-without-metrics fires without metrics, and its fix writes the default target out', () => {
      const text = hpa('  minReplicas: 2\n  maxReplicas: 10 # peak\n');
      assert.deepEqual(lintRule(text, 'hpa-without-metrics'), [
        `${rangeOf(text, 'spec', '\n')} hpa-without-metrics HorizontalPodAutoscaler \`web\` sets no \`metrics\`, so it scales on the default of 80% of the pods' CPU requests; write the metric it should follow.`,
      ]);
      assert.deepEqual(fixTitles(text, 'hpa-without-metrics'), ['Write the default target (80% CPU)']);
      const fixed = fixRule(text, 'hpa-without-metrics');
      assert.equal(fixed, `${text}  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 80\n`);
      assert.deepEqual(lint(fixed, onlyRule('hpa-without-metrics')), []);
      const v1 = hpa('  minReplicas: 2\n  maxReplicas: 10\n', 'autoscaling/v1');
      assert.match(lintRule(v1, 'hpa-without-metrics')[0], /sets no `targetCPUUtilizationPercentage`, so it scales on the default of 80%/);
      assert.equal(fixRule(v1, 'hpa-without-metrics'), `${v1}  targetCPUUtilizationPercentage: 80\n`);
      assert.deepEqual(lintRule(hpa(`  minReplicas: 2\n  maxReplicas: 10\n${cpu}`), 'hpa-without-metrics'), []);
      assert.deepEqual(lintRule(hpa('  minReplicas: 2\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 60\n', 'autoscaling/v1'), 'hpa-without-metrics'), []);
    });

    it('hpa-statefulset-scale-down fires on a StatefulSet target without a scale-down behavior', () => {
      const text = hpa(`  minReplicas: 3\n  maxReplicas: 9\n${cpu}`).replace('kind: Deployment\n    name: web', 'kind: StatefulSet\n    name: kafka');
      assert.deepEqual(lintRule(text, 'hpa-statefulset-scale-down'), [
        `${rangeOf(text, 'StatefulSet')} hpa-statefulset-scale-down HorizontalPodAutoscaler \`web\` scales StatefulSet \`kafka\` down with the default policy, which may remove every pod above \`minReplicas\` at once; add \`behavior.scaleDown\` with a \`Pods\` policy that removes one pod at a time.`,
      ]);
      assert.deepEqual(fixTitles(text, 'hpa-statefulset-scale-down'), []);
      const gentle = `${text}  behavior:\n    scaleDown:\n      policies:\n      - {type: Pods, value: 1, periodSeconds: 300}\n`;
      assert.deepEqual(lint(gentle), []);
      assert.deepEqual(lintRule(gentle, 'hpa-statefulset-scale-down'), []);
      assert.deepEqual(lintRule(hpa(`  minReplicas: 3\n  maxReplicas: 9\n${cpu}`), 'hpa-statefulset-scale-down'), []);
    });

    it('topology-spread-without-selector fires on a constraint that selects nothing, and selects the workload\'s pods', () => {
      const spread = '\n      topologySpreadConstraints:\n      - maxSkew: 1 # one per zone\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: ScheduleAnyway';
      const text = webDeployment('        image: nginx:1.27.3\n', { pod: spread, templateMetadata: '\n        tier: frontend' });
      assert.deepEqual(lintRule(text, 'topology-spread-without-selector'), [
        `${rangeOf(text, 'maxSkew')} topology-spread-without-selector This topology spread constraint on \`topology.kubernetes.io/zone\` has no \`labelSelector\`, so it counts no pods and spreads nothing; select the pod's own labels.`,
      ]);
      // The Deployment's selector (app: web), not every template label.
      assert.deepEqual(fixTitles(text, 'topology-spread-without-selector'), ["Select the pod's own labels (app: web)"]);
      const fixed = fixRule(text, 'topology-spread-without-selector');
      assert.equal(fixed, text.replace('        whenUnsatisfiable: ScheduleAnyway', '        whenUnsatisfiable: ScheduleAnyway\n        labelSelector:\n          matchLabels:\n            app: web'));
      assert.deepEqual(lintRule(fixed, 'topology-spread-without-selector'), []);
      assert.deepEqual(lintRule(fixed, 'no-anti-affinity'), []);
      // A bare Pod selects by its own labels.
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: job\n  labels: {app: job}\nspec:\n  topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule}\n  containers:\n  - {name: job, image: busybox:1.36}\n';
      assert.deepEqual(fixTitles(pod, 'topology-spread-without-selector'), ["Select the pod's own labels (app: job)"]);
      // A flow mapping stays a flow mapping.
      assert.equal(fixRule(pod, 'topology-spread-without-selector'), pod.replace('whenUnsatisfiable: DoNotSchedule}', 'whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: job}}}'));
      assert.deepEqual(lintRule(fixRule(pod, 'topology-spread-without-selector'), 'topology-spread-without-selector'), []);
      assert.deepEqual(lintRule(text.replace('whenUnsatisfiable: ScheduleAnyway', 'whenUnsatisfiable: ScheduleAnyway\n        labelSelector: {matchLabels: {app: web}}'), 'topology-spread-without-selector'), []);
    });

    it('rollout-all-at-once fires on maxUnavailable covering every replica, and on Recreate with several', () => {
      const strategy = (value: string) => deployment('        image: nginx:1.27.3\n', '', `\n  replicas: 4\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: ${value} # fast rollouts`);
      const all = strategy('100%');
      assert.deepEqual(lintRule(all, 'rollout-all-at-once'), [
        `${rangeOf(all, '100%')} rollout-all-at-once Deployment \`web\` lets \`maxUnavailable: 100%\` of its 4 pods go down during a rollout, which is all of them; use a smaller value such as the default, 25%.`,
      ]);
      assert.deepEqual(fixTitles(all, 'rollout-all-at-once'), ['Set `maxUnavailable: 25%` (the default)']);
      assert.equal(fixRule(all, 'rollout-all-at-once'), all.replace('maxUnavailable: 100% # fast', 'maxUnavailable: 25% # fast'));
      assert.equal(lintRule(strategy('4'), 'rollout-all-at-once').length, 1);
      assert.equal(lintRule(strategy('5'), 'rollout-all-at-once').length, 1);
      for (const fine of ['3', '75%', '99%', '1']) assert.deepEqual(lintRule(strategy(fine), 'rollout-all-at-once'), [], fine);
      const recreate = deployment('        image: nginx:1.27.3\n', '', '\n  replicas: 3\n  strategy:\n    type: Recreate');
      assert.deepEqual(lintRule(recreate, 'rollout-all-at-once'), [
        `${rangeOf(recreate, 'Recreate')} rollout-all-at-once Deployment \`web\` runs 3 replicas with the \`Recreate\` strategy: every rollout stops them all before the new ones start, an outage each time. Use \`RollingUpdate\` unless two versions must never run side by side.`,
      ]);
      assert.deepEqual(severities(recreate, onlyRule('rollout-all-at-once')), ['rollout-all-at-once:3']);
      assert.deepEqual(severities(all, onlyRule('rollout-all-at-once')), ['rollout-all-at-once:2']);
      assert.deepEqual(fixTitles(recreate, 'rollout-all-at-once'), []);
      // One replica, or a claim only one node can mount at a time: Recreate is expected.
      assert.deepEqual(lintRule(recreate.replace('replicas: 3', 'replicas: 1'), 'rollout-all-at-once'), []);
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n', '\n      volumes:\n      - name: data\n        persistentVolumeClaim: {claimName: data}', '\n  replicas: 3\n  strategy:\n    type: Recreate'), 'rollout-all-at-once'), []);
    });

    it('pdb-without-budget and pdb-unhealthy-pod-eviction-policy', () => {
      const pdb = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n${spec}`;
      const empty = pdb('');
      assert.deepEqual(lintRule(empty, 'pdb-without-budget'), [
        `${rangeOf(empty, 'spec')} pdb-without-budget PodDisruptionBudget \`web\` sets neither \`minAvailable\` nor \`maxUnavailable\`, so it allows every eviction and protects nothing; set one of them.`,
      ]);
      assert.deepEqual(lintRule(pdb('  maxUnavailable: 1\n'), 'pdb-without-budget'), []);
      assert.deepEqual(lintRule(pdb('  minAvailable: 50%\n'), 'pdb-without-budget'), []);
      const budget = pdb('  maxUnavailable: 1 # one at a time\n');
      assert.deepEqual(lintRule(budget, 'pdb-unhealthy-pod-eviction-policy'), [
        `${rangeOf(budget, 'spec')} pdb-unhealthy-pod-eviction-policy PodDisruptionBudget \`web\` does not set \`unhealthyPodEvictionPolicy\`, so pods that run but are not ready count against the budget and can stall node drains; set it to \`AlwaysAllow\`.`,
      ]);
      const fixed = fixRule(budget, 'pdb-unhealthy-pod-eviction-policy');
      assert.equal(fixed, `${budget}  unhealthyPodEvictionPolicy: AlwaysAllow\n`);
      assert.deepEqual(lint(fixed, onlyRule('pdb-unhealthy-pod-eviction-policy')), []);
      assert.deepEqual(lintRule(pdb('  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: IfHealthyBudget\n'), 'pdb-unhealthy-pod-eviction-policy'), []);
    });

    it('missing-priority-class and recommended-labels, in the `all` profile only', () => {
      const text = deployment('        image: nginx:1.27.3\n');
      assert.deepEqual(lintRule(text, 'missing-priority-class'), [
        `${rangeOf(text, 'spec', 'template:\n    metadata:\n      labels:\n        app: web\n    ')} missing-priority-class The pod sets no \`priorityClassName\`, so it gets the cluster's default priority when nodes run short; choose the PriorityClass that matches how critical it is.`,
      ]);
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n', '\n      priorityClassName: business-critical'), 'missing-priority-class'), []);
      assert.deepEqual(lintRule(text, 'recommended-labels'), [
        `${rangeOf(text, 'metadata')} recommended-labels Deployment \`web\` has none of the labels \`app.kubernetes.io/name\` and \`app.kubernetes.io/instance\`, which tools use to tell which application a resource belongs to; add them.`,
      ]);
      const named = text.replace('  name: web\n', '  name: web\n  labels:\n    app.kubernetes.io/name: web\n');
      assert.deepEqual(lintRule(named, 'recommended-labels'), [
        `${rangeOf(named, 'labels')} recommended-labels Deployment \`web\` has no \`app.kubernetes.io/instance\` label, which tools use to tell which application a resource belongs to; add it.`,
      ]);
      assert.deepEqual(lintRule(named.replace('app.kubernetes.io/name: web\n', 'app.kubernetes.io/name: web\n    app.kubernetes.io/instance: web-prod\n'), 'recommended-labels'), []);
      assert.deepEqual(lintRule('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}\n', 'recommended-labels'), []);
      for (const id of ['missing-priority-class', 'recommended-labels']) {
        assert.ok(!lint(text, { profile: 'restricted' }).some((line) => line.includes(` ${id} `)), id);
        assert.ok(lint(text, { profile: 'all' }).some((line) => line.includes(` ${id} `)), id);
      }
    });

    it('requests-equal-limits: a request with a different limit, or without one (fixed by the limit)', () => {
      const text = deployment('        image: nginx:1.27.3\n        resources:\n          requests:\n            cpu: 100m\n            memory: 256Mi # measured\n          limits:\n            cpu: "0.5"\n');
      assert.deepEqual(lintRule(text, 'requests-equal-limits'), [
        `${rangeOf(text, '100m')} requests-equal-limits Container \`web\` requests \`100m\` of \`cpu\` but may use up to \`0.5\`, on capacity the scheduler did not reserve; set the request and the limit to the same value.`,
        `${rangeOf(text, '256Mi')} requests-equal-limits Container \`web\` requests \`256Mi\` of \`memory\` with no limit; set the limit to the request so the pod can be Guaranteed (the last evicted).`,
      ]);
      assert.deepEqual(fixTitles(text, 'requests-equal-limits'), ['Set the limit to the request (`256Mi`)']);
      const fixed = fixRule(text, 'requests-equal-limits');
      assert.equal(fixed, text.replace('            cpu: "0.5"\n', '            cpu: "0.5"\n            memory: 256Mi\n'));
      assert.equal(lintRule(fixed, 'requests-equal-limits').length, 1);
      // Equal (written differently), a limit alone (the request defaults to it), nothing at all.
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        resources:\n          requests: {cpu: 500m, memory: 1Gi}\n          limits: {cpu: "0.5", memory: 1024Mi}\n'), 'requests-equal-limits'), []);
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        resources:\n          limits: {cpu: 500m, memory: 1Gi}\n'), 'requests-equal-limits'), []);
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n'), 'requests-equal-limits'), []);
    });

    it('ephemeral-storage-resources: the request, the limit, or both missing', () => {
      const none = deployment('        image: nginx:1.27.3\n');
      assert.deepEqual(lintRule(none, 'ephemeral-storage-resources'), [
        `${rangeOf(none, 'web', '- name: ')} ephemeral-storage-resources Container \`web\` has no \`ephemeral-storage\` request or limit, so the scheduler does not count its disk use and nothing stops it from filling the node's disk; set both.`,
      ]);
      const requestOnly = deployment('        image: nginx:1.27.3\n        resources:\n          requests: {ephemeral-storage: 1Gi}\n');
      assert.match(lintRule(requestOnly, 'ephemeral-storage-resources')[0], /has an `ephemeral-storage` request but no limit, so nothing stops it from filling the node's disk; set `resources.limits.ephemeral-storage`\.$/);
      const limitOnly = deployment('        image: nginx:1.27.3\n        resources:\n          limits: {ephemeral-storage: 2Gi}\n');
      assert.match(lintRule(limitOnly, 'ephemeral-storage-resources')[0], /has an `ephemeral-storage` limit but no request, so the scheduler does not count its disk use; set `resources.requests.ephemeral-storage`\.$/);
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        resources:\n          requests: {ephemeral-storage: 1Gi}\n          limits: {ephemeral-storage: 2Gi}\n'), 'ephemeral-storage-resources'), []);
      assert.deepEqual(fixTitles(none, 'ephemeral-storage-resources'), []);
    });

    it('pull-policy-not-always: a mutable tag pulled only when absent; not digests, not latest', () => {
      const text = deployment('        image: nginx:1.27.3\n', '\n      initContainers:\n      - name: init\n        image: busybox:1.36 # tools\n        imagePullPolicy: IfNotPresent');
      assert.deepEqual(lintRule(text, 'pull-policy-not-always'), [
        `${rangeOf(text, 'IfNotPresent')} pull-policy-not-always Init container \`init\` runs \`busybox:1.36\` with \`imagePullPolicy: IfNotPresent\`, so a node keeps the image it pulled first even if the tag is pushed again; set \`imagePullPolicy: Always\`, or pin the image by digest.`,
        `${rangeOf(text, 'nginx:1.27.3')} pull-policy-not-always Container \`web\` runs \`nginx:1.27.3\` with the default \`imagePullPolicy: IfNotPresent\`, so a node keeps the image it pulled first even if the tag is pushed again; set \`imagePullPolicy: Always\`, or pin the image by digest.`,
      ]);
      const settings = onlyRule('pull-policy-not-always');
      const title = codeActions(text, settings).find((action) => action.title.startsWith('Fix all'))!.title;
      const fixed = applyAction(text, title, settings);
      assert.equal(fixed, text.replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: Always').replace('        image: nginx:1.27.3\n', '        image: nginx:1.27.3\n        imagePullPolicy: Always\n'));
      assert.deepEqual(lint(fixed, settings), []);
      for (const image of ['nginx:latest', 'nginx', `nginx@sha256:${'a'.repeat(64)}`, `nginx:1.27.3@sha256:${'a'.repeat(64)}`]) {
        assert.deepEqual(lintRule(deployment(`        image: ${image}\n`), 'pull-policy-not-always'), [], image);
      }
      assert.deepEqual(lintRule(deployment('        image: nginx:1.27.3\n        imagePullPolicy: Always\n'), 'pull-policy-not-always'), []);
    });
  });
});
