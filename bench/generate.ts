/**
 * Deterministic generator of realistic multi-document Kubernetes manifests for the benchmark.
 *
 *   npx tsx bench/generate.ts [--docs 1200] [--seed 1] [--out file.yaml]
 *
 * A file is a sequence of "applications" (Deployment or StatefulSet with its Service, ConfigMap,
 * HPA, Ingress, NetworkPolicy, ServiceAccount/Role/RoleBinding) and CronJobs, with comments, cut to
 * the requested number of documents. A handful of real errors are seeded (misspelled fields and
 * wrong types): both servers must report them, which is how the harness knows a server really
 * validated. The same seed and size always give the same text.
 */
import { writeFileSync } from 'node:fs';

export interface GeneratedFile {
  text: string;
  documents: number;
  lines: number;
  /** The seeded errors: 1-based line and what was done. */
  errors: { line: number; what: string }[];
  kinds: Record<string, number>;
}

/** mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'shipping', 'analytics', 'notifications', 'platform'];
const APPS = ['api', 'web', 'worker', 'gateway', 'indexer', 'scheduler', 'ledger', 'cart', 'auth', 'reports', 'mailer', 'cache-warmer', 'importer', 'exporter', 'frontend', 'backend'];
const IMAGES = ['nginx', 'node', 'python', 'golang', 'openjdk', 'redis', 'postgres', 'envoyproxy/envoy', 'busybox', 'alpine'];
const ENV_NAMES = ['LOG_LEVEL', 'PORT', 'DATABASE_HOST', 'DATABASE_PORT', 'CACHE_TTL', 'FEATURE_FLAGS', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'REGION', 'MAX_CONNECTIONS', 'TIMEOUT_SECONDS', 'RETRY_COUNT', 'WORKERS'];
const COMMENTS = [
  'Managed by the platform team; change through a pull request.',
  'Keep in sync with the dashboards in the observability repo.',
  'TODO: move to the shared chart once it supports sidecars.',
  'Sized for the peak-hour load test of the last quarter.',
  'Owned by the on-call rotation of this team.',
  'Values below were tuned after the incident review.',
];

interface Emitter {
  lines: string[];
  errors: { line: number; what: string }[];
}

/** The kinds a document can be, with the text of each. */
class Builder {
  private readonly rand: () => number;
  private errorBudget: number;
  private readonly errorEvery: number;
  private nextErrorAt: number;
  private documentIndex = 0;

