import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { HardenEditRequest } from '../../protocol/requests';

/**
 * "Kubesmith: Harden Manifest": asks the server for the hardening of the active document and
 * applies it as one undoable edit — first shown in the refactor preview when
 * `kubesmith.harden.preview` is on — then says what changed and what is left to do by hand.
 */
export async function hardenActiveManifest(client: LanguageClient, output: vscode.LogOutputChannel): Promise<boolean> {
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
  const preview = vscode.workspace.getConfiguration('kubesmith', document.uri).get<boolean>('harden.preview', true);
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: 'Harden Manifest', needsConfirmation: preview, description: result.summary.join('; ') };
  for (const change of result.edits) {
    edit.replace(document.uri, client.protocol2CodeConverter.asRange(change.range), change.newText, metadata);
  }
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (!applied) return false;
  output.info(`Hardened ${document.uri.fsPath}: ${result.summary.join('; ')}`);
  for (const item of result.remaining) output.info(`  left for you: line ${item.line} ${item.rule}: ${item.message}`);
  void vscode.window.showInformationMessage(`Kubesmith hardened ${result.summary.join('; ')}.${remaining}`);
  return true;
}
