import { strict as assert } from 'node:assert';
import { at, container, deployment, findings, pod } from './helpers';

/**
 * Pod specs, in Pods and in templates (core's ValidatePodSpec, validateContainers and friends):
 * every check with its failing value and the value that just passes.
 */

describe('server checks: pod specs', () => {
  describe('containers', () => {
    it('requires an image in every container, init containers included', () => {
      const text = deployment('initContainers:\n- name: setup\ncontainers:\n- name: web\n  image: nginx:1.27.3\n- name: sidecar\n');
      assert.deepEqual(findings(text), [
        `${at(text, 'name', 1, '- name: setup')} server-required Init container \`setup\` has no \`image\`; the API server requires one.`,
        `${at(text, 'name', 1, '- name: sidecar')} server-required Container \`sidecar\` has no \`image\`; the API server requires one.`,
      ]);
    });

    it('does not report a missing image that the schema check finds misspelt or misplaced', () => {
      assert.deepEqual(findings(deployment('containers:\n- name: web\n  imagee: nginx:1.27.3\n')), [
        '16:9-16:15 unknown-field `imagee` is not a field of `spec.template.spec.containers[0]`; did you mean `image`?',
      ]);
    });

    it('rejects surrounding spaces in a Pod\'s image, not in a template\'s (where OpenShift fills it in)', () => {
      const spaced = 'containers:\n- name: web\n  image: " nginx:1.27.3"\n';
      assert.deepEqual(findings(pod(spaced)), ['8:12-8:27 server-value ` nginx:1.27.3` has spaces around it; a Pod\'s image may not start or end with whitespace.']);
      assert.deepEqual(findings(deployment(spaced)), []);
    });

    it('checks container names: DNS labels, unique across containers, init and ephemeral containers', () => {
      const text = pod('initContainers:\n- name: web\n  image: busybox:1.36\ncontainers:\n- name: web\n  image: nginx:1.27.3\n- name: Web_2\n  image: nginx:1.27.3\n- name: web\n  image: nginx:1.27.3\nephemeralContainers:\n- name: web\n  image: busybox:1.36\n');
      const duplicate = 'server-duplicate Another container of this pod is already named `web`; container names must be unique across `containers`, `initContainers` and `ephemeralContainers`.';
      assert.deepEqual(findings(text), [
        `${at(text, 'web', 1)} ${duplicate}`,
        `${at(text, 'Web_2')} server-name \`Web_2\` is not a valid container name: lowercase letters, digits and \`-\` only, starting and ending with a letter or digit.`,
        `${at(text, 'web', 3)} ${duplicate}`,
        `${at(text, 'web', 4)} ${duplicate}`,
      ]);
    });

    it('rejects `ephemeralContainers` in a pod template (a Pod read back from the cluster may keep them)', () => {
      const text = deployment(`${container()}ephemeralContainers:\n- name: debug\n  image: busybox:1.36\n`);
      assert.deepEqual(findings(text), [`${at(text, 'ephemeralContainers')} server-conflict \`ephemeralContainers\` are not allowed in a pod template.`]);
      assert.deepEqual(findings(pod(`${container()}ephemeralContainers:\n- name: debug\n  image: busybox:1.36\n`)), []);
    });
  });

  describe('ports', () => {
    it('containerPort 65535 passes, 70000 and 0 do not; hostPort 0 means none', () => {
      const text = deployment(container('  ports:\n  - containerPort: 65535\n  - containerPort: 70000\n  - containerPort: 0\n  - containerPort: 80\n    hostPort: 0\n  - containerPort: 81\n    hostPort: 65536\n'));
      assert.deepEqual(findings(text), [
        `${at(text, '70000')} server-port \`70000\` is not a valid port number for \`containerPort\`: use 1 to 65535.`,
        `${at(text, '0', 1, ': 0\n')} server-port \`0\` is not a valid port number for \`containerPort\`: use 1 to 65535.`,
        `${at(text, '65536')} server-port \`65536\` is not a valid port number for \`hostPort\`: use 1 to 65535.`,
      ]);
    });

    it('port names: 15 characters pass, `http-metrics-port` (17) does not; unique in a container', () => {
      const text = deployment(container('  ports:\n  - name: http-metrics-po\n    containerPort: 9090\n  - name: http-metrics-port\n    containerPort: 9091\n  - name: http-metrics-po\n    containerPort: 9092\n'));
      assert.deepEqual(findings(text), [
        `${at(text, 'http-metrics-port')} server-port \`http-metrics-port\` is not a valid port name: at most 15 characters (it has 17).`,
        `${at(text, 'http-metrics-po', 3)} server-duplicate Another port of this container is already named \`http-metrics-po\`; port names must be unique in a container.`,
      ]);
    });

    it('host ports: unique across containers (each init container on its own), equal to the container port with hostNetwork', () => {
      const text = deployment('hostNetwork: true\ninitContainers:\n- name: a\n  image: a:1\n  ports:\n  - containerPort: 80\n    hostPort: 80\n- name: b\n  image: b:1\n  ports:\n  - containerPort: 80\n    hostPort: 80\ncontainers:\n- name: web\n  image: nginx:1.27.3\n  ports:\n  - containerPort: 80\n    hostPort: 80\n- name: api\n  image: api:1\n  ports:\n  - containerPort: 8080\n    hostPort: 80\n');
      assert.deepEqual(findings(text), [
        `${at(text, '80', 3, '8080\n')} server-port \`hostPort: 80\` must equal \`containerPort: 8080\` when the pod uses \`hostNetwork: true\`.`,
        `${at(text, '80', 3, '8080\n')} server-duplicate Another container of this pod already uses host port 80/TCP; a host port (with its protocol and host IP) can be taken once.`,
      ]);
    });
  });

  describe('environment', () => {
    it('env names by version: `1VAR` is rejected up to 1.31, accepted from 1.32; `=` never', () => {
      const text = deployment(container('  env:\n  - name: 1VAR\n    value: a\n  - name: A=B\n    value: b\n'));
      const equals = `${at(text, 'A=B')} server-name \`A=B\` is not a valid environment variable name`;
      assert.deepEqual(findings(text, { kubernetesVersion: '1.31' }), [
        `${at(text, '1VAR')} server-name \`1VAR\` is not a valid environment variable name: letters, digits, \`_\`, \`-\` and \`.\` only, not starting with a digit (Kubernetes before 1.32).`,
        `${equals}: letters, digits, \`_\`, \`-\` and \`.\` only, not starting with a digit (Kubernetes before 1.32).`,
      ]);
      assert.deepEqual(findings(text, { kubernetesVersion: '1.32' }), [`${equals}: printable ASCII characters other than \`=\` only.`]);
    });

    it('valueFrom: one source, not with a value; key selectors need a name and a valid key; downward API fields', () => {
      const text = deployment(container(`  env:
  - name: A
    value: x
    valueFrom:
      fieldRef:
        fieldPath: metadata.name
  - name: B
    valueFrom: {}
  - name: C
    valueFrom:
      configMapKeyRef:
        key: app/config
  - name: D
    valueFrom:
      fieldRef:
        fieldPath: spec.containers
  - name: E
    valueFrom:
      fieldRef:
        fieldPath: metadata.labels['app']
  - name: F
    valueFrom:
      resourceFieldRef:
        resource: limits.gpu
`));
      assert.deepEqual(findings(text), [
        `${at(text, 'value', 1)} server-conflict \`value\` and \`valueFrom\` may not both be set; keep one.`,
        `${at(text, 'valueFrom', 2)} server-required \`valueFrom\` needs one of \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\`.`,
        `${at(text, 'configMapKeyRef')} server-required \`configMapKeyRef\` needs the \`name\` of the ConfigMap.`,
        `${at(text, 'app/config')} server-name \`app/config\` is not a valid ConfigMap key: letters, digits, \`-\`, \`_\` and \`.\` only.`,
        `${at(text, 'spec.containers')} server-value \`spec.containers\` is not a field the downward API exposes to environment variables: use \`metadata.name\`, \`metadata.namespace\`, \`metadata.uid\`, \`metadata.labels['<key>']\`, \`metadata.annotations['<key>']\`, \`spec.nodeName\`, \`spec.serviceAccountName\`, \`status.hostIP(s)\` or \`status.podIP(s)\`.`,
        `${at(text, 'limits.gpu')} server-value \`limits.gpu\` is not a resource the downward API exposes: use \`limits.cpu\`, \`limits.memory\`, \`limits.ephemeral-storage\`, \`requests.cpu\`, \`requests.memory\`, \`requests.ephemeral-storage\` or \`limits.hugepages-<size>\`/\`requests.hugepages-<size>\`.`,
      ]);
    });

    it('envFrom: exactly one of configMapRef and secretRef, with a name', () => {
      const text = deployment(container('  envFrom:\n  - prefix: APP_\n  - configMapRef:\n      name: settings\n    secretRef:\n      name: secrets\n  - secretRef: {}\n'));
      assert.deepEqual(findings(text), [
        `${at(text, 'prefix')} server-required \`envFrom\` entries need one of \`configMapRef\` or \`secretRef\`.`,
        `${at(text, 'secretRef', 1)} server-required An \`envFrom\` entry may set only one of \`configMapRef\` and \`secretRef\`.`,
        `${at(text, 'secretRef', 2)} server-required \`secretRef\` needs the \`name\` of the Secret.`,
      ]);
    });
  });

  describe('volumes and mounts', () => {
    it('volume names: DNS labels, unique; exactly one source', () => {
      const text = deployment(`${container()}volumes:\n- name: tmp\n  emptyDir: {}\n- name: tmp\n  emptyDir: {}\n- name: Cache\n  emptyDir: {}\n- name: nothing\n- name: both\n  emptyDir: {}\n  configMap:\n    name: settings\n`);
      assert.deepEqual(findings(text), [
        `${at(text, 'tmp', 2)} server-duplicate Another volume of this pod is already named \`tmp\`; volume names must be unique.`,
        `${at(text, 'Cache')} server-name \`Cache\` is not a valid volume name: lowercase letters, digits and \`-\` only, starting and ending with a letter or digit.`,
        `${at(text, 'name', 6)} server-required Volume \`nothing\` has no source; give it exactly one, such as \`emptyDir: {}\`, \`configMap\`, \`secret\` or \`persistentVolumeClaim\`.`,
        `${at(text, 'configMap')} server-conflict Volume \`both\` sets both \`emptyDir\` and \`configMap\`; a volume has exactly one source.`,
      ]);
    });

    it('volume sources: the object name, modes up to 0777, relative item paths', () => {
      const text = deployment(`${container()}volumes:\n- name: a\n  configMap:\n    defaultMode: 0777\n- name: b\n  secret:\n    secretName: s\n    defaultMode: 0778\n    items:\n    - key: k\n      path: ../k\n`);
      assert.deepEqual(findings(text), [
        `${at(text, 'configMap')} server-required A \`configMap\` volume needs \`name\`, the name of the object to mount.`,
        // (YAML 1.1 reads 0778 as the decimal 778: 8 is not an octal digit.)
        `${at(text, '0778')} server-value \`defaultMode: 778\` is not a valid file mode: use 0 to 0777 (octal, 511 in decimal).`,
        `${at(text, '../k')} server-value \`../k\` is not a valid \`path\`: it must be a relative path without \`..\`.`,
      ]);
    });

    it('a volumeMount must name a volume of the pod; mount paths unique; subPath relative', () => {
      const text = deployment(container('  volumeMounts:\n  - name: data\n    mountPath: /data\n  - name: tmp\n    mountPath: /tmp\n  - name: tmp\n    mountPath: /tmp\n    subPath: /abs\n') + 'volumes:\n- name: tmp\n  emptyDir: {}\n');
      assert.deepEqual(findings(text), [
        `${at(text, 'data', 1, 'volumeMounts')} server-reference No volume named \`data\` in this pod; \`volumeMounts\` may only mount the pod's \`volumes\`.`,
        `${at(text, '/tmp', 2)} server-duplicate \`/tmp\` is already a mount path of this container; mount paths must be unique.`,
        `${at(text, '/abs')} server-value \`/abs\` is not a valid \`subPath\`: it must be a relative path without \`..\`.`,
      ]);
    });

    it('volumeDevices need a claim-backed volume', () => {
      const text = deployment(container('  volumeDevices:\n  - name: raw\n    devicePath: /dev/xvda\n  - name: tmp\n    devicePath: /dev/xvdb\n') + 'volumes:\n- name: raw\n  persistentVolumeClaim:\n    claimName: raw\n- name: tmp\n  emptyDir: {}\n');
      assert.deepEqual(findings(text), [
        `${at(text, 'tmp')} server-reference Volume \`tmp\` is not a \`persistentVolumeClaim\` or \`ephemeral\` volume; only those can be attached as a block device.`,
      ]);
    });
  });

  describe('resources', () => {
    it('requests.cpu "2" above limits.cpu "1" is rejected; equal requests and limits pass', () => {
      const text = deployment(container('  resources:\n    requests:\n      cpu: "2"\n      memory: 1Gi\n    limits:\n      cpu: "1"\n      memory: 1024Mi\n'));
      assert.deepEqual(findings(text), [
        `${at(text, '"2"')} server-resources \`requests.cpu: 2\` is more than \`limits.cpu: 1\`; the API server requires requests to be at most the limits.`,
      ]);
      assert.deepEqual(findings(text.replace('cpu: "2"', 'cpu: 1000m')), []);
    });

    it('resource names a container can use; negative quantities', () => {
      const text = deployment(container('  resources:\n    requests:\n      gpu: 1\n      memory: -1Mi\n      example.com/gpu: 1\n    limits:\n      example.com/gpu: 1\n'));
      assert.deepEqual(findings(text), [
        `${at(text, 'gpu')} server-resources \`gpu\` is not a resource a container can use: \`cpu\`, \`memory\`, \`ephemeral-storage\`, \`hugepages-<size>\`, or an extended resource with a domain prefix (such as \`example.com/gpu\`).`,
        `${at(text, '-1Mi')} server-resources \`requests.memory: -1Mi\` is negative; a resource quantity must be 0 or more.`,
      ]);
    });

    it('extended resources: whole numbers, request equal to limit, never without a limit', () => {
      const text = deployment(container('  resources:\n    requests:\n      example.com/gpu: 1\n      example.com/fpga: 1\n    limits:\n      example.com/gpu: 2\n      example.com/nic: 500m\n'));
      assert.deepEqual(findings(text), [
        `${at(text, '1', 1, 'example.com/gpu: 1')} server-resources \`requests.example.com/gpu: 1\` differs from \`limits.example.com/gpu: 2\`; \`example.com/gpu\` cannot be overcommitted, so its request must equal its limit.`,
        `${at(text, 'example.com/fpga')} server-resources \`example.com/fpga\` is requested without a limit; it cannot be overcommitted, so set \`limits.example.com/fpga\` to the same amount.`,
        `${at(text, '500m')} server-resources \`limits.example.com/nic: 500m\` is not a whole number; extended resources are counted in whole units.`,
      ]);
    });

    it('huge pages: whole pages, with cpu or memory, request equal to limit', () => {
      const ok = deployment(container('  resources:\n    requests:\n      memory: 1Gi\n      hugepages-2Mi: 4Mi\n    limits:\n      memory: 1Gi\n      hugepages-2Mi: 4Mi\n'));
      assert.deepEqual(findings(ok), []);
      const text = deployment(container('  resources:\n    limits:\n      hugepages-2Mi: 3Mi\n      hugepages-huge: 1Gi\n'));
      assert.deepEqual(findings(text), [
        `${at(text, 'resources')} server-resources Huge pages need \`cpu\` or \`memory\` in the same \`requests\` or \`limits\`; the API server rejects a container that asks only for huge pages.`,
        `${at(text, '3Mi')} server-resources \`limits.hugepages-2Mi: 3Mi\` is not a whole number of 2Mi pages.`,
        `${at(text, 'hugepages-huge')} server-resources \`hugepages-huge\` is not a valid huge page resource: write the page size after \`hugepages-\`, such as \`hugepages-2Mi\` or \`hugepages-1Gi\`.`,
      ]);
    });
  });

  describe('probes and hooks', () => {
    it('a probe needs exactly one handler', () => {
      const text = deployment(container('  livenessProbe:\n    periodSeconds: 10\n  readinessProbe:\n    httpGet:\n      path: /ready\n      port: 8080\n    tcpSocket:\n      port: 8080\n  startupProbe:\n    exec:\n      command: []\n'));
      assert.deepEqual(findings(text), [
        `${at(text, 'livenessProbe')} server-probe \`livenessProbe\` has no handler; give it exactly one of \`exec\`, \`httpGet\`, \`tcpSocket\`, \`grpc\`.`,
        `${at(text, 'tcpSocket')} server-probe \`readinessProbe\` sets both \`httpGet\` and \`tcpSocket\`; a probe has exactly one handler.`,
        `${at(text, 'exec')} server-probe \`exec\` needs a non-empty \`command\`.`,
      ]);
    });

    it('numbers: none negative (0 is defaulted); successThreshold 1 for liveness and startup; grace periods', () => {
      const text = deployment(container('  livenessProbe:\n    tcpSocket:\n      port: 8080\n    initialDelaySeconds: 0\n    periodSeconds: -1\n    successThreshold: 2\n  readinessProbe:\n    tcpSocket:\n      port: 8080\n    successThreshold: 3\n    terminationGracePeriodSeconds: 10\n  startupProbe:\n    tcpSocket:\n      port: 8080\n    successThreshold: 1\n    terminationGracePeriodSeconds: 0\n'));
      assert.deepEqual(findings(text), [
        `${at(text, '-1')} server-probe \`periodSeconds: -1\` may not be negative.`,
        `${at(text, '2', 1, 'successThreshold: 2')} server-probe \`successThreshold: 2\` is not allowed in a \`livenessProbe\`: it must be 1.`,
        `${at(text, 'terminationGracePeriodSeconds', 1)} server-probe \`terminationGracePeriodSeconds\` may not be set on a \`readinessProbe\`.`,
        `${at(text, '0', 1, 'terminationGracePeriodSeconds: 0')} server-probe \`terminationGracePeriodSeconds: 0\` must be greater than 0.`,
      ]);
    });

    it('probe ports: 65535 passes, 65536 does not; a quoted number is a port name', () => {
      const text = deployment(container('  livenessProbe:\n    tcpSocket:\n      port: 65536\n  readinessProbe:\n    httpGet:\n      port: "8080"\n  startupProbe:\n    grpc:\n      port: 65535\n'));
      assert.deepEqual(findings(text), [
        `${at(text, '65536')} server-port \`65536\` is not a valid port number for \`port\`: use 1 to 65535.`,
        `${at(text, '"8080"')} server-port \`port: "8080"\` is a string, which the API server reads as a port name, and a port name needs a letter; write the number without quotes.`,
      ]);
    });

    it('hooks: one handler; sleep within the grace period (Kubernetes 1.30+), 0 seconds from 1.33', () => {
      const text = deployment(`terminationGracePeriodSeconds: 20\n${container('  lifecycle:\n    preStop:\n      sleep:\n        seconds: 25\n    postStart: {}\n')}`);
      assert.deepEqual(findings(text), [
        `${at(text, '25')} server-probe \`sleep.seconds: 25\` is longer than the pod's termination grace period (20 seconds); the hook may not outlast it.`,
        `${at(text, 'postStart')} server-probe \`postStart\` has no handler; give it exactly one of \`exec\`, \`httpGet\`, \`tcpSocket\`, \`sleep\`.`,
      ]);
      const zero = deployment(container('  lifecycle:\n    preStop:\n      sleep:\n        seconds: 0\n'));
      assert.deepEqual(findings(zero, { kubernetesVersion: '1.33' }), []);
      assert.deepEqual(findings(zero, { kubernetesVersion: '1.32' }), [`${at(zero, '0', 1, 'seconds: 0')} server-probe \`sleep.seconds: 0\` must be greater than 0 before Kubernetes 1.33.`]);
      assert.deepEqual(findings(zero, { kubernetesVersion: '1.29' }), [`${at(zero, 'sleep')} server-probe \`sleep\` hooks need Kubernetes 1.30: before, the API server drops the field (the feature is off), which leaves the hook without a handler.`]);
    });

    it('init containers: no probes or hooks unless sidecars (restartPolicy: Always, Kubernetes 1.29+)', () => {
      const init = (policy: string) => deployment(`initContainers:\n- name: proxy\n  image: envoy:1.31.0\n${policy}  livenessProbe:\n    tcpSocket:\n      port: 9901\n${container()}`);
      assert.deepEqual(findings(init('  restartPolicy: Always\n')), []);
      const plain = init('');
      assert.deepEqual(findings(plain), [`${at(plain, 'livenessProbe')} server-conflict \`livenessProbe\` may not be set on an init container unless it is a sidecar (\`restartPolicy: Always\`).`]);
      // 1.28 drops restartPolicy (the SidecarContainers gate is off): the probe is then rejected.
      const sidecar = init('  restartPolicy: Always\n');
      assert.deepEqual(findings(sidecar, { kubernetesVersion: '1.28' }), [`${at(sidecar, 'livenessProbe')} server-conflict \`livenessProbe\` may not be set on an init container unless it is a sidecar (\`restartPolicy: Always\`).`]);
      const never = init('  restartPolicy: Never\n');
      assert.deepEqual(findings(never), [
        `${at(never, 'Never')} server-restart-policy \`restartPolicy: Never\` is not allowed on an init container: the only value is \`Always\` (a sidecar); remove it for a regular init container.`,
        `${at(never, 'livenessProbe')} server-conflict \`livenessProbe\` may not be set on an init container unless it is a sidecar (\`restartPolicy: Always\`).`,
      ]);
    });

    it('regular containers may not set restartPolicy', () => {
      const text = deployment(container('  restartPolicy: Always\n'));
      assert.deepEqual(findings(text), [`${at(text, 'restartPolicy', 1)} server-restart-policy \`restartPolicy\` may not be set on a regular container; only init containers (as sidecars) take one.`]);
    });
  });

  describe('scheduling', () => {
    it('topologySpreadConstraints: maxSkew 0 is rejected, 1 passes; no repeated pairs; minDomains with DoNotSchedule', () => {
      const constraint = (skew: number, when = 'DoNotSchedule', extra = '') => `- maxSkew: ${skew}\n  topologyKey: zone\n  whenUnsatisfiable: ${when}\n${extra}  labelSelector:\n    matchLabels:\n      app: web\n`;
      assert.deepEqual(findings(deployment(`${container()}topologySpreadConstraints:\n${constraint(1)}`)), []);
      const text = deployment(`${container()}topologySpreadConstraints:\n${constraint(0)}${constraint(1)}${constraint(2, 'ScheduleAnyway', '  minDomains: 0\n  matchLabelKeys: [app]\n')}`);
      assert.deepEqual(findings(text), [
        `${at(text, '0', 1)} server-value \`maxSkew: 0\` must be greater than 0.`,
        `${at(text, 'zone', 2)} server-duplicate Another constraint already spreads by \`zone\` with \`whenUnsatisfiable: DoNotSchedule\`; each pair may appear once.`,
        `${at(text, 'minDomains')} server-conflict \`minDomains\` can only be used with \`whenUnsatisfiable: DoNotSchedule\`.`,
        `${at(text, '0', 1, 'minDomains: 0')} server-value \`minDomains: 0\` must be greater than 0.`,
        `${at(text, 'app', 6)} server-selector \`app\` is in both \`matchLabelKeys\` and \`labelSelector\`; list it in one.`,
      ]);
    });

    it('tolerations: an empty key needs Exists; tolerationSeconds needs NoExecute; Exists takes no value', () => {
      const text = deployment(`${container()}tolerations:\n- operator: Equal\n  value: a\n- key: dedicated\n  operator: Exists\n  value: gpu\n- key: node.kubernetes.io/unreachable\n  effect: NoSchedule\n  tolerationSeconds: 60\n- operator: Exists\n`);
      assert.deepEqual(findings(text), [
        `${at(text, 'Equal')} server-value A toleration without a \`key\` matches every taint, which needs \`operator: Exists\`.`,
        `${at(text, 'value', 2)} server-conflict \`operator: Exists\` takes no \`value\`; remove it.`,
        `${at(text, 'tolerationSeconds')} server-conflict \`tolerationSeconds\` only applies to \`effect: NoExecute\`; set that effect or remove it.`,
      ]);
    });

    it('affinity: node selector terms and operators, weights 1–100, topology keys', () => {
      const text = deployment(`${container()}affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions:
        - key: zone
          operator: In
        - key: gpu
          operator: Exists
          values: [a]
        - key: cores
          operator: Gt
          values: ["4", "8"]
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      preference:
        matchExpressions:
        - key: disk
          operator: In
          values: [ssd]
    - weight: 101
      preference:
        matchExpressions:
        - key: disk
          operator: In
          values: [nvme]
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: ""
      labelSelector:
        matchLabels:
          app: web
`);
      assert.deepEqual(findings(text), [
        `${at(text, 'In', 1, 'operator: In')} server-selector \`operator: In\` needs at least one value in \`values\`.`,
        `${at(text, 'values', 1, 'operator: Exists')} server-selector \`operator: Exists\` takes no \`values\`; remove them.`,
        `${at(text, '[', 1, 'values: ["4"')} server-selector \`operator: Gt\` takes exactly one value in \`values\`.`,
        `${at(text, '101')} server-value \`weight: 101\` is out of range: use 1 to 100.`,
        `${at(text, '""')} server-required \`topologyKey\` must not be empty.`,
      ]);
    });

    it('pod spec names and numbers: serviceAccountName, hostname, priorityClassName, activeDeadlineSeconds, dnsConfig', () => {
      const text = pod(`${container()}serviceAccountName: Builder
hostname: web.1
priorityClassName: high
activeDeadlineSeconds: 0
dnsPolicy: None
dnsConfig:
  nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, 10.0.0.1]
  options:
  - value: "2"
`);
      assert.deepEqual(findings(text), [
        `${at(text, 'Builder')} server-name \`Builder\` is not a valid ServiceAccount name: lowercase letters, digits, \`-\` and \`.\` only, starting and ending with a letter or digit.`,
        `${at(text, 'web.1')} server-name \`web.1\` is not a valid host name: lowercase letters, digits and \`-\` only, starting and ending with a letter or digit.`,
        `${at(text, '0', 1, 'activeDeadlineSeconds: 0')} server-value \`activeDeadlineSeconds: 0\` is out of range: use 1 to 2147483647.`,
        `${at(text, 'nameservers')} server-value \`nameservers\` lists 4 addresses; at most 3 are allowed.`,
        `${at(text, 'value', 1)} server-required A DNS option needs a \`name\`.`,
      ]);
    });

    it('security contexts: user ids in range, escalation with privileges, seccomp Localhost', () => {
      const text = deployment(`securityContext:\n  runAsUser: 2147483648\n  seccompProfile:\n    type: Localhost\n${container('  securityContext:\n    privileged: true\n    allowPrivilegeEscalation: false\n    runAsGroup: -1\n')}`);
      assert.deepEqual(findings(text), [
        `${at(text, '2147483648')} server-value \`runAsUser: 2147483648\` is out of range: use 0 to 2147483647.`,
        `${at(text, 'Localhost')} server-required \`seccompProfile.type: Localhost\` needs \`localhostProfile\`, the profile file on the node.`,
        `${at(text, 'false')} server-conflict \`allowPrivilegeEscalation: false\` cannot go with \`privileged: true\`; a privileged container always can escalate.`,
        `${at(text, '-1')} server-value \`runAsGroup: -1\` is out of range: use 0 to 2147483647.`,
      ]);
    });
  });
});
