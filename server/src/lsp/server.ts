import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import picomatch from 'picomatch';
import {
  CodeAction, CodeActionKind, CodeActionTriggerKind, Connection, DidChangeConfigurationNotification, FileChangeType, InitializeParams, InitializeResult,
  TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ServerCommands } from '../../../protocol/commands';
import { HardenEditRequest, HardenEditResult, ServerStatus, ServerStatusRequest } from '../../../protocol/requests';
import { KubesmithSettings, resolveSettings } from '../../../protocol/settings';
import { SnippetDefinition, getCompletions } from '../core/authoring/completion';
import { getHover } from '../core/authoring/hover';
import { getDocumentSymbols, getFoldingRanges } from '../core/authoring/symbols';
import { getCodeActions } from '../core/codeActions';
import { hardenFile, summarizeHarden } from '../core/harden';
import { SchemaStore } from '../core/schema/store';
import { KubesmithService } from '../core/service';
import { WorkspaceIndex } from '../core/workspace';
import { ConfigFiles, isConfigFile } from '../node/configFiles';
import { readTextFile } from '../node/textFile';
import { HARDEN_CHECK_DOCUMENT_LIMIT, decline, hardenDeclined, workloadCount } from './requestLimits';

/**
 * Binds the language service to an LSP connection: documents, settings, diagnostics, code
 * actions and the workspace index. No language logic lives here.
 */

