import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { POD_SECURITY_LEVELS, PROFILES } from '../../../protocol/settings';
import { SchemaStore } from '../core/schema/store';
import { FileBundleReader } from '../node/bundleReader';
import { FileReport, WorkspaceFile, analyzeFile, createService, indexWorkspace, isWorkspaceFile, otherWorkspaceFiles } from './analyze';
import { OptionSpec, flag, formatOptions, parseArgs, stringOption } from './args';
import { CliError, EXIT_FINDINGS, EXIT_OK, UsageError } from './errors';
import { FileDiscovery, STDIN_URI, Target, readStdin } from './files';
import { readTexts } from './read';
import { Progress, writeErr, writeOut } from './output';
import { fixCommand } from './fix';
import { FAIL_ON, FORMATS, failed, fileResults, formatResults } from './results';
import { BATCH, WorkerPool } from './pool';
import { BatchChecker, BatchFile, BatchRead } from './checker';
import { SettingsResolver, overridesFrom } from './settings';
import { checkBetweenResources } from './workspace';
import * as l10n from '@vscode/l10n';
import { configurationProblems } from './errors';
import { phrase } from '../core/l10n';

/** `kubesmith lint`: check files, folders, globs or standard input; print findings; exit 0/1/2. */

/** Below this many files, checking in-process is faster than starting worker threads. */
export const WORKER_THRESHOLD = 50;

/**
 * Threads that check by default: one less than the cores. A check keeps V8's garbage collector
 * and compiler threads busy beside it (about half a core more: 5 s of CPU in 3.2 s on the
 * benchmark), so on two cores a second checking thread only competes with them; measured there,
 * two threads took 4.1–5.3 s where one took 3.0–3.8 s (docs/cli.md, "Performance").
 */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

export const LINT_OPTIONS: OptionSpec[] = [
  { name: 'kubernetes-version', type: 'string', placeholder: 'VERSION', description: phrase('Kubernetes minor to check against, e.g. 1.30'), defaultText: phrase('the config\'s, else the newest bundled') },
  { name: 'profile', type: 'string', values: PROFILES, description: phrase('Which best-practice rules are on'), defaultText: phrase('the config\'s, else restricted') },
  { name: 'pod-security', type: 'string', values: POD_SECURITY_LEVELS, description: phrase('Pod Security level your namespaces enforce: its violations are errors'), defaultText: phrase('the config\'s, else none') },
  { name: 'config', type: 'string', placeholder: 'FILE', description: phrase('Use this config file for every file'), defaultText: phrase('the nearest .kubesmith.yaml above each file') },
  { name: 'format', type: 'string', values: FORMATS, description: phrase('Output format'), defaultText: 'text' },
  { name: 'fail-on', type: 'string', values: FAIL_ON, description: phrase('Exit 1 when a finding of this severity or worse is reported'), defaultText: 'error' },
  { name: 'quiet', short: 'q', type: 'boolean', description: phrase('Report errors only') },
  { name: 'list-files', type: 'boolean', description: phrase('Print the files that would be checked, one per line, and exit') },
  { name: 'no-color', type: 'boolean', description: phrase('No colours (also: the NO_COLOR environment variable)') },
  { name: 'jobs', short: 'j', type: 'string', placeholder: 'N', description: phrase('Threads that check files: the main thread and N-1 worker threads; 1 checks in-process'), defaultText: phrase('one less than the CPU cores (so in-process on 2 cores), and in-process below 50 files') },
  { name: 'fix', type: 'boolean', description: phrase('Apply the safe quick fixes to the files (misspelt and misplaced fields, odd whitespace, replaced apiVersions, the one enum value meant...), then report what is left') },
  { name: 'fix-dry-run', type: 'boolean', description: phrase('Print the changes --fix would make as a unified diff, and what would be left; change no file') },
  { name: 'help', short: 'h', type: 'boolean', description: phrase('Show this help') },
];

export function lintHelp(): string {
  return l10n.t('Usage: kubesmith lint [options] [PATH|GLOB|-]...\n\nChecks Kubernetes manifests: schema validation against the targeted Kubernetes version (and the\nCRDs found among the inputs), and best-practice rules. Folders are searched recursively for YAML\nand JSON files (files.include of .kubesmith.yaml), minus files.exclude, what .gitignore files\nignore, node_modules and .git. `-` reads standard input (reported as <stdin>). With no argument,\nthe current folder is checked.\n\nOptions:\n{0}\n\nWith --fix, every quick fix marked safe is applied, again and again until none is left: the ones\nwith one evident meaning that change nothing beyond it (never a value to choose, a placeholder to\nfill, or hardening: `kubesmith harden` does that). Comments and JSON stay as they are. What was\nfixed goes to stderr, file by file; what is left is reported as usual, and gives the exit code.\n--fix-dry-run prints the same changes as a unified diff instead of writing them, and what would\nbe left on stderr. Both check the files in one thread.\n\nExit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage, I/O or config error.\n\nExamples:\n  kubesmith lint                                  # the current folder\n  kubesmith lint k8s/ --kubernetes-version 1.30\n  kubesmith lint \'deploy/**/*.yaml\' --format sarif > kubesmith.sarif\n  helm template chart/ | kubesmith lint -\n  kubesmith lint k8s/ --fix-dry-run               # what --fix would change, as a diff\n', formatOptions(LINT_OPTIONS));
}

