/**
 * The workspace index of the language server on a generated workspace (not a test: it asserts
 * nothing, it measures and compares with the goals).
 *
 *   npm run build && npm run bench:workspace -- [--files 5000] [--runs 3] [--keep] [--profile DIR]
 *
 * Generates a workspace of 5,000 manifest files (bench/generate.ts's applications — Deployments,
 * StatefulSets, Services, ConfigMaps, HPAs, PDBs, Ingresses, NetworkPolicies, RBAC, CronJobs,
 * across 30 namespaces — cut into files of one to three documents, one folder per team), starts
 * `node dist/server.js --stdio` on it as an editor would (a fresh process per run) and measures:
 * the cold index (initialized → the end of its progress), the server's memory once indexed, the
 * time to update after one file changes (an edit in an open file, and a file changed on disk,
 * each until the open file that depends on it is published again), and definition, references,
 * workspace symbols and rename. Results and goals: docs/performance.md, "The workspace index".
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { TEAMS, generate, random } from './generate';
import { serverEnvironment } from './lib/lsp';

const root = join(__dirname, '..');
const server = join(root, 'dist', 'server.js');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const FILES = option('files', 5000);
const RUNS = option('runs', 3);
const REPEAT = option('repeat', 15);
const KEEP = process.argv.includes('--keep');
/** `--profile DIR`: the server runs under `--cpu-prof`, its profile written into DIR (one run). */
const PROFILE = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : undefined;

const GOALS = { coldMs: 5000, changeMs: 20, navigationMs: 50, renameMs: 200 };

interface Workspace {
  dir: string;
  files: string[];
  documents: number;
}

/** The generator's applications, cut into `files` files of one to three documents. */
function buildWorkspace(files: number): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'kubesmith-bench-ws-'));
  const next = random(4242);
  const sizes = Array.from({ length: files }, () => 1 + Math.floor(next() * 3));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const documents = generate(total).text.split(/^---\n/m).slice(0, total);
  const paths: string[] = [];
  let at = 0;
  sizes.forEach((size, i) => {
    const path = join(dir, TEAMS[i % TEAMS.length], `manifests-${String(i).padStart(5, '0')}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, documents.slice(at, at + size).join('---\n'));
    paths.push(path);
    at += size;
  });
  return { dir, files: paths, documents: at };
}

class Client {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  private waiters: (() => void)[] = [];
  readonly published = new Map<string, { at: number; version?: number; codes: string[] }[]>();
  progressEnd: number | undefined;
  readonly logs: string[] = [];

  constructor(cwd: string) {
    const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
    this.process = spawn(process.execPath, [...profile, server, '--stdio'], { cwd, env: serverEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: { code?: string }[] }) => {
      const list = this.published.get(params.uri) ?? [];
      list.push({ at: performance.now(), version: params.version, codes: params.diagnostics.map((d) => String(d.code)) });
      this.published.set(params.uri, list);
      this.wake();
    });
    this.connection.onNotification('$/progress', (params: { value: { kind: string } }) => {
      if (params.value.kind === 'end') this.progressEnd = performance.now();
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  async until<T>(what: string, done: () => T | undefined, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = done();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(deadline - Date.now(), 0));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The publications for a uri from the `count`-th on. */
  publication(uri: string, count: number): Promise<{ at: number; version?: number; codes: string[] }> {
    return this.until(`publication ${count} of ${uri}`, () => this.published.get(uri)?.[count - 1]);
  }

  /** CPU time of the server process so far (all its threads), in ms: steadier than wall clock on a busy machine. */
  cpuMs(): number {
    let total = 0;
    for (const tid of readdirSync(`/proc/${this.process.pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${this.process.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // a thread that ended
      }
    }
    return total / 1e6;
  }

  memoryKb(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
    return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]), peak: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) };
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await Promise.race([this.connection.sendRequest('shutdown').then(() => this.connection.sendNotification('exit')), new Promise((resolve) => setTimeout(resolve, 3000))]).catch(() => undefined);
    // (A profiled server writes its profile as it exits.)
    if (this.process.exitCode === null) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
    this.connection.dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
}

interface RunResult {
  coldMs: number;
  coldCpuMs: number;
  resources: number;
  rssMb: number;
  peakMb: number;
  editMs: number[];
  crossFileMs: number[];
  fileEventMs: number[];
  definitionMs: number[];
  referencesMs: number[];
  symbolsMs: number[];
  renameMs: number[];
  counts: { references: number; symbols: number; renameFiles: number; renameEdits: number };
}