  constructor(seed: number, totalDocuments: number) {
    this.rand = random(seed);
    // A handful of errors: 3 in a 12-document file, one per ~100 documents in larger ones.
    this.errorBudget = totalDocuments <= 20 ? 3 : Math.max(3, Math.round(totalDocuments / 100));
    this.errorEvery = Math.max(2, Math.floor(totalDocuments / this.errorBudget));
    this.nextErrorAt = Math.floor(this.errorEvery / 3);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)];
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  /** Whether the document being written should carry a seeded error (spread across the file). */
  private wantsError(): boolean {
    // Spread: the k-th error goes into the first document that can carry one at or after k * errorEvery.
    return this.errorBudget > 0 && this.documentIndex >= this.nextErrorAt;
  }

  private placed(): void {
    this.errorBudget--;
    this.nextErrorAt += this.errorEvery;
  }

  private header(e: Emitter, apiVersion: string, kind: string, name: string, namespace: string, team: string, app: string): void {
    if (this.chance(0.35)) e.lines.push(`# ${this.pick(COMMENTS)}`);
    e.lines.push(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, '  labels:',
      `    app.kubernetes.io/name: ${app}`, `    app.kubernetes.io/part-of: ${team}`);
    if (this.chance(0.5)) e.lines.push(`    app.kubernetes.io/version: "${this.int(1, 4)}.${this.int(0, 20)}.${this.int(0, 9)}"`);
  }

  private container(e: Emitter, indent: string, name: string, app: string, withError: boolean): string | undefined {
    const i = indent;
    const image = this.pick(IMAGES);
    const port = this.pick([8080, 8000, 3000, 9090, 5000]);
    let error: string | undefined;
    const errorKind = withError ? this.int(0, 3) : -1;
    e.lines.push(`${i}- name: ${name}`, `${i}  image: registry.example.com/${image}:${this.int(1, 3)}.${this.int(0, 30)}.${this.int(0, 9)}`);
    if (errorKind === 0) {
      e.errors.push({ line: e.lines.length + 1, what: 'misspelled field imagePulPolicy' });
      e.lines.push(`${i}  imagePulPolicy: IfNotPresent`);
      error = 'typo';
    } else {
      e.lines.push(`${i}  imagePullPolicy: IfNotPresent`);
    }
    e.lines.push(`${i}  ports:`, `${i}    - name: http`);
    if (errorKind === 1) {
      e.errors.push({ line: e.lines.length + 1, what: 'containerPort as a string' });
      e.lines.push(`${i}      containerPort: "${port}"`);
      error = 'type';
    } else {
      e.lines.push(`${i}      containerPort: ${port}  # served by the app`);
    }
    e.lines.push(`${i}      protocol: TCP`, `${i}  env:`);
    const envCount = this.int(1, 3);
    for (let k = 0; k < envCount; k++) {
      const envName = ENV_NAMES[(k + this.int(0, 3)) % ENV_NAMES.length];
      if (this.chance(0.25)) {
        e.lines.push(`${i}    - name: ${envName}_${k}`, `${i}      valueFrom:`, `${i}        configMapKeyRef:`, `${i}          name: ${app}-config`, `${i}          key: ${envName.toLowerCase()}`);
      } else {
        e.lines.push(`${i}    - name: ${envName}_${k}`, `${i}      value: "${this.pick(['info', 'debug', '30', '100', 'eu-west-1', 'true', '5'])}"`);
      }
    }
    const cpu = this.pick(['50m', '100m', '250m', '500m']);
    const request = this.int(0, 3); // 64Mi..512Mi
    const limit = Math.max(this.int(0, 2), request - 1); // 256Mi..1Gi, never below the request
    e.lines.push(`${i}  resources:`, `${i}    requests:`, `${i}      cpu: ${cpu}`, `${i}      memory: ${['64Mi', '128Mi', '256Mi', '512Mi'][request]}`,
      `${i}    limits:`, `${i}      memory: ${['256Mi', '512Mi', '1Gi'][limit]}`);
    e.lines.push(`${i}  livenessProbe:`, `${i}    httpGet:`, `${i}      path: /healthz`, `${i}      port: http`);
    if (errorKind === 2) {
      e.errors.push({ line: e.lines.length + 1, what: 'initialDelaySeconds not a number' });
      e.lines.push(`${i}    initialDelaySeconds: ten`);
      error = 'type';
    } else {
      e.lines.push(`${i}    initialDelaySeconds: ${this.int(5, 30)}`);
    }
    e.lines.push(`${i}    periodSeconds: 10`);
    if (this.chance(0.6)) e.lines.push(`${i}  readinessProbe:`, `${i}    httpGet:`, `${i}      path: /ready`, `${i}      port: http`, `${i}    periodSeconds: 5`);
    e.lines.push(`${i}  securityContext:`, `${i}    allowPrivilegeEscalation: false`, `${i}    readOnlyRootFilesystem: true`, `${i}    capabilities:`, `${i}      drop: ["ALL"]`);
    if (errorKind === 3) {
      e.errors.push({ line: e.lines.length + 1, what: 'misspelled field volumeMount' });
      e.lines.push(`${i}  volumeMount:`);
      error = 'typo';
    } else {
      e.lines.push(`${i}  volumeMounts:`);
    }
    e.lines.push(`${i}    - name: config`, `${i}      mountPath: /etc/${app}`, `${i}      readOnly: true`, `${i}    - name: tmp`, `${i}      mountPath: /tmp`);
    return error;
  }

  private podSpec(e: Emitter, indent: string, app: string, withError: boolean): boolean {
    const i = indent;
    e.lines.push(`${i}serviceAccountName: ${app}`, `${i}securityContext:`, `${i}  runAsNonRoot: true`, `${i}  seccompProfile:`, `${i}    type: RuntimeDefault`);
    e.lines.push(`${i}containers:`);
    const error = this.container(e, `${i}  `, app, app, withError);
    e.lines.push(`${i}volumes:`, `${i}  - name: config`, `${i}    configMap:`, `${i}      name: ${app}-config`, `${i}  - name: tmp`, `${i}    emptyDir: {}`);
    return error !== undefined;
  }

  deployment(e: Emitter, ns: string, team: string, app: string): void {
    const withError = this.wantsError();
    this.header(e, 'apps/v1', 'Deployment', app, ns, team, app);
    e.lines.push('spec:');
    if (withError && this.chance(0.3)) {
      e.errors.push({ line: e.lines.length + 1, what: 'replicas not a number' });
      e.lines.push('  replicas: three');
      this.placed();
      e.lines.push('  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  template:', '    metadata:', '      labels:', `        app.kubernetes.io/name: ${app}`, '    spec:');
      this.podSpec(e, '      ', app, false);
      return;
    }
    e.lines.push(`  replicas: ${this.int(2, 6)}`);
    if (this.chance(0.4)) e.lines.push('  revisionHistoryLimit: 5', '  strategy:', '    type: RollingUpdate', '    rollingUpdate:', '      maxSurge: 25%', '      maxUnavailable: 0');
    e.lines.push('  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  template:', '    metadata:', '      labels:', `        app.kubernetes.io/name: ${app}`, '    spec:');
    if (this.podSpec(e, '      ', app, withError)) this.placed();
  }

  statefulSet(e: Emitter, ns: string, team: string, app: string): void {
    const withError = this.wantsError();
    this.header(e, 'apps/v1', 'StatefulSet', app, ns, team, app);
    e.lines.push('spec:', `  serviceName: ${app}`, `  replicas: ${this.int(1, 3)}`, '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  template:', '    metadata:', '      labels:', `        app.kubernetes.io/name: ${app}`, '    spec:');
    if (this.podSpec(e, '      ', app, withError)) this.placed();
    e.lines.push('  volumeClaimTemplates:', '    - metadata:', '        name: data', '      spec:', '        accessModes: ["ReadWriteOnce"]', '        resources:', '          requests:', `            storage: ${this.pick(['1Gi', '10Gi', '50Gi'])}`);
  }

  service(e: Emitter, ns: string, team: string, app: string): void {
    const withError = this.wantsError();
    this.header(e, 'v1', 'Service', app, ns, team, app);
    e.lines.push('spec:', '  type: ClusterIP', '  selector:', `    app.kubernetes.io/name: ${app}`, '  ports:', '    - name: http');
    if (withError) {
      e.errors.push({ line: e.lines.length + 1, what: 'port not a number' });
      e.lines.push('      port: http-port');
      this.placed();
    } else {
      e.lines.push(`      port: ${this.pick([80, 8080, 443])}`);
    }
    e.lines.push('      targetPort: http', '      protocol: TCP');
  }

  configMap(e: Emitter, ns: string, team: string, app: string): void {
    this.header(e, 'v1', 'ConfigMap', `${app}-config`, ns, team, app);
    e.lines.push('data:');
    const count = this.int(2, 6);
    for (let k = 0; k < count; k++) e.lines.push(`  ${ENV_NAMES[k].toLowerCase()}: "${this.pick(['info', '30', 'eu-west-1', 'true', '8080'])}"`);
    if (this.chance(0.4)) e.lines.push('  app.properties: |', '    server.port=8080', '    management.endpoints=health,info');
  }

  hpa(e: Emitter, ns: string, team: string, app: string): void {
    const withError = this.wantsError();
    this.header(e, 'autoscaling/v2', 'HorizontalPodAutoscaler', app, ns, team, app);
    e.lines.push('spec:', '  scaleTargetRef:', '    apiVersion: apps/v1', '    kind: Deployment', `    name: ${app}`);
    if (withError) {
      e.errors.push({ line: e.lines.length + 1, what: 'misspelled field minReplica' });
      e.lines.push('  minReplica: 2');
      this.placed();
    } else {
      e.lines.push('  minReplicas: 2');
    }
    e.lines.push(`  maxReplicas: ${this.int(5, 20)}`, '  metrics:', '    - type: Resource', '      resource:', '        name: cpu', '        target:', '          type: Utilization', `          averageUtilization: ${this.int(50, 80)}`);
  }

  ingress(e: Emitter, ns: string, team: string, app: string): void {
    this.header(e, 'networking.k8s.io/v1', 'Ingress', app, ns, team, app);
    e.lines.push('  annotations:', '    nginx.ingress.kubernetes.io/proxy-body-size: 8m', 'spec:', '  ingressClassName: nginx', '  tls:', '    - hosts:', `        - ${app}.${team}.example.com`, `      secretName: ${app}-tls`,
      '  rules:', `    - host: ${app}.${team}.example.com`, '      http:', '        paths:', '          - path: /', '            pathType: Prefix', '            backend:', '              service:', `                name: ${app}`, '                port:', '                  name: http');
  }

  networkPolicy(e: Emitter, ns: string, team: string, app: string): void {
    this.header(e, 'networking.k8s.io/v1', 'NetworkPolicy', `${app}-ingress`, ns, team, app);
    e.lines.push('spec:', '  podSelector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  policyTypes:', '    - Ingress', '  ingress:', '    - from:', '        - namespaceSelector:', '            matchLabels:',
      `              kubernetes.io/metadata.name: ${ns}`, '        - podSelector:', '            matchLabels:', `              app.kubernetes.io/part-of: ${team}`, '      ports:', '        - protocol: TCP', '          port: 8080');
  }

  serviceAccount(e: Emitter, ns: string, team: string, app: string): void {
    this.header(e, 'v1', 'ServiceAccount', app, ns, team, app);
    e.lines.push('automountServiceAccountToken: false');
  }

  role(e: Emitter, ns: string, team: string, app: string): void {
    this.header(e, 'rbac.authorization.k8s.io/v1', 'Role', `${app}-reader`, ns, team, app);
    e.lines.push('rules:', '  - apiGroups: [""]', '    resources: ["configmaps"]', '    verbs: ["get", "list", "watch"]', '  - apiGroups: ["apps"]', '    resources: ["deployments"]', '    verbs: ["get"]');
  }

  roleBinding(e: Emitter, ns: string, team: string, app: string): void {
    this.header(e, 'rbac.authorization.k8s.io/v1', 'RoleBinding', `${app}-reader`, ns, team, app);
    e.lines.push('subjects:', '  - kind: ServiceAccount', `    name: ${app}`, `    namespace: ${ns}`, 'roleRef:', '  apiGroup: rbac.authorization.k8s.io', '  kind: Role', `  name: ${app}-reader`);
  }

  podDisruptionBudget(e: Emitter, ns: string, team: string, app: string): void {
    this.header(e, 'policy/v1', 'PodDisruptionBudget', app, ns, team, app);
    e.lines.push('spec:', '  maxUnavailable: 1', '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`);
  }

  cronJob(e: Emitter, ns: string, team: string, app: string): void {
    const withError = this.wantsError();
    this.header(e, 'batch/v1', 'CronJob', `${app}-nightly`, ns, team, app);
    e.lines.push('spec:', `  schedule: "${this.int(0, 59)} ${this.int(0, 5)} * * *"`, '  concurrencyPolicy: Forbid', '  startingDeadlineSeconds: 300', '  jobTemplate:', '    spec:', '      ttlSecondsAfterFinished: 86400');
    if (withError) {
      e.errors.push({ line: e.lines.length + 1, what: 'backoffLimit not a number' });
      e.lines.push('      backoffLimit: twice');
      this.placed();
    } else {
      e.lines.push('      backoffLimit: 2');
    }
    e.lines.push('      template:', '        spec:', '          restartPolicy: OnFailure', `          serviceAccountName: ${app}`, '          securityContext:', '            runAsNonRoot: true', '          containers:',
      `            - name: ${app}-job`, `              image: registry.example.com/${this.pick(IMAGES)}:${this.int(1, 3)}.${this.int(0, 30)}.0`, '              args: ["--once", "--verbose"]', '              resources:', '                requests:', '                  cpu: 100m', '                  memory: 128Mi', '                limits:', '                  memory: 256Mi');
  }

  /** One document of `kind`, as lines. */
  document(kind: string, ns: string, team: string, app: string, lineOffset: number): Emitter {
    const e: Emitter = { lines: [], errors: [] };
    (this as unknown as Record<string, (e: Emitter, ns: string, team: string, app: string) => void>)[kind](e, ns, team, app);
    this.documentIndex++;
    e.errors = e.errors.map((error) => ({ line: error.line + lineOffset, what: error.what }));
    return e;
  }

  /** The kinds of the next application, in file order. */
  application(): string[] {
    const roll = this.rand();
    if (roll < 0.1) return ['cronJob'];
    if (roll < 0.2) return ['serviceAccount', 'statefulSet', 'service', 'configMap'];
    const kinds = ['deployment', 'service', 'configMap'];
    if (this.chance(0.6)) kinds.push('hpa');
    if (this.chance(0.5)) kinds.push('podDisruptionBudget');
    if (this.chance(0.5)) kinds.push('serviceAccount');
    if (this.chance(0.3)) kinds.push('ingress');
    if (this.chance(0.35)) kinds.push('networkPolicy');
    if (this.chance(0.3)) kinds.push('role', 'roleBinding');
    // ConfigMaps and Services are more numerous than workloads in real repositories.
    if (this.chance(0.5)) kinds.push('configMap');
    return kinds;
  }
}

