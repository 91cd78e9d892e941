import { Worker } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { FileReport, WorkspaceFile } from './analyze';
import type { BatchMessage, BatchResult, InitMessage, WorkerData, WorkerFailure } from './worker';

/**
 * Worker threads (dist/cli-worker.js) that check files. The threads start as soon as a run knows
 * it will use them (during the folder walk), so loading the code and the schema index overlaps
 * the walk and the reads. Then every worker gets the settings and the workspace files (CRDs,
 * kustomizations) once and indexes them itself, and batches of files on demand (two in flight
 * per worker, so none waits on the main thread).
 */

export interface PoolWork {
  settings: KubesmithSettings[];
  workspace: WorkspaceFile[];
  files: { uri: string; text: string; settings: number }[];
  onProgress?: (done: number) => void;
}

export function batchSize(files: number, workers: number): number {
  return Math.max(4, Math.min(256, Math.ceil(files / (workers * 16))));
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** A failure before `run` (a thread that could not start), reported by `run`. */
  private failure: Error | undefined;
  private onFailure: ((error: Error) => void) | undefined;
  private onMessage: ((worker: Worker, message: BatchResult | WorkerFailure) => void) | undefined;
  private closed = false;

  constructor(private readonly workerPath: string, private readonly schemasDirectory: string) {}

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
      worker.on('message', (message: BatchResult | WorkerFailure) => this.onMessage?.(worker, message));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`A worker thread stopped unexpectedly (exit code ${code}).`));
      });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Checks the files; the pool is closed afterwards (or on the first failure). */
  run(work: PoolWork): Promise<FileReport[]> {
    const { files } = work;
    const reports = new Array<FileReport>(files.length);
    const size = batchSize(files.length, Math.max(1, this.workers.length));
    let nextFile = 0;
    let nextBatch = 0;
    let done = 0;

    return new Promise<FileReport[]>((resolvePromise, rejectPromise) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        this.close();
        if (error) rejectPromise(error);
        else resolvePromise(reports);
      };
      if (this.failure || this.closed || files.length === 0) {
        finish(this.failure ?? (this.closed && files.length > 0 ? new Error('The worker threads were stopped.') : undefined));
        return;
      }
      this.onFailure = finish;

      const send = (worker: Worker): void => {
        if (nextFile >= files.length) return;
        const batch: BatchMessage = { type: 'batch', id: nextBatch++, files: [] };
        for (const end = Math.min(files.length, nextFile + size); nextFile < end; nextFile++) {
          const file = files[nextFile];
          batch.files.push({ index: nextFile, uri: file.uri, text: file.text, settings: file.settings });
        }
        worker.postMessage(batch);
      };
      this.onMessage = (worker, message) => {
        if (message.type === 'error') {
          finish(new Error(`A worker thread failed: ${message.message}`));
          return;
        }
        for (const { index, report } of message.reports) reports[index] = report;
        done += message.reports.length;
        work.onProgress?.(done);
        if (done === files.length) finish();
        else send(worker);
      };

      const init: InitMessage = { type: 'init', settings: work.settings, workspace: work.workspace };
      for (const worker of this.workers) {
        worker.postMessage(init);
        send(worker);
        send(worker);
      }
    });
  }

  /** Stops the threads (after a run, or when the run ends early with an error). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) void worker.terminate();
  }

  private fail(error: Error): void {
    if (this.closed) return;
    if (this.onFailure) this.onFailure(error);
    else {
      this.failure ??= error;
      this.close();
    }
  }
}