/** A Deployment's file and the file of the HPA that scales it (both in the workspace), for the cross-file measurements. */
function pickPair(workspace: Workspace): { deployment: string; hpa: string; name: string } {
  const texts = new Map(workspace.files.map((path) => [path, readFileSync(path, 'utf8')]));
  for (const [path, text] of texts) {
    const match = /^kind: HorizontalPodAutoscaler$[\s\S]*?^ {4}name: (\S+)$/m.exec(text);
    if (!match) continue;
    const name = match[1];
    for (const [other, otherText] of texts) {
      if (other !== path && new RegExp(`^kind: Deployment\\nmetadata:\\n  name: ${name}$`, 'm').test(otherText)) return { deployment: other, hpa: path, name };
    }
  }
  throw new Error('no Deployment and HPA in separate files');
}

async function run(workspace: Workspace): Promise<RunResult> {
  const client = new Client(workspace.dir);
  try {
    const folder = pathToFileURL(workspace.dir).href;
    await client.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    const started = performance.now();
    const cpuBefore = client.cpuMs();
    client.connection.sendNotification('initialized', {});
    await client.until('the end of indexing', () => client.progressEnd);
    const coldMs = client.progressEnd! - started;
    const coldCpuMs = client.cpuMs() - cpuBefore;
    const status = await client.connection.sendRequest('kubesmith/status') as { index: { files: number; resources: number } };
    const memory = client.memoryKb();

    const pair = pickPair(workspace);
    const deploymentUri = pathToFileURL(pair.deployment).href;
    const hpaUri = pathToFileURL(pair.hpa).href;
    const deploymentText = readFileSync(pair.deployment, 'utf8');
    const hpaText = readFileSync(pair.hpa, 'utf8');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: hpaUri, languageId: 'yaml', version: 1, text: hpaText } });
    await client.publication(hpaUri, 1);
    const renamed = deploymentText.replace(`name: ${pair.name}\n`, `name: ${pair.name}-renamed\n`);
    const result: RunResult = {
      coldMs, coldCpuMs, resources: status.index.resources, rssMb: memory.rss / 1024, peakMb: memory.peak / 1024,
      editMs: [], crossFileMs: [], fileEventMs: [], definitionMs: [], referencesMs: [], symbolsMs: [], renameMs: [],
      counts: { references: 0, symbols: 0, renameFiles: 0, renameEdits: 0 },
    };

    // A file changed on disk (file event): until the open file that depends on it is published again.
    for (let i = 0; i < REPEAT; i++) {
      const count = client.published.get(hpaUri)!.length;
      writeFileSync(pair.deployment, i % 2 === 0 ? renamed : deploymentText);
      const sent = performance.now();
      client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: deploymentUri, type: 2 }] });
      const published = await client.publication(hpaUri, count + 1);
      result.fileEventMs.push(published.at - sent);
    }
    writeFileSync(pair.deployment, deploymentText);
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: deploymentUri, type: 2 }] });

    // An edit in an open file: until its own diagnostics, and until the dependent open file's.
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: deploymentUri, languageId: 'yaml', version: 1, text: deploymentText } });
    await client.publication(deploymentUri, 1);
    await client.until('the HPA back to normal', () => (client.published.get(hpaUri)!.at(-1)!.codes.includes('missing-scale-target') ? undefined : true));
    let version = 1;
    for (let i = 0; i < REPEAT; i++) {
      const count = client.published.get(hpaUri)!.length;
      version++;
      const sent = performance.now();
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: deploymentUri, version }, contentChanges: [{ text: i % 2 === 0 ? renamed : deploymentText }] });
      const own = await client.until('the edit\'s diagnostics', () => client.published.get(deploymentUri)!.find((entry) => entry.version === version));
      const dependent = await client.publication(hpaUri, count + 1);
      result.editMs.push(own.at - sent);
      result.crossFileMs.push(dependent.at - sent);
    }
    if (version % 2 === 0) {
      version++;
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: deploymentUri, version }, contentChanges: [{ text: deploymentText }] });
      await client.until('the edit\'s diagnostics', () => client.published.get(deploymentUri)!.find((entry) => entry.version === version));
    }

    // Navigation from the open files.
    const document = TextDocument.create(deploymentUri, 'yaml', version, deploymentText);
    const namePosition = document.positionAt(deploymentText.indexOf(`name: ${pair.name}\n`) + 6);
    const hpaDocument = TextDocument.create(hpaUri, 'yaml', 1, hpaText);
    const targetPosition = hpaDocument.positionAt(hpaText.search(new RegExp(`^ {4}name: ${pair.name}$`, 'm')) + 10);
    for (let i = 0; i < REPEAT; i++) {
      const [definitionMs, definition] = await timed(() => client.connection.sendRequest('textDocument/definition', { textDocument: { uri: hpaUri }, position: targetPosition }) as Promise<unknown[]>);
      if (definition.length !== 1) throw new Error(`definition found ${definition.length} locations`);
      result.definitionMs.push(definitionMs);
      const [referencesMs, references] = await timed(() => client.connection.sendRequest('textDocument/references', { textDocument: { uri: deploymentUri }, position: namePosition, context: { includeDeclaration: false } }) as Promise<unknown[]>);
      result.referencesMs.push(referencesMs);
      result.counts.references = references.length;
      const [symbolsMs, symbols] = await timed(() => client.connection.sendRequest('workspace/symbol', { query: `Deployment ${pair.name}` }) as Promise<unknown[]>);
      result.symbolsMs.push(symbolsMs);
      result.counts.symbols = symbols.length;
      const [renameMs, edit] = await timed(() => client.connection.sendRequest('textDocument/rename', { textDocument: { uri: deploymentUri }, position: namePosition, newName: `${pair.name}-next` }) as Promise<{ documentChanges: { edits: unknown[] }[] }>);
      result.renameMs.push(renameMs);
      result.counts.renameFiles = edit.documentChanges.length;
      result.counts.renameEdits = edit.documentChanges.reduce((sum, change) => sum + change.edits.length, 0);
    }
    return result;
  } finally {
    await client.stop();
  }
}

