import { Worker } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { FileReport, WorkspaceFile } from './analyze';
import type { CheckMessage, CheckResult, CheckedCount, InitMessage, ReadMessage, ReadResult, WorkerData, WorkerFailure } from './worker';

/**
 * Worker threads (dist/cli-worker.js) that read and check files, in two steps:
 *
 * 1. Reading, while the main thread is still walking folders: the threads start as soon as a run
 *    knows it will use them, and are handed the files found, in batches, as the walk goes on.
 *    Each reads its files, keeps their texts and sends back only the workspace files among them
 *    (CRDs, kustomizations) and what it could not read.
 * 2. Checking, once every file is read and so every CRD known: each thread gets the settings and
 *    the whole workspace, indexes it and checks the files it read, sending reports back as it goes.
 *
 * So the walk, the reads and loading the code overlap, and texts never travel between threads.
 */

export interface PoolFile {
  /** The file's number in the order of discovery (reports are keyed by it). */
  id: number;
  path: string;
  display: string;
  uri: string;
  settings: number;
}

export interface ReadOutcome {
  /** "Cannot read x: reason" for each file that could not be read, in discovery order. */
  errors: string[];
  /** CRDs and kustomizations among the files, in discovery order. */
  workspace: (WorkspaceFile & { id: number })[];
}

export interface CheckWork {
  settings: KubesmithSettings[];
  workspace: WorkspaceFile[];
  /** Files not read by the threads (standard input), with their text. */
  texts: { id: number; uri: string; text: string; settings: number }[];
  onProgress?: (done: number) => void;
}

/** A share of files worth a thread of its own (a thread costs its start and its warm-up). */
export function batchSize(files: number, workers: number): number {
  return Math.max(4, Math.min(256, Math.ceil(files / (workers * 16))));
}

/** Files per read request: small enough that the threads start early, large enough to be few messages. */
const READ_BATCH = 64;

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending: PoolFile[] = [];
  private settings: () => KubesmithSettings[] = () => [];
  private nextWorker = 0;
  private requested = 0;
  private readFiles = 0;
  private readonly readErrors: { id: number; message: string }[] = [];
  private readonly workspace: (WorkspaceFile & { id: number })[] = [];
  private readonly reports = new Map<number, FileReport>();
  private expected = 0;
  /** Files checked by the threads as they read them. */
  private checked = 0;
  private onProgress: ((done: number) => void) | undefined;
  /** What the current step waits for: resolved when it is complete, rejected on a failure. */
  private waiting: { done: () => boolean; resolve: () => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(private readonly workerPath: string, private readonly schemasDirectory: string) {}

  get size(): number {
    return this.workers.length;
  }

  /** Starts threads until there are `count` (a run starts them as it finds more files). */
  grow(count: number): void {
    const workerData: WorkerData = { schemasDirectory: this.schemasDirectory };
    while (this.workers.length < count && !this.closed) {
      let worker: Worker;
      try {
        worker = new Worker(this.workerPath, { workerData });
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.workers.push(worker);
      worker.on('message', (message: ReadResult | CheckedCount | CheckResult | WorkerFailure) => this.receive(message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`A worker thread stopped unexpectedly (exit code ${code}).`));
      });
    }
  }

  /**
   * Hands files to the threads to read, and to check against what is known so far with the
   * settings found so far (sent in batches; `flush` sends the rest).
   */
  read(file: PoolFile, settings: () => KubesmithSettings[]): void {
    this.settings = settings;
    this.pending.push(file);
    if (this.pending.length >= READ_BATCH) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0 || this.workers.length === 0 || this.closed) return;
    const message: ReadMessage = { type: 'read', files: this.pending.splice(0), settings: this.settings() };
    this.requested += message.files.length;
    this.workers[this.nextWorker++ % this.workers.length].postMessage(message);
  }

  /** Waits until every file handed over is read; `onProgress` hears how many the threads checked meanwhile. */
  async readAll(onProgress?: (checked: number) => void): Promise<ReadOutcome> {
    this.onProgress = onProgress;
    this.flush();
    await this.until(() => this.readFiles === this.requested);
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    return { errors: this.readErrors.sort(byId).map((error) => error.message), workspace: this.workspace.sort(byId) };
  }

  /** Checks every file read (and `work.texts`); reports by file id. The pool is closed afterwards. */
  async check(work: CheckWork, total: number): Promise<Map<number, FileReport>> {
    this.expected = total;
    this.onProgress = work.onProgress;
    const init: InitMessage = { type: 'init', settings: work.settings, workspace: work.workspace };
    this.workers.forEach((worker, i) => {
      worker.postMessage(init);
      const message: CheckMessage = { type: 'check', texts: i === 0 ? work.texts : [] };
      worker.postMessage(message);
    });
    try {
      await this.until(() => this.reports.size >= this.expected);
    } finally {
      this.close();
    }
    return this.reports;
  }

  /** Stops the threads (after a run, or when the run ends early with an error). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
  }

  private until(done: () => boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (done()) return Promise.resolve();
    if (this.closed || this.workers.length === 0) return Promise.reject(new Error('The worker threads were stopped.'));
    return new Promise((resolve, reject) => {
      this.waiting = { done, resolve, reject };
    });
  }

  private receive(message: ReadResult | CheckedCount | CheckResult | WorkerFailure): void {
    if (message.type === 'error') {
      this.fail(new Error(`A worker thread failed: ${message.message}`));
      return;
    }
    if (message.type === 'checked') {
      this.checked += message.count;
      this.onProgress?.(this.checked);
    } else if (message.type === 'read') {
      this.readFiles += message.count;
      this.readErrors.push(...message.errors);
      this.workspace.push(...message.workspace);
    } else {
      for (const { id, report } of message.reports) this.reports.set(id, report);
      this.onProgress?.(Math.max(this.checked, this.reports.size));
    }
    const waiting = this.waiting;
    if (waiting?.done()) {
      this.waiting = undefined;
      waiting.resolve();
    }
  }

  private fail(error: Error): void {
    if (this.closed && !this.waiting) return;
    this.failure ??= error;
    this.close();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }
}
