import { statSync } from 'node:fs';
import { readTextFile, readTextFileSync } from '../node/textFile';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  Connection, DidChangeWatchedFilesNotification, DidChangeWatchedFilesParams, FileChangeType, TextDocuments, WatchKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { KubesmithSettings } from '../../../protocol/settings';
import { applyConfig } from '../core/config';
import { KubesmithDiagnostic } from '../core/diagnostics';
import { FileAnalysis, KubesmithService } from '../core/service';
import { WorkspaceIndex } from '../core/workspace/definitions';
import { withWorkspaceDiagnostics } from '../core/workspace/diagnostics';
import { buildEntry } from '../core/workspace/entry';
import { WorkspaceModel } from '../core/workspace/model';
import { ConfigFiles, isConfigFile } from '../node/configFiles';
import { FileSelection, SelectionScope } from '../node/fileSelection';
import * as l10n from '@vscode/l10n';

/**
 * The workspace as the language server knows it: which files are checked (the file selection the
 * CLI uses too), the workspace model fed with them — indexed in the background at start, with
 * progress shown in the editor, then kept current from file events and open editors, one file at a
 * time — and the diagnostics of open documents, published again when a change elsewhere changes
 * their findings between resources.
 */

const MAX_FILE_BYTES = 4 * 1024 * 1024;
/**
 * Files indexed at most (a home folder opened as a workspace should not cost minutes of CPU); the
 * files beyond are still checked when opened. Measured: 5,000 files index in about 3.5 s.
 */
const MAX_INDEXED_FILES = 20_000;
/** Files indexed between two turns of the event loop (requests and edits are answered in between). */
const FILES_PER_TURN = 16;

export interface IndexerOptions {
  connection: Connection;
  service: KubesmithService;
  documents: TextDocuments<TextDocument>;
  configFiles: ConfigFiles;
  /** The editor's settings for a workspace folder (or, for a file outside them, the defaults it sent). */
  folderSettings(folder: URI | undefined): Promise<KubesmithSettings>;
  /** The settings of an open document. */
  settingsFor(uri: string): Promise<KubesmithSettings>;
  /** Checks the open documents again (workspace CRDs or kustomize patches changed). */
  revalidateAll(): void;
  /** Whether the client lets the server register file watchers (`workspace/didChangeWatchedFiles`). */
  clientWatchesFiles(): boolean;
  /**
   * Whether the workspace is trusted. Untrusted (VS Code's Restricted Mode), nothing of the
   * workspace is read but the open documents: no folder scan, no file events, and no CRDs (their
   * patterns and CEL rules are the workspace's code).
   */
  trusted(): boolean;
  log(message: string): void;
}

export type IndexState = 'waiting' | 'indexing' | 'ready';

export class WorkspaceIndexer {
  readonly model: WorkspaceModel;
  state: IndexState = 'waiting';
  private folders: URI[] = [];
  private folderBase = new Map<string, KubesmithSettings>();
  private selection: FileSelection;
  private readonly scopes = new Map<string, SelectionScope>();
  /**
   * What was last published for each open document, so unchanged findings are not sent again
   * (as JSON, written only when a change elsewhere might have changed them, and then kept).
   */
  private readonly published = new Map<string, { diagnostics: readonly KubesmithDiagnostic[]; json?: string }>();
  /** The files the selection selects in the workspace folders (URIs): what Kubesmith checks there. */
  readonly selected = new Set<string>();
  /** Counts the (re)indexing runs: a run that is overtaken stops. */
  private run = 0;
  private watchersRegistered = false;
  /** The kustomize generation the open documents' findings were last worked out at. */
  private kustomizeSeen = 0;

  constructor(private readonly options: IndexerOptions) {
    this.model = new WorkspaceModel(options.service.workspace, options.service.store);
    this.selection = this.newSelection();
  }

  setFolders(folders: URI[]): void {
    this.folders = folders.filter((folder) => folder.scheme === 'file');
  }

