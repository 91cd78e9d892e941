/** What the scenarios share: finding the extension, opening fixtures, reading diagnostics, polling. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KubesmithApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'kubesmith.kubesmith';
export const SOURCE = 'kubesmith';

export interface WaitOptions {
  /** Milliseconds before giving up (default 20 s). */
  timeout?: number;
  /** Milliseconds between two looks (default 50). */
  interval?: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value other than undefined/false and returns that value.
 * `what` and the last value seen go into the error on time-out.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
  const timeout = options.timeout ?? 20_000;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${cause}`);
    }
    await pause(options.interval ?? 50);
  }
}

/**
 * Retries `assertion` until it passes; on time-out throws the assertion's own last error, so the
 * failure shows the expected and actual values.
 */
export async function eventually(assertion: () => void | Promise<void>, options: WaitOptions = {}): Promise<void> {
  const timeout = options.timeout ?? 20_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        if (error instanceof Error) error.message = `after ${timeout} ms: ${error.message}`;
        throw error;
      }
    }
    await pause(options.interval ?? 50);
  }
}

export function kubesmithExtension(): vscode.Extension<KubesmithApi> {
  const extension = vscode.extensions.getExtension<KubesmithApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  return extension;
}

/** The extension's API once its language server is running (activates it if needed). */
export async function kubesmithApi(): Promise<KubesmithApi> {
  const api = await kubesmithExtension().activate();
  await api.ready();
  return api;
}

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** Opens a file of the fixture workspace (test/fixtures/e2e/workspace, copied) in an editor. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

export function kubesmithDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** "line code" (1-based line, as a person reads it in the editor), sorted, one per diagnostic. */
export function summarize(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics
    .map((diagnostic) => ({ line: diagnostic.range.start.line + 1, code: codeOf(diagnostic) }))
    .sort((a, b) => a.line - b.line || a.code.localeCompare(b.code))
    .map(({ line, code }) => `${line} ${code}`);
}

/** The document's Kubesmith diagnostics of severity Error. */
export function kubesmithErrors(uri: vscode.Uri): vscode.Diagnostic[] {
  return kubesmithDiagnostics(uri).filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
}

/**
 * Waits until the document's Kubesmith errors are exactly `expected` ("line code", see summarize)
 * and returns them. Only errors: warnings and hints (best-practice rules, say) are another
 * feature's business and may come and go with its defaults.
 */
export async function expectErrors(uri: vscode.Uri, expected: string[], options?: WaitOptions): Promise<vscode.Diagnostic[]> {
  const sorted = [...expected].sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b));
  await eventually(() => assert.deepEqual(summarize(kubesmithErrors(uri)), sorted, `Kubesmith errors in ${vscode.workspace.asRelativePath(uri)}`), options);
  return kubesmithErrors(uri);
}

/** Replaces the whole text of a document (unsaved, like typing) and returns once the edit applied. */
export async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
}

/** Saves the documents a test changed, so closing the window never waits on a "Save?" prompt. */
export async function saveAll(): Promise<void> {
  await vscode.workspace.saveAll(false);
}

/**
 * For each test of the enclosing `describe`: sets `kubesmith.<key>` in the workspace settings to
 * `value`, and afterwards puts back what was there and saves what the test changed.
 */
export function useWorkspaceSetting<T>(key: string, value: T): void {
  let before: T | undefined;
  beforeEach(async () => {
    before = vscode.workspace.getConfiguration('kubesmith').inspect<T>(key)?.workspaceValue;
    await vscode.workspace.getConfiguration('kubesmith').update(key, value, vscode.ConfigurationTarget.Workspace);
  });
  afterEach(async () => {
    await vscode.workspace.getConfiguration('kubesmith').update(key, before, vscode.ConfigurationTarget.Workspace);
    await saveAll();
  });
}

/** The code action kind of Harden Manifest as a refactoring (server/src/lsp/server.ts). */
export const HARDEN_KIND = 'refactor.rewrite.kubesmith.harden';

/** The scheme of the right side of Harden Manifest's diff (client/src/harden.ts). */
export const PREVIEW_SCHEME = 'kubesmith-harden-preview';

/** Writes a copy of the harden fixture (as the fixture workspace has it) under a new name. */
export async function freshCopy(name: string): Promise<vscode.Uri> {
  const original = await vscode.workspace.fs.readFile(workspaceUri('manifests/harden.yaml'));
  const text = Buffer.from(original).toString('utf8');
  assert.ok(text.includes('image: nginx:latest') && !text.includes('runAsNonRoot'), 'manifests/harden.yaml is not as the fixture has it');
  const uri = workspaceUri(`manifests/${name}`);
  await vscode.workspace.fs.writeFile(uri, original);
  return uri;
}

/** The diff tabs whose right side is a Kubesmith preview of `uri`. */
export function previewTabs(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) =>
    tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PREVIEW_SCHEME && tab.input.original.toString() === uri.toString());
}
