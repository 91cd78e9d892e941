import { strict as assert } from 'node:assert';
import { parseDocument } from 'yaml';
import { DEFAULT_SETTINGS } from '../../../protocol/settings';
import { hardenFile } from '../../../server/src/core/harden';
import { RULES } from '../../../server/src/core/rules/registry';
import { securityRules } from '../../../server/src/core/rules/security';
import { sensitiveHostPath } from '../../../server/src/core/rules/security/hostPathVolume';
import { tmpVolumeName } from '../../../server/src/core/rules/security/readOnlyRootFilesystem';
import { KUBERNETES_YAML_OPTIONS } from '../../../server/src/core/yaml/documents';
import { NO_RULES, applyAction, codeActions, fixRule, lint, lintRule, onlyRule, rangeOf, service, severities, webDeployment } from '../../helpers';

/**
 * The security rules (Pod Security Standards baseline and restricted, and a few more): for each
 * rule a manifest that fires (exact range and message) and one that does not; for each fix, the
 * fix applied, the finding gone, comments kept and the rest of the file byte for byte the same.
 * Between them the tests go through every workload kind and every container list.
 */

type Kind = 'Pod' | 'PodTemplate' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Job' | 'CronJob' | 'Rollout';

const TEMPLATE = (kind: string, apiVersion: string, extra = '') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: web
spec:${extra}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
`;

/** Each kind's lines up to its pod spec, and the pod spec's indentation. */
const KINDS: Record<Kind, { header: string; indent: number }> = {
  Pod: { header: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n', indent: 2 },
  PodTemplate: { header: 'apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: web\ntemplate:\n  metadata:\n    labels:\n      app: web\n  spec:\n', indent: 4 },
  Deployment: { header: TEMPLATE('Deployment', 'apps/v1'), indent: 6 },
  StatefulSet: { header: TEMPLATE('StatefulSet', 'apps/v1', '\n  serviceName: web'), indent: 6 },
  DaemonSet: { header: TEMPLATE('DaemonSet', 'apps/v1'), indent: 6 },
  ReplicaSet: { header: TEMPLATE('ReplicaSet', 'apps/v1'), indent: 6 },
  ReplicationController: {
    header: 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n',
    indent: 6,
  },
  Job: { header: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n', indent: 6 },
  CronJob: {
    header: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: web\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n',
    indent: 10,
  },
  Rollout: { header: TEMPLATE('Rollout', 'argoproj.io/v1alpha1'), indent: 6 },
};

const ALL_KINDS = Object.keys(KINDS) as Kind[];

/** A workload of `kind` whose pod spec is `pod` (written unindented). */
function workload(kind: Kind, pod: string): string {
  const { header, indent } = KINDS[kind];
  const body = pod.split('\n').map((line) => (line ? ' '.repeat(indent) + line : line)).join('\n');
  const batch = kind === 'Job' || kind === 'CronJob' ? `${' '.repeat(indent)}restartPolicy: Never\n` : '';
  return header + body + batch;
}

/** 1-based line of the `index`-th (0-based) line of the pod spec of `kind`. */
function podLine(kind: Kind, index: number): number {
  return KINDS[kind].header.split('\n').length + index;
}

/** `line:col-line:col` of `length` characters at `column` (0-based, relative to the pod spec) of pod line `index`. */
function at(kind: Kind, index: number, column: number, length: number): string {
  const line = podLine(kind, index);
  const start = KINDS[kind].indent + column + 1;
  return `${line}:${start}-${line}:${start + length}`;
}

/** A fixture written out in full, with comments, for the fixes. */
const deployment = (container: string, podExtra = '', templateMetadata = '') =>
  webDeployment(`        image: nginx:1.27.3\n${container}`, { pod: podExtra, templateMetadata });

/** The titles of a text's code actions for one rule: fixes first, then the suppressions. */
function actionTitles(text: string, id: string): string[] {
  return codeActions(text, onlyRule(id)).map((action) => action.title);
}

const suppressionsOnly = (id: string) => [`Disable \`${id}\` for this line`, `Disable \`${id}\` for this resource`];

describe('rules: security metadata', () => {
  it('every security rule is registered, documented, and titles its fix', () => {
    const ids = securityRules.map((rule) => rule.meta.id);
    assert.deepEqual(ids, [
      'privileged-container', 'host-network', 'host-pid', 'host-ipc', 'host-port', 'host-path-volume', 'dangerous-capabilities',
      'seccomp-unconfined', 'unmasked-proc-mount', 'unsafe-sysctls', 'apparmor-unconfined', 'selinux-custom-options', 'windows-host-process',
      'run-as-non-root', 'run-as-root-user', 'allow-privilege-escalation', 'drop-all-capabilities', 'missing-seccomp-profile', 'restricted-volume-types',
      'run-as-root-group', 'read-only-root-filesystem', 'automount-service-account-token', 'default-service-account', 'deprecated-service-account-field',
      'deprecated-annotation', 'secret-in-configmap', 'secret-as-env-var', 'low-user-group-id', 'default-namespace',
    ]);
    for (const rule of securityRules) {
      assert.ok(RULES.includes(rule), rule.meta.id);
      assert.equal(rule.meta.category, 'security');
      assert.ok(rule.meta.title && rule.meta.rationale && rule.meta.howToFix, rule.meta.id);
      assert.equal(Boolean(rule.fix), Boolean(rule.fixTitle), `${rule.meta.id}: a fix needs a title`);
      if (rule.meta.harden) assert.ok(rule.fix, `${rule.meta.id}: harden without a fix`);
    }
  });

  it('profiles, severities, Pod Security levels and hardening are as documented', () => {
    const summary = Object.fromEntries(securityRules.map(({ meta }) => [meta.id, `${meta.profile}/${meta.defaultSeverity}/${meta.pss ?? '-'}/${meta.harden ? 'harden' : '-'}`]));
    assert.deepEqual(summary, {
      'privileged-container': 'baseline/warning/baseline/harden',
      'host-network': 'baseline/warning/baseline/-',
      'host-pid': 'baseline/warning/baseline/-',
      'host-ipc': 'baseline/warning/baseline/-',
      'host-port': 'baseline/warning/baseline/-',
      'host-path-volume': 'baseline/warning/baseline/-',
      'dangerous-capabilities': 'baseline/warning/baseline/-',
      'seccomp-unconfined': 'baseline/warning/baseline/harden',
      'unmasked-proc-mount': 'baseline/warning/baseline/harden',
      'unsafe-sysctls': 'baseline/warning/baseline/-',
      'apparmor-unconfined': 'baseline/warning/baseline/-',
      'selinux-custom-options': 'baseline/warning/baseline/-',
      'windows-host-process': 'baseline/warning/baseline/-',
      'run-as-non-root': 'restricted/warning/restricted/harden',
      'run-as-root-user': 'restricted/warning/restricted/-',
      'allow-privilege-escalation': 'restricted/warning/restricted/harden',
      'drop-all-capabilities': 'restricted/warning/restricted/harden',
      'missing-seccomp-profile': 'restricted/warning/restricted/harden',
      'restricted-volume-types': 'restricted/warning/restricted/-',
      'run-as-root-group': 'restricted/warning/-/-',
      'read-only-root-filesystem': 'restricted/warning/-/harden',
      'automount-service-account-token': 'all/warning/-/harden',
      'default-service-account': 'all/info/-/-',
      'deprecated-service-account-field': 'baseline/warning/-/-',
      'deprecated-annotation': 'baseline/warning/-/-',
      'secret-in-configmap': 'baseline/warning/-/-',
      'secret-as-env-var': 'all/info/-/-',
      'low-user-group-id': 'all/info/-/-',
      'default-namespace': 'all/info/-/-',
    });
  });

  it('honours the kube-linter names of the checks it replaces', () => {
    const text = deployment('        securityContext:\n          privileged: true\n', '', '\n      annotations:\n        team: shop');
    assert.equal(lintRule(text, 'privileged-container').length, 1);
    const suppressed = text.replace('  name: web\nspec:', '  name: web\n  annotations:\n    ignore-check.kube-linter.io/privileged-container: "node agent"\nspec:');
    assert.deepEqual(lintRule(suppressed, 'privileged-container'), []);
    const sock = workload('DaemonSet', 'containers:\n- name: agent\n  image: agent:1.0\nvolumes:\n- name: sock\n  hostPath:\n    path: /var/run/docker.sock\n');
    assert.equal(lintRule(sock, 'host-path-volume').length, 1);
    assert.deepEqual(lintRule(sock.replace('  name: web\n', '  name: web\n  annotations:\n    ignore-check.kube-linter.io/docker-sock: "log shipper"\n'), 'host-path-volume'), []);
  });
});