export const DEFAULT_SEED = 4;

export function generate(documents: number, seed = DEFAULT_SEED): GeneratedFile {
  const builder = new Builder(seed * 7919 + documents, documents);
  const lines: string[] = ['# Generated by bench/generate.ts: realistic Kubernetes manifests for the benchmark.', `# seed ${seed}, ${documents} documents. Not for deployment.`];
  const errors: { line: number; what: string }[] = [];
  const kinds: Record<string, number> = {};
  let written = 0;
  let appIndex = 0;
  while (written < documents) {
    const team = TEAMS[appIndex % TEAMS.length];
    const app = `${APPS[Math.floor(appIndex / TEAMS.length) % APPS.length]}-${appIndex}`;
    const ns = `${team}-${appIndex % 3 === 0 ? 'prod' : appIndex % 3 === 1 ? 'staging' : 'dev'}`;
    for (const kind of builder.application()) {
      if (written >= documents) break;
      if (written > 0 || lines.length > 2) lines.push('---');
      const doc = builder.document(kind, ns, team, app, lines.length);
      lines.push(...doc.lines);
      errors.push(...doc.errors);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      written++;
    }
    appIndex++;
  }
  const text = `${lines.join('\n')}\n`;
  return { text, documents, lines: lines.length, errors, kinds };
}

