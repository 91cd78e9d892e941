import type { Locale } from '../core/l10n';
import { useLocale } from '../node/l10nBundle';
import { parentPort, workerData } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { FileReport, WorkspaceFile, createService } from './analyze';
import { BatchChecker, BatchFile, BatchRead } from './checker';

/**
 * `dist/cli-worker.js`: a worker thread of `kubesmith lint` (see pool.ts and checker.ts). It loads
 * the schemas' index as soon as it starts; reads and checks the batches it is handed while the main
 * thread walks folders (answering each with the CRDs and kustomizations in it, then with how many
 * files it checked); given the whole workspace at the end, it sends back every report.
 */

export interface WorkerData {
  schemasDirectory: string;
  /** The main thread's language: findings are written in it here. */
  locale: Locale;
}

export interface ReadMessage {
  type: 'read';
  files: BatchFile[];
  /** The settings found so far (by index; the list only grows). */
  settings: KubesmithSettings[];
}

export interface ReadResult extends BatchRead {
  type: 'read';
}

/** A batch checked against what was known (the thread is ready for more). */
export interface CheckedCount {
  type: 'checked';
  count: number;
}

export interface InitMessage {
  type: 'init';
  settings: KubesmithSettings[];
  workspace: WorkspaceFile[];
}

export interface CheckMessage {
  type: 'check';
}

export interface CheckResult {
  type: 'result';
  reports: { id: number; report: FileReport }[];
}

export interface WorkerFailure {
  type: 'error';
  message: string;
}

/** Reports sent back together. */
const REPORT_BATCH = 128;

if (parentPort) {
  const port = parentPort;
  const { schemasDirectory, locale } = workerData as WorkerData;
  // Load the schemas' index (and the default version's) while the main thread starts walking folders.
  let checker: BatchChecker | undefined;
  let init: InitMessage | undefined;
  try {
    useLocale(locale, schemasDirectory);
    const service = createService(schemasDirectory);
    service.store.version(service.store.index.defaultKubernetesVersion);
    checker = new BatchChecker(service);
  } catch {
    checker = undefined; // Reported on the first message (made again there).
  }
  port.on('message', (message: ReadMessage | InitMessage | CheckMessage) => {
    try {
      checker ??= new BatchChecker(createService(schemasDirectory));
      if (message.type === 'read') {
        const { read, check } = checker.read(message.files);
        const result: ReadResult = { type: 'read', ...read };
        port.postMessage(result);
        const checked: CheckedCount = { type: 'checked', count: check(message.settings) };
        port.postMessage(checked);
      } else if (message.type === 'init') {
        init = message;
      } else {
        if (!init) throw new Error('worker used before init');
        for (const reports of checker.finish(init.settings, init.workspace, [], REPORT_BATCH)) {
          const result: CheckResult = { type: 'result', reports };
          port.postMessage(result);
        }
      }
    } catch (error) {
      const failure: WorkerFailure = { type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) };
      port.postMessage(failure);
    }
  });
}
