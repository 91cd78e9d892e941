import { strict as assert } from 'node:assert';
import { at, container, deployment, findings, indent } from './helpers';

/**
 * Workload controllers (Kubernetes' pkg/apis/apps/validation, pkg/apis/batch/validation and core's
 * ValidateReplicationController): selectors against template labels, the restart policy each
 * controller allows, rollout strategies, counts, StatefulSet version differences, CronJob
 * schedules and time zones.
 */

const rejects = (what: string) => `; the API server rejects ${what} as written. Make the selector and \`spec.template.metadata.labels\` agree.`;

/** An apps/v1 workload `app` of `kind` selecting `app: app`, with its template labels and pod spec body. */
function appsWorkload(kind: string, labels = 'app: app', podSpec = container(), spec = ''): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: app
spec:
${spec}  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
${indent(labels, 8)}
    spec:
${indent(podSpec, 6)}`;
}

/** A Job `once` with `spec` lines, template labels (or none) and a pod spec body. */
function job(spec: string, labels: string | undefined, podSpec = `restartPolicy: Never\n${container()}`): string {
  const metadata = labels === undefined ? '' : `    metadata:\n      labels:\n${indent(labels, 8)}\n`;
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n${spec}  template:\n${metadata}    spec:\n${indent(podSpec, 6)}`;
}