describe('rules: security, baseline Pod Security Standard', () => {
  it('privileged-container fires on `privileged: true` and is fixed to false, comments kept', () => {
    const text = deployment('        securityContext:\n          privileged: true # needs the GPU\n');
    assert.deepEqual(lintRule(text, 'privileged-container'), [
      "19:23-19:27 privileged-container Container `web` runs privileged, with full access to the node's devices and kernel; set `privileged: false` and add only the capabilities it needs.",
    ]);
    assert.deepEqual(actionTitles(text, 'privileged-container')[0], 'Set `privileged: false`');
    const fixed = fixRule(text, 'privileged-container');
    assert.equal(fixed, text.replace('privileged: true # needs the GPU', 'privileged: false # needs the GPU'));
    assert.deepEqual(lintRule(fixed, 'privileged-container'), []);
    assert.deepEqual(lintRule(deployment('        securityContext:\n          privileged: false\n'), 'privileged-container'), []);
    assert.deepEqual(lintRule(deployment(''), 'privileged-container'), []);
  });

  it('privileged-container sees every container list and every workload kind', () => {
    const pod = workload('Pod', 'containers:\n- name: app\n  image: busybox:1.36\nephemeralContainers:\n- name: debug\n  image: busybox:1.36\n  securityContext:\n    privileged: true\n');
    assert.deepEqual(lintRule(pod, 'privileged-container'), [
      `${at('Pod', 7, 16, 4)} privileged-container Ephemeral container \`debug\` runs privileged, with full access to the node's devices and kernel; set \`privileged: false\` and add only the capabilities it needs.`,
    ]);
    for (const kind of ALL_KINDS) {
      const text = workload(kind, 'initContainers:\n- name: setup\n  image: busybox:1.36\n  securityContext:\n    privileged: true\ncontainers:\n- name: app\n  image: busybox:1.36\n');
      assert.deepEqual(lintRule(text, 'privileged-container'), [
        `${at(kind, 4, 16, 4)} privileged-container Init container \`setup\` runs privileged, with full access to the node's devices and kernel; set \`privileged: false\` and add only the capabilities it needs.`,
      ], kind);
    }
  });

  it('host-network, host-pid and host-ipc fire on the pod spec and are fixed by removing the field', () => {
    const text = `# A node agent.
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostNetwork: true # scrapes node metrics
  containers:
  - name: agent
    image: agent:1.0
`;
    assert.deepEqual(lintRule(text, 'host-network'), [
      "7:16-7:20 host-network The pod uses the node's network namespace (`hostNetwork: true`): it can bind the node's ports and see its traffic, outside of network policies. Remove `hostNetwork` unless this is a node agent.",
    ]);
    assert.equal(actionTitles(text, 'host-network')[0], 'Remove `hostNetwork: true`');
    const fixed = fixRule(text, 'host-network');
    assert.equal(fixed, text.replace('  hostNetwork: true # scrapes node metrics\n', ''));
    assert.deepEqual(lintRule(fixed, 'host-network'), []);
    assert.deepEqual(lintRule(text.replace('hostNetwork: true', 'hostNetwork: false'), 'host-network'), []);

    const daemonSet = workload('DaemonSet', 'hostPID: true\ncontainers:\n- name: app\n  image: busybox:1.36\n');
    assert.deepEqual(lintRule(daemonSet, 'host-pid'), [
      `${at('DaemonSet', 0, 9, 4)} host-pid The pod shares the node's process namespace (\`hostPID: true\`): it can see, signal and inspect every process on the node. Remove \`hostPID\` unless this is a node agent.`,
    ]);
    const noPid = fixRule(daemonSet, 'host-pid');
    assert.equal(noPid, daemonSet.replace('      hostPID: true\n', ''));
    assert.deepEqual(lintRule(workload('DaemonSet', 'hostPID: false\ncontainers:\n- name: app\n  image: busybox:1.36\n'), 'host-pid'), []);

    const statefulSet = workload('StatefulSet', 'containers:\n- name: app\n  image: busybox:1.36\nhostIPC: true\n');
    assert.deepEqual(lintRule(statefulSet, 'host-ipc'), [
      `${at('StatefulSet', 3, 9, 4)} host-ipc The pod shares the node's IPC namespace (\`hostIPC: true\`): it can read and write the shared memory of processes on the node. Remove \`hostIPC\` unless this is a node agent.`,
    ]);
    assert.equal(fixRule(statefulSet, 'host-ipc'), statefulSet.replace('      hostIPC: true\n', ''));
    assert.deepEqual(lintRule(workload('StatefulSet', 'containers:\n- name: app\n  image: busybox:1.36\n'), 'host-ipc'), []);
  });

  it('host-port fires on each host port and removes it, also when it is the first key of its list item', () => {
    const text = workload('ReplicaSet', `containers:
- name: app
  image: busybox:1.36
  ports:
  - containerPort: 80 # http
    hostPort: 8080
  - hostPort: 8443 # https on the node
    containerPort: 443
  - containerPort: 9090
    hostPort: 0
`);
    assert.deepEqual(lintRule(text, 'host-port'), [
      `${at('ReplicaSet', 5, 14, 4)} host-port Container \`app\` binds port 8080 on the node (\`hostPort\`), outside Services and network policies; remove \`hostPort\` and expose the port with a Service.`,
      `${at('ReplicaSet', 6, 14, 4)} host-port Container \`app\` binds port 8443 on the node (\`hostPort\`), outside Services and network policies; remove \`hostPort\` and expose the port with a Service.`,
    ]);
    assert.equal(actionTitles(text, 'host-port')[0], 'Remove `hostPort: 8080`');
    const first = fixRule(text, 'host-port');
    assert.equal(first, text.replace('          hostPort: 8080\n', ''));
    const second = fixRule(first, 'host-port');
    // The next pair moves up onto the list item's line (the comment of that line stays there).
    assert.equal(second, first.replace('        - hostPort: 8443 # https on the node\n          containerPort: 443\n', '        - containerPort: 443 # https on the node\n'));
    assert.deepEqual(lintRule(second, 'host-port'), []);
    assert.deepEqual(lint(second, { rules: NO_RULES }), []);
  });

  it('host-port also looks at init containers', () => {
    const text = workload('Job', 'initContainers:\n- name: wait\n  image: busybox:1.36\n  ports:\n  - containerPort: 53\n    hostPort: 53\ncontainers:\n- name: app\n  image: busybox:1.36\n');
    assert.deepEqual(lintRule(text, 'host-port'), [
      `${at('Job', 5, 14, 2)} host-port Init container \`wait\` binds port 53 on the node (\`hostPort\`), outside Services and network policies; remove \`hostPort\` and expose the port with a Service.`,
    ]);
  });

  it('host-path-volume warns on hostPath volumes and says which paths hand over the node', () => {
    const text = workload('DaemonSet', `containers:
- name: shipper
  image: shipper:3.1
volumes:
- name: logs
  hostPath:
    path: /var/log
- name: runtime
  hostPath:
    path: /run/containerd/containerd.sock
    type: Socket
- name: config
  hostPath:
    path: /etc/kubernetes/
- name: empty
  hostPath: {}
- name: cache
  emptyDir: {}
`);
    assert.deepEqual(lintRule(text, 'host-path-volume'), [
      `${at('DaemonSet', 6, 10, 8)} host-path-volume Volume \`logs\` mounts \`/var/log\` from the node (hostPath): the pod can read and change the node's files and is tied to that node; use a persistentVolumeClaim, emptyDir or configMap instead.`,
      `${at('DaemonSet', 9, 10, 31)} host-path-volume Volume \`runtime\` mounts \`/run/containerd/containerd.sock\` from the node, which is sensitive: the containerd socket, which controls every container on the node. Code running in this pod can take over the node; remove this volume.`,
      `${at('DaemonSet', 13, 10, 16)} host-path-volume Volume \`config\` mounts \`/etc/kubernetes/\` from the node, which is sensitive: part of the node's configuration. Code running in this pod can take over the node; remove this volume.`,
      `${at('DaemonSet', 15, 2, 8)} missing-required \`spec.template.spec.volumes[3].hostPath\` is missing the required field \`path\`.`,
      `${at('DaemonSet', 15, 2, 8)} host-path-volume Volume \`empty\` mounts a directory from the node (hostPath): the pod can read and change the node's files and is tied to that node; use a persistentVolumeClaim, emptyDir or configMap instead.`,
    ]);
    // Warnings, sensitive paths too (the API server accepts them; podSecurity.enforce makes them errors); a level set for the rule wins.
    assert.deepEqual(severities(text, onlyRule('host-path-volume')).filter((entry) => entry.startsWith('host-path-volume')), [
      'host-path-volume:2', 'host-path-volume:2', 'host-path-volume:2', 'host-path-volume:2',
    ]);
    assert.deepEqual(new Set(severities(text, onlyRule('host-path-volume', 'info')).filter((entry) => entry.startsWith('host-path-volume'))), new Set(['host-path-volume:3']));
    // No fix: only the suppressions are offered.
    assert.deepEqual(actionTitles(text.replace(/ {6}- name: empty\n.*\n/, ''), 'host-path-volume').slice(0, 2), suppressionsOnly('host-path-volume'));
    assert.deepEqual(lintRule(workload('DaemonSet', 'containers:\n- name: app\n  image: busybox:1.36\nvolumes:\n- name: cache\n  emptyDir: {}\n'), 'host-path-volume'), []);
  });

  it('host-path-volume knows the sensitive paths, their sub-paths and their parents', () => {
    for (const path of ['/', '/etc', '/etc/ssl/certs', '/proc', '/proc/1', '/sys/fs/cgroup', '/boot', '/dev', '/root', '/var/run/docker.sock',
      '/run/docker.sock', '/var/run/crio/crio.sock', '/run/containerd/containerd.sock', '/var/lib/kubelet', '/var/lib/kubelet/', '/var/lib/docker',
      '//etc//', '/var', '/var/lib', '/run', '/var/run', '/run/containerd']) {
      assert.ok(sensitiveHostPath(path), path);
    }
    for (const path of ['/data', '/var/log', '/var/lib/mysql', '/opt/app', '/etcetera', '/home/app', '/tmp', '', 'relative/etc']) {
      assert.equal(sensitiveHostPath(path), undefined, path);
    }
    assert.equal(sensitiveHostPath('/var'), 'it contains `/var/lib/kubelet`, the kubelet\'s directory, with the volumes and secrets of every pod on the node');
  });

  it('dangerous-capabilities names the capabilities outside the baseline set and removes them', () => {
    const text = workload('Job', `initContainers:
- name: setup # prepares the network
  image: busybox:1.36
  securityContext:
    capabilities:
      add: [NET_ADMIN, CHOWN, cap_sys_admin, sys_chroot]
      drop:
      - NET_RAW
containers:
- name: app
  image: busybox:1.36
`);
    assert.deepEqual(lintRule(text, 'dangerous-capabilities'), [
      `${at('Job', 5, 6, 3)} dangerous-capabilities Init container \`setup\` adds capabilities outside the baseline set: \`NET_ADMIN\` (full control of the pod's network) and \`cap_sys_admin\` (SYS_ADMIN, nearly root on the node). Remove them and grant only what the process needs. Also write \`sys_chroot\` as \`SYS_CHROOT\`: Pod Security admission compares the names exactly.`,
    ]);
    assert.equal(actionTitles(text, 'dangerous-capabilities')[0], 'Remove `NET_ADMIN` and `cap_sys_admin` from `capabilities.add` and write `sys_chroot` as `SYS_CHROOT`');
    const fixed = fixRule(text, 'dangerous-capabilities');
    // The list is written again in its place (block style), with what is allowed, spelled the standard way.
    assert.equal(fixed, text.replace('            add: [NET_ADMIN, CHOWN, cap_sys_admin, sys_chroot]\n', '            add: [CHOWN, SYS_CHROOT]\n'));
    assert.deepEqual(lintRule(fixed, 'dangerous-capabilities'), []);
    assert.deepEqual(lint(fixed, { rules: NO_RULES }), []);
  });

  it('dangerous-capabilities points at the one offending entry, and removes what is left empty', () => {
    const text = deployment('        securityContext: # hardened later\n          capabilities:\n            add:\n            - ALL\n        ports:\n        - containerPort: 80\n');
    assert.deepEqual(lintRule(text, 'dangerous-capabilities'), [
      '21:15-21:18 dangerous-capabilities Container `web` adds a capability outside the baseline set: `ALL` (every capability, as good as privileged). Remove it and grant only what the process needs.',
    ]);
    const fixed = fixRule(text, 'dangerous-capabilities');
    assert.equal(fixed, text.replace('        securityContext: # hardened later\n          capabilities:\n            add:\n            - ALL\n', ''));
    const kept = deployment('        securityContext:\n          runAsUser: 1000 # app\n          capabilities:\n            add: [SYS_PTRACE]\n');
    assert.equal(fixRule(kept, 'dangerous-capabilities'), kept.replace('          capabilities:\n            add: [SYS_PTRACE]\n', ''));
    assert.deepEqual(lintRule(deployment('        securityContext:\n          capabilities:\n            add: [NET_BIND_SERVICE, CHOWN]\n'), 'dangerous-capabilities'), []);
    const spelled = deployment('        securityContext:\n          capabilities:\n            add:\n            - cap_chown # owns its files\n            - KILL\n');
    assert.deepEqual(lintRule(spelled, 'dangerous-capabilities'), [
      '21:15-21:24 dangerous-capabilities Container `web` adds a capability under a name Pod Security admission does not accept; write `cap_chown` as `CHOWN`.',
    ]);
    assert.equal(actionTitles(spelled, 'dangerous-capabilities')[0], 'Write `cap_chown` as `CHOWN`');
    assert.equal(fixRule(spelled, 'dangerous-capabilities'), spelled.replace('- cap_chown # owns', '- CHOWN # owns'));
  });

  it('seccomp-unconfined fires at pod and container level and sets RuntimeDefault', () => {
    const text = workload('CronJob', `securityContext:
  seccompProfile:
    type: Unconfined # for strace
containers:
- name: app
  image: busybox:1.36
  securityContext:
    seccompProfile:
      type: Unconfined
`);
    assert.deepEqual(lintRule(text, 'seccomp-unconfined'), [
      `${at('CronJob', 2, 10, 10)} seccomp-unconfined The pod turns seccomp off (\`seccompProfile.type: Unconfined\`), so every system call reaches the kernel; use \`RuntimeDefault\`.`,
      `${at('CronJob', 8, 12, 10)} seccomp-unconfined Container \`app\` turns seccomp off (\`seccompProfile.type: Unconfined\`), so every system call reaches the kernel; use \`RuntimeDefault\`.`,
    ]);
    assert.equal(actionTitles(text, 'seccomp-unconfined')[0], 'Set `seccompProfile.type: RuntimeDefault`');
    const fixed = fixRule(text, 'seccomp-unconfined');
    assert.equal(fixed, text.replace('type: Unconfined # for strace', 'type: RuntimeDefault # for strace'));
    const both = fixRule(fixed, 'seccomp-unconfined');
    assert.equal(both, fixed.replace('type: Unconfined', 'type: RuntimeDefault'));
    assert.deepEqual(lintRule(both, 'seccomp-unconfined'), []);
  });

  it('unmasked-proc-mount fires on `procMount: Unmasked` and removes it', () => {
    const text = workload('Rollout', `containers:
- name: builder # nested containers
  image: buildkit:0.16
  securityContext:
    procMount: Unmasked
- name: app
  image: busybox:1.36
  securityContext:
    runAsUser: 1000 # app user
    procMount: Unmasked
`);
    assert.deepEqual(lintRule(text, 'unmasked-proc-mount'), [
      `${at('Rollout', 4, 15, 8)} unmasked-proc-mount Container \`builder\` mounts /proc unmasked (\`procMount: Unmasked\`), exposing kernel settings the runtime normally hides; remove \`procMount\`.`,
      `${at('Rollout', 9, 15, 8)} unmasked-proc-mount Container \`app\` mounts /proc unmasked (\`procMount: Unmasked\`), exposing kernel settings the runtime normally hides; remove \`procMount\`.`,
    ]);
    assert.equal(actionTitles(text, 'unmasked-proc-mount')[0], 'Remove `procMount: Unmasked`');
    const fixed = fixRule(text, 'unmasked-proc-mount');
    // Nothing else in that securityContext: it goes too.
    assert.equal(fixed, text.replace('        securityContext:\n          procMount: Unmasked\n', ''));
    const both = fixRule(fixed, 'unmasked-proc-mount');
    assert.equal(both, fixed.replace('          runAsUser: 1000 # app user\n          procMount: Unmasked\n', '          runAsUser: 1000 # app user\n'));
    assert.deepEqual(lintRule(both, 'unmasked-proc-mount'), []);
    assert.deepEqual(lintRule(text.replace(/Unmasked/g, 'Default'), 'unmasked-proc-mount'), []);
  });

  it('unsafe-sysctls fires on sysctls outside the safe set, including the recent safe ones', () => {
    const text = workload('ReplicationController', `securityContext:
  sysctls:
  - name: net.ipv4.tcp_rmem # safe since 1.32
    value: "4096 87380 16777216"
  - name: net.core.somaxconn
    value: "1024"
  - name: kernel.msgmax
    value: "65536"
containers:
- name: app
  image: busybox:1.36
`);
    assert.deepEqual(lintRule(text, 'unsafe-sysctls'), [
      `${at('ReplicationController', 4, 10, 18)} unsafe-sysctls The pod sets the sysctl \`net.core.somaxconn\`, which is not in the safe set: it is not isolated from other pods, and the kubelet refuses it unless the node allows it. Remove it or run the pod on nodes set up for it.`,
      `${at('ReplicationController', 6, 10, 13)} unsafe-sysctls The pod sets the sysctl \`kernel.msgmax\`, which is not in the safe set: it is not isolated from other pods, and the kubelet refuses it unless the node allows it. Remove it or run the pod on nodes set up for it.`,
    ]);
    assert.deepEqual(actionTitles(text, 'unsafe-sysctls').slice(0, 2), suppressionsOnly('unsafe-sysctls'));
    const safe = workload('ReplicationController', 'securityContext:\n  sysctls:\n  - name: kernel.shm_rmid_forced\n    value: "1"\n  - name: net.ipv4.tcp_keepalive_time\n    value: "600"\n  - name: net.ipv4.ip_unprivileged_port_start\n    value: "0"\ncontainers:\n- name: app\n  image: busybox:1.36\n');
    assert.deepEqual(lintRule(safe, 'unsafe-sysctls'), []);
  });

  it('apparmor-unconfined fires on the field and on the annotation, and switches to the runtime default', () => {
    const text = deployment(
      '        securityContext:\n          appArmorProfile:\n            type: Unconfined # profile blocks mount\n',
      '',
      '\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/web: unconfined # legacy form',
    );
    assert.deepEqual(lintRule(text, 'apparmor-unconfined'), [
      '15:61-15:71 apparmor-unconfined The AppArmor annotation turns AppArmor off for container `web` (`unconfined`); use `runtime/default`, or better, `appArmorProfile.type: RuntimeDefault` in its securityContext.',
      '22:19-22:29 apparmor-unconfined Container `web` turns AppArmor off (`appArmorProfile.type: Unconfined`); use `RuntimeDefault`.',
    ]);
    assert.deepEqual(actionTitles(text, 'apparmor-unconfined').slice(0, 3), [
      "Use the runtime's default AppArmor profile (`runtime/default`)", 'Fix all `apparmor-unconfined` problems in this file (2)',
      "Use the runtime's default AppArmor profile (`RuntimeDefault`)",
    ]);
    const fixed = fixRule(text, 'apparmor-unconfined');
    assert.equal(fixed, text.replace('web: unconfined # legacy form', 'web: runtime/default # legacy form'));
    const both = fixRule(fixed, 'apparmor-unconfined');
    assert.equal(both, fixed.replace('type: Unconfined # profile', 'type: RuntimeDefault # profile'));
    assert.deepEqual(lintRule(both, 'apparmor-unconfined'), []);
    const pod = workload('Pod', 'securityContext:\n  appArmorProfile:\n    type: Localhost\n    localhostProfile: k8s-web\ncontainers:\n- name: app\n  image: busybox:1.36\n');
    assert.deepEqual(lintRule(pod, 'apparmor-unconfined'), []);
  });

  it('selinux-custom-options fires on a user, a role or a type outside the container types', () => {
    const text = workload('Pod', `securityContext:
  seLinuxOptions:
    type: spc_t
containers:
- name: app
  image: busybox:1.36
  securityContext:
    seLinuxOptions:
      user: system_u
      role: system_r
      level: "s0:c123,c456"
`);
    assert.deepEqual(lintRule(text, 'selinux-custom-options'), [
      `${at('Pod', 2, 10, 5)} selinux-custom-options The pod runs with the SELinux type \`spc_t\`, which is not a confined container type; use \`container_t\` (or leave \`type\` unset).`,
      `${at('Pod', 8, 12, 8)} selinux-custom-options Container \`app\` sets a custom SELinux user (\`system_u\`), which can lift the container's confinement; remove \`seLinuxOptions.user\`.`,
      `${at('Pod', 9, 12, 8)} selinux-custom-options Container \`app\` sets a custom SELinux role (\`system_r\`), which can lift the container's confinement; remove \`seLinuxOptions.role\`.`,
    ]);
    assert.deepEqual(actionTitles(text, 'selinux-custom-options').slice(0, 2), suppressionsOnly('selinux-custom-options'));
    const allowed = workload('Pod', 'securityContext:\n  seLinuxOptions:\n    type: container_engine_t\n    level: "s0:c1,c2"\ncontainers:\n- name: app\n  image: busybox:1.36\n  securityContext:\n    seLinuxOptions:\n      type: container_t\n');
    assert.deepEqual(lintRule(allowed, 'selinux-custom-options'), []);
  });

  it('windows-host-process fires on `hostProcess: true` at pod and container level', () => {
    const text = workload('DaemonSet', `securityContext:
  windowsOptions:
    hostProcess: true
    runAsUserName: "NT AUTHORITY\\\\SYSTEM"
hostNetwork: true
containers:
- name: agent
  image: agent:1.0
  securityContext:
    windowsOptions:
      hostProcess: true
`);
    assert.deepEqual(lintRule(text, 'windows-host-process'), [
      `${at('DaemonSet', 2, 17, 4)} windows-host-process The pod runs as a Windows host process (\`hostProcess: true\`), directly on the node without isolation; remove it unless this is a node agent.`,
      `${at('DaemonSet', 10, 19, 4)} windows-host-process Container \`agent\` runs as a Windows host process (\`hostProcess: true\`), directly on the node without isolation; remove it unless this is a node agent.`,
    ]);
    assert.deepEqual(actionTitles(text, 'windows-host-process').slice(0, 2), suppressionsOnly('windows-host-process'));
    assert.deepEqual(lintRule(text.replace(/hostProcess: true/g, 'hostProcess: false'), 'windows-host-process'), []);
  });
});

