import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { KubesmithSettings } from '../../../protocol/settings';
import { KubesmithService } from '../core/service';
import { FileReport, WorkspaceFile, analyzeFile, checkFile, createService, indexWorkspace, isWorkspaceFile } from './analyze';
import type { PoolFile } from './pool';
import { describeIoError } from './settings';

/**
 * `dist/cli-worker.js`: a worker thread of `kubesmith lint` (see pool.ts). It loads the schemas'
 * index as soon as it starts. While the main thread walks folders, it reads the files it is
 * handed, answers with the workspace files (CRDs, kustomizations) among them, and checks them
 * against what is known so far. Given the whole workspace at the end, it checks again only the
 * files it can change (custom resources of a group the workspace defines, kustomize patches),
 * and sends every report back.
 */

export interface WorkerData {
  schemasDirectory: string;
}

export interface ReadMessage {
  type: 'read';
  files: PoolFile[];
  /** The settings found so far (by index; the list only grows). */
  settings: KubesmithSettings[];
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

/** Files checked so far against what was known (for the progress indicator). */
export interface CheckedCount {
  type: 'checked';
  count: number;
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

interface HeldFile {
  id: number;
  uri: string;
  text: string;
  settings: number;
  report: FileReport;
  /** API groups its check could learn more about from workspace CRDs (see checkFile). */
  groups: string[];
}

let service: KubesmithService | undefined;
/** The final settings (from `init`); checks before it use the read requests' settings. */
let settings: KubesmithSettings[] | undefined;
let settingsSoFar: KubesmithSettings[] = [];
let files: HeldFile[] = [];

function read(message: ReadMessage, port: NonNullable<typeof parentPort>): void {
  const result: ReadResult = { type: 'read', count: message.files.length, errors: [], workspace: [] };
  const texts: (PoolFile & { text: string })[] = [];
  for (const file of message.files) {
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8');
    } catch (error) {
      result.errors.push({ id: file.id, message: `Cannot read ${file.display}: ${describeIoError(error)}` });
      continue;
    }
    texts.push({ ...file, text });
    if (isWorkspaceFile(file.uri, text)) result.workspace.push({ id: file.id, uri: file.uri, text });
  }
  // What the main thread waits for first; then the check, while the walk goes on.
  port.postMessage(result);
  settingsSoFar = message.settings;
  const svc = service ??= createService(schemasDirectory());
  for (const file of texts) files.push({ ...file, ...checkFile(svc, file.uri, file.text, settingsSoFar[file.settings]) });
  const checked: CheckedCount = { type: 'checked', count: texts.length };
  port.postMessage(checked);
}

function check(svc: KubesmithService, message: CheckMessage, port: NonNullable<typeof parentPort>): void {
  const held = files;
  files = [];
  // Checked again: what the whole workspace can change; standard input, checked only now.
  const stale = (file: HeldFile) => file.groups.some((group) => svc.store.hasWorkspaceCrds(group)) || svc.workspace.isKustomizePatch(file.uri);
  const reports = [
    ...held.map((file) => () => ({ id: file.id, report: stale(file) ? analyzeFile(svc, file.uri, file.text, settings![file.settings]) : file.report })),
    ...message.texts.map((file) => () => ({ id: file.id, report: analyzeFile(svc, file.uri, file.text, settings![file.settings]) })),
  ];
  for (let at = 0; at < reports.length; at += REPORT_BATCH) {
    const result: CheckResult = { type: 'result', reports: reports.slice(at, at + REPORT_BATCH).map((report) => report()) };
    port.postMessage(result);
  }
}

function schemasDirectory(): string {
  return (workerData as WorkerData).schemasDirectory;
}

if (parentPort) {
  const port = parentPort;
  // Load the schemas' index (and the default version's) while the main thread is still walking folders.
  try {
    service = createService(schemasDirectory());
    service.store.version(service.store.index.defaultKubernetesVersion);
  } catch {
    service = undefined; // Reported on the first message (handled again there).
  }
  port.on('message', (message: ReadMessage | InitMessage | CheckMessage) => {
    try {
      if (message.type === 'read') {
        read(message, port);
        return;
      }
      service ??= createService(schemasDirectory());
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
