import { parentPort, workerData } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { KubesmithService } from '../core/service';
import { FileReport, WorkspaceFile, analyzeFile, createService, indexWorkspace } from './analyze';

/**
 * `dist/cli-worker.js`: a worker thread of `kubesmith lint`. It loads the schemas' index as soon
 * as it starts (`workerData`), receives the settings and the workspace files (CRDs,
 * kustomizations) once, then batches of files, and answers each batch with their reports. See
 * pool.ts.
 */

export interface WorkerData {
  schemasDirectory: string;
}

export interface InitMessage {
  type: 'init';
  settings: KubesmithSettings[];
  workspace: WorkspaceFile[];
}

export interface BatchMessage {
  type: 'batch';
  id: number;
  files: { index: number; uri: string; text: string; settings: number }[];
}

export interface BatchResult {
  type: 'result';
  id: number;
  reports: { index: number; report: FileReport }[];
}

export interface WorkerFailure {
  type: 'error';
  id?: number;
  message: string;
}

let service: KubesmithService | undefined;
let settings: KubesmithSettings[] | undefined;

function handle(message: InitMessage | BatchMessage): BatchResult | undefined {
  service ??= createService((workerData as WorkerData).schemasDirectory);
  if (message.type === 'init') {
    settings = message.settings;
    indexWorkspace(service, message.workspace);
    return undefined;
  }
  if (!settings) throw new Error('worker used before init');
  const svc = service;
  return {
    type: 'result',
    id: message.id,
    reports: message.files.map((file) => ({ index: file.index, report: analyzeFile(svc, file.uri, file.text, settings![file.settings]) })),
  };
}

if (parentPort) {
  const port = parentPort;
  // Load the schemas' index (and the default version's) while the main thread is still walking folders.
  try {
    service = createService((workerData as WorkerData).schemasDirectory);
    service.store.version(service.store.index.defaultKubernetesVersion);
  } catch {
    // Reported on the first message (handle() tries again).
  }
  port.on('message', (message: InitMessage | BatchMessage) => {
    try {
      const result = handle(message);
      if (result) port.postMessage(result);
    } catch (error) {
      const failure: WorkerFailure = {
        type: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error),
        ...(message.type === 'batch' ? { id: message.id } : {}),
      };
      port.postMessage(failure);
    }
  });
}