describe('rules: security, restricted Pod Security Standard', () => {
  it('run-as-non-root covers init containers, and one pod-level fix covers them all', () => {
    const text = deployment('', '\n      initContainers:\n      - name: migrate # schema\n        image: migrate:2.0');
    assert.deepEqual(lintRule(text, 'run-as-non-root'), [
      '16:15-16:22 run-as-non-root Init container `migrate` may run as root: set `securityContext.runAsNonRoot: true`.',
      '19:15-19:18 run-as-non-root Container `web` may run as root: set `securityContext.runAsNonRoot: true`.',
    ]);
    const fixed = fixRule(text, 'run-as-non-root');
    assert.equal(fixed, `${text}      securityContext:\n        runAsNonRoot: true\n`);
    assert.deepEqual(lintRule(fixed, 'run-as-non-root'), []);
  });

  it('run-as-non-root fires in a CronJob and is fixed in its job template', () => {
    const text = workload('CronJob', 'containers:\n- name: report\n  image: report:1.4\n');
    assert.deepEqual(lintRule(text, 'run-as-non-root'), [
      `${at('CronJob', 1, 8, 6)} run-as-non-root Container \`report\` may run as root: set \`securityContext.runAsNonRoot: true\`.`,
    ]);
    const fixed = fixRule(text, 'run-as-non-root');
    assert.equal(fixed, `${text}          securityContext:\n            runAsNonRoot: true\n`);
    assert.deepEqual(lintRule(fixed, 'run-as-non-root'), []);
  });

  it('run-as-non-root corrects an explicit false where it is written: on the container or on the pod', () => {
    const container = deployment('        securityContext:\n          runAsNonRoot: false # legacy image\n', '\n      securityContext:\n        runAsNonRoot: true');
    assert.deepEqual(lintRule(container, 'run-as-non-root'), [
      '18:15-18:18 run-as-non-root Container `web` sets `runAsNonRoot: false`; set it to true so the container cannot run as root.',
    ]);
    assert.equal(fixRule(container, 'run-as-non-root'), container.replace('runAsNonRoot: false # legacy image', 'runAsNonRoot: true # legacy image'));

    const pod = deployment('', '\n      securityContext:\n        runAsNonRoot: false # everyone is root here');
    assert.deepEqual(lintRule(pod, 'run-as-non-root'), [
      '18:15-18:18 run-as-non-root Container `web` sets `runAsNonRoot: false`; set it to true so the container cannot run as root.',
    ]);
    const fixed = fixRule(pod, 'run-as-non-root');
    assert.equal(fixed, pod.replace('runAsNonRoot: false # everyone', 'runAsNonRoot: true # everyone'));
    assert.deepEqual(lintRule(fixed, 'run-as-non-root'), []);
  });

  it('allow-privilege-escalation covers init containers and CronJobs, and accepts an explicit false', () => {
    const text = workload('CronJob', `initContainers:
- name: fetch
  image: curl:8.10
  securityContext:
    allowPrivilegeEscalation: true # setuid ping
containers:
- name: report
  image: report:1.4
  securityContext:
    allowPrivilegeEscalation: false
`);
    assert.deepEqual(lintRule(text, 'allow-privilege-escalation'), [
      `${at('CronJob', 4, 30, 4)} allow-privilege-escalation Init container \`fetch\` allows privilege escalation; set \`allowPrivilegeEscalation: false\`.`,
    ]);
    const fixed = fixRule(text, 'allow-privilege-escalation');
    assert.equal(fixed, text.replace('allowPrivilegeEscalation: true # setuid ping', 'allowPrivilegeEscalation: false # setuid ping'));
    assert.deepEqual(lintRule(fixed, 'allow-privilege-escalation'), []);
    // A privileged container gets no fix here: privileged-container's fix comes first.
    const privileged = deployment('        securityContext:\n          privileged: true\n');
    assert.deepEqual(actionTitles(privileged, 'allow-privilege-escalation'), suppressionsOnly('allow-privilege-escalation'));
  });

  it('run-as-root-user fires on `runAsUser: 0` at pod and container level, with no fix; run-as-non-root leaves it alone', () => {
    const text = workload('StatefulSet', `securityContext:
  runAsUser: 0
containers:
- name: db
  image: postgres:17.2
  securityContext:
    runAsUser: 0 # image needs root
`);
    assert.deepEqual(lintRule(text, 'run-as-root-user'), [
      `${at('StatefulSet', 1, 13, 1)} run-as-root-user The pod runs as root (\`runAsUser: 0\`); use the non-root user the image is built for (such as 1000) and set \`runAsNonRoot: true\`.`,
      `${at('StatefulSet', 6, 15, 1)} run-as-root-user Container \`db\` runs as root (\`runAsUser: 0\`); use the non-root user the image is built for (such as 1000) and set \`runAsNonRoot: true\`.`,
    ]);
    assert.deepEqual(actionTitles(text, 'run-as-root-user').slice(0, 2), suppressionsOnly('run-as-root-user'));
    assert.deepEqual(lintRule(text, 'run-as-non-root'), []);
    assert.deepEqual(lintRule(text.replace(/runAsUser: 0/g, 'runAsUser: 999'), 'run-as-root-user'), []);
  });

  it('drop-all-capabilities fires without `drop: [ALL]` and adds it', () => {
    const text = deployment('        securityContext: # least privilege\n          runAsUser: 1000\n');
    assert.deepEqual(lintRule(text, 'drop-all-capabilities'), [
      "16:15-16:18 drop-all-capabilities Container `web` keeps the runtime's default capabilities; set `securityContext.capabilities.drop: [ALL]` and add back only what it needs.",
    ]);
    assert.equal(actionTitles(text, 'drop-all-capabilities')[0], 'Drop ALL capabilities');
    const fixed = fixRule(text, 'drop-all-capabilities');
    assert.equal(fixed, `${text}          capabilities:\n            drop:\n            - ALL\n`);
    assert.deepEqual(lintRule(fixed, 'drop-all-capabilities'), []);
  });

  it('drop-all-capabilities appends ALL to an existing drop list, and skips ephemeral containers', () => {
    const text = workload('Pod', `containers:
- name: app
  image: busybox:1.36
  securityContext:
    capabilities:
      drop:
      - NET_RAW # no raw sockets
      add:
      - NET_BIND_SERVICE
ephemeralContainers:
- name: debug
  image: busybox:1.36
`);
    assert.deepEqual(lintRule(text, 'drop-all-capabilities'), [
      `${at('Pod', 5, 6, 4)} drop-all-capabilities Container \`app\` drops some capabilities but not all; add \`ALL\` to \`capabilities.drop\` and add back only what it needs.`,
    ]);
    const fixed = fixRule(text, 'drop-all-capabilities');
    assert.equal(fixed, text.replace('        - NET_RAW # no raw sockets\n', '        - NET_RAW # no raw sockets\n        - ALL\n'));
    assert.deepEqual(lintRule(fixed, 'drop-all-capabilities'), []);
  });

  it('missing-seccomp-profile fires per container without a profile and is fixed once on the pod', () => {
    const text = workload('Deployment', `containers:
- name: app # main
  image: busybox:1.36
- name: sidecar
  image: envoy:1.31.2
  securityContext:
    seccompProfile:
      type: Localhost
      localhostProfile: envoy.json
`);
    assert.deepEqual(lintRule(text, 'missing-seccomp-profile'), [
      `${at('Deployment', 1, 8, 3)} missing-seccomp-profile Container \`app\` runs without a seccomp profile; set \`seccompProfile.type: RuntimeDefault\` in the pod's securityContext.`,
    ]);
    assert.equal(actionTitles(text, 'missing-seccomp-profile')[0], "Set the pod's `seccompProfile.type: RuntimeDefault`");
    const fixed = fixRule(text, 'missing-seccomp-profile');
    assert.equal(fixed, `${text}      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n`);
    assert.deepEqual(lintRule(fixed, 'missing-seccomp-profile'), []);
    // Unconfined is seccomp-unconfined's to report.
    assert.deepEqual(lintRule(workload('Deployment', 'securityContext:\n  seccompProfile:\n    type: Unconfined\ncontainers:\n- name: app\n  image: busybox:1.36\n'), 'missing-seccomp-profile'), []);
  });

  it('restricted-volume-types fires on volume types outside the restricted list, not on hostPath', () => {
    const text = workload('StatefulSet', `containers:
- name: app
  image: busybox:1.36
volumes:
- name: shared
  nfs:
    server: nfs.example.com
    path: /exports/shared
- name: source
  gitRepo:
    repository: https://example.com/app.git
- name: host
  hostPath:
    path: /data
- name: config
  configMap:
    name: app
- name: tokens
  projected:
    sources:
    - serviceAccountToken:
        path: token
- name: model
  image:
    reference: registry.example.com/models/small:1.0
`);
    assert.deepEqual(lintRule(text, 'restricted-volume-types'), [
      `${at('StatefulSet', 5, 2, 3)} restricted-volume-types Volume \`shared\` is of type \`nfs\`, which the restricted Pod Security Standard does not allow; mount it through a persistentVolumeClaim instead.`,
      `${at('StatefulSet', 9, 2, 7)} restricted-volume-types Volume \`source\` is of type \`gitRepo\`, which the restricted Pod Security Standard does not allow; mount it through a persistentVolumeClaim instead.`,
    ]);
    assert.deepEqual(actionTitles(text, 'restricted-volume-types').slice(0, 2), suppressionsOnly('restricted-volume-types'));
  });
});

