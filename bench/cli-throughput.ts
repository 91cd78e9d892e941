/**
 * Throughput of `kubesmith lint` on a large repository.
 *
 *   npm run build && npx tsx bench/cli-throughput.ts [--apps 3800] [--runs 3] [--keep]
 *
 * Generates a realistic corpus in a temporary folder — per application a Deployment and its
 * Service, a ConfigMap and an HPA, an Ingress and a custom resource (an Istio VirtualService from
 * the bundled CRDs, or a team CRD defined in the corpus), in files of one to three documents, with
 * a few errors seeded — then runs the built CLI on it (`node dist/cli.js lint <dir> --format json`)
 * with worker threads (the default) and in-process (`--jobs 1`), and prints resources per second.
 * Notes and measured numbers: docs/cli.md, "Performance".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const APPS = option('apps', 3800);
const RUNS = option('runs', 3);
const KEEP = process.argv.includes('--keep');

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'shipping', 'analytics', 'notifications', 'platform'];
const IMAGES = ['nginx', 'node', 'python', 'golang', 'eclipse-temurin', 'envoyproxy/envoy', 'redis'];

/** mulberry32: deterministic, so every run checks the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Corpus {
  dir: string;
  files: number;
  resources: number;
  seededErrors: number;
  kinds: Record<string, number>;
}

function deployment(name: string, team: string, image: string, replicas: number, error: boolean): string {
  return `# ${name}: owned by the ${team} team.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${team}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: ${team}
spec:
  replicas: ${error ? `"${replicas}"` : replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        app.kubernetes.io/part-of: ${team}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      serviceAccountName: ${name}
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
      - name: app
        image: ${image}
        ports:
        - name: http
          containerPort: 8080
        - name: metrics
          containerPort: 9090
        env:
        - name: LOG_LEVEL
          value: info
        - name: TEAM
          value: ${team}
        envFrom:
        - configMapRef:
            name: ${name}
        readinessProbe:
          httpGet:
            path: /ready
            port: http
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
          initialDelaySeconds: 10
          periodSeconds: 20
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 256Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop:
            - ALL
`;
}

function service(name: string, team: string, error: boolean): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${team}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
  - name: http
    port: 80
    targetPort: http
    ${error ? 'protocl' : 'protocol'}: TCP
`;
}

function configMap(name: string, team: string, next: () => number): string {
  const keys = 3 + Math.floor(next() * 6);
  const data = Array.from({ length: keys }, (_, i) => `  SETTING_${i}: "${Math.floor(next() * 1000)}"`).join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${team}
data:
${data}
`;
}

function hpa(name: string, team: string, error: boolean): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${team}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 2
  maxReplicas: ${error ? 'ten' : 10}
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 70
`;
}

function ingress(name: string, team: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${team}
spec:
  ingressClassName: nginx
  tls:
  - hosts: [${name}.${team}.example.com]
    secretName: ${name}-tls
  rules:
  - host: ${name}.${team}.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${name}
            port:
              name: http
`;
}

function virtualService(name: string, team: string, error: boolean): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${team}
spec:
  hosts:
  - ${name}.${team}.svc.cluster.local
  http:
  - route:
    - destination:
        host: ${name}.${team}.svc.cluster.local
        subset: stable
      weight: 90
    - destination:
        host: ${name}.${team}.svc.cluster.local
        subset: canary
      ${error ? 'weigth' : 'weight'}: 10
`;
}

function backupPlan(name: string, team: string, error: boolean): string {
  return `apiVersion: ops.example.com/v1
kind: BackupPlan
metadata:
  name: ${name}
  namespace: ${team}
spec:
  schedule: "0 3 * * *"
  target: ${name}-db
  retentionDays: ${error ? 365 : 30}
`;
}

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backupplans.ops.example.com
spec:
  group: ops.example.com
  scope: Namespaced
  names: {plural: backupplans, singular: backupplan, kind: BackupPlan}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [schedule, target]
            properties:
              schedule: {type: string}
              target: {type: string}
              retentionDays: {type: integer, minimum: 1, maximum: 90}
`;

function generate(apps: number): Corpus {
  const dir = mkdtempSync(join(tmpdir(), 'kubesmith-bench-'));
  const next = random(20_240_601);
  const corpus: Corpus = { dir, files: 0, resources: 0, seededErrors: 0, kinds: {} };
  const write = (path: string, documents: [kind: string, text: string][]) => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, documents.map(([, text]) => text).join('---\n'));
    corpus.files++;
    for (const [kind] of documents) {
      corpus.resources++;
      corpus.kinds[kind] = (corpus.kinds[kind] ?? 0) + 1;
    }
  };
  write('platform/crds/backupplan.yaml', [['CustomResourceDefinition', CRD]]);
  for (let i = 0; i < apps; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `svc-${String(i).padStart(5, '0')}`;
    const image = `registry.example.com/${IMAGES[i % IMAGES.length]}:${1 + (i % 4)}.${i % 10}.${i % 7}`;
    // About one application in 150 carries a mistake.
    let error = next() < 1 / 150 ? Math.floor(next() * 4) : -1;
    if (error === 3 && i % 2 === 1) error = 4; // the custom resource of this application is a BackupPlan
    if (error >= 0) corpus.seededErrors++;
    const base = `apps/${team}/${name}`;
    write(`${base}/deployment.yaml`, [['Deployment', deployment(name, team, image, 2 + (i % 3), error === 0)], ['Service', service(name, team, error === 1)]]);
    write(`${base}/config.yaml`, [['ConfigMap', configMap(name, team, next)], ['HorizontalPodAutoscaler', hpa(name, team, error === 2)]]);
    if (i % 3 === 0) write(`${base}/ingress.yaml`, [['Ingress', ingress(name, team)]]);
    if (i % 2 === 0) write(`${base}/virtualservice.yaml`, [['VirtualService', virtualService(name, team, error === 3)]]);
    else write(`${base}/backup.yaml`, [['BackupPlan', backupPlan(name, team, error === 4)]]);
  }
  // What a repository also holds: files that are not manifests.
  writeFileSync(join(dir, 'README.md'), '# Deployments\n');
  writeFileSync(join(dir, '.gitignore'), 'build/\n');
  mkdirSync(join(dir, 'build'), { recursive: true });
  writeFileSync(join(dir, 'build', 'ignored.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
  return corpus;
}

interface Measure {
  seconds: number;
  /** The CLI's own account (KUBESMITH_TIMING=1): phases and CPU time of all its threads. */
  timing: string;
  findings: number;
  rules: Record<string, number>;
}