  /** Indexes the workspace folders in the background (again, after the selection settings changed). */
  async start(): Promise<void> {
    const run = ++this.run;
    const { connection, log } = this.options;
    if (!this.options.trusted()) {
      this.state = 'ready';
      log('Restricted Mode: the workspace is not trusted, so Kubesmith reads only the open files: no workspace index, and no custom resource definitions of the workspace (the bundled schemas still apply).');
      return;
    }
    this.state = 'indexing';
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin(l10n.t('Kubesmith: indexing the workspace'), 0, l10n.t('looking for manifests'), false);
    try {
      await this.loadFolderSettings();
      if (run !== this.run) return;
      this.selection = this.newSelection();
      const files: string[] = [];
      const kustomizations: string[] = [];
      for (const folder of this.folders) {
        await this.selection.walk(folder.fsPath, {
          file: (path) => files.push(path),
          kustomization: (path) => kustomizations.push(path),
          unreadable: () => undefined,
        });
      }
      if (run !== this.run) return;
      this.selected.clear();
      for (const path of files) this.selected.add(URI.file(path).toString());
      // Files the model holds that are no longer selected (settings or .gitignore changed).
      for (const uri of this.model.files()) if (!this.selected.has(uri) && !this.options.documents.get(uri)) this.model.remove(uri);
      let definitionsChanged = false;
      const started = Date.now();
      // Kustomizations first: which files are patches (partial resources) is then known when they are checked.
      const isKustomization = (path: string) => /(^|[\\/])kustomization\.ya?ml$/.test(path);
      const all = [...kustomizations, ...files.filter(isKustomization), ...files.filter((path) => !isKustomization(path))];
      if (all.length > MAX_INDEXED_FILES) {
        log(`The workspace holds ${all.length} files Kubesmith checks; it indexes the first ${MAX_INDEXED_FILES} (the others are checked when opened, and what lies between them is not).`);
        all.length = MAX_INDEXED_FILES;
      }
      const firstChecked = kustomizations.length;
      for (let i = 0; i < all.length; i++) {
        if (run !== this.run) return;
        const path = all[i];
        const uri = URI.file(path).toString();
        if (this.options.documents.get(uri)) continue; // open documents are indexed from their live text
        // Read synchronously: a few small files per turn of the event loop; through the thread
        // pool each read cost more than checking the file (measured: 40% of the index's time).
        const text = readSmallFileSync(path);
        if (text === undefined) continue;
        definitionsChanged = this.setDefinitions(uri, text) || definitionsChanged;
        if (i >= firstChecked) this.indexText(uri, path, text);
        if (i % FILES_PER_TURN === FILES_PER_TURN - 1) {
          progress?.report(Math.round((100 * (i + 1)) / all.length), `${i + 1}/${all.length} files`);
          await new Promise(setImmediate);
        }
      }
      if (run !== this.run) return;
      this.state = 'ready';
      const crds = this.options.service.store.workspaceCrdList();
      log(`Workspace indexed: ${files.length} files, ${[...this.model.all()].length} resources, ${crds.length} custom resource definition(s)${crds.length ? ` (${crds.map((crd) => crd.kind).join(', ')})` : ''} in ${Date.now() - started} ms.`);
      await this.registerWatchers();
      this.kustomizationsChanged();
      if (definitionsChanged) this.options.revalidateAll();
      else await this.refresh();
    } finally {
      progress?.done();
    }
  }

  /** Whether an open document is checked: the same selection as the index (untitled and other non-file documents: always). */
  isChecked(uri: string): boolean {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return true;
    const path = parsed.fsPath;
    return this.selection.isSelected(path, this.folderOf(path)?.fsPath ?? dirname(path));
  }

  /**
   * Records what an open document defines for the checking of others (CRDs, kustomizations).
   * Returns whether other documents must be checked again.
   */
  setDefinitions(uri: string, text: string | null): boolean {
    const { service } = this.options;
    if (text === null) return service.workspace.removeFile(uri);
    if (!this.options.trusted()) return false;
    if (!WorkspaceIndex.isInteresting(uri, text) && !service.store.workspaceCrdList().some((crd) => crd.sourceUri === uri)) return false;
    return service.workspace.updateFile(uri, text);
  }