export interface LintContext {
  cwd: string;
  schemasDirectory: string;
  /** Folder of dist/cli-worker.js. */
  distDirectory: string;
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(l10n.t('Invalid value `{0}` for `--jobs`: expected a whole number.', value), 'lint');
  return Number(value);
}

export async function lintCommand(argv: readonly string[], ctx: LintContext): Promise<number> {
  const timing = new Timing(process.env.KUBESMITH_TIMING === '1');
  const args = parseArgs(argv, LINT_OPTIONS, 'lint');
  if (flag(args, 'help')) {
    writeOut(lintHelp());
    return EXIT_OK;
  }
  const format = stringOption(args, 'format') ?? 'text';
  const failOn = stringOption(args, 'fail-on') ?? 'error';
  const quiet = flag(args, 'quiet');
  const jobs = parseJobs(stringOption(args, 'jobs'));
  const store = new SchemaStore(new FileBundleReader(ctx.schemasDirectory));
  const resolver = new SettingsResolver(store, ctx.cwd, overridesFrom({
    kubernetesVersion: stringOption(args, 'kubernetes-version'), profile: stringOption(args, 'profile'), podSecurity: stringOption(args, 'pod-security'),
  }, store, 'lint'), stringOption(args, 'config'));
  if (flag(args, 'fix') || flag(args, 'fix-dry-run')) {
    return fixCommand(args, { cwd: ctx.cwd, store, resolver, format, failOn, quiet, noColor: flag(args, 'no-color') });
  }

  // Threads that check: the main thread and, when there are enough files for them, worker threads
  // started during the walk, which read and check the files as the walk finds them (pool.ts).
  const workerPath = join(ctx.distDirectory, 'cli-worker.js');
  const threads = jobs ?? defaultThreads();
  const threshold = jobs !== undefined ? 2 : WORKER_THRESHOLD;
  const listOnly = flag(args, 'list-files');
  const pool = threads > 1 && !listOnly && existsSync(workerPath) ? new WorkerPool(workerPath, ctx.schemasDirectory) : undefined;
  const workersFor = (files: number) => Math.min(threads - 1, Math.max(1, Math.floor(files / BATCH)));
  try {
    return await lint(args, ctx, { timing, format, failOn, quiet, resolver, pool, threshold, workersFor });
  } finally {
    pool?.close();
  }
}

interface LintRun {
  timing: Timing;
  format: string;
  failOn: string;
  quiet: boolean;
  resolver: SettingsResolver;
  pool: WorkerPool | undefined;
  threshold: number;
  workersFor: (files: number) => number;
}

