import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { HardenEditRequest } from '../../protocol/requests';

/**
 * "Kubesmith: Harden Manifest": asks the server for the hardening of the active document and
 * applies it as one undoable edit, then says what changed and what is left to do by hand.
 *
 * With `kubesmith.harden.preview` on (the default) the change is shown first, as a diff of the
 * file before and after, with Apply and Discard. (VS Code's Refactor Preview panel, the other way
 * an extension can show an edit before applying it, lists such edits unticked by design —
 * microsoft/vscode#200991 — so its Apply button would apply nothing until each change is ticked.
 * For VS Code's own preview, run "Harden Manifest" from the Refactor menu and use its Preview.)
 */

export const PREVIEW_SCHEME = 'kubesmith-harden-preview';

/** The hardened text of the documents being previewed, served to the diff editor. */
export class HardenPreviews implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
  }
  delete(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }
}

async function closeDiff(right: vscode.Uri): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === right.toString()) {
        await vscode.window.tabGroups.close(tab);
      }
    }
  }
}

export async function hardenActiveManifest(client: LanguageClient, output: vscode.LogOutputChannel, previews: HardenPreviews): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !['yaml', 'json'].includes(editor.document.languageId)) {
    void vscode.window.showWarningMessage('Kubesmith: open a Kubernetes manifest (YAML or JSON) to harden it.');
    return false;
  }
  const document = editor.document;
  const version = document.version;
  const result = await client.sendRequest(HardenEditRequest, { uri: client.code2ProtocolConverter.asUri(document.uri) });
  if (document.version !== version) {
    void vscode.window.showWarningMessage('Kubesmith: the document changed while it was being hardened; run Harden Manifest again.');
    return false;
  }
  const remaining = result.remaining.length
    ? ` ${result.remaining.length} finding${result.remaining.length === 1 ? '' : 's'} need${result.remaining.length === 1 ? 's' : ''} a person (see Problems).`
    : '';
  if (result.edits.length === 0) {
    void vscode.window.showInformationMessage(`Kubesmith: nothing to harden in this file.${remaining}`);
    return false;
  }
  const edits = result.edits.map((change) => new vscode.TextEdit(client.protocol2CodeConverter.asRange(change.range), change.newText));

  if (vscode.workspace.getConfiguration('kubesmith', document.uri).get<boolean>('harden.preview', true)) {
    let hardened = document.getText();
    for (const edit of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
      hardened = hardened.slice(0, document.offsetAt(edit.range.start)) + edit.newText + hardened.slice(document.offsetAt(edit.range.end));
    }
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: document.uri.path, query: `v${version}` });
    previews.set(right, hardened);
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    await vscode.commands.executeCommand('vscode.diff', document.uri, right, `${name} ↔ hardened (Kubesmith preview)`, { preview: true });
    const choice = await vscode.window.showInformationMessage(
      `Harden Manifest: ${result.summary.join('; ')}.`, { modal: false }, 'Apply', 'Discard');
    await closeDiff(right);
    previews.delete(right);
    if (choice !== 'Apply') return false;
    if (document.version !== version) {
      void vscode.window.showWarningMessage('Kubesmith: the document changed during the preview; run Harden Manifest again.');
      return false;
    }
  }

  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(document.uri, edits);
  if (!(await vscode.workspace.applyEdit(workspaceEdit, { isRefactoring: true }))) {
    void vscode.window.showWarningMessage('Kubesmith: the hardening could not be applied (the file may be read-only or changed).');
    return false;
  }
  output.info(`Hardened ${document.uri.fsPath}: ${result.summary.join('; ')}`);
  for (const item of result.remaining) output.info(`  left for you: line ${item.line} ${item.rule}: ${item.message}`);
  void vscode.window.showInformationMessage(`Kubesmith hardened ${result.summary.join('; ')}.${remaining}`);
  return true;
}
