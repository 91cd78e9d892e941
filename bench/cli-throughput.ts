/**
 * Throughput of `kubesmith lint` on a large repository.
 *
 *   npm run build && npx tsx bench/cli-throughput.ts [--apps 3800] [--runs 3] [--keep]
 *
 * Generates a realistic corpus in a temporary folder (see buildCorpus) — then runs the built CLI on it (`node dist/cli.js lint <dir> --format json`)
 * as it runs by default (one thread less than the cores), in-process (`--jobs 1`) and with two
 * threads (`--jobs 2`), and prints resources per second.
 * Notes and measured numbers: docs/cli.md, "Performance".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TEAMS, generate, random } from './generate';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const APPS = option('apps', 3800);
const RUNS = option('runs', 3);
const KEEP = process.argv.includes('--keep');

interface Corpus {
  dir: string;
  files: number;
  resources: number;
  seededErrors: number;
  kinds: Record<string, number>;
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

/**
 * The corpus: the benchmark's generated applications (bench/generate.ts: Deployments,
 * StatefulSets, Services, ConfigMaps, HPAs, Ingresses, NetworkPolicies, RBAC, CronJobs, with its
 * seeded errors) cut into files of one to three documents, one folder per team, plus per
 * application a custom resource: an Istio VirtualService (bundled CRDs) or a BackupPlan of a team
 * CRD defined in the corpus.
 */
function buildCorpus(apps: number): Corpus {
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

  // About five documents per application in the generated text.
  const generated = generate(apps * 5);
  corpus.seededErrors += generated.errors.length;
  const documents = generated.text.split(/^---\n/m).map((text): [string, string] => [/^kind: (\S+)$/m.exec(text)?.[1] ?? 'unknown', text]);
  for (let at = 0, file = 0; at < documents.length; file++) {
    const size = 1 + Math.floor(next() * 3);
    write(`apps/${TEAMS[file % TEAMS.length]}/manifests-${String(file).padStart(5, '0')}.yaml`, documents.slice(at, at + size));
    at += size;
  }
  for (let i = 0; i < apps; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `svc-${String(i).padStart(5, '0')}`;
    // About one custom resource in 150 carries a mistake.
    const error = next() < 1 / 150;
    if (error) corpus.seededErrors++;
    if (i % 2 === 0) write(`apps/${team}/${name}/virtualservice.yaml`, [['VirtualService', virtualService(name, team, error)]]);
    else write(`apps/${team}/${name}/backup.yaml`, [['BackupPlan', backupPlan(name, team, error)]]);
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
  const corpus = buildCorpus(APPS);
  console.log(`Corpus: ${corpus.resources} resources in ${corpus.files} files (${Object.entries(corpus.kinds).map(([kind, n]) => `${n} ${kind}`).join(', ')}); ${corpus.seededErrors} seeded errors.`);
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, availableParallelism ${availableParallelism()}, Node ${process.version}.`);
  try {
    const threads = Math.max(1, availableParallelism() - 1);
    const modes: [string, string[]][] = [
      [`default (${threads === 1 ? 'in-process' : `${threads} threads`} on ${availableParallelism()} cores)`, []],
      ['in-process (--jobs 1)', ['--jobs', '1']],
      ['main thread and a worker (--jobs 2)', ['--jobs', '2']],
    ];
    for (const [label, extra] of modes) {
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