async function lint(args: ReturnType<typeof parseArgs>, ctx: LintContext, run: LintRun): Promise<number> {
  const { timing, format, failOn, quiet, resolver, pool } = run;
  // Which files: once there are enough for worker threads, they are queued for them as they are found.
  const found: Target[] = [];
  let pooled = false;
  const settingsSoFar = () => resolver.all();
  const onFile = pool ? (file: Target) => {
    found.push(file);
    if (found.length < run.threshold) return;
    pool.grow(run.workersFor(found.length));
    if (!pooled) {
      pooled = true;
      for (const earlier of found.slice(0, -1)) pool.add(batchFile(earlier), settingsSoFar);
    }
    pool.add(batchFile(file), settingsSoFar);
  } : undefined;
  const discovery = new FileDiscovery(ctx.cwd, resolver, onFile);
  const inputs = args.positionals.length > 0 ? args.positionals : ['.'];
  for (const input of inputs) await discovery.add(input);
  const { files, kustomizations, notes } = discovery.result();
  timing.mark('discover');
  if (flag(args, 'list-files')) {
    // The selection only: the same files the language server checks in a workspace folder.
    writeOut(files.map((file) => `${file.display}\n`).join(''));
    return EXIT_OK;
  }

  const problems = resolver.problems();
  if (problems.length > 0) {
    throw new CliError(configurationProblems(problems));
  }
  for (const line of [...resolver.warnings, ...notes]) writeErr(`kubesmith: ${line}\n`);

  const stdin = files.find((file) => file.uri === STDIN_URI);
  const stdinText = stdin ? await readStdin() : undefined;
  const progress = new Progress(process.stderr, files.length, process.stderr.isTTY === true);
  // Files by their place in the output (the workspace is indexed in that order, as in-process).
  const order = new Map(files.map((file, i) => [file.id, i]));
  const useWorkers = pool !== undefined && pooled;
  let reports: FileReport[];
  if (useWorkers) {
    // The main thread takes its share of the queue while the threads work through theirs.
    const localService = createService(ctx.schemasDirectory);
    const local = new BatchChecker(localService);
    const localRead: BatchRead[] = [];
    let localChecked = 0;
    pool.onChecked = () => progress.update(pool.checked + localChecked);
    for (let batch = pool.take(); batch; batch = pool.take()) {
      const { read, check } = local.read(batch);
      localRead.push(read);
      localChecked += check(settingsSoFar());
      progress.update(pool.checked + localChecked);
      await new Promise(setImmediate); // the threads' requests for more files
    }
    const threadsRead = await pool.readAll();
    const errors = [...threadsRead.errors, ...localRead.flatMap((read) => read.errors)];
    if (errors.length > 0) throw new CliError(errors.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((error) => error.message).join('\n'));
    const workspace = [...threadsRead.workspace, ...localRead.flatMap((read) => read.workspace)]
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
      .map(({ uri, text }) => ({ uri, text }));
    workspace.push(...otherWorkspaceFiles(stdin, stdinText, kustomizations));
    timing.mark(`read and check (main thread and ${pool.size} worker thread${pool.size === 1 ? '' : 's'})`);

    const settings = resolver.all();
    const byId = pool.check({ settings, workspace });
    const mine = new Map<number, FileReport>();
    const stdinFiles = stdin ? [{ id: stdin.id, uri: stdin.uri, text: stdinText!, settings: stdin.settings }] : [];
    for (const batch of local.finish(settings, workspace, stdinFiles, Infinity)) for (const { id, report } of batch) mine.set(id, report);
    const theirs = await byId;
    reports = files.map((file) => mine.get(file.id) ?? theirs.get(file.id)!);
    timing.mark('check again what the workspace changes');
    checkBetweenResources(localService, files, reports, settings);
    timing.mark('check between resources');
  } else {
    pool?.close();
    // Their texts, and the CRDs and kustomizations among them, so custom resources and patches are checked right.
    const onDisk = files.filter((file) => file.path !== undefined);
    const read = readTexts(onDisk.map((file) => file.path!), onDisk.map((file) => file.display));
    if (read.errors.length > 0) throw new CliError(read.errors.map((error) => error.message).join('\n'));
    const texts = new Array<string>(files.length);
    for (let i = 0, next = 0; i < files.length; i++) texts[i] = files[i].path !== undefined ? read.texts[next++]! : stdinText!;
    const workspace: WorkspaceFile[] = [];
    files.forEach((file, i) => {
      if (file.path !== undefined && isWorkspaceFile(file.uri, texts[i])) workspace.push({ uri: file.uri, text: texts[i] });
    });
    workspace.push(...otherWorkspaceFiles(stdin, stdinText, kustomizations));
    timing.mark('read');

    const settings = resolver.all();
    const service = createService(ctx.schemasDirectory);
    indexWorkspace(service, workspace);
    reports = files.map((file, i) => {
      progress.update(i);
      return analyzeFile(service, file.uri, texts[i], settings[file.settings]);
    });
    timing.mark('check (in-process)');
    checkBetweenResources(service, files, reports, settings);
    timing.mark('check between resources');
  }
  progress.done();

  const results = fileResults(files, reports, quiet);
  writeOut(formatResults(results, format, ctx.cwd, process.stdout, flag(args, 'no-color')));

  timing.mark('output');
  timing.report(`${files.length} files, ${reports.reduce((sum, report) => sum + report.resources, 0)} resources`);

  return failed(results, failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** KUBESMITH_TIMING=1: how long each phase took (wall clock and CPU), and the CPU time of all threads, on stderr. */
class Timing {
  private last = performance.now();
  private lastCpu = process.cpuUsage();
  private readonly started = this.last;
  private readonly phases: string[] = [];

  constructor(private readonly enabled: boolean) {}

  /** The phase's wall-clock time, and its CPU time (all threads), which a busy machine distorts less. */
  mark(phase: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    this.phases.push(l10n.t('{0} {1}s (cpu {2}s)', phase, ((now - this.last) / 1000).toFixed(2), ((cpu.user + cpu.system) / 1e6).toFixed(2)));
    this.last = now;
    this.lastCpu = process.cpuUsage();
  }

  report(what: string): void {
    if (!this.enabled) return;
    const cpu = process.cpuUsage();
    writeErr(l10n.t('kubesmith timing: {0}; total {1}s, ', this.phases.join(', '), ((performance.now() - this.started) / 1000).toFixed(2))
      + l10n.t('cpu {0}s (all threads); {1}\n', ((cpu.user + cpu.system) / 1e6).toFixed(2), what));
  }
}

function batchFile(file: Target): BatchFile {
  return { id: file.id, path: file.path!, display: file.display, uri: file.uri, settings: file.settings };
}
