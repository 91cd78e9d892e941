import { URI } from 'vscode-uri';
import { KubesmithSettings } from '../../../protocol/settings';
import { SchemaStore } from '../core/schema/store';
import { splitApiVersion } from '../core/schema/types';
import type { KubesmithDiagnostic } from '../core/diagnostics';
import { KubesmithService } from '../core/service';
import { FileEntry, buildEntry } from '../core/workspace/entry';
import { WorkspaceIndex } from '../core/workspace/definitions';
import { FileBundleReader } from '../node/bundleReader';
import type { Target } from './files';
import { readTexts } from './read';

/**
 * One file through the core, reduced to what the CLI prints. Used in-process for small runs and
 * by each worker thread (worker.ts) for large ones, so both paths give the same results.
 */

export type Severity = 1 | 2 | 3 | 4;

/** A finding with 1-based lines and columns (end exclusive, as in the editor). */
export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface FileReport {
  findings: Finding[];
  /** Kubernetes resources found in the file. */
  resources: number;
  skipped?: string;
  /** What the workspace model keeps of it, for the checks between resources (workspace.ts). */
  entry?: FileEntry;
}

export interface WorkspaceFile {
  uri: string;
  text: string;
}

/**
 * A service for a batch run: files are seen once, so nothing is cached (a cache only costs
 * hashing each text, memory and garbage collection: what it holds outlives the young generation
 * and must be collected from the old one).
 */
export function createService(schemasDirectory: string): KubesmithService {
  return new KubesmithService(new SchemaStore(new FileBundleReader(schemasDirectory)), { cacheSize: 0, parsedCacheSize: 0 });
}

/** Registers the CRDs and kustomizations found among the inputs. */
export function indexWorkspace(service: KubesmithService, files: readonly WorkspaceFile[]): void {
  let changed = false;
  for (const file of files) changed = service.workspace.updateFile(file.uri, file.text) || changed;
  if (changed) service.invalidateAnalyses();
}

export function isWorkspaceFile(uri: string, text: string): boolean {
  return WorkspaceIndex.isInteresting(uri, text);
}

export function analyzeFile(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings): FileReport {
  return checkFile(service, uri, text, settings).report;
}

/**
 * A file's report, and the API groups of its resources that were not checked against a built-in
 * Kubernetes schema: the only ones a CRD found later in the run can change (built-in kinds always
 * win over CRDs), so a file without them never needs checking again.
 */
export function checkFile(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings): { report: FileReport; groups: string[] } {
  const analysis = service.analyze(uri, text, settings);
  let resources = 0;
  const groups: string[] = [];
  for (const document of analysis.documents) {
    for (const resource of document.analysis.resources) {
      resources++;
      const { resolution } = resource;
      if (resolution.status === 'schema' && resolution.kindSchema.origin === 'kubernetes') continue;
      const { group } = splitApiVersion(resource.apiVersion);
      if (!groups.includes(group)) groups.push(group);
    }
  }
  const findings = analysis.diagnostics.map(toFinding);
  const entry = analysis.skipped ? undefined : buildEntry(analysis);
  return { report: { findings, resources, ...(analysis.skipped ? { skipped: analysis.skipped } : {}), ...(entry ? { entry } : {}) }, groups };
}

export function toFinding(diagnostic: KubesmithDiagnostic): Finding {
  return {
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    severity: (diagnostic.severity ?? 1) as Severity,
    code: diagnostic.code,
    message: diagnostic.message,
  };
}

/**
 * Workspace files besides the linted ones: standard input (`helm template chart/ | kubesmith lint -`
 * may hold CRDs and their resources) and the kustomizations above the linted files.
 */
export function otherWorkspaceFiles(stdin: Target | undefined, stdinText: string | undefined, kustomizations: string[]): WorkspaceFile[] {
  const workspace: WorkspaceFile[] = [];
  if (stdin && isWorkspaceFile(stdin.uri, stdinText!)) workspace.push({ uri: stdin.uri, text: stdinText! });
  const extra = readTexts(kustomizations, kustomizations);
  kustomizations.forEach((path, i) => {
    const text = extra.texts[i];
    if (text !== undefined) workspace.push({ uri: fileUri(path), text });
  });
  return workspace;
}

/** Same form as the targets' URIs, so the workspace index matches them. */
function fileUri(path: string): string {
  return URI.file(path).toString();
}
