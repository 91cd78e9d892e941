import { KubesmithSettings } from '../../../protocol/settings';
import { KubesmithService } from '../core/service';
import { FileReport, WorkspaceFile, analyzeFile, checkFile, indexWorkspace, isWorkspaceFile } from './analyze';
import { readTexts } from './read';

/**
 * What each thread of a parallel `kubesmith lint` does with its share of the files (pool.ts):
 * read a batch, tell the run which of them are CRDs or kustomizations, and check them against
 * what is known so far, while the walk goes on; at the end, given the whole workspace, check
 * again only what it can change (custom resources of a group a workspace CRD defines, kustomize
 * patches) and hand over the reports.
 */

/** A file handed to a thread: its number in the order of discovery (reports are keyed by it) and where it is. */
export interface BatchFile {
  id: number;
  path: string;
  display: string;
  uri: string;
  settings: number;
}

export interface BatchRead {
  count: number;
  /** "Cannot read x: reason" for the files that could not be read. */
  errors: { id: number; message: string }[];
  workspace: (WorkspaceFile & { id: number })[];
}

interface HeldFile {
  id: number;
  uri: string;
  text: string;
  settings: number;
  report: FileReport;
  /** API groups its check could learn more about from workspace CRDs (see checkFile). */
  groups: string[];
}

export class BatchChecker {
  private held: HeldFile[] = [];

  constructor(private readonly service: KubesmithService) {}

  /** Reads a batch; `check` (with the settings known so far) then checks what was read. */
  read(files: readonly BatchFile[]): { read: BatchRead; check: (settings: readonly KubesmithSettings[]) => number } {
    const { texts: contents, errors } = readTexts(files.map((file) => file.path), files.map((file) => file.display));
    const read: BatchRead = { count: files.length, errors: errors.map(({ index, message }) => ({ id: files[index].id, message })), workspace: [] };
    const texts: (BatchFile & { text: string })[] = [];
    files.forEach((file, i) => {
      const text = contents[i];
      if (text === undefined) return;
      texts.push({ ...file, text });
      if (isWorkspaceFile(file.uri, text)) read.workspace.push({ id: file.id, uri: file.uri, text });
    });
    const check = (settings: readonly KubesmithSettings[]) => {
      for (const file of texts) this.held.push({ id: file.id, uri: file.uri, text: file.text, settings: file.settings, ...checkFile(this.service, file.uri, file.text, settings[file.settings]) });
      return texts.length;
    };
    return { read, check };
  }

  /**
   * Indexes the whole workspace, checks again the files it can change and checks `texts` (files
   * read elsewhere: standard input); returns the reports of every file, `batch` at a time.
   */
  *finish(settings: readonly KubesmithSettings[], workspace: readonly WorkspaceFile[], texts: readonly { id: number; uri: string; text: string; settings: number }[], batch: number): Generator<{ id: number; report: FileReport }[]> {
    const { service } = this;
    indexWorkspace(service, workspace);
    const stale = (file: HeldFile) => file.groups.some((group) => service.store.hasWorkspaceCrds(group)) || service.workspace.isKustomizePatch(file.uri);
    const held = this.held;
    this.held = [];
    const jobs = [
      ...held.map((file) => () => ({ id: file.id, report: stale(file) ? analyzeFile(service, file.uri, file.text, settings[file.settings]) : file.report })),
      ...texts.map((file) => () => ({ id: file.id, report: analyzeFile(service, file.uri, file.text, settings[file.settings]) })),
    ];
    for (let at = 0; at < jobs.length; at += batch) yield jobs.slice(at, at + batch).map((job) => job());
  }
}
