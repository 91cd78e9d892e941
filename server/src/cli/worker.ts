import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { KubesmithService } from '../core/service';
import { FileReport, WorkspaceFile, analyzeFile, createService, indexWorkspace, isWorkspaceFile } from './analyze';
import type { PoolFile } from './pool';
import { describeIoError } from './settings';

/**
 * `dist/cli-worker.js`: a worker thread of `kubesmith lint` (see pool.ts). It loads the schemas'
 * index as soon as it starts; reads the files it is handed while the main thread walks folders,
 * keeping their texts and answering with the workspace files (CRDs, kustomizations) among them;
 * then, given the settings and the whole workspace, checks the files it read.
 */

export interface WorkerData {
  schemasDirectory: string;
}

export interface ReadMessage {
  type: 'read';
  files: PoolFile[];
}

export interface ReadResult {
  type: 'read';
  count: number;
  errors: { id: number; message: string }[];
  workspace: (WorkspaceFile & { id: number })[];
}

export interface InitMessage {
  type: 'init';
  settings: KubesmithSettings[];
  workspace: WorkspaceFile[];
}

export interface CheckMessage {
  type: 'check';
  /** Files the main thread read (standard input), checked along with this thread's own. */
  texts: { id: number; uri: string; text: string; settings: number }[];
}

export interface CheckResult {
  type: 'result';
  reports: { id: number; report: FileReport }[];
}

export interface WorkerFailure {
  type: 'error';
  message: string;
}

/** Reports sent back together (progress moves by this much). */
const REPORT_BATCH = 128;

let service: KubesmithService | undefined;
let settings: KubesmithSettings[] | undefined;
const files: { id: number; uri: string; text: string; settings: number }[] = [];

function read(message: ReadMessage): ReadResult {
  const result: ReadResult = { type: 'read', count: message.files.length, errors: [], workspace: [] };
  for (const file of message.files) {
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8');
    } catch (error) {
      result.errors.push({ id: file.id, message: `Cannot read ${file.display}: ${describeIoError(error)}` });
      continue;
    }
    files.push({ id: file.id, uri: file.uri, text, settings: file.settings });
    if (isWorkspaceFile(file.uri, text)) result.workspace.push({ id: file.id, uri: file.uri, text });
  }
  return result;
}

function check(svc: KubesmithService, message: CheckMessage, port: NonNullable<typeof parentPort>): void {
  const all = [...files, ...message.texts];
  files.length = 0;
  for (let at = 0; at < all.length; at += REPORT_BATCH) {
    const result: CheckResult = { type: 'result', reports: [] };
    for (const file of all.slice(at, at + REPORT_BATCH)) {
      result.reports.push({ id: file.id, report: analyzeFile(svc, file.uri, file.text, settings![file.settings]) });
    }
    port.postMessage(result);
  }
}

if (parentPort) {
  const port = parentPort;
  const schemasDirectory = (workerData as WorkerData).schemasDirectory;
  // Load the schemas' index (and the default version's) while the main thread is still walking folders.
  try {
    service = createService(schemasDirectory);
    service.store.version(service.store.index.defaultKubernetesVersion);
  } catch {
    service = undefined; // Reported on the first message (handled again there).
  }
  port.on('message', (message: ReadMessage | InitMessage | CheckMessage) => {
    try {
      if (message.type === 'read') {
        port.postMessage(read(message));
        return;
      }
      service ??= createService(schemasDirectory);
      if (message.type === 'init') {
        settings = message.settings;
        indexWorkspace(service, message.workspace);
      } else {
        if (!settings) throw new Error('worker used before init');
        check(service, message, port);
      }
    } catch (error) {
      const failure: WorkerFailure = { type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) };
      port.postMessage(failure);
    }
  });
}
