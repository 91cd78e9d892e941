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

function diffTabs(right: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === right.toString());
}

async function closeDiff(right: vscode.Uri): Promise<void> {
  const tabs = diffTabs(right);
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

type Choice = 'Apply' | 'Discard';
/** Makes each preview's URI its own, even for the same version of a document. */
let previewCount = 0;
/** The previews waiting for an answer, by the right side's URI: the notification, the diff's title bar or closing the diff answers. */
const pending = new Map<string, (choice: Choice) => void>();

/** `kubesmith.harden.apply` / `kubesmith.harden.discard`, the buttons in the title bar of the diff (package.json menus). */
export function answerPreview(choice: Choice, uri?: unknown): void {
  const right = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (right) pending.get(right.toString())?.(choice);
}

export async function hardenActiveManifest(client: LanguageClient, output: vscode.LogOutputChannel, previews: HardenPreviews): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !['yaml', 'json'].includes(editor.document.languageId) || !['file', 'untitled'].includes(editor.document.uri.scheme)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Kubesmith: open a Kubernetes manifest (YAML or JSON) to harden it.'));
    return false;
  }
  const document = editor.document;
  const version = document.version;
  let result;
  try {
    result = await client.sendRequest(HardenEditRequest, { uri: client.code2ProtocolConverter.asUri(document.uri) });
  } catch (error) {
    // Declined (a file too large to harden in the editor) or failed: the server says why.
    void vscode.window.showWarningMessage(`Kubesmith: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  if (document.version !== version) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Kubesmith: the document changed while it was being hardened; run Harden Manifest again.'));
    return false;
  }
  // A second sentence, when findings are left: each sentence (and each plural) one template.
  const count = result.remaining.length;
  const withRemaining = (sentence: string) => (count === 0 ? sentence
    : `${sentence} ${count === 1 ? vscode.l10n.t('1 finding needs a person (see Problems).') : vscode.l10n.t('{0} findings need a person (see Problems).', count)}`);
  if (result.edits.length === 0) {
    void vscode.window.showInformationMessage(withRemaining(vscode.l10n.t('Kubesmith: nothing to harden in this file.')));
    return false;
  }
  const edits = result.edits.map((change) => new vscode.TextEdit(client.protocol2CodeConverter.asRange(change.range), change.newText));

  if (vscode.workspace.getConfiguration('kubesmith', document.uri).get<boolean>('harden.preview', true)) {
    let hardened = document.getText();
    for (const edit of [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start))) {
      hardened = hardened.slice(0, document.offsetAt(edit.range.start)) + edit.newText + hardened.slice(document.offsetAt(edit.range.end));
    }
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: document.uri.path, query: `v${version}-${++previewCount}` });
    previews.set(right, hardened);
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    // Answered by the notification (which hides itself after 15 s, into the notification center),
    // by Apply or Discard in the diff's title bar, or by closing the diff (Discard); listening
    // before the diff opens.
    let finish: (value: Choice) => void = () => {};
    let settled = false;
    const answered = new Promise<Choice>((resolve) => {
      const listener = vscode.window.tabGroups.onDidChangeTabs((change) => {
        if (change.closed.some((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === right.toString())) finish('Discard');
      });
      finish = (value) => {
        if (settled) return; // (a late answer from a notification left behind)
        settled = true;
        listener.dispose();
        pending.delete(right.toString());
        resolve(value);
      };
      pending.set(right.toString(), finish);
    });
    // Pinned: a preview diff would take the place of the file's own editor when that is a preview tab.
    // (Not awaited: closing the diff while it opens would leave this waiting for ever.)
    void vscode.commands.executeCommand('vscode.diff', document.uri, right, vscode.l10n.t('{0} ↔ hardened (Kubesmith preview)', name), { preview: false, viewColumn: editor.viewColumn })
      .then(undefined, (error: unknown) => { output.warn(vscode.l10n.t('Harden Manifest could not show its diff: {0}', String(error))); finish('Discard'); });
    const apply = vscode.l10n.t('Apply');
    void vscode.window.showInformationMessage(vscode.l10n.t('Harden Manifest: {0}.', result.summary.join('; ')), apply, vscode.l10n.t('Discard'))
      .then((answer) => finish(answer === apply ? 'Apply' : 'Discard'));
    const choice = await answered;
    await closeDiff(right);
    previews.delete(right);
    // Back to the file (the diff had its place and the focus).
    await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, preview: false });
    if (choice !== 'Apply') return false;
    if (document.version !== version) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Kubesmith: the document changed during the preview; run Harden Manifest again.'));
      return false;
    }
  }

  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(document.uri, edits);
  if (!(await vscode.workspace.applyEdit(workspaceEdit, { isRefactoring: true }))) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Kubesmith: the hardening could not be applied (the file may be read-only or changed).'));
    return false;
  }
  output.info(vscode.l10n.t('Hardened {0}: {1}', document.uri.fsPath, result.summary.join('; ')));
  for (const item of result.remaining) output.info(vscode.l10n.t('  left for you: line {0} {1}: {2}', item.line, item.rule, item.message));
  void vscode.window.showInformationMessage(withRemaining(vscode.l10n.t('Kubesmith hardened {0}.', result.summary.join('; '))));
  return true;
}