/** Where the one-line edit goes: the first `replicas: N` (or other integer scalar) at or after the middle line. */
export function editTarget(text: string): { line: number; character: number; oldText: string; newText: string } {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let offset = 0; offset < lines.length; offset++) {
    const index = (middle + offset) % lines.length;
    const match = /^(\s*(?:replicas|maxReplicas|periodSeconds): )(\d+)(\s*)$/.exec(lines[index]);
    if (match) {
      const oldText = match[2];
      return { line: index, character: match[1].length, oldText, newText: String(Number(oldText) + 1) };
    }
  }
  throw new Error('no integer scalar to edit');
}

/**
 * A deep position in a Deployment in the middle of the file: inside the first container's
 * livenessProbe. Hover goes on the key `initialDelaySeconds`. For completion, a new empty line with
 * the probe's indentation is inserted after that key (`completionInsert`, as if the user pressed
 * Enter) and completion is asked at its end: where the probe's other fields are offered.
 */
export function deepPositions(text: string): {
  hover: { line: number; character: number };
  completionInsert: { line: number; character: number; text: string };
  completion: { line: number; character: number };
} {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let index = middle; index < lines.length; index++) {
    if (lines[index] !== 'kind: Deployment') continue;
    for (let k = index; k < lines.length && lines[k] !== '---'; k++) {
      if (!/^\s+livenessProbe:$/.test(lines[k])) continue;
      let hover: { line: number; character: number } | undefined;
      for (let j = k + 1; j < lines.length && lines[j] !== '---'; j++) {
        const match = /^(\s+)(initialDelaySeconds|periodSeconds): /.exec(lines[j]);
        if (!match) continue;
        if (match[2] === 'initialDelaySeconds') hover = { line: j, character: match[1].length + 3 };
        else if (hover) {
          const indent = match[1];
          return {
            hover,
            completionInsert: { line: hover.line, character: lines[hover.line].length, text: `\n${indent}` },
            completion: { line: hover.line + 1, character: indent.length },
          };
        }
      }
    }
  }
  throw new Error('no Deployment with a liveness probe after the middle of the file');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const value = (name: string, fallback: string) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const file = generate(Number(value('--docs', '12')), Number(value('--seed', String(DEFAULT_SEED))));
  const out = value('--out', '');
  if (out) writeFileSync(out, file.text);
  else process.stdout.write(file.text);
  process.stderr.write(`${file.documents} documents, ${file.lines} lines, ${file.errors.length} seeded errors: ${JSON.stringify(file.kinds)}\n`);
}