describe('rules: security beyond the Pod Security Standards', () => {
  it('read-only-root-filesystem sets the flag and mounts an emptyDir at /tmp', () => {
    const text = deployment('        ports:\n        - containerPort: 8080 # http\n');
    assert.deepEqual(lintRule(text, 'read-only-root-filesystem'), [
      '16:15-16:18 read-only-root-filesystem Container `web` can write to its root filesystem; set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where it must write (such as /tmp).',
    ]);
    assert.equal(actionTitles(text, 'read-only-root-filesystem')[0], 'Mount an emptyDir at /tmp and make the root filesystem read-only');
    const fixed = fixRule(text, 'read-only-root-filesystem');
    assert.equal(fixed, `${text}        securityContext:
          readOnlyRootFilesystem: true
        volumeMounts:
        - name: tmp
          mountPath: /tmp
      volumes:
      - name: tmp
        emptyDir: {}
`);
    assert.deepEqual(lintRule(fixed, 'read-only-root-filesystem'), []);
    assert.deepEqual(lint(fixed, { rules: NO_RULES }), []);
  });

  it('read-only-root-filesystem reuses an emptyDir named tmp, avoids another volume named tmp, and keeps an existing /tmp mount', () => {
    const reuse = workload('Deployment', `containers:
- name: app
  image: busybox:1.36
  securityContext:
    readOnlyRootFilesystem: false # writes logs
volumes:
- name: tmp
  emptyDir:
    medium: Memory
`);
    assert.deepEqual(lintRule(reuse, 'read-only-root-filesystem'), [
      `${at('Deployment', 4, 28, 5)} read-only-root-filesystem Container \`app\` has a writable root filesystem (\`readOnlyRootFilesystem: false\`); set it to true and mount an emptyDir where it must write.`,
    ]);
    assert.equal(fixRule(reuse, 'read-only-root-filesystem'), reuse
      .replace('readOnlyRootFilesystem: false # writes logs\n', 'readOnlyRootFilesystem: true # writes logs\n        volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n'));

    const taken = workload('Deployment', 'containers:\n- name: app\n  image: busybox:1.36\nvolumes:\n- name: tmp\n  configMap:\n    name: tmp-files\n');
    const fixed = fixRule(taken, 'read-only-root-filesystem');
    assert.equal(fixed, taken
      .replace('  image: busybox:1.36\n', '  image: busybox:1.36\n        securityContext:\n          readOnlyRootFilesystem: true\n        volumeMounts:\n        - name: tmp-dir\n          mountPath: /tmp\n')
      .concat('      - name: tmp-dir\n        emptyDir: {}\n'));
    assert.deepEqual(tmpVolumeName([{ name: 'tmp', configMap: {} }, { name: 'tmp-dir', secret: {} }]), { name: 'tmp-dir-2', exists: false });

    const mounted = workload('Deployment', 'containers:\n- name: app\n  image: busybox:1.36\n  volumeMounts:\n  - name: scratch # fast disk\n    mountPath: /tmp/\nvolumes:\n- name: scratch\n  emptyDir: {}\n');
    assert.equal(actionTitles(mounted, 'read-only-root-filesystem')[0], 'Set `readOnlyRootFilesystem: true`');
    assert.equal(fixRule(mounted, 'read-only-root-filesystem'), mounted.replace('    mountPath: /tmp/\n', '    mountPath: /tmp/\n        securityContext:\n          readOnlyRootFilesystem: true\n'));
  });

  it('read-only-root-filesystem only sets the flag when the tmpVolume setting is off, and skips ephemeral containers', () => {
    const text = workload('Pod', 'initContainers:\n- name: setup # runs once\n  image: busybox:1.36\ncontainers:\n- name: app\n  image: busybox:1.36\n  securityContext:\n    readOnlyRootFilesystem: true\nephemeralContainers:\n- name: debug\n  image: busybox:1.36\n');
    assert.deepEqual(lintRule(text, 'read-only-root-filesystem'), [
      `${at('Pod', 1, 8, 5)} read-only-root-filesystem Init container \`setup\` can write to its root filesystem; set \`securityContext.readOnlyRootFilesystem: true\` and mount an emptyDir where it must write (such as /tmp).`,
    ]);
    const fixed = fixRule(text, 'read-only-root-filesystem', { harden: { ...DEFAULT_SETTINGS.harden, tmpVolume: false } });
    assert.equal(fixed, text.replace('  image: busybox:1.36\n  containers:', '  image: busybox:1.36\n    securityContext:\n      readOnlyRootFilesystem: true\n  containers:'));
    assert.deepEqual(lintRule(fixed, 'read-only-root-filesystem'), []);
  });

  it('automount-service-account-token fires on pod specs and ServiceAccounts, and sets false', () => {
    const text = deployment('');
    assert.deepEqual(lintRule(text, 'automount-service-account-token'), [
      "14:5-14:9 automount-service-account-token The pod gets its service account's API token mounted; set `automountServiceAccountToken: false` unless the application calls the Kubernetes API.",
    ]);
    assert.equal(actionTitles(text, 'automount-service-account-token')[0], 'Set `automountServiceAccountToken: false`');
    const fixed = fixRule(text, 'automount-service-account-token');
    assert.equal(fixed, `${text}      automountServiceAccountToken: false\n`);
    assert.deepEqual(lintRule(fixed, 'automount-service-account-token'), []);

    const explicit = workload('Job', 'automountServiceAccountToken: true # calls the API\ncontainers:\n- name: app\n  image: busybox:1.36\n');
    assert.deepEqual(lintRule(explicit, 'automount-service-account-token'), [
      `${at('Job', 0, 30, 4)} automount-service-account-token The pod mounts its service account's API token (\`automountServiceAccountToken: true\`); set it to false unless the application calls the Kubernetes API.`,
    ]);
    assert.equal(fixRule(explicit, 'automount-service-account-token'), explicit.replace('Token: true # calls', 'Token: false # calls'));

    const account = '# The shop\'s identity.\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop # used by web\n';
    assert.deepEqual(lintRule(account, 'automount-service-account-token'), [
      '5:9-5:13 automount-service-account-token ServiceAccount `shop` lets every pod that uses it mount its API token; set `automountServiceAccountToken: false` and let the pods that need the token ask for it.',
    ]);
    const fixedAccount = fixRule(account, 'automount-service-account-token');
    assert.equal(fixedAccount, `${account}automountServiceAccountToken: false\n`);
    assert.deepEqual(lintRule(fixedAccount, 'automount-service-account-token'), []);
  });

  it('fixes find their place inside a `kind: List` too', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata:\n    name: sa # first\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n    automountServiceAccountToken: false\n    containers:\n    - name: app\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n';
    assert.deepEqual(lintRule(text, 'automount-service-account-token'), [
      '7:11-7:13 automount-service-account-token ServiceAccount `sa` lets every pod that uses it mount its API token; set `automountServiceAccountToken: false` and let the pods that need the token ask for it.',
    ]);
    assert.equal(fixRule(text, 'automount-service-account-token'), text.replace('    name: sa # first\n', '    name: sa # first\n  automountServiceAccountToken: false\n'));
    assert.equal(fixRule(text, 'privileged-container'), text.replace('privileged: true', 'privileged: false'));
  });

  it('default-service-account reports pods without a service account of their own, as information', () => {
    const text = deployment('');
    assert.deepEqual(lintRule(text, 'default-service-account'), [
      "14:5-14:9 default-service-account The pod runs as the namespace's `default` service account; create a ServiceAccount for this workload and set `serviceAccountName`, so its permissions are its own.",
    ]);
    assert.deepEqual(actionTitles(text, 'default-service-account').slice(0, 2), suppressionsOnly('default-service-account'));
    const named = deployment('', '\n      serviceAccountName: default');
    assert.deepEqual(lintRule(named, 'default-service-account'), [
      "15:27-15:34 default-service-account The pod runs as the namespace's `default` service account; create a ServiceAccount for this workload and set `serviceAccountName`, so its permissions are its own.",
    ]);
    assert.deepEqual(lintRule(deployment('', '\n      serviceAccountName: web'), 'default-service-account'), []);
    assert.deepEqual(lintRule(deployment('', '\n      serviceAccount: web'), 'default-service-account'), []);
  });

  it('deprecated-service-account-field renames the field, or removes it when it repeats serviceAccountName', () => {
    const text = deployment('', '\n      serviceAccount: web # old manifests');
    assert.deepEqual(lintRule(text, 'deprecated-service-account-field'), [
      '15:7-15:21 deprecated-service-account-field `serviceAccount` is deprecated; rename it to `serviceAccountName`.',
    ]);
    assert.equal(actionTitles(text, 'deprecated-service-account-field')[0], 'Rename `serviceAccount` to `serviceAccountName`');
    const renamed = fixRule(text, 'deprecated-service-account-field');
    assert.equal(renamed, text.replace('serviceAccount: web # old', 'serviceAccountName: web # old'));
    assert.deepEqual(lintRule(renamed, 'deprecated-service-account-field'), []);

    const same = deployment('', '\n      serviceAccountName: web\n      serviceAccount: web');
    assert.deepEqual(lintRule(same, 'deprecated-service-account-field'), [
      '16:7-16:21 deprecated-service-account-field `serviceAccount` is deprecated and repeats `serviceAccountName`; remove it.',
    ]);
    assert.equal(actionTitles(same, 'deprecated-service-account-field')[0], 'Remove the deprecated `serviceAccount`');
    assert.equal(fixRule(same, 'deprecated-service-account-field'), same.replace('\n      serviceAccount: web', ''));

    const different = deployment('', '\n      serviceAccountName: web\n      serviceAccount: admin');
    assert.deepEqual(lintRule(different, 'deprecated-service-account-field'), [
      '16:7-16:21 deprecated-service-account-field `serviceAccount` is deprecated and says `admin` while `serviceAccountName` says `web`; the pod runs as `web`. Remove `serviceAccount` once you have checked which one is meant (no automatic fix: the two disagree).',
    ]);
    assert.deepEqual(actionTitles(different, 'deprecated-service-account-field').slice(0, 2), suppressionsOnly('deprecated-service-account-field'));
    assert.deepEqual(lintRule(deployment('', '\n      serviceAccountName: web'), 'deprecated-service-account-field'), []);
  });
});