function lint(dir: string, extra: string[]): Measure {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, 'lint', '.', '--format', 'json', ...extra], {
    cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, KUBESMITH_TIMING: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(`kubesmith lint failed (${result.status}): ${result.stderr}`);
  const findings = JSON.parse(result.stdout) as { rule: string; severity: string }[];
  const rules: Record<string, number> = {};
  for (const finding of findings) if (finding.severity === 'error') rules[finding.rule] = (rules[finding.rule] ?? 0) + 1;
  const timing = /kubesmith timing: (.*)/.exec(result.stderr)?.[1] ?? '';
  return { seconds, timing, findings: findings.length, rules };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  if (!existsSync(cli)) {
    console.error('dist/cli.js is missing: run `npm run build` first.');
    process.exit(2);
  }
  const corpus = generate(APPS);
  console.log(`Corpus: ${corpus.resources} resources in ${corpus.files} files (${Object.entries(corpus.kinds).map(([kind, n]) => `${n} ${kind}`).join(', ')}); ${corpus.seededErrors} seeded errors.`);
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, availableParallelism ${availableParallelism()}, Node ${process.version}.`);
  try {
    for (const [label, extra] of [['worker threads (default)', []], ['in-process (--jobs 1)', ['--jobs', '1']]] as [string, string[]][]) {
      const runs: Measure[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(lint(corpus.dir, extra));
      const seconds = runs.map((run) => run.seconds);
      const best = Math.min(...seconds);
      const errors = Object.entries(runs[0].rules).map(([rule, n]) => `${n} ${rule}`).join(', ');
      console.log(`${label}: median ${median(seconds).toFixed(2)} s, best ${best.toFixed(2)} s over ${RUNS} runs → `
        + `${Math.round(corpus.resources / median(seconds))} resources/s (best ${Math.round(corpus.resources / best)}); ${runs[0].findings} findings (errors: ${errors || 'none'}).`);
      for (const run of runs) console.log(`  ${run.timing}`);
    }
  } finally {
    if (KEEP) console.log(`Corpus kept in ${corpus.dir}`);
    else rmSync(corpus.dir, { recursive: true, force: true });
  }
}

main();
