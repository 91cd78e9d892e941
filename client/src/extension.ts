import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { Commands } from '../../protocol/commands';
import { ServerStatus, ServerStatusRequest } from '../../protocol/requests';
import { HardenPreviews, PREVIEW_SCHEME, answerPreview, hardenActiveManifest } from './harden';
import { RestartCounts, ServerRestarts } from './restarts';
import { KubernetesVersionStatus } from './statusBar';
import { openSample, quickFixApplied, walkthroughMiddleware } from './walkthrough';
import { YamlExtensionCoexistence, YamlExtensionStatus } from './yamlExtension';

/**
 * The extension: starts the Kubesmith language server (bundled as dist/server.js) and connects
 * it to the YAML and JSON editors. Everything about manifests happens in the server.
 */

export interface KubesmithApi {
  /** The running server's status (pid, versions, workspace CRDs). */
  status(): Promise<ServerStatus>;
  /** Resolves once the client is connected to a running server. */
  ready(): Promise<void>;
  /** What Kubesmith does beside Red Hat's YAML extension (kubesmith.yamlExtension). */
  yamlExtension(): YamlExtensionStatus;
  /** How often the server was restarted after dying in this session, and how often the user was told (once). */
  restarts(): RestartCounts;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KubesmithApi> {
  // The display language's bundle (l10n/bundle.l10n.<language>.json; none in English) for the
  // modules that use @vscode/l10n, as the server does, to stay testable without VS Code (restarts.ts).
  // The server learns the language from the initialize request (the client sends vscode.env.language).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const output = vscode.window.createOutputChannel('Kubesmith', { log: true });
  context.subscriptions.push(output);
  const yamlExtension = new YamlExtensionCoexistence(output, context.extensionPath);
  context.subscriptions.push(yamlExtension);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const restarts = new ServerRestarts((message) => {
    output.warn(message);
    void vscode.window.showWarningMessage(`Kubesmith: ${message}`, vscode.l10n.t('Show Log')).then((choice) => choice && output.show());
  });
  // The server never opens a network connection: spare it Node's loading of extra CA
  // certificates, which costs every start tens of milliseconds where the variable is set.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  // The server's compiled code is cached in this extension's own storage (per user), never in a
  // shared temporary folder where someone else could plant bytecode (server/src/node/codeCacheLoader.ts).
  env.KUBESMITH_CACHE_DIR = vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
    ],
    // Settings are pulled by the server (workspace/configuration) and it registers for changes;
    // it registers the file watchers too (the files it checks, .kubesmith.yaml, .gitignore).
    outputChannel: output,
    // The walkthrough's quick-fix step learns when a quick fix is applied.
    middleware: walkthroughMiddleware,
    errorHandler: restarts,
    // Snippets are contributed by package.json; the server offers them only to other editors.
    // What Red Hat's YAML extension does is read at each start (the server may be restarted).
    // In Restricted Mode the server reads nothing of the workspace but the open files (package.json's untrustedWorkspaces).
    initializationOptions: () => ({ snippets: false, yamlExtension: yamlExtension.state(), trusted: vscode.workspace.isTrusted }),
    initializationFailedHandler: (error) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('Kubesmith could not start its language server: {0}', error instanceof Error ? error.message : String(error)), vscode.l10n.t('Show Log'))
        .then((choice) => choice && output.show());
      return false;
    },
  };

  const languageClient = new LanguageClient('kubesmith', 'Kubesmith', serverOptions, clientOptions);
  client = languageClient;
  yamlExtension.attach(languageClient);
  context.subscriptions.push(languageClient.onDidChangeState((event) => {
    if (event.newState === State.Stopped) output.warn(vscode.l10n.t('The Kubesmith language server stopped.'));
    if (event.newState === State.Running) output.info(vscode.l10n.t('The Kubesmith language server is running.'));
  }));

  const previews = new HardenPreviews();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews));

  const versionStatus = new KubernetesVersionStatus();
  context.subscriptions.push(versionStatus);

  const commands: Record<string, (...args: unknown[]) => unknown> = {
    [Commands.hardenManifest]: () => hardenActiveManifest(languageClient, output, previews),
    [Commands.hardenApply]: (uri) => answerPreview('Apply', uri),
    [Commands.hardenDiscard]: (uri) => answerPreview('Discard', uri),
    [Commands.selectKubernetesVersion]: () => versionStatus.pick(),
    [Commands.showOutput]: () => output.show(),
    [Commands.openSample]: () => openSample(context.extensionPath),
    [Commands.quickFixApplied]: () => quickFixApplied(),
    // The code lenses' command: the references peek view at the lens, with the locations the server found.
    [Commands.showReferences]: (uri, position, locations) => vscode.commands.executeCommand(
      'editor.action.showReferences',
      vscode.Uri.parse(String(uri)),
      languageClient.protocol2CodeConverter.asPosition(position as Parameters<typeof languageClient.protocol2CodeConverter.asPosition>[0]),
      (locations as Parameters<typeof languageClient.protocol2CodeConverter.asLocation>[0][]).map((location) => languageClient.protocol2CodeConverter.asLocation(location)),
    ),
    [Commands.restartServer]: async () => {
      await languageClient.restart();
      void vscode.window.showInformationMessage(vscode.l10n.t('Kubesmith language server restarted.'));
    },
  };
  for (const [id, handler] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  // Trust granted: start again, now reading the workspace's CRDs and config files.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void languageClient.restart()));

  const started = languageClient.start().catch((error: unknown) => {
    output.error(vscode.l10n.t('Failed to start the language server: {0}', String(error)));
    void vscode.window.showErrorMessage(vscode.l10n.t('Kubesmith could not start its language server; see the Kubesmith output for details.'), vscode.l10n.t('Show Log'))
      .then((choice) => choice && output.show());
  });

  return {
    status: () => languageClient.sendRequest(ServerStatusRequest),
    yamlExtension: () => yamlExtension.status(),
    restarts: () => ({ ...restarts.counts }),
    ready: async () => {
      await started;
      if (languageClient.state === State.Running) return;
      await new Promise<void>((resolve) => {
        const listener = languageClient.onDidChangeState((event) => {
          if (event.newState === State.Running) {
            listener.dispose();
            resolve();
          }
        });
      });
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