describe('rules: security, Harden Manifest', () => {
  const HARDEN_RULES = securityRules.filter((rule) => rule.meta.harden).map((rule) => rule.meta.id);

  const manifest = `# Web tier of the shop.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-web
  labels:
    app: shop-web # used by the Service
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop-web
  template:
    metadata:
      labels:
        app: shop-web
    spec:
      # Runs on the general node pool.
      initContainers:
      - name: migrate # schema migrations
        image: registry.example.com/shop/migrate:2.4.1
      containers:
      - name: web
        image: registry.example.com/shop/web:2.4.1 # pinned
        ports:
        - name: http
          containerPort: 8080
        securityContext:
          privileged: true # TODO: why?
          seccompProfile:
            type: Unconfined
          procMount: Unmasked
        env:
        - name: LOG_LEVEL
          value: info
      - name: proxy
        image: envoyproxy/envoy:v1.31.2
        volumeMounts:
        - name: tmp # scratch space
          mountPath: /tmp
        securityContext:
          capabilities:
            drop: [NET_RAW]
      volumes:
      - name: tmp
        configMap:
          name: proxy-templates
---
# Its identity.
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop-web
`;

  it('hardening leaves none of the security hardening rules firing, keeps comments, and is idempotent', () => {
    const result = hardenFile(service(), 'file:///workspace/shop.yaml', manifest, DEFAULT_SETTINGS);
    const hardened = result.text;
    for (const document of hardened.split(/^---$/m)) assert.equal(parseDocument(document, KUBERNETES_YAML_OPTIONS).errors.length, 0);
    assert.deepEqual(lint(hardened, { rules: NO_RULES }), [], 'the schema check is happy');
    for (const id of HARDEN_RULES) assert.deepEqual(lintRule(hardened, id), [], id);
    for (const comment of ['# Web tier of the shop.', '# used by the Service', '# Runs on the general node pool.', '# schema migrations', '# pinned', '# TODO: why?', '# scratch space', '# Its identity.']) {
      assert.ok(hardened.includes(comment), comment);
    }
    assert.ok(hardened.includes('privileged: false # TODO: why?'));
    assert.ok(!hardened.includes('procMount'));
    assert.ok(hardened.includes('      - name: tmp-dir\n        emptyDir: {}\n'), 'a new emptyDir, since `tmp` is a configMap');
    assert.ok(hardened.endsWith('  name: shop-web\nautomountServiceAccountToken: false\n'));
    const changed = new Set(result.changes.map((change) => change.rule));
    for (const id of ['privileged-container', 'seccomp-unconfined', 'unmasked-proc-mount', 'run-as-non-root', 'allow-privilege-escalation',
      'drop-all-capabilities', 'missing-seccomp-profile', 'read-only-root-filesystem', 'automount-service-account-token']) {
      assert.ok(changed.has(id), id);
    }
    const again = hardenFile(service(), 'file:///workspace/shop.yaml', hardened, DEFAULT_SETTINGS);
    assert.equal(again.text, hardened);
    assert.deepEqual(again.edits, []);
  });
});

