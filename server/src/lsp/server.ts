import { dirname } from 'node:path';
import {
  CodeAction, CodeActionKind, CodeActionTriggerKind, Connection, DidChangeConfigurationNotification, InitializeParams, InitializeResult,
  TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ServerCommands } from '../../../protocol/commands';
import { HardenEditRequest, HardenEditResult, ServerStatus, ServerStatusRequest, WorkspaceFilesRequest } from '../../../protocol/requests';
import { KubesmithSettings, resolveSettings } from '../../../protocol/settings';
import { SnippetDefinition, getCompletions } from '../core/authoring/completion';
import { getHover } from '../core/authoring/hover';
import { getDocumentSymbols, getFoldingRanges } from '../core/authoring/symbols';
import { getCodeActions } from '../core/codeActions';
import { hardenFile, summarizeHarden } from '../core/harden';
import { hasPodSpec } from '../core/rules/workloads';
import { SchemaStore } from '../core/schema/store';
import { KubesmithService } from '../core/service';
import { ConfigFiles } from '../node/configFiles';
import { NAVIGATION_CAPABILITIES, registerNavigation } from './navigation';
import { WorkspaceIndexer } from './workspaceIndexer';

/**
 * Binds the language service to an LSP connection: documents, settings, diagnostics, code
 * actions; the workspace (indexer, navigation) in workspaceIndexer.ts and navigation.ts. No
 * language logic lives here.
 */

const HARDEN_ACTION_KIND = `${CodeActionKind.RefactorRewrite}.kubesmith.harden`;

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
  let canWatchFiles = false;
  let snippets: SnippetDefinition[] | undefined;
  let pushedSettings: KubesmithSettings = resolveSettings(undefined);
  const log = (message: string) => connection.console.info(message);
  const indexer = new WorkspaceIndexer({
    connection, service, documents, configFiles, log,
    folderSettings: (folder) => (canPullConfiguration && folder
      ? connection.workspace.getConfiguration({ scopeUri: folder.toString(), section: 'kubesmith' }).then((value) => resolveSettings(value), () => pushedSettings)
      : Promise.resolve(pushedSettings)),
    settingsFor: (uri) => settingsFor(uri),
    revalidateAll: () => {
      service.invalidateAnalyses();
      scheduleAll();
    },
    clientWatchesFiles: () => canWatchFiles,
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const initOptions = params.initializationOptions as { settings?: unknown; snippets?: boolean } | undefined;
    if (initOptions?.settings) pushedSettings = resolveSettings(initOptions.settings);
    // The VS Code extension contributes the snippets itself; offering them again would list each twice.
    if (initOptions?.snippets === false) snippets = [];
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri));
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [URI.parse(params.rootUri)];
    indexer.setFolders(workspaceFolders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, HARDEN_ACTION_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [ServerCommands.harden] },
        completionProvider: { resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        ...NAVIGATION_CAPABILITIES,
      },
      serverInfo: { name: 'kubesmith', version: options.version },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubesmith' });
    log(`Kubesmith ${options.version} ready (Kubernetes ${options.store.index.kubernetesVersions.join(', ')}; schemas in the bundle, no network).`);
    void indexer.start().catch((error) => connection.console.error(`Indexing the workspace failed: ${String(error)}`));
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
        return configFiles.settingsFor(dirname(parsed.fsPath), base, folder?.fsPath);
      });
      settingsCache.set(uri, pending);
    }
    return pending;
  }

  async function validate(document: TextDocument): Promise<void> {
    const uri = document.uri;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current || current.version !== document.version) return; // a newer version is coming
    if (!indexer.isChecked(uri)) {
      if (indexer.model.remove(uri)) void indexer.refresh(uri);
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: indexer.diagnostics(uri, [], settings) });
      return;
    }
    const text = document.getText();
    if (indexer.setDefinitions(uri, text)) {
      service.invalidateAnalyses();
      scheduleAll(uri);
    }
    const result = service.analyze(uri, text, settings);
    // The workspace model follows the document; the findings between resources join its own.
    const changed = indexer.update(uri, result);
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: indexer.diagnostics(uri, result.diagnostics, settings) });
    if (changed) void indexer.refresh(uri);
    // The document's line table, which applying the first incremental change needs (5-10 ms on
    // a 1 MB file): made now, while the diagnostics travel, rather than when the user types.
    void document.lineCount;
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
    const queued = pending.get(event.document.uri);
    if (queued) clearImmediate(queued);
    pending.delete(event.document.uri);
    settingsCache.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    void indexer.closed(event.document.uri);
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { kubesmith?: unknown } | undefined)?.kubesmith;
    if (pushed) pushedSettings = resolveSettings(pushed);
    log('Settings changed; checking open documents again.');
    scheduleAll();
    void indexer.settingsChanged();
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
    if (wantsRefactor
      && service.analyze(document.uri, document.getText(), settings).documents.some((d) => d.analysis.resources.some((r) => hasPodSpec(r)))
      && hardenFile(service, document.uri, document.getText(), settings).edits.length > 0) {
      actions.push({ title: 'Harden Manifest', kind: HARDEN_ACTION_KIND, data: { uri: document.uri, version: document.version } });
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
    index: { state: indexer.state, files: indexer.model.files().length, resources: indexer.model.all().length },
  }));

  connection.onRequest(WorkspaceFilesRequest, () => [...indexer.selected].sort());

  connection.onDidChangeWatchedFiles(async (params) => {
    if (params.changes.some((change) => /\/\.kubesmith\.ya?ml$/.test(URI.parse(change.uri).path))) settingsCache.clear();
    await indexer.watchedFilesChanged(params);
  });

  registerNavigation(connection, documents, indexer.model);

  documents.listen(connection);
  connection.listen();
}
