import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection,
} from 'vscode-jsonrpc/node';
import { Diagnostic } from 'vscode-languageserver-types';

/**
 * A minimal LSP client for protocol tests: spawns `node dist/server.js --stdio` and speaks JSON-RPC
 * to it over its real stdin/stdout, as any editor would.
 */
export class TestClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }[]>();
  private waiters: (() => void)[] = [];
  readonly logs: string[] = [];
  /** Edits the server asked to apply (`workspace/applyEdit`). */
  readonly appliedEdits: unknown[] = [];
  /** Capabilities the server registered (`client/registerCapability`). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** `$/progress` values, by token (`window/workDoneProgress/create` makes the token). */
  readonly progress = new Map<string | number, { kind: string; title?: string; message?: string; percentage?: number }[]>();
  settings: unknown = {};
  /** While set, the answers to the server's configuration requests wait for it (to hold a request back at a known point). */
  configurationGate: Promise<void> | undefined;

  /** `execArgv`: Node options for the server process (a `--require` preload); `env`: its environment. */
  constructor(repoRoot: string, options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    this.process = spawn(process.execPath, [...(options.execArgv ?? []), join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      const list = this.diagnostics.get(params.uri) ?? [];
      list.push({ version: params.version, diagnostics: params.diagnostics });
      this.diagnostics.set(params.uri, list);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', async (params: { items: unknown[] }) => {
      await this.configurationGate;
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      this.progress.set(params.token, []);
      return null;
    });
    this.connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string } }) => {
      this.progress.get(params.token)?.push(params.value);
      this.wake();
    });
    this.connection.onRequest('workspace/applyEdit', (params: { edit: unknown }) => {
      this.appliedEdits.push(params.edit);
      return { applied: true };
    });
    this.connection.listen();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Resolves once `done()` returns a value (checked after each message from the server). */
  async until<T>(what: string, done: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = done();
      if (value !== undefined) return value;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** All the diagnostics published for `uri` so far, in order. */
  publishedFor(uri: string): { version?: number; diagnostics: Diagnostic[] }[] {
    return this.diagnostics.get(uri) ?? [];
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Resolves when the server process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the server wrote on stderr. */
  stderr = '';

  /** Every set of diagnostics published for `uri`, oldest first. */
  published(uri: string): { version?: number; diagnostics: Diagnostic[] }[] {
    return this.diagnostics.get(uri) ?? [];
  }

  /** Kills the server process (a crash, as far as the client can tell). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.process.kill(signal);
  }

  /** `initialize` and `initialized`, with a workspace folder when given. */
  async initialize(workspaceUri?: string, initializationOptions?: unknown): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: workspaceUri ?? null,
      workspaceFolders: workspaceUri ? [{ uri: workspaceUri, name: 'ws' }] : null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      ...(initializationOptions !== undefined ? { initializationOptions } : {}),
    });
    this.connection.sendNotification('initialized', {});
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): void {
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  close(uri: string): void {
    this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics for `uri` published for `version` (or any, if omitted). */
  async diagnosticsFor(uri: string, version?: number, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (this.diagnostics.get(uri) ?? []).filter((entry) => version === undefined || entry.version === version);
      if (found.length > 0) return found[found.length - 1].diagnostics;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no diagnostics for ${uri} version ${version}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    const alive = this.process.exitCode === null && this.process.signalCode === null;
    try {
      if (alive) {
        await Promise.race([this.connection.sendRequest('shutdown'), this.exited]);
        this.connection.sendNotification('exit');
      }
    } catch {
      // already gone
    }
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    if (this.process.exitCode === null && this.process.signalCode === null) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    this.connection.dispose();
  }
}