/** Only the quick fixes (not suppressions or "fix all") offered for one rule. */
function fixTitlesOf(text: string, id: string, overrides: Parameters<typeof codeActions>[1] = {}): string[] {
  return codeActions(text, { ...onlyRule(id), ...overrides }).map((action) => action.title).filter((title) => !title.startsWith('Disable') && !title.startsWith('Fix all'));
}

describe('rules: security, round two (kube-linter, Polaris and kube-score coverage)', () => {
  describe('run-as-root-group', () => {
    const pod = `
      securityContext:
        runAsGroup: 0 # root
        fsGroup: 0
        supplementalGroups: [1000, 0]`;
    const text = deployment('        securityContext:\n          runAsGroup: 0\n', pod);

    it('fires on runAsGroup 0 (pod or container), fsGroup 0 and group 0 among supplementalGroups', () => {
      assert.deepEqual(lintRule(text, 'run-as-root-group'), [
        `${rangeOf(text, '0', 'runAsGroup: ')} run-as-root-group The pod runs with the root group (\`runAsGroup: 0\`); use the non-root group the image is built for (such as 1000).`,
        `${rangeOf(text, '0', 'fsGroup: ')} run-as-root-group The pod gives its volumes to the root group (\`fsGroup: 0\`) and adds that group to every container; use the group the image is built for (such as 1000).`,
        `${rangeOf(text, '0', 'supplementalGroups: [1000, ')} run-as-root-group The pod adds the root group to every container (\`supplementalGroups\` lists 0); remove it.`,
        `${rangeOf(text, '0', 'image: nginx:1.27.3\n        securityContext:\n          runAsGroup: ')} run-as-root-group Container \`web\` runs with the root group (\`runAsGroup: 0\`); use the non-root group the image is built for (such as 1000).`,
      ]);
      assert.deepEqual(severities(text, onlyRule('run-as-root-group')), Array(4).fill('run-as-root-group:2'));
    });

    it('removes 0 from supplementalGroups, and the list when it was the only group', () => {
      assert.deepEqual(fixTitlesOf(text, 'run-as-root-group'), ['Remove group 0 from `supplementalGroups`']);
      const fixed = fixRule(text, 'run-as-root-group');
      assert.equal(fixed, text.replace('supplementalGroups: [1000, 0]', 'supplementalGroups: [1000]'));
      assert.equal(lintRule(fixed, 'run-as-root-group').length, 3);
      const only = deployment('', '\n      securityContext:\n        supplementalGroups:\n        - 0 # copied\n        runAsNonRoot: true');
      assert.equal(fixRule(only, 'run-as-root-group'), only.replace('        supplementalGroups:\n        - 0 # copied\n', ''));
    });

    it('does not fire on non-root groups, or when the group is left to the image', () => {
      const fine = deployment('        securityContext:\n          runAsGroup: 3000\n', '\n      securityContext:\n        runAsGroup: 1000\n        fsGroup: 2000\n        supplementalGroups: [4000]');
      assert.deepEqual(lintRule(fine, 'run-as-root-group'), []);
      assert.deepEqual(lintRule(deployment(''), 'run-as-root-group'), []);
      assert.ok(lint(text, { profile: 'restricted' }).some((line) => line.includes(' run-as-root-group ')));
      assert.ok(!lint(text, { profile: 'baseline' }).some((line) => line.includes(' run-as-root-group ')));
    });
  });

  describe('low-user-group-id', () => {
    it('fires on IDs below 10000 and on IDs left to the image, per container', () => {
      const text = deployment('        securityContext:\n          runAsUser: 1001\n', '\n      securityContext:\n        runAsGroup: 20000\n      initContainers:\n      - name: init\n        image: busybox:1.36\n        securityContext:\n          runAsUser: 10001\n          runAsGroup: 999');
      assert.deepEqual(lintRule(text, 'low-user-group-id'), [
        `${rangeOf(text, '999')} low-user-group-id Init container \`init\` runs with group 999, an ID the node's own accounts use (below 10000); use 10000 or more.`,
        `${rangeOf(text, '1001')} low-user-group-id Container \`web\` runs as user 1001, an ID the node's own accounts use (below 10000); use 10000 or more.`,
      ]);
      const unset = deployment('');
      assert.deepEqual(lintRule(unset, 'low-user-group-id'), [
        `${rangeOf(unset, 'web', '- name: ')} low-user-group-id Container \`web\` sets no \`runAsUser\`, so it runs as whatever user its image names, usually one below 10000; set \`runAsUser\` to 10000 or more.`,
        `${rangeOf(unset, 'web', '- name: ')} low-user-group-id Container \`web\` sets no \`runAsGroup\`, so it runs with whatever group its image names, usually one below 10000; set \`runAsGroup\` to 10000 or more.`,
      ]);
      assert.deepEqual(severities(unset, onlyRule('low-user-group-id')), Array(2).fill('low-user-group-id:3'));
      assert.deepEqual(fixTitlesOf(unset, 'low-user-group-id'), []);
    });

    it('does not fire on 10000 and above, nor on 0 (the root rules report it), and only in the `all` profile', () => {
      const high = deployment('', '\n      securityContext:\n        runAsUser: 10001\n        runAsGroup: 10001');
      assert.deepEqual(lintRule(high, 'low-user-group-id'), []);
      assert.deepEqual(lintRule(deployment('', '\n      securityContext:\n        runAsUser: 0\n        runAsGroup: 0'), 'low-user-group-id'), []);
      assert.ok(!lint(deployment(''), { profile: 'restricted' }).some((line) => line.includes(' low-user-group-id ')));
      assert.ok(lint(deployment(''), { profile: 'all' }).some((line) => line.includes(' low-user-group-id ')));
    });
  });

  describe('secret-in-configmap', () => {
    const configMap = (data: string, name = 'settings') => `# Application settings.
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
${data}`;
    const pem = '-----BEGIN PRIVATE KEY-----';

    it('fires on keys that say secret and on values, file contents included, that are secrets by their format', () => {
      const text = configMap(`  LOG_LEVEL: info
  DB_PASSWORD: hunter2 # temporary
  app.properties: |
    server.port=8080
    aws.key=AKIA${'Q'.repeat(16)}
  tls.key: |
    ${pem}
    MIIE
`);
      assert.deepEqual(lintRule(text, 'secret-in-configmap'), [
        `${rangeOf(text, 'DB_PASSWORD')} secret-in-configmap ConfigMap \`settings\` keeps \`DB_PASSWORD\`, which its name says is a secret, in plain configuration; move it to a Secret.`,
        `9:19-12:1 secret-in-configmap The key \`app.properties\` holds what looks like an AWS access key ID, and a ConfigMap is readable by anyone who may read configuration. Move it to a Secret, and rotate it.`,
        `12:12-15:1 secret-in-configmap The key \`tls.key\` holds what looks like a private key (PEM), and a ConfigMap is readable by anyone who may read configuration. Move it to a Secret, and rotate it.`,
      ]);
      assert.deepEqual(severities(text, onlyRule('secret-in-configmap')), Array(3).fill('secret-in-configmap:2'));
      assert.deepEqual(fixTitlesOf(text, 'secret-in-configmap'), []);
    });

    it('does not fire on ordinary configuration, file names that mention secrets, placeholders or paths', () => {
      const text = configMap(`  LOG_LEVEL: info
  TOKEN_URL: https://auth.example.com/token
  PASSWORD_MIN_LENGTH: "12"
  AUTH_ENABLED: "true"
  GOOGLE_APPLICATION_CREDENTIALS: /var/secrets/google/key.json
  DB_PASSWORD: $(DB_PASSWORD)
  secret-rotation.yaml: |
    schedule: weekly
  token-config.json: '{"ttl": 3600}'
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIB
  DATABASE_URL: postgres://db:5432/shop
`);
      assert.deepEqual(lintRule(text, 'secret-in-configmap'), []);
      assert.deepEqual(lint(text), []);
    });

    it('is on by default, as a warning', () => {
      const text = configMap('  API_KEY: abc123def456\n');
      assert.ok(lint(text, { profile: 'baseline' }).some((line) => line.includes(' secret-in-configmap ')));
    });
  });

  describe('secret-as-env-var', () => {
    it('fires on secretKeyRef and envFrom secretRef, only in the `all` profile', () => {
      const text = deployment('        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n        - name: MODE\n          valueFrom:\n            configMapKeyRef: {name: settings, key: mode}\n        envFrom:\n        - configMapRef: {name: settings}\n        - secretRef: {name: api-keys}\n');
      assert.deepEqual(lintRule(text, 'secret-as-env-var'), [
        `${rangeOf(text, 'secretKeyRef')} secret-as-env-var Container \`web\` reads key \`password\` of Secret \`db\` into the environment variable \`DB_PASSWORD\`, where crash reports and child processes can see it; mount the Secret as a file instead.`,
        `${rangeOf(text, 'secretRef', 'envFrom')} secret-as-env-var Container \`web\` loads every key of Secret \`api-keys\` into its environment, where crash reports and child processes can see them; mount the Secret as a file instead.`,
      ]);
      assert.ok(!lint(text, { profile: 'restricted' }).some((line) => line.includes(' secret-as-env-var ')));
      assert.deepEqual(lintRule(deployment('        volumeMounts:\n        - {name: db, mountPath: /run/secrets/db, readOnly: true}\n', '\n      volumes:\n      - name: db\n        secret: {secretName: db}'), 'secret-as-env-var'), []);
    });
  });

  describe('default-namespace', () => {
    it('fires on an explicit `default` namespace, not on other namespaces or none', () => {
      const text = deployment('').replace('  name: web\n', '  name: web\n  namespace: default # for now\n');
      assert.deepEqual(lintRule(text, 'default-namespace'), [
        `${rangeOf(text, 'default', 'namespace: ')} default-namespace Deployment \`web\` is placed in the \`default\` namespace, which everything without a namespace of its own shares; give the application a namespace of its own.`,
      ]);
      assert.deepEqual(severities(text, onlyRule('default-namespace')), ['default-namespace:3']);
      assert.deepEqual(lintRule(text.replace('namespace: default', 'namespace: shop'), 'default-namespace'), []);
      assert.deepEqual(lintRule(deployment(''), 'default-namespace'), []);
      assert.deepEqual(lintRule('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: default\ndata: {}\n', 'default-namespace').length, 1);
    });
  });

  describe('deprecated-annotation', () => {
    const annotated = (annotations: string, container = '', pod = '') => webDeployment(`        image: nginx:1.27.3\n${container}`, {
      templateMetadata: `\n      annotations: # copied from an old example\n${annotations.replace(/\n$/, '')}`, pod,
    });
    const seccompPod = annotated('        seccomp.security.alpha.kubernetes.io/pod: runtime/default\n');

    it('moves the pod seccomp annotation to the pod\'s seccompProfile, comments and the rest kept', () => {
      assert.deepEqual(lintRule(seccompPod, 'deprecated-annotation'), [
        `${rangeOf(seccompPod, 'seccomp.security.alpha.kubernetes.io/pod')} deprecated-annotation The annotation \`seccomp.security.alpha.kubernetes.io/pod\` is deprecated since Kubernetes 1.19; set the pod's \`securityContext.seccompProfile\` (\`type: RuntimeDefault\`) instead.`,
      ]);
      assert.deepEqual(fixTitlesOf(seccompPod, 'deprecated-annotation'), ['Move `seccomp.security.alpha.kubernetes.io/pod` to `seccompProfile`']);
      const fixed = fixRule(seccompPod, 'deprecated-annotation');
      assert.equal(fixed, `${webDeployment('        image: nginx:1.27.3\n')}      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n`);
      assert.deepEqual(lintRule(fixed, 'deprecated-annotation'), []);
      // The field now does what the annotation did: missing-seccomp-profile is satisfied.
      assert.ok(!lint(fixed, { profile: 'restricted' }).some((line) => line.includes('seccomp')));
      assert.ok(lint(seccompPod, { profile: 'restricted' }).some((line) => line.includes(' missing-seccomp-profile ')));
    });

    it('moves container seccomp and AppArmor annotations to that container, keeping other annotations', () => {
      const text = annotated(
        '        container.seccomp.security.alpha.kubernetes.io/web: localhost/profiles/audit.json\n        container.apparmor.security.beta.kubernetes.io/web: runtime/default\n        prometheus.io/scrape: "true"\n',
        '        securityContext: # hardened\n          runAsNonRoot: true\n');
      assert.deepEqual(lintRule(text, 'deprecated-annotation'), [
        `${rangeOf(text, 'container.seccomp.security.alpha.kubernetes.io/web')} deprecated-annotation The annotation \`container.seccomp.security.alpha.kubernetes.io/web\` is deprecated since Kubernetes 1.19; set \`securityContext.seccompProfile\` of container \`web\` (\`type: Localhost, localhostProfile: profiles/audit.json\`) instead.`,
        `${rangeOf(text, 'container.apparmor.security.beta.kubernetes.io/web')} deprecated-annotation The annotation \`container.apparmor.security.beta.kubernetes.io/web\` is deprecated since Kubernetes 1.30; set \`securityContext.appArmorProfile\` of container \`web\` (\`type: RuntimeDefault\`) instead.`,
      ]);
      const fixAll = codeActions(text, onlyRule('deprecated-annotation')).find((action) => action.title.startsWith('Fix all'));
      assert.equal(fixAll?.title, 'Fix all `deprecated-annotation` problems in this file (2)');
      const fixed = applyAction(text, fixAll!.title, onlyRule('deprecated-annotation'));
      assert.equal(fixed, webDeployment('        image: nginx:1.27.3\n        securityContext: # hardened\n          runAsNonRoot: true\n          seccompProfile:\n            type: Localhost\n            localhostProfile: profiles/audit.json\n          appArmorProfile:\n            type: RuntimeDefault\n', {
        templateMetadata: '\n      annotations: # copied from an old example\n        prometheus.io/scrape: "true"',
      }));
      assert.deepEqual(lintRule(fixed, 'deprecated-annotation'), []);
    });

    it('leaves the AppArmor annotation alone before Kubernetes 1.30, where it is the only way', () => {
      const text = annotated('        container.apparmor.security.beta.kubernetes.io/web: localhost/k8s-nginx\n');
      assert.equal(lintRule(text, 'deprecated-annotation', { kubernetesVersion: '1.30' }).length, 1);
      assert.match(lintRule(text, 'deprecated-annotation', { kubernetesVersion: '1.36' })[0], /\(`type: Localhost, localhostProfile: k8s-nginx`\)/);
      for (const version of ['1.28', '1.29']) assert.deepEqual(lintRule(text, 'deprecated-annotation', { kubernetesVersion: version }), [], version);
      // The seccomp fields exist in every supported version.
      assert.equal(lintRule(seccompPod, 'deprecated-annotation', { kubernetesVersion: '1.28' }).length, 1);
    });

    it('removes only the annotation when the field already says the same, and offers no fix when they differ', () => {
      const same = annotated('        seccomp.security.alpha.kubernetes.io/pod: docker/default\n        team: shop\n', '', '\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault');
      assert.deepEqual(fixTitlesOf(same, 'deprecated-annotation'), ['Remove the deprecated annotation `seccomp.security.alpha.kubernetes.io/pod`']);
      assert.equal(fixRule(same, 'deprecated-annotation'), same.replace('        seccomp.security.alpha.kubernetes.io/pod: docker/default\n', ''));
      const differ = same.replace('docker/default', 'unconfined');
      assert.equal(lintRule(differ, 'deprecated-annotation').length, 1);
      assert.deepEqual(fixTitlesOf(differ, 'deprecated-annotation'), []);
      // An annotation for a container the pod does not have, or a value with no field equivalent: no fix.
      assert.deepEqual(fixTitlesOf(annotated('        container.seccomp.security.alpha.kubernetes.io/sidecar: runtime/default\n'), 'deprecated-annotation'), []);
      assert.deepEqual(fixTitlesOf(annotated('        seccomp.security.alpha.kubernetes.io/pod: something/else\n'), 'deprecated-annotation'), []);
    });

    it('reports critical-pod, which does nothing, without a fix', () => {
      const text = annotated('        scheduler.alpha.kubernetes.io/critical-pod: ""\n');
      assert.deepEqual(lintRule(text, 'deprecated-annotation'), [
        `${rangeOf(text, 'scheduler.alpha.kubernetes.io/critical-pod')} deprecated-annotation The annotation \`scheduler.alpha.kubernetes.io/critical-pod\` has had no effect since Kubernetes 1.16; give the pod a \`priorityClassName\` (\`system-cluster-critical\` or \`system-node-critical\`) and remove the annotation.`,
      ]);
      assert.deepEqual(fixTitlesOf(text, 'deprecated-annotation'), []);
    });

    it('moves the Ingress class annotation to ingressClassName, or removes it next to a class field', () => {
      const ingress = `# Public entry point.
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    kubernetes.io/ingress.class: nginx # our controller
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
spec:
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: shop, port: {number: 80}}
`;
      assert.deepEqual(lintRule(ingress, 'deprecated-annotation'), [
        `${rangeOf(ingress, 'kubernetes.io/ingress.class')} deprecated-annotation The annotation \`kubernetes.io/ingress.class\` is deprecated since Kubernetes 1.18; set \`spec.ingressClassName: nginx\` instead (the name of an IngressClass of the cluster).`,
      ]);
      const fixed = fixRule(ingress, 'deprecated-annotation');
      assert.equal(fixed, ingress.replace('    kubernetes.io/ingress.class: nginx # our controller\n', '').replace('      service: {name: shop, port: {number: 80}}\n', '      service: {name: shop, port: {number: 80}}\n  ingressClassName: nginx\n'));
      assert.deepEqual(lint(fixed, onlyRule('deprecated-annotation')), []);
      const both = ingress.replace('spec:\n', 'spec:\n  ingressClassName: internal\n');
      // Next to a different class field the API server refuses it: the server check reports that (once), with the fix.
      assert.deepEqual(lintRule(both, 'deprecated-annotation'), [
        `${rangeOf(both, 'kubernetes.io/ingress.class')} server-conflict The annotation \`kubernetes.io/ingress.class: nginx\` must match \`ingressClassName: internal\` when both are set; keep only \`ingressClassName\`.`,
      ]);
      assert.equal(applyAction(both, 'Remove the annotation `kubernetes.io/ingress.class`', onlyRule('deprecated-annotation')), both.replace('    kubernetes.io/ingress.class: nginx # our controller\n', ''));
    });

    it('moves the storage class annotation of claims and claim templates, and publishNotReadyAddresses of Services', () => {
      const claim = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n    volume.beta.kubernetes.io/storage-class: fast\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n';
      assert.equal(lintRule(claim, 'deprecated-annotation').length, 1);
      assert.equal(fixRule(claim, 'deprecated-annotation'), 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n  storageClassName: fast\n');
      const conflicting = claim.replace('spec:\n', 'spec:\n  storageClassName: slow\n');
      assert.deepEqual(lintRule(conflicting, 'deprecated-annotation'), [
        `${rangeOf(conflicting, 'volume.beta.kubernetes.io/storage-class')} deprecated-annotation The annotation \`volume.beta.kubernetes.io/storage-class\` is deprecated, and it says \`fast\` while \`storageClassName\` says \`slow\` (the annotation wins); keep the class you mean in \`storageClassName\` and remove the annotation.`,
      ]);
      assert.deepEqual(fixTitlesOf(conflicting, 'deprecated-annotation'), []);
      const statefulSet = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: db\n        image: postgres:16.4\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n      annotations:\n        volume.beta.kubernetes.io/storage-class: fast\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1Gi}}\n';
      assert.equal(lintRule(statefulSet, 'deprecated-annotation').length, 1);
      const movedClaim = fixRule(statefulSet, 'deprecated-annotation');
      assert.ok(movedClaim.includes('      resources: {requests: {storage: 1Gi}}\n      storageClassName: fast\n') && !movedClaim.includes('volume.beta'), movedClaim);
      const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  annotations:\n    service.alpha.kubernetes.io/tolerate-unready-endpoints: "true"\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports:\n  - port: 5432\n';
      assert.deepEqual(lintRule(service, 'deprecated-annotation'), [
        `${rangeOf(service, 'service.alpha.kubernetes.io/tolerate-unready-endpoints')} deprecated-annotation The annotation \`service.alpha.kubernetes.io/tolerate-unready-endpoints\` is deprecated; set \`spec.publishNotReadyAddresses: true\` instead.`,
      ]);
      assert.equal(fixRule(service, 'deprecated-annotation'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports:\n  - port: 5432\n  publishNotReadyAddresses: true\n');
    });

    it('does not fire on current annotations or on the fields', () => {
      const text = annotated('        prometheus.io/scrape: "true"\n', '        securityContext:\n          appArmorProfile:\n            type: RuntimeDefault\n', '\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault');
      assert.deepEqual(lintRule(text, 'deprecated-annotation'), []);
      // On the Deployment's own metadata these annotations mean nothing to Kubernetes: not this rule's business.
      assert.deepEqual(lintRule(webDeployment('        image: nginx:1.27.3\n').replace('  name: web\n', '  name: web\n  annotations:\n    kubernetes.io/ingress.class: nginx\n'), 'deprecated-annotation'), []);
    });
  });
});

