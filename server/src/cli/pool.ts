import { currentLocale } from '../core/l10n';
import { Worker } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { FileReport, WorkspaceFile } from './analyze';
import type { BatchFile } from './checker';
import type { CheckMessage, CheckResult, CheckedCount, InitMessage, ReadMessage, ReadResult, WorkerData, WorkerFailure } from './worker';

/**
 * The worker threads (dist/cli-worker.js) of a parallel `kubesmith lint`, and the queue of files
 * they share with the main thread. As the walk finds files they are queued; each thread is handed
 * a batch whenever it has fewer than two, reads it and checks it (checker.ts). The main thread,
 * once the walk is done, takes batches from the same queue, so no thread idles while another has
 * work. Then every thread gets the whole workspace (CRDs, kustomizations) and sends back its
 * reports, checking again only what the workspace changes. Texts never travel between threads.
 */

export interface ReadOutcome {
  /** "Cannot read x: reason" for each file that could not be read. */
  errors: { id: number; message: string }[];
  /** CRDs and kustomizations among the files the threads read. */
  workspace: (WorkspaceFile & { id: number })[];
}

export interface CheckWork {
  settings: KubesmithSettings[];
  workspace: WorkspaceFile[];
}

/** Files per batch: enough to be few messages, few enough that the threads share the work evenly. */
export const BATCH = 48;

interface Thread {
  worker: Worker;
  /** Batches sent and not yet checked. */
  inFlight: number;
}

export class WorkerPool {
  private readonly threads: Thread[] = [];
  private readonly queue: BatchFile[] = [];
  private settings: () => KubesmithSettings[] = () => [];
  private sent = 0;
  private readFiles = 0;
  private readonly readErrors: { id: number; message: string }[] = [];
  private readonly workspace: (WorkspaceFile & { id: number })[] = [];
  private readonly reports = new Map<number, FileReport>();
  private expected = 0;
  /** What the current step waits for: resolved when it is complete, rejected on a failure. */
  private waiting: { done: () => boolean; resolve: () => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private closed = false;
  /** Files the threads checked as they read them (for the progress indicator). */
  checked = 0;
  onChecked: (() => void) | undefined;

  constructor(private readonly workerPath: string, private readonly schemasDirectory: string) {}

  get size(): number {
    return this.threads.length;
  }

  /** Starts threads until there are `count`. */
  grow(count: number): void {
    // The threads write their messages in the main thread's language (core/l10n.ts).
    const workerData: WorkerData = { schemasDirectory: this.schemasDirectory, locale: currentLocale() };
    while (this.threads.length < count && !this.closed) {
      let worker: Worker;
      try {
        worker = new Worker(this.workerPath, { workerData });
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const thread: Thread = { worker, inFlight: 0 };
      this.threads.push(thread);
      worker.on('message', (message: ReadResult | CheckedCount | CheckResult | WorkerFailure) => this.receive(thread, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`A worker thread stopped unexpectedly (exit code ${code}).`));
      });
    }
  }

  /** Queues a file; `settings` gives the settings found so far, sent along with each batch. */
  add(file: BatchFile, settings: () => KubesmithSettings[]): void {
    this.settings = settings;
    this.queue.push(file);
    this.dispatch();
  }

  /** A batch for the main thread to read and check itself (undefined when the queue is empty). */
  take(): BatchFile[] | undefined {
    return this.queue.length > 0 ? this.queue.splice(0, BATCH) : undefined;
  }

  /** Waits until every batch handed to a thread is read and checked. */
  async readAll(): Promise<ReadOutcome> {
    this.dispatch(true);
    await this.until(() => this.queue.length === 0 && this.readFiles === this.sent && this.threads.every((thread) => thread.inFlight === 0));
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    return { errors: this.readErrors.sort(byId), workspace: this.workspace.sort(byId) };
  }

  /** Every thread's reports (by file id). The pool is closed afterwards. */
  async check(work: CheckWork): Promise<Map<number, FileReport>> {
    this.expected = this.readFiles - this.readErrors.length;
    const init: InitMessage = { type: 'init', settings: work.settings, workspace: work.workspace };
    const check: CheckMessage = { type: 'check' };
    for (const { worker } of this.threads) {
      worker.postMessage(init);
      worker.postMessage(check);
    }
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
    for (const { worker } of this.threads) void worker.terminate();
  }

  /** Hands full batches to the threads with fewer than two; `all`: the last, partial one too. */
  private dispatch(all = false): void {
    if (this.closed) return;
    for (const thread of this.threads) {
      while (thread.inFlight < 2 && (this.queue.length >= BATCH || (all && this.queue.length > 0))) {
        const message: ReadMessage = { type: 'read', files: this.queue.splice(0, BATCH), settings: this.settings() };
        thread.inFlight++;
        this.sent += message.files.length;
        thread.worker.postMessage(message);
      }
    }
  }

  private until(done: () => boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (done()) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('The worker threads were stopped.'));
    return new Promise((resolve, reject) => {
      this.waiting = { done, resolve, reject };
    });
  }

  private receive(thread: Thread, message: ReadResult | CheckedCount | CheckResult | WorkerFailure): void {
    switch (message.type) {
      case 'error':
        this.fail(new Error(`A worker thread failed: ${message.message}`));
        return;
      case 'read':
        this.readFiles += message.count;
        this.readErrors.push(...message.errors);
        this.workspace.push(...message.workspace);
        break;
      case 'checked':
        thread.inFlight--;
        this.checked += message.count;
        this.onChecked?.();
        this.dispatch(this.waiting !== undefined);
        break;
      default:
        for (const { id, report } of message.reports) this.reports.set(id, report);
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