  /**
   * Records a checked document's resources. Returns whether what other files see changed: its
   * resources, or (a kustomization) the namespaces and names of the files it lists.
   */
  update(uri: string, analysis: FileAnalysis): boolean {
    const changed = analysis.skipped || !this.isChecked(uri) || this.options.service.workspace.isKustomizePatch(uri)
      ? this.model.remove(uri)
      : this.model.update(buildEntry(analysis));
    return this.kustomizationsChanged() || changed;
  }

  /** Whether a kustomization's namespace, names or resources changed since the last look. */
  private kustomizationsChanged(): boolean {
    const generation = this.options.service.workspace.kustomizeGeneration;
    const changed = generation !== this.kustomizeSeen;
    this.kustomizeSeen = generation;
    return changed;
  }

  /** A document's diagnostics, its own merged with those between resources; recorded as published. */
  diagnostics(uri: string, own: readonly KubesmithDiagnostic[], settings: KubesmithSettings): KubesmithDiagnostic[] {
    const diagnostics = withWorkspaceDiagnostics(this.model, uri, own, settings);
    this.published.set(uri, { diagnostics });
    return diagnostics;
  }

  /** A document is not open any more: its file on disk (if checked) is what the workspace holds again. */
  async closed(uri: string): Promise<void> {
    this.published.delete(uri);
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') {
      if (this.model.remove(uri)) await this.refresh();
      return;
    }
    // A file outside the workspace folders belonged to the workspace only while open.
    const text = this.folderOf(parsed.fsPath) && this.isChecked(uri) ? await readSmallFile(parsed.fsPath) : undefined;
    const changed = text === undefined ? this.model.remove(uri) : this.indexText(uri, parsed.fsPath, text);
    if (changed) await this.refresh();
  }

  /** File events: a changed file is indexed again, a deleted one forgotten; config and .gitignore changes re-select files. */
  async watchedFilesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    let definitionsChanged = false;
    let modelChanged = false;
    let reselect = false;
    for (const change of params.changes) {
      const parsed = URI.parse(change.uri);
      if (isConfigFile(parsed.path) || parsed.path.endsWith('/.gitignore')) {
        this.options.configFiles.forget();
        this.options.log(`${isConfigFile(parsed.path) ? 'Configuration' : '.gitignore'} file changed: ${parsed.fsPath}`);
        reselect = true;
        continue;
      }
      if (!this.options.trusted()) continue; // (untrusted: only the open documents are read)
      if (change.type === FileChangeType.Deleted) this.selected.delete(change.uri);
      else if (this.folderOf(parsed.fsPath) && this.isChecked(change.uri)) this.selected.add(change.uri);
      if (this.options.documents.get(change.uri)) continue; // open documents are indexed from their live text
      if (change.type === FileChangeType.Deleted) {
        definitionsChanged = this.setDefinitions(change.uri, null) || definitionsChanged;
        modelChanged = this.model.remove(change.uri) || modelChanged;
        continue;
      }
      const text = await readSmallFile(parsed.fsPath);
      if (text === undefined) continue;
      definitionsChanged = this.setDefinitions(change.uri, text) || definitionsChanged;
      if (this.folderOf(parsed.fsPath) && this.isChecked(change.uri)) modelChanged = this.indexText(change.uri, parsed.fsPath, text) || modelChanged;
      else modelChanged = this.model.remove(change.uri) || modelChanged;
    }
    if (reselect) {
      this.options.revalidateAll();
      await this.start();
      return;
    }
    if (definitionsChanged) this.options.revalidateAll();
    else if (this.kustomizationsChanged() || modelChanged) await this.refresh();
  }

  /** The editor's settings changed: the selection may have too. */
  async settingsChanged(): Promise<void> {
    this.folderBase.clear();
    if (this.state !== 'waiting') await this.start();
  }

  /** Publishes again the open documents whose diagnostics changed (findings between resources), and only those. */
  async refresh(except?: string): Promise<void> {
    const { documents, service, connection } = this.options;
    for (const document of documents.all()) {
      if (document.uri === except || !this.isChecked(document.uri)) continue;
      const settings = await this.options.settingsFor(document.uri);
      const current = documents.get(document.uri);
      if (current?.version !== document.version) continue; // a newer version is being checked
      const own = service.analyze(document.uri, document.getText(), settings).diagnostics;
      const diagnostics = withWorkspaceDiagnostics(this.model, document.uri, own, settings);
      const published = this.published.get(document.uri);
      const json = JSON.stringify(diagnostics);
      if (published && (published.json ??= JSON.stringify(published.diagnostics)) === json) continue;
      this.published.set(document.uri, { diagnostics, json });
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    }
  }

  /** Indexes a file's text (not open). Returns whether what other files see changed. */
  private indexText(uri: string, path: string, text: string): boolean {
    const settings = this.settingsForPath(path);
    if (!settings) return false;
    return this.update(uri, this.options.service.analyze(uri, text, settings));
  }

  /** The settings of a file that is not open: its folder's editor settings with its `.kubesmith.yaml` applied. */
  private settingsForPath(path: string): KubesmithSettings | undefined {
    const folder = this.folderOf(path);
    const base = this.folderBase.get(folder?.toString() ?? '');
    if (!base) return undefined;
    return this.options.configFiles.settingsFor(dirname(path), base, folder?.fsPath);
  }

  private folderOf(path: string): URI | undefined {
    return this.folders.find((folder) => path === folder.fsPath || path.startsWith(`${folder.fsPath.replace(/[\\/]$/, '')}/`));
  }

  private async loadFolderSettings(): Promise<void> {
    for (const folder of [...this.folders, undefined]) {
      const key = folder?.toString() ?? '';
      if (!this.folderBase.has(key)) this.folderBase.set(key, await this.options.folderSettings(folder));
    }
  }

  /** The selection scope of a folder: the `.kubesmith.yaml` that applies there (globs relative to its folder), else the workspace folder's settings. */
  private newSelection(): FileSelection {
    this.scopes.clear();
    return new FileSelection((dir) => {
      const folder = this.folderOf(dir);
      const found = this.options.configFiles.find(dir, folder?.fsPath);
      const key = found?.path ?? `folder:${folder?.fsPath ?? ''}`;
      let scope = this.scopes.get(key);
      if (!scope) {
        const base = this.folderBase.get(folder?.toString() ?? '') ?? this.folderBase.get('');
        const files = (found && base ? applyConfig(base, found.config) : base)?.files ?? { include: ['**/*.yaml', '**/*.yml', '**/*.json'], exclude: [] };
        scope = { key, files, baseDir: found ? dirname(found.path) : folder?.fsPath ?? dir };
        this.scopes.set(key, scope);
      }
      return scope;
    });
  }

  /** Asks the editor to report changes of the files that may be selected, and of what selects them. */
  private async registerWatchers(): Promise<void> {
    if (this.watchersRegistered || !this.options.clientWatchesFiles()) return;
    this.watchersRegistered = true;
    const globs = new Set(['**/*.{yaml,yml,json}', '**/Kustomization', '**/.kubesmith.{yaml,yml}', '**/.gitignore']);
    for (const settings of this.folderBase.values()) {
      for (const include of settings.files.include) globs.add(include.startsWith('**/') ? include : `**/${include.replace(/^\.?\//, '')}`);
    }
    const kind = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
    await this.options.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [...globs].map((globPattern) => ({ globPattern, kind })) })
      .catch((error: unknown) => this.options.log(`Could not register file watchers: ${String(error)}`));
  }
}

function readSmallFileSync(path: string): string | undefined {
  try {
    const info = statSync(path);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    // Decoded as kubectl reads it (UTF-8, or UTF-16 with a byte order mark).
    return readTextFileSync(path).text;
  } catch {
    return undefined;
  }
}

async function readSmallFile(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    return (await readTextFile(path)).text;
  } catch {
    return undefined;
  }
}
