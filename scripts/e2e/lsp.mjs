// What the language server itself says about some files, asked directly over LSP: the UI test
// compares what the workbench shows with it (the Problems panel's counts, the text Harden Manifest
// writes). Spawns the very dist/server.js the workbench runs (the repo's, or the installed .vsix's),
// opens the files, asks, stops.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. */
export const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 };

/**
 * The diagnostics `serverJs` publishes for each of `files` (absolute paths), opened in that order
 * in a workspace folder, with the default settings (what a workbench without Kubesmith settings
 * sends), in the language `locale` (as VS Code's client sends its display language). Resolves to a
 * Map from path to the diagnostics array.
 */
export async function publishedDiagnostics(serverJs, workspaceDir, files, { timeoutMs = 30_000, locale = 'en' } = {}) {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uris = new Map(files.map((file) => [pathToFileURL(file).href, file]));
  const found = new Map();
  let wake;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const file = uris.get(params.uri);
    // The version-1 publication of a file opened once: the text it was given.
    if (file && (params.version === undefined || params.version === 1)) found.set(file, params.diagnostics);
    wake?.();
  });
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  // The end of the server's indexing of the workspace (its findings between files come with it).
  let indexed = false;
  connection.onNotification('$/progress', (params) => {
    if (params.value?.kind === 'end') indexed = true;
    wake?.();
  });
  connection.listen();
  const timer = setTimeout(() => wake?.(new Error('timeout')), timeoutMs);
  try {
    const root = pathToFileURL(workspaceDir).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      locale,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'workspace' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    connection.sendNotification('initialized', {});
    // As the workbench shows them once the workspace is indexed: files are opened after that.
    while (!indexed) {
      const error = await new Promise((resolve) => { wake = resolve; });
      if (error) throw new Error(`the language server did not index ${workspaceDir} in ${timeoutMs} ms`);
    }
    for (const [uri, file] of uris) {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } });
    }
    while (found.size < uris.size) {
      const error = await new Promise((resolve) => { wake = resolve; });
      if (error) throw new Error(`the language server published diagnostics for ${found.size} of ${uris.size} files in ${timeoutMs} ms${stderr.length ? `: ${Buffer.concat(stderr).toString().slice(0, 500)}` : ''}`);
    }
    return found;
  } finally {
    clearTimeout(timer);
    await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => {});
    connection.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** `{ errors, warnings, infos, hints }` of a diagnostics array. */
export function countBySeverity(diagnostics) {
  const count = (severity) => diagnostics.filter((diagnostic) => (diagnostic.severity ?? SEVERITY.error) === severity).length;
  return { errors: count(SEVERITY.error), warnings: count(SEVERITY.warning), infos: count(SEVERITY.information), hints: count(SEVERITY.hint) };
}

/**
 * The text of `file` once Harden Manifest's edit is applied, as the server computes it
 * (`kubesmith/hardenEdit`, with the default settings), and the summary it gives.
 */
export async function hardenedText(serverJs, workspaceDir, file, { timeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onNotification('textDocument/publishDiagnostics', () => {});
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  let timer;
  try {
    const root = pathToFileURL(workspaceDir).href;
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, 'utf8');
    const work = (async () => {
      await connection.sendRequest('initialize', {
        processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'workspace' }], capabilities: { workspace: { configuration: true } },
      });
      connection.sendNotification('initialized', {});
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      return connection.sendRequest('kubesmith/hardenEdit', { uri });
    })();
    const result = await Promise.race([work, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`the language server did not harden ${file} in ${timeoutMs} ms`)), timeoutMs); })]);
    return { text: TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), result.edits), summary: result.summary, edits: result.edits };
  } finally {
    clearTimeout(timer);
    await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => {});
    connection.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