describe('server checks: workloads', () => {
  describe('selectors (formerly the selector-mismatch rule)', () => {
    it('evaluates matchLabels and every matchExpressions operator against the template labels', () => {
      const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
      tier: backend # was frontend
    matchExpressions:
    - key: track
      operator: In
      values: [stable, canary]
    - key: env
      operator: NotIn
      values: [dev]
    - key: team
      operator: Exists
    - key: legacy
      operator: DoesNotExist
  template:
    metadata:
      labels:
        app: web
        tier: frontend
        track: beta
        env: dev
        legacy: "true"
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
`;
      const suffix = rejects('Deployment `web`');
      assert.deepEqual(findings(text), [
        `9:7-9:11 server-selector The selector requires \`tier: backend\`, but the pod template has \`tier: frontend\`${suffix}`,
        `11:7-11:10 server-selector The selector requires \`track\` in (stable, canary), but the pod template has \`track: beta\`${suffix}`,
        `14:7-14:10 server-selector The selector requires \`env\` not in (dev), but the pod template has \`env: dev\`${suffix}`,
        `17:7-17:10 server-selector The selector requires a \`team\` label, but the pod template has none${suffix}`,
        `19:7-19:10 server-selector The selector requires no \`legacy\` label, but the pod template has \`legacy: true\`${suffix}`,
      ]);
      const matching = text.replace('tier: backend # was frontend', 'tier: frontend').replace('track: beta', 'track: canary')
        .replace('env: dev', 'env: prod\n        team: payments').replace('        legacy: "true"\n', '');
      assert.deepEqual(findings(matching), []);
    });

    it('fires for StatefulSets, DaemonSets and ReplicaSets; an empty selector is rejected, a missing one is the schema check\'s', () => {
      for (const kind of ['ReplicaSet', 'DaemonSet', 'StatefulSet']) {
        const spec = kind === 'StatefulSet' ? '  serviceName: app\n' : '';
        assert.deepEqual(findings(appsWorkload(kind, 'app: app', container(), spec)), [], kind);
        const wrong = appsWorkload(kind, 'app: other', container(), spec);
        assert.deepEqual(findings(wrong), [
          `${at(wrong, 'app', 1, 'matchLabels')} server-selector The selector requires \`app: app\`, but the pod template has \`app: other\`${rejects(`${kind} \`app\``)}`,
        ], kind);
      }
      const empty = appsWorkload('Deployment').replace('  selector:\n    matchLabels:\n      app: app\n', '  selector: {}\n');
      assert.deepEqual(findings(empty), [
        `${at(empty, 'selector')} server-selector An empty selector is invalid for a Deployment: it would select every pod; give it \`matchLabels\` or \`matchExpressions\`.`,
      ]);
      const missing = appsWorkload('Deployment').replace('  selector:\n    matchLabels:\n      app: app\n', '');
      assert.deepEqual(findings(missing), ['5:1-5:5 missing-required `spec` is missing the required field `selector`.']);
    });

    it('checks a ReplicationController\'s plain selector', () => {
      const rc = `apiVersion: v1
kind: ReplicationController
metadata:
  name: app
spec:
  selector:
    app: app
    version: "2"
  template:
    metadata:
      labels:
        app: app
    spec:
${indent(container(), 6)}`;
      assert.deepEqual(findings(rc), [
        `${at(rc, 'version')} server-selector The selector requires \`version: 2\`, but the pod template has no \`version\` label${rejects('ReplicationController `app`')}`,
      ]);
      assert.deepEqual(findings(rc.replace('    version: "2"\n', '')), []);
    });

    it('checks a Job\'s selector, manual or not (the server adds its own labels to both, then matches)', () => {
      const manual = job('  manualSelector: true\n  selector:\n    matchLabels:\n      run: once-1\n', 'run: once-2');
      const message = `server-selector The selector requires \`run: once-1\`, but the pod template has \`run: once-2\`${rejects('Job `once`')}`;
      assert.deepEqual(findings(manual), [`${at(manual, 'run', 1, 'matchLabels')} ${message}`]);
      const generated = manual.replace('  manualSelector: true\n', '');
      assert.deepEqual(findings(generated), [`${at(generated, 'run', 1, 'matchLabels')} ${message}`]);
      assert.deepEqual(findings(manual.replace('run: once-2', 'run: once-1')), []);
      // No selector: the server generates one from the Job's uid.
      assert.deepEqual(findings(job('', 'run: once-2')), []);
    });
  });

  describe('restart policy by controller (formerly the job-restart-policy rule)', () => {
    it('Jobs: `Always`, written or by default, is rejected; `OnFailure` and `Never` pass', () => {
      const missing = job('  backoffLimit: 2 # retries\n', undefined, container());
      assert.deepEqual(findings(missing), [
        `${at(missing, 'spec', 2)} server-restart-policy Job \`once\` does not set the pod template's \`restartPolicy\`, so it defaults to \`Always\`, which the API server rejects for Jobs; set \`OnFailure\` or \`Never\`.`,
      ]);
      const always = job('', undefined, `restartPolicy: Always # copied\n${container()}`);
      assert.deepEqual(findings(always), [
        `${at(always, 'Always')} server-restart-policy Job \`once\` runs its pods with \`restartPolicy: Always\`, which the API server rejects for Jobs; use \`OnFailure\` or \`Never\`.`,
      ]);
      for (const policy of ['Never', 'OnFailure']) assert.deepEqual(findings(job('', undefined, `restartPolicy: ${policy}\n${container()}`)), [], policy);
    });

    it('a Job with a podFailurePolicy needs `Never`', () => {
      const policy = '  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]\n';
      const onFailure = job(policy, undefined, `restartPolicy: OnFailure\n${container()}`);
      assert.deepEqual(findings(onFailure), [
        `${at(onFailure, 'OnFailure')} server-restart-policy \`restartPolicy: OnFailure\` cannot go with a \`podFailurePolicy\`: the only value then is \`Never\`.`,
      ]);
      const missing = job(policy, undefined, container());
      assert.deepEqual(findings(missing), [
        `${at(missing, 'spec', 2)} server-restart-policy Job \`once\` does not set the pod template's \`restartPolicy\`, so it defaults to \`Always\`, which the API server rejects for Jobs; set \`Never\` (the only value that goes with a \`podFailurePolicy\`).`,
      ]);
      assert.deepEqual(findings(job(policy, undefined)), []);
    });

    it('a CronJob\'s job template follows the Job rules', () => {
      const cron = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Always # copied
${indent(container(), 10)}`;
      assert.deepEqual(findings(cron), [
        `${at(cron, 'Always')} server-restart-policy CronJob \`report\` runs its pods with \`restartPolicy: Always\`, which the API server rejects for Jobs; use \`OnFailure\` or \`Never\`.`,
      ]);
      assert.deepEqual(findings(cron.replace('Always # copied', 'Never')), []);
    });

    it('Deployments, ReplicaSets, DaemonSets and StatefulSets allow only `Always`, and no activeDeadlineSeconds', () => {
      for (const kind of ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']) {
        const spec = kind === 'StatefulSet' ? '  serviceName: app\n' : '';
        const text = appsWorkload(kind, 'app: app', `restartPolicy: Never\nactiveDeadlineSeconds: 30\n${container()}`, spec);
        assert.deepEqual(findings(text), [
          `${at(text, 'Never')} server-restart-policy \`restartPolicy: Never\` is not allowed in a ${kind}'s pod template: the only value is \`Always\` (the default).`,
          `${at(text, 'activeDeadlineSeconds')} server-conflict \`activeDeadlineSeconds\` is not supported in a ${kind}'s pod template; its pods run until replaced.`,
        ], kind);
        assert.deepEqual(findings(appsWorkload(kind, 'app: app', `restartPolicy: Always\n${container()}`, spec)), [], kind);
      }
    });
  });

  describe('counts and rollout strategies', () => {
    it('Deployment: counts not negative; progressDeadlineSeconds above minReadySeconds (600 by default)', () => {
      const text = deployment(container(), '  replicas: -1\n  minReadySeconds: 600\n');
      assert.deepEqual(findings(text), [
        `${at(text, '-1')} server-value \`replicas: -1\` may not be negative.`,
        `${at(text, '600')} server-value \`minReadySeconds\` (600) must be less than \`progressDeadlineSeconds\`, which is 600 by default; raise \`progressDeadlineSeconds\`.`,
      ]);
      assert.deepEqual(findings(deployment(container(), '  replicas: 0\n  minReadySeconds: 599\n')), []);
      const equal = deployment(container(), '  progressDeadlineSeconds: 10\n  minReadySeconds: 10\n');
      assert.deepEqual(findings(equal), [
        `${at(equal, '10')} server-value \`progressDeadlineSeconds\` (10) must be greater than \`minReadySeconds\` (10).`,
      ]);
      assert.deepEqual(findings(deployment(container(), '  progressDeadlineSeconds: 11\n  minReadySeconds: 10\n')), []);
    });

    it('Deployment strategy: no rollingUpdate with Recreate; maxSurge and maxUnavailable not both 0; at most 100% unavailable', () => {
      const recreate = deployment(container(), '  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n');
      assert.deepEqual(findings(recreate), [`${at(recreate, 'rollingUpdate')} server-conflict \`rollingUpdate\` may not be set with \`type: Recreate\`.`]);
      const zero = deployment(container(), '  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0%\n');
      assert.deepEqual(findings(zero), [
        `${at(zero, '0%')} server-value \`maxUnavailable\` and \`maxSurge\` cannot both be 0: the rollout could never make progress.`,
      ]);
      const percent = deployment(container(), '  strategy:\n    rollingUpdate:\n      maxSurge: 150%\n      maxUnavailable: 101%\n');
      assert.deepEqual(findings(percent), [`${at(percent, '101%')} server-value \`maxUnavailable: 101%\` may not be more than 100%.`]);
      assert.deepEqual(findings(deployment(container(), '  strategy:\n    rollingUpdate:\n      maxSurge: 150%\n      maxUnavailable: 100%\n')), []);
    });

    it('DaemonSet: maxSurge only with maxUnavailable 0 (which defaults to 1)', () => {
      const surge = appsWorkload('DaemonSet', 'app: app', container(), '  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n');
      assert.deepEqual(findings(surge), [
        `${at(surge, 'maxSurge')} server-conflict \`maxSurge\` may not be set when \`maxUnavailable\` is not 0 (it is 1 by default); set \`maxUnavailable: 0\` to surge.`,
      ]);
      assert.deepEqual(findings(appsWorkload('DaemonSet', 'app: app', container(), '  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n')), []);
    });
  });

  describe('StatefulSets by Kubernetes version', () => {
    const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: DB_Headless
  updateStrategy:
    type: OnDelete
    rollingUpdate:
      partition: 1
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16.4
        ports:
        - containerPort: 70000
`;
    const serviceName = `${at(sts, 'DB_Headless')} server-name \`DB_Headless\` is not a valid governing Service name: lowercase letters, digits and \`-\` only, starting and ending with a letter or digit.`;
    const rollingUpdate = `${at(sts, 'rollingUpdate')} server-conflict \`rollingUpdate\` is only allowed with \`type: RollingUpdate\`.`;

    it('1.32: the service name is not checked, nor the pod spec', () => {
      assert.deepEqual(findings(sts, { kubernetesVersion: '1.32' }), [rollingUpdate]);
    });

    it('1.33: the service name must be a DNS label; the pod spec is still not checked', () => {
      assert.deepEqual(findings(sts, { kubernetesVersion: '1.33' }), [serviceName, rollingUpdate]);
    });

    it('1.34 on: the pod spec is checked too', () => {
      assert.deepEqual(findings(sts, { kubernetesVersion: '1.34' }), [
        serviceName, rollingUpdate,
        `${at(sts, '70000')} server-port \`70000\` is not a valid port number for \`containerPort\`: use 1 to 65535.`,
      ]);
    });
  });

  describe('CronJobs', () => {
    const cron = (spec: string, name = 'report') => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
${spec}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
${indent(container(), 10)}`;

    it('parses the schedule as robfig/cron does: 5 fields or a macro; `TZ=` belongs in `timeZone`', () => {
      for (const schedule of ['"*/5 * * * *"', '"0 0-23/2 1,15 JAN-DEC MON-FRI"', '"@hourly"', '"@every 1h30m"', '"0 3 * * 6"', '"0 3 ? * *"']) {
        assert.deepEqual(findings(cron(`  schedule: ${schedule}\n`)), [], schedule);
      }
      const hour = cron('  schedule: "0 25 * * *"\n');
      assert.deepEqual(findings(hour), [`${at(hour, '"0 25 * * *"')} server-schedule \`0 25 * * *\` is not a valid cron schedule: 25 is out of range for the hour field (0–23).`]);
      const sunday = cron('  schedule: "0 3 * * 7"\n');
      assert.deepEqual(findings(sunday), [
        `${at(sunday, '"0 3 * * 7"')} server-schedule \`0 3 * * 7\` is not a valid cron schedule: 7 is out of range for the day-of-week field (0–6, Sunday is 0).`,
      ]);
      const tz = cron('  schedule: "TZ=Europe/Paris */5 * * * *"\n');
      assert.deepEqual(findings(tz), [
        `${at(tz, '"TZ=Europe/Paris */5 * * * *"')} server-schedule \`TZ=\` and \`CRON_TZ=\` are not allowed in the schedule; set the \`timeZone\` field instead.`,
      ]);
    });

    it('knows IANA time zones, with a suggestion for a near miss', () => {
      assert.deepEqual(findings(cron('  schedule: "@daily"\n  timeZone: Europe/Paris\n')), []);
      assert.deepEqual(findings(cron('  schedule: "@daily"\n  timeZone: Etc/UTC\n')), []);
      const typo = cron('  schedule: "@daily"\n  timeZone: Europe/Pariss\n');
      assert.deepEqual(findings(typo), [
        `${at(typo, 'Europe/Pariss')} server-schedule \`Europe/Pariss\` is not a time zone the API server knows; did you mean \`Europe/Paris\`?`,
      ]);
    });

    it('names: at most 52 characters (the controller appends 11 to name each Job)', () => {
      const long = 'r'.repeat(53);
      const text = cron('  schedule: "@daily"\n', long);
      assert.deepEqual(findings(text), [`${at(text, long)} server-name \`${long}\` is not a valid CronJob name: at most 52 characters (it has 53).`]);
      assert.deepEqual(findings(cron('  schedule: "@daily"\n', 'r'.repeat(52))), []);
    });

    it('startingDeadlineSeconds may not be negative', () => {
      const text = cron('  schedule: "@daily"\n  startingDeadlineSeconds: -5\n');
      assert.deepEqual(findings(text), [`${at(text, '-5')} server-value \`startingDeadlineSeconds: -5\` may not be negative.`]);
      assert.deepEqual(findings(cron('  schedule: "@daily"\n  startingDeadlineSeconds: 0\n')), []);
    });
  });
});
