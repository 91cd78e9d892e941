import { dirname } from 'node:path';
import {
  CodeAction, CodeActionKind, CodeActionTriggerKind, Connection, DidChangeConfigurationNotification, InitializeParams, InitializeResult,
  TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ServerCommands } from '../../../protocol/commands';
import { HardenEditRequest, HardenEditResult, ServerStatus, ServerStatusRequest, WorkspaceFilesRequest, YamlExtensionNotification } from '../../../protocol/requests';
import { KubesmithSettings, resolveSettings } from '../../../protocol/settings';
import { SnippetDefinition, getCompletions } from '../core/authoring/completion';
import { getHover } from '../core/authoring/hover';
import { getDocumentSymbols, getFoldingRanges } from '../core/authoring/symbols';
import { LazyActionData, getCodeActions, resolveCodeAction } from '../core/codeActions';
import { hardenApplies, hardenFile, summarizeHarden } from '../core/harden';
import { SchemaStore } from '../core/schema/store';
import { onCelLog } from '../core/validation/cel/report';
import { FileAnalysis, KubesmithService } from '../core/service';
import { ConfigFiles } from '../node/configFiles';
import { NAVIGATION_CAPABILITIES, registerNavigation } from './navigation';
import { WorkspaceIndexer } from './workspaceIndexer';
import { YamlExtensionCoexistence } from './yamlExtension';
import { ReceivedVersions, StaleRequests } from './staleness';
import { decline, hardenDeclined } from './requestLimits';
import { analyzeInSlices, SLICED_CHECK_LENGTH } from './slicedCheck';
import * as l10n from '@vscode/l10n';

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
  /** The newest version of each document received, fed by the transport (lsp/transport.ts). */
  received?: ReceivedVersions;
  /**
   * Makes the language the client asks for (`initialize`'s `locale`: VS Code's display language)
   * the language of the messages (node/l10nBundle.ts); called once, before the first analysis.
   */
  useLocale?: (locale: string | undefined) => void;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const service = new KubesmithService(options.store);
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<KubesmithSettings>>();
  const configFiles = new ConfigFiles();
  const pending = new Map<string, NodeJS.Immediate>();
  /** The check under way of each document (a newer one makes an older one stop). */
  const checks = new Map<string, object>();
  let workspaceFolders: URI[] = [];
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let snippets: SnippetDefinition[] | undefined;
  let pushedSettings: KubesmithSettings = resolveSettings(undefined);
  // Requests about a text the editor has left are answered ContentModified (lsp/staleness.ts).
  const stale = new StaleRequests(documents, options.received ?? new ReceivedVersions());
  /** What the client can take: code actions whose edit is computed when chosen; how many folding ranges. */
  let resolvesEdits = false;
  let foldingRangeLimit: number | undefined;
  /**
   * Whether the workspace is trusted (VS Code's Restricted Mode sends false; other editors send
   * nothing: trusted). Untrusted, nothing of the workspace beyond the open files and the
   * `.kubesmith.yaml` files inside its folders is read: no CRDs (their schemas' patterns and CEL
   * rules are the workspace's code), no folder scan, no config file outside the folders.
   */
  let trusted = true;
  const log = (message: string) => connection.console.info(message);
  onCelLog(log); // (a line when a CRD kind's CEL rules are first compiled: how many compiled, how many skipped)
  // Beside Red Hat's YAML extension (what the VS Code client tells; nothing changes for other clients).
  const yamlExtension = new YamlExtensionCoexistence(connection);
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
    trusted: () => trusted,
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    // The messages' language, before anything is analyzed (one language a server: core/l10n.ts).
    options.useLocale?.(params.locale);
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    resolvesEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    foldingRangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
    const initOptions = params.initializationOptions as { settings?: unknown; snippets?: boolean; yamlExtension?: unknown; trusted?: boolean } | undefined;
    if (initOptions?.trusted === false) trusted = false;
    if (initOptions?.settings) pushedSettings = resolveSettings(initOptions.settings);
    yamlExtension.update(initOptions?.yamlExtension);
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
        if (!trusted && !folder) return base; // (untrusted: no config file outside the workspace folders)
        return configFiles.settingsFor(dirname(parsed.fsPath), base, folder?.fsPath);
      });
      settingsCache.set(uri, pending);
    }
    return pending;
  }

  async function validate(document: TextDocument): Promise<void> {
    const uri = document.uri;
    // (The document object is updated in place by later changes: its version is read now.)
    const version = document.version;
    const settings = await settingsFor(uri);
    if (stale.superseded(uri, version)) return; // a newer version is here or coming: it is checked instead
    if (!indexer.isChecked(uri)) {
      yamlExtension.checked(uri, undefined);
      if (indexer.model.remove(uri)) void indexer.refresh(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics: indexer.diagnostics(uri, [], settings) });
      return;
    }
    const text = document.getText();
    if (trusted && indexer.setDefinitions(uri, text)) {
      service.invalidateAnalyses();
      scheduleAll(uri);
    }
    // In slices, answering other messages between them (lsp/slicedCheck.ts); a newer version, or
    // a newer check of this one (settings changed), takes over.
    let result: FileAnalysis | undefined;
    if (text.length < SLICED_CHECK_LENGTH) {
      result = service.analyze(uri, text, settings);
    } else {
      const check = {};
      checks.set(uri, check);
      result = await analyzeInSlices(service, uri, text, settings, () => checks.get(uri) !== check || stale.superseded(uri, version));
      if (!result) return;
      checks.delete(uri);
    }
    yamlExtension.checked(uri, result);
    // The workspace model follows the document; the findings between resources join its own.
    const changed = indexer.update(uri, result);
    void connection.sendDiagnostics({ uri, version, diagnostics: yamlExtension.diagnostics(document, indexer.diagnostics(uri, result.diagnostics, settings)) });
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
    const uri = event.document.uri;
    const queued = pending.get(uri);
    if (queued) clearImmediate(queued);
    pending.delete(event.document.uri);
    checks.delete(event.document.uri);
    settingsCache.delete(event.document.uri);
    yamlExtension.closed(event.document.uri);
    // A closed document holds nothing: its analyses go (the index keeps what it needs of a workspace file).
    service.release(event.document.uri);
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

  connection.onNotification(YamlExtensionNotification, (state) => {
    if (yamlExtension.update(state)) scheduleAll();
  });

  connection.onCodeAction(async (params, token) => {
    const scope = stale.begin(params.textDocument.uri, token);
    if (!scope) return [];
    const { document } = scope;
    const settings = await settingsFor(document.uri);
    scope.check();
    // Quick fixes from the fix data recorded with each diagnostic; a client that resolves code
    // actions gets them without their edits, computed when one is chosen (codeAction/resolve).
    const actions: CodeAction[] = getCodeActions(service, document.uri, document.getText(), settings, params.context.diagnostics, {
      resolveLater: resolvesEdits ? { uri: document.uri, version: document.version } : undefined,
      checkpoint: scope.check,
    });
    // Harden Manifest as a refactoring (VS Code's Refactor menu can preview it); its edit is
    // computed when chosen. Offered when asked for (Ctrl+., the Refactor menu), not to the light
    // bulb's automatic requests, and only where it would change something: known from the
    // findings, without hardening anything.
    const { only, triggerKind } = params.context;
    const wantsRefactor = only
      ? only.some((kind) => kind === HARDEN_ACTION_KIND || HARDEN_ACTION_KIND.startsWith(`${kind}.`))
      : triggerKind !== CodeActionTriggerKind.Automatic;
    if (wantsRefactor) {
      const file = service.analyze(document.uri, document.getText(), settings);
      // Offered where it would change something (known from the findings) and the file is not too large for it.
      if (hardenApplies(file) && !hardenDeclined(file)) {
        actions.push({ title: l10n.t('Harden Manifest'), kind: HARDEN_ACTION_KIND, data: { uri: document.uri, version: document.version } });
      }
    }
    return actions;
  });

  connection.onCodeActionResolve(async (action, token) => {
    const data = action.data as Partial<LazyActionData> & { uri?: string; version?: number } | undefined;
    if (!data?.uri || typeof data.version !== 'number') return action;
    // Offered on a version the editor has left: ContentModified (the client drops the action).
    const scope = stale.begin(data.uri, token, data.version);
    if (!scope) return action;
    const { document } = scope;
    if (action.kind === HARDEN_ACTION_KIND) {
      const result = await hardenEdit(document.uri, scope.check);
      return { ...action, edit: { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: result.edits }] } };
    }
    if (!data.recipe) return action;
    const settings = await settingsFor(document.uri);
    scope.check();
    const edits = resolveCodeAction(service, document.uri, document.getText(), settings, data.recipe, scope.check);
    return edits ? { ...action, edit: { changes: { [document.uri]: edits } } } : action;
  });

  async function hardenEdit(uri: string, checkpoint?: () => void): Promise<HardenEditResult> {
    const document = documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    const settings = await settingsFor(uri);
    checkpoint?.();
    const declined = hardenDeclined(service.analyze(uri, document.getText(), settings));
    if (declined) throw decline(declined);
    const result = hardenFile(service, uri, document.getText(), settings, checkpoint);
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
        label: l10n.t('Harden Manifest'),
        edit: { documentChanges: [{ textDocument: { uri, version: document?.version ?? null }, edits: result.edits }] },
      });
    }
    log(result.summary.length ? `Hardened ${uri}: ${result.summary.join('; ')}` : `Nothing to harden in ${uri}.`);
    return result;
  });

  connection.onCompletion(async (params, token) => {
    const scope = stale.begin(params.textDocument.uri, token);
    if (!scope) return null;
    const { document } = scope;
    const settings = await settingsFor(document.uri);
    scope.check();
    return getCompletions(service, document.uri, document.getText(), settings, params.position, (snippets ??= options.snippets()));
  });

  connection.onHover(async (params, token) => {
    const scope = stale.begin(params.textDocument.uri, token);
    if (!scope) return null;
    const settings = await settingsFor(scope.document.uri);
    scope.check();
    return getHover(service, scope.document.uri, scope.document.getText(), settings, params.position);
  });

  // Outline and folding come from what each document's analysis kept (core/authoring/symbols.ts).
  connection.onDocumentSymbol(async (params, token) => {
    const scope = stale.begin(params.textDocument.uri, token);
    if (!scope) return [];
    const settings = await settingsFor(scope.document.uri);
    scope.check();
    return getDocumentSymbols(service, scope.document.uri, scope.document.getText(), settings, { checkpoint: scope.check });
  });

  connection.onFoldingRanges(async (params, token) => {
    const scope = stale.begin(params.textDocument.uri, token);
    if (!scope) return [];
    const settings = await settingsFor(scope.document.uri);
    scope.check();
    return getFoldingRanges(service, scope.document.uri, scope.document.getText(), settings, { rangeLimit: foldingRangeLimit, checkpoint: scope.check });
  });

  connection.onRequest(ServerStatusRequest, (): ServerStatus => ({
    pid: process.pid,
    version: options.version,
    kubernetesVersions: options.store.index.kubernetesVersions,
    workspaceCrds: options.store.workspaceCrdList().map((crd) => `${crd.group}/${crd.kind}`),
    work: { ...service.counters },
    index: { state: indexer.state, files: indexer.model.files().length, resources: indexer.model.all().length },
    open: documents.keys().length,
    caches: { ...service.cacheSizes(), settings: settingsCache.size, pending: pending.size },
  }));

  connection.onRequest(WorkspaceFilesRequest, () => [...indexer.selected].sort());

  connection.onDidChangeWatchedFiles(async (params) => {
    if (params.changes.some((change) => /\/\.kubesmith\.ya?ml$/.test(URI.parse(change.uri).path))) settingsCache.clear();
    await indexer.watchedFilesChanged(params);
  });

  registerNavigation(connection, documents, indexer.model, (uri, token) => void stale.begin(uri, token));

  documents.listen(connection);
  connection.listen();
}