function verdict(value: number, goal: number): string {
  return value <= goal ? `meets ≤ ${goal} ms` : `misses ≤ ${goal} ms`;
}

async function main(): Promise<void> {
  if (!existsSync(server)) {
    console.error('dist/server.js is missing: run `npm run build` first.');
    process.exit(2);
  }
  const workspace = buildWorkspace(FILES);
  console.log(`Workspace: ${workspace.files.length} files, ${workspace.documents} documents, in ${workspace.dir}`);
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, availableParallelism ${availableParallelism()}, Node ${process.version}, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')}.`);
  try {
    const runs: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await run(workspace);
      runs.push(result);
      console.log(`run ${i + 1}: cold index ${result.coldMs.toFixed(0)} ms (CPU ${result.coldCpuMs.toFixed(0)} ms; ${result.resources} resources), RSS ${result.rssMb.toFixed(0)} MB (peak ${result.peakMb.toFixed(0)} MB); `
        + `edit → own diagnostics ${median(result.editMs).toFixed(1)} ms, → the other open file ${median(result.crossFileMs).toFixed(1)} ms; file event → the open file ${median(result.fileEventMs).toFixed(1)} ms; `
        + `definition ${median(result.definitionMs).toFixed(1)} ms, references ${median(result.referencesMs).toFixed(1)} ms (${result.counts.references}), `
        + `symbols ${median(result.symbolsMs).toFixed(1)} ms (${result.counts.symbols}), rename ${median(result.renameMs).toFixed(1)} ms (${result.counts.renameEdits} edits in ${result.counts.renameFiles} files)`);
    }
    const all = (pick: (run: RunResult) => number[]) => median(runs.flatMap(pick));
    const cold = median(runs.map((run) => run.coldMs));
    console.log('\nMedians over the runs (each timing repeated ' + REPEAT + ' times per run):');
    console.log(`  cold index:                         ${cold.toFixed(0)} ms (${verdict(cold, GOALS.coldMs)}; server CPU ${median(runs.map((run) => run.coldCpuMs)).toFixed(0)} ms)`);
    console.log(`  memory once indexed:                RSS ${median(runs.map((run) => run.rssMb)).toFixed(0)} MB, peak ${median(runs.map((run) => run.peakMb)).toFixed(0)} MB`);
    console.log(`  edit → its own diagnostics:         ${all((run) => run.editMs).toFixed(1)} ms (${verdict(all((run) => run.editMs), GOALS.changeMs)})`);
    console.log(`  edit → the dependent open file:     ${all((run) => run.crossFileMs).toFixed(1)} ms (${verdict(all((run) => run.crossFileMs), GOALS.changeMs)})`);
    console.log(`  file event → the dependent file:    ${all((run) => run.fileEventMs).toFixed(1)} ms (${verdict(all((run) => run.fileEventMs), GOALS.changeMs)})`);
    console.log(`  definition:                         ${all((run) => run.definitionMs).toFixed(1)} ms (${verdict(all((run) => run.definitionMs), GOALS.navigationMs)})`);
    console.log(`  references:                         ${all((run) => run.referencesMs).toFixed(1)} ms (${verdict(all((run) => run.referencesMs), GOALS.navigationMs)})`);
    console.log(`  workspace symbols:                  ${all((run) => run.symbolsMs).toFixed(1)} ms (${verdict(all((run) => run.symbolsMs), GOALS.navigationMs)})`);
    console.log(`  rename:                             ${all((run) => run.renameMs).toFixed(1)} ms (${verdict(all((run) => run.renameMs), GOALS.renameMs)})`);
  } finally {
    if (KEEP) console.log(`Workspace kept in ${workspace.dir}`);
    else rmSync(workspace.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
