import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection,
} from 'vscode-jsonrpc/node';

/**
 * A small LSP client for the benchmark: spawns one language server over stdio and times what an
 * editor waits for. Timestamps are `performance.now()` in this process, taken when a message is
 * written (before) and when the awaited message has been parsed (after), so each duration includes
 * the JSON-RPC transport both ways, as an editor would see it.
 */

export interface Published {
  /** When the notification was received (performance.now()). */
  at: number;
  version?: number;
  count: number;
  errors: number;
  /** 0-based start lines of the error-severity diagnostics. */
  errorLines: number[];
  /** The diagnostics themselves (a code action request sends those under the cursor back). */
  diagnostics: PublishedDiagnostic[];
}

export interface PublishedDiagnostic {
  severity?: number;
  code?: string | number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  data?: unknown;
}

export interface ServerSpec {
  /** Short name used in tables: `kubesmith`, `yaml-language-server`. */
  name: string;
  command: string;
  args: string[];
  /** Answers `workspace/configuration` items by section. */
  configuration: (section: string | undefined) => unknown;
  /** Does the server pull its configuration once after `initialized` (and must it have it before a file is opened)? */
  pullsConfigurationOnInitialized: boolean;
}

export class BenchClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly spawnedAt: number;
  private readonly published = new Map<string, Published[]>();
  private waiters: (() => void)[] = [];
  readonly stderr: string[] = [];
  /** Time at which each configuration request was answered. */
  readonly configurationAnswered: number[] = [];
  private maxRssKb = 0;
  private poller: NodeJS.Timeout | undefined;
  private exited = false;

  constructor(readonly spec: ServerSpec, cwd: string, extraNodeArgs: string[] = []) {
    this.spawnedAt = performance.now();
    this.process = spawn(spec.command, [...extraNodeArgs, ...spec.args], { cwd, env: serverEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.once('exit', () => { this.exited = true; this.wake(); });
    this.process.stderr!.setEncoding('utf8');
    this.process.stderr!.on('data', (chunk: string) => { if (this.stderr.length < 200) this.stderr.push(chunk); });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: PublishedDiagnostic[] }) => {
      const at = performance.now();
      const list = this.published.get(params.uri) ?? [];
      const errorLines = params.diagnostics.filter((d) => d.severity === 1).map((d) => d.range.start.line);
      list.push({ at, version: params.version, count: params.diagnostics.length, errors: errorLines.length, errorLines, diagnostics: params.diagnostics });
      this.published.set(params.uri, list);
      this.wake();
    });
    this.connection.onNotification(() => undefined); // logMessage, telemetry, custom notifications
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      const answer = params.items.map((item) => spec.configuration(item.section));
      this.configurationAnswered.push(performance.now());
      this.wake();
      return answer;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
    this.connection.onRequest(() => null);
    this.connection.listen();
    // Peak RSS: the kernel's high-water mark (VmHWM) is read at the end; VmRSS is also polled as a
    // cross-check in case the process exits before the end is read.
    this.poller = setInterval(() => this.sampleRss(), 20);
    this.poller.unref();
  }

  get pid(): number {
    return this.process.pid!;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  private readStatus(): Record<string, number> {
    const result: Record<string, number> = {};
    try {
      for (const line of readFileSync(`/proc/${this.pid}/status`, 'utf8').split('\n')) {
        const match = /^(VmHWM|VmRSS):\s+(\d+) kB/.exec(line);
        if (match) result[match[1]] = Number(match[2]);
      }
    } catch {
      // process gone
    }
    return result;
  }

  private sampleRss(): void {
    const status = this.readStatus();
    this.maxRssKb = Math.max(this.maxRssKb, status.VmHWM ?? 0, status.VmRSS ?? 0);
  }

  /**
   * CPU time the server process has used so far (all its threads: /proc/<pid>/task/<tid>/schedstat,
   * nanoseconds on a CPU), in ms. Unlike wall-clock time it barely moves when other processes
   * compete for the cores, so it is reported next to the timings.
   */
  cpuMs(): number {
    let total = 0;
    try {
      for (const tid of readdirSync(`/proc/${this.pid}/task`)) {
        try {
          total += Number(readFileSync(`/proc/${this.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        } catch {
          // thread ended
        }
      }
    } catch {
      return Number.NaN;
    }
    return total / 1e6;
  }

  /** Peak resident set size of the server process so far, in MB (VmHWM). */
  peakRssMb(): number {
    this.sampleRss();
    return this.maxRssKb / 1024;
  }

  /** Resolves when `predicate` holds, re-checked whenever a message arrives. */
  async until<T>(predicate: () => T | undefined, what: string, timeoutMs = 120_000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined) return value;
      if (this.exited) throw new Error(`${this.spec.name} exited while waiting for ${what}; stderr: ${this.stderr.join('').slice(0, 2000)}`);
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new Error(`${this.spec.name}: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  publishedFor(uri: string): Published[] {
    return this.published.get(uri) ?? [];
  }

  /**
   * The first diagnostics for `uri` published after `since` that belong to `version`: the
   * notification's version when the server sends one (kubesmith does); otherwise (yaml-language-server
   * sends none) the first non-empty set after `since` — the benchmark files always contain errors, so
   * an empty set is never the validated result (see docs/performance.md).
   */
  async diagnostics(uri: string, version: number, since: number, timeoutMs?: number): Promise<{ publication: Published; skipped: Published[] }> {
    return this.until(() => {
      const after = this.publishedFor(uri).filter((p) => p.at >= since);
      const index = after.findIndex((p) => (p.version !== undefined ? p.version === version : p.count > 0));
      return index < 0 ? undefined : { publication: after[index], skipped: after.slice(0, index) };
    }, `diagnostics of ${uri} version ${version}`, timeoutMs);
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 3000))]);
        this.connection.sendNotification('exit');
      } catch {
        // already gone
      }
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      if (!this.exited) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (!this.exited) this.process.kill('SIGKILL');
    }
    this.connection.dispose();
  }
}

/**
 * The servers' environment: ours, without NODE_EXTRA_CA_CERTS. Node reads that file of
 * certificates at every start (about 80 ms on these machines); neither server uses the network
 * here, and the extension starts its server without it too, so both are measured without it.
 */
export function serverEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