const SCAN_LIMIT = 20_000;
const HARDEN_ACTION_KIND = `${CodeActionKind.RefactorRewrite}.kubesmith.harden`;
const SCAN_MAX_FILE_BYTES = 4 * 1024 * 1024;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface ServerOptions {
  store: SchemaStore;
  version: string;
  /** Snippets offered where a new document starts (loaded lazily). */
  snippets: () => SnippetDefinition[];
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const service = new KubesmithService(options.store);
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<KubesmithSettings>>();
  const configFiles = new ConfigFiles();
  const pending = new Map<string, NodeJS.Immediate>();
  let workspaceFolders: URI[] = [];
  let canPullConfiguration = false;
  let snippets: SnippetDefinition[] | undefined;
  let pushedSettings: KubesmithSettings = resolveSettings(undefined);
  /**
   * Whether the workspace is trusted (VS Code's Restricted Mode sends false; other editors send
   * nothing: trusted). Untrusted, nothing of the workspace beyond the open files and the
   * `.kubesmith.yaml` files inside its folders is read: no CRDs (their schemas' patterns and CEL
   * rules are the workspace's code), no folder scan, no config file outside the folders.
   */
  let trusted = true;
  const log = (message: string) => connection.console.info(message);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const initOptions = params.initializationOptions as { settings?: unknown; snippets?: boolean; trusted?: boolean } | undefined;
    if (initOptions?.trusted === false) trusted = false;
    if (initOptions?.settings) pushedSettings = resolveSettings(initOptions.settings);
    // The VS Code extension contributes the snippets itself; offering them again would list each twice.
    if (initOptions?.snippets === false) snippets = [];
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri));
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [URI.parse(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, HARDEN_ACTION_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [ServerCommands.harden] },
        completionProvider: { resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: 'kubesmith', version: options.version },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubesmith' });
    log(`Kubesmith ${options.version} ready (Kubernetes ${options.store.index.kubernetesVersions.join(', ')}; schemas in the bundle, no network).`);
    void scanWorkspace();
  });

  /** Editor settings for a document, with the nearest `.kubesmith.yaml` applied over them. */
  async function settingsFor(uri: string): Promise<KubesmithSettings> {
    let pending = settingsCache.get(uri);
    if (!pending) {
      const editor = canPullConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubesmith' }).then((value) => resolveSettings(value), () => pushedSettings)
        : Promise.resolve(pushedSettings);
      pending = editor.then((base) => {
        const parsed = URI.parse(uri);
        if (parsed.scheme !== 'file') return base;
        const folder = workspaceFolders.find((candidate) => parsed.path.startsWith(`${candidate.path.replace(/\/$/, '')}/`));
        if (!trusted && !folder) return base; // (untrusted: no config file outside the workspace folders)
        return configFiles.settingsFor(dirname(parsed.fsPath), base, folder?.fsPath);
      });
      settingsCache.set(uri, pending);
    }
    return pending;
  }

  function relativePath(uri: URI): string | undefined {
    for (const folder of workspaceFolders) {
      const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
      if (uri.path.startsWith(base)) return uri.path.slice(base.length);
    }
    return undefined;
  }

  /** The include and exclude globs of a settings object, compiled once. */
  const fileMatchers = new WeakMap<KubesmithSettings['files'], { include?: picomatch.Matcher; exclude?: picomatch.Matcher }>();

  function isIncluded(uri: string, settings: KubesmithSettings): boolean {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return true; // untitled and virtual documents: always checked
    const path = relativePath(parsed) ?? parsed.path.replace(/^\//, '');
    let matchers = fileMatchers.get(settings.files);
    if (!matchers) {
      const options = { dot: true };
      const { include, exclude } = settings.files;
      matchers = { include: include.length ? picomatch(include, options) : undefined, exclude: exclude.length ? picomatch(exclude, options) : undefined };
      fileMatchers.set(settings.files, matchers);
    }
    if (matchers.exclude?.(path)) return false;
    return !matchers.include || matchers.include(path);
  }

  async function validate(document: TextDocument): Promise<void> {
    const uri = document.uri;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== document.version) return; // a newer version is coming
    if (!isIncluded(uri, settings)) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const text = document.getText();
    if (trusted && WorkspaceIndex.isInteresting(uri, text) && indexFile(uri, text)) {
      service.invalidateAnalyses();
      scheduleAll(uri);
    }
    const result = service.analyze(uri, text, settings);
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: result.diagnostics });
    // The document's line table, which applying the first incremental change needs (5-10 ms on
    // a 1 MB file): made now, while the diagnostics travel, rather than when the user types.
    void document.lineCount;
  }

  /** Records (or forgets, for null) a file's CRDs and kustomizations. Returns whether anything changed. */
  function indexFile(uri: string, text: string | null): boolean {
    return text === null ? service.workspace.removeFile(uri) : service.workspace.updateFile(uri, text);
  }

  /**
   * Validates a document soon: right after the messages already received are handled, so a burst
   * of changes is checked once, but a single edit waits for nothing. A check only redoes the YAML
   * documents that changed, so even a huge file answers an edit quickly.
   */
  function schedule(document: TextDocument, immediate = false): void {
    const uri = document.uri;
    const run = () => {
      pending.delete(uri);
      const latest = documents.get(uri);
      if (latest) validate(latest).catch((error) => connection.console.error(`Validation of ${uri} failed: ${String(error)}`));
    };
    if (immediate) {
      const queued = pending.get(uri);
      if (queued) clearImmediate(queued);
      run();
      return;
    }
    if (!pending.has(uri)) pending.set(uri, setImmediate(run));
  }

  function scheduleAll(except?: string): void {
    for (const document of documents.all()) if (document.uri !== except) schedule(document);
  }

  documents.onDidOpen((event) => schedule(event.document, true));
  documents.onDidChangeContent((event) => {
    if (event.document.version > 1 || pending.has(event.document.uri)) schedule(event.document);
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const queued = pending.get(uri);
    if (queued) clearImmediate(queued);
    pending.delete(uri);
    settingsCache.delete(uri);
    // A closed document holds nothing: its analyses go, and so do the CRDs of an unsaved one.
    service.release(uri);
    if (URI.parse(uri).scheme !== 'file' && indexFile(uri, null)) {
      service.invalidateAnalyses();
      scheduleAll();
    }
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { kubesmith?: unknown } | undefined)?.kubesmith;
    if (pushed) pushedSettings = resolveSettings(pushed);
    log('Settings changed; checking open documents again.');
    scheduleAll();
  });

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const settings = await settingsFor(document.uri);
    const actions: CodeAction[] = getCodeActions(service, document.uri, document.getText(), settings, params.context.diagnostics);
    // Harden Manifest as a refactoring (VS Code's Refactor menu can preview it); its edit is
    // computed again when chosen. Offered when asked for (Ctrl+., the Refactor menu), not to the
    // light bulb's automatic requests, and only where it would change something.
    const { only, triggerKind } = params.context;
    const wantsRefactor = only
      ? only.some((kind) => kind === HARDEN_ACTION_KIND || HARDEN_ACTION_KIND.startsWith(`${kind}.`))
      : triggerKind !== CodeActionTriggerKind.Automatic;
    if (wantsRefactor) {
      const file = service.analyze(document.uri, document.getText(), settings);
      // (Bounded: on a large file it is offered without hardening it first, and above the limit not at all.)
      if (workloadCount(file) > 0 && !hardenDeclined(file)
        && (file.documents.length > HARDEN_CHECK_DOCUMENT_LIMIT || hardenFile(service, document.uri, document.getText(), settings).edits.length > 0)) {
        actions.push({ title: 'Harden Manifest', kind: HARDEN_ACTION_KIND, data: { uri: document.uri, version: document.version } });
      }
    }
    return actions;
  });

  connection.onCodeActionResolve(async (action) => {
    const data = action.data as { uri?: string; version?: number } | undefined;
    const document = data?.uri ? documents.get(data.uri) : undefined;
    if (!document || document.version !== data?.version || action.kind !== HARDEN_ACTION_KIND) return action;
    const result = await hardenEdit(document.uri);
    return { ...action, edit: { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: result.edits }] } };
  });

  async function hardenEdit(uri: string): Promise<HardenEditResult> {
    const document = documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    const settings = await settingsFor(uri);
    const declined = hardenDeclined(service.analyze(uri, document.getText(), settings));
    if (declined) throw decline(declined);
    const result = hardenFile(service, uri, document.getText(), settings);
    return {
      uri,
      edits: result.edits,
      summary: summarizeHarden(result),
      remaining: result.remaining.map((d) => ({ line: d.range.start.line + 1, rule: String(d.code), message: d.message })),
    };
  }

  connection.onRequest(HardenEditRequest, (params) => hardenEdit(params.uri));

  connection.onExecuteCommand(async (params) => {
    if (params.command !== ServerCommands.harden) return undefined;
    const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
    if (!uri) throw new Error('kubesmith.harden needs the document URI as its argument');
    const result = await hardenEdit(uri);
    if (result.edits.length > 0) {
      const document = documents.get(uri);
      await connection.workspace.applyEdit({
        label: 'Harden Manifest',
        edit: { documentChanges: [{ textDocument: { uri, version: document?.version ?? null }, edits: result.edits }] },
      });
    }
    log(result.summary.length ? `Hardened ${uri}: ${result.summary.join('; ')}` : `Nothing to harden in ${uri}.`);
    return result;
  });

  connection.onCompletion(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const settings = await settingsFor(document.uri);
    return getCompletions(service, document.uri, document.getText(), settings, params.position, (snippets ??= options.snippets()));
  });

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    return getHover(service, document.uri, document.getText(), await settingsFor(document.uri), params.position);
  });

  connection.onDocumentSymbol(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return getDocumentSymbols(service, document.uri, document.getText(), await settingsFor(document.uri));
  });

  connection.onFoldingRanges(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return getFoldingRanges(service, document.uri, document.getText(), await settingsFor(document.uri));
  });

  connection.onRequest(ServerStatusRequest, (): ServerStatus => ({
    pid: process.pid,
    version: options.version,
    kubernetesVersions: options.store.index.kubernetesVersions,
    workspaceCrds: options.store.workspaceCrdList().map((crd) => `${crd.group}/${crd.kind}`),
    open: documents.keys().length,
    caches: { ...service.cacheSizes(), settings: settingsCache.size, pending: pending.size },
  }));

  connection.onDidChangeWatchedFiles(async (params) => {
    let changed = false;
    for (const change of params.changes) {
      if (isConfigFile(URI.parse(change.uri).path)) {
        configFiles.forget();
        settingsCache.clear();
        log(`Configuration file changed: ${URI.parse(change.uri).fsPath}`);
        changed = true;
        continue;
      }
      if (documents.get(change.uri) || !trusted) continue; // open documents are indexed from their live text
      if (change.type === FileChangeType.Deleted) {
        changed = indexFile(change.uri, null) || changed;
      } else {
        const text = await readSmallFile(URI.parse(change.uri).fsPath);
        if (text !== undefined) changed = indexFile(change.uri, text) || changed;
      }
    }
    if (changed) {
      service.invalidateAnalyses();
      scheduleAll();
    }
  });

  /** Indexes CRDs and kustomizations of the workspace folders, without blocking requests. */
  async function scanWorkspace(): Promise<void> {
    if (!trusted) {
      log('Restricted Mode: the workspace is not trusted, so its custom resource definitions are not loaded (the bundled schemas still apply).');
      return;
    }
    let files = 0;
    let found = false;
    const visit = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (files >= SCAN_LIMIT) return;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) await visit(path);
        } else if (entry.isFile() && (MANIFEST_FILE.test(entry.name) || entry.name === 'Kustomization')) {
          files++;
          const uri = URI.file(path).toString();
          if (documents.get(uri)) continue;
          const text = await readSmallFile(path);
          if (text !== undefined && WorkspaceIndex.isInteresting(uri, text)) found = indexFile(uri, text) || found;
          if (files % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }
    };
    for (const folder of workspaceFolders) if (folder.scheme === 'file') await visit(folder.fsPath);
    const crds = options.store.workspaceCrdList();
    log(`Workspace indexed: ${files} YAML/JSON files, ${crds.length} custom resource definition(s)${crds.length ? ` (${crds.map((crd) => crd.kind).join(', ')})` : ''}.`);
    if (found) {
      service.invalidateAnalyses();
      scheduleAll();
    }
  }

  documents.listen(connection);
  connection.listen();
}

async function readSmallFile(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > SCAN_MAX_FILE_BYTES) return undefined;
    return (await readTextFile(path)).text;
  } catch {
    return undefined;
  }
}
