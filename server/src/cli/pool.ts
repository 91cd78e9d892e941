import { Worker } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { FileReport, WorkspaceFile } from './analyze';
import type { BatchMessage, BatchResult, InitMessage, WorkerFailure } from './worker';

/**
 * Spreads files over worker threads (dist/cli-worker.js): every worker gets the settings and the
 * workspace files (CRDs, kustomizations) once and indexes them itself, then batches of files on
 * demand (two in flight per worker, so none waits on the main thread).
 */

export interface PoolInput {
  workerPath: string;
  workers: number;
  schemasDirectory: string;
  settings: KubesmithSettings[];
  workspace: WorkspaceFile[];
  files: { uri: string; text: string; settings: number }[];
  onProgress?: (done: number) => void;
}

export function batchSize(files: number, workers: number): number {
  return Math.max(4, Math.min(256, Math.ceil(files / (workers * 16))));
}

export function runPool(input: PoolInput): Promise<FileReport[]> {
  const { files } = input;
  const reports = new Array<FileReport>(files.length);
  const size = batchSize(files.length, input.workers);
  const workers: Worker[] = [];
  let nextFile = 0;
  let nextBatch = 0;
  let done = 0;
  let settled = false;

  return new Promise<FileReport[]>((resolvePromise, rejectPromise) => {
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error) rejectPromise(error);
      else resolvePromise(reports);
    };

    const send = (worker: Worker): boolean => {
      if (nextFile >= files.length) return false;
      const batch: BatchMessage = { type: 'batch', id: nextBatch++, files: [] };
      for (const end = Math.min(files.length, nextFile + size); nextFile < end; nextFile++) {
        const file = files[nextFile];
        batch.files.push({ index: nextFile, uri: file.uri, text: file.text, settings: file.settings });
      }
      worker.postMessage(batch);
      return true;
    };

    const count = Math.max(1, Math.min(input.workers, Math.ceil(files.length / size)));
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = new Worker(input.workerPath);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      workers.push(worker);
      worker.on('message', (message: BatchResult | WorkerFailure) => {
        if (message.type === 'error') {
          finish(new Error(`A worker thread failed: ${message.message}`));
          return;
        }
        for (const { index, report } of message.reports) reports[index] = report;
        done += message.reports.length;
        input.onProgress?.(done);
        if (done === files.length) finish();
        else send(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`A worker thread stopped unexpectedly (exit code ${code}).`));
      });
      const init: InitMessage = { type: 'init', schemasDirectory: input.schemasDirectory, settings: input.settings, workspace: input.workspace };
      worker.postMessage(init);
      send(worker);
      send(worker);
    }
  });
}
