/**
 * The ways Harden Manifest's preview is answered besides its notification, and where the editor
 * is left afterwards:
 * - Apply and Discard in the title bar of the diff (`kubesmith.harden.apply` / `.discard`, which
 *   VS Code calls with the diff's resource, the right side; from the palette or a keybinding,
 *   without it: the active editor's);
 * - closing the diff tab, which is Discard;
 * - the file's own editor is shown again, in its view column, also when it was a preview tab
 *   (which a preview diff would have replaced);
 * - Harden Manifest run on the diff's right side refuses with a warning (it used to throw);
 * - once a file is hardened, the Refactor menu and Ctrl+. no longer offer Harden Manifest.
 *
 * The notification these previews also show is left alone (the UI test clicks it); each test
 * clears the notifications after.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HARDEN_KIND, PREVIEW_SCHEME, freshCopy, kubesmithApi, openFixture, previewTabs, useWorkspaceSetting, waitFor } from './helpers';

const PREVIEW = 'harden.preview';

interface RunningPreview {
  /** The diff's tab. */
  tab: vscode.Tab;
  /** The diff's right side (a `kubesmith-harden-preview:` document). */
  right: vscode.Uri;
  /** The hardened text the diff shows. */
  previewed: string;
  /** What `kubesmith.hardenManifest` returns (rejects if it throws). */
  result: Promise<boolean>;
  /** Whether it has returned yet. */
  returned(): boolean;
}

/**
 * Runs Harden Manifest (preview on) on the active editor, the file `uri`, and waits until its diff
 * is the active editor, its right side focused. The command keeps waiting for an answer.
 */
async function startPreview(uri: vscode.Uri): Promise<RunningPreview> {
  await vscode.commands.executeCommand('notifications.clearAll');
  let returned = false;
  const result = Promise.resolve(vscode.commands.executeCommand<boolean>('kubesmith.hardenManifest')).finally(() => { returned = true; });
  result.catch(() => {}); // (awaited by the test; no unhandled rejection meanwhile)
  const early = result.then((value) => { throw new Error(`Harden Manifest returned ${value} before its diff showed`); });
  const tab = await Promise.race([early, waitFor('the diff of the file and its hardened text, active', () => {
    const found = previewTabs(uri)[0];
    return found?.isActive && found.group.isActive && vscode.window.activeTextEditor?.document.uri.scheme === PREVIEW_SCHEME ? found : undefined;
  })]);
  const right = (tab.input as vscode.TabInputTextDiff).modified;
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), right.toString(), 'the focused side of the diff is not the hardened text');
  const previewed = (await vscode.workspace.openTextDocument(right)).getText();
  return { tab, right, previewed, result, returned: () => returned };
}

/** The tabs of `uri`'s own editor (not a diff), in every group. */
function fileTabs(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
}

/** Waits until the file's own editor is the active one, in `column`. */
async function fileShownIn(document: vscode.TextDocument, column: vscode.ViewColumn): Promise<void> {
  await waitFor(`${vscode.workspace.asRelativePath(document.uri)} to be the active editor in column ${column}`, () => {
    const editor = vscode.window.activeTextEditor;
    return editor?.document === document && editor.viewColumn === column;
  }, { timeout: 5000 }).catch((error: Error) => {
    const editor = vscode.window.activeTextEditor;
    throw new Error(`${error.message}; the active editor is ${editor ? `${editor.document.uri.toString()} in column ${editor.viewColumn}` : 'none'}; tabs: ${vscode.window.tabGroups.all.map((group) => `${group.viewColumn}: ${group.tabs.map((tab) => tab.label).join(', ')}`).join(' | ')}`);
  });
  const tabs = fileTabs(document.uri).filter((tab) => tab.group.viewColumn === column);
  assert.equal(tabs.length, 1, `the file has ${tabs.length} tabs in column ${column}`);
  assert.ok(tabs[0].isActive, 'the file\'s tab is not the active one of its group');
}

describe('Harden Manifest preview answers', () => {
  useWorkspaceSetting(PREVIEW, true);

  afterEach(async () => {
    // The preview's notification stays when the preview is answered otherwise (the API cannot hide it).
    await vscode.commands.executeCommand('notifications.clearAll');
    // Back to one editor group.
    await vscode.commands.executeCommand('workbench.action.joinAllGroups');
  });

  it('Apply in the diff\'s title bar applies exactly the previewed text, in one edit, and shows the file again', async () => {
    await kubesmithApi();
    const uri = await freshCopy('harden-title-apply.yaml');
    const { document } = await openFixture('manifests/harden-title-apply.yaml');
    const original = document.getText();
    const version = document.version;

    const preview = await startPreview(uri);
    assert.equal(preview.tab.isPreview, false, 'the diff opened as a preview tab (it would replace the file\'s preview tab)');
    assert.notEqual(preview.previewed, original);
    assert.equal(preview.returned(), false, 'Harden Manifest returned before it was answered');
    // As from the palette or a keybinding: no argument, the active editor (the diff's right side).
    await vscode.commands.executeCommand('kubesmith.harden.apply');
    assert.equal(await preview.result, true, 'Harden Manifest reported that it applied nothing');
    assert.equal(document.getText(), preview.previewed, 'the document is not what the diff showed');
    assert.equal(document.version, version + 1, 'the hardening arrived as more than one edit');
    assert.equal(document.isDirty, true);
    assert.deepEqual(previewTabs(uri).map((tab) => tab.label), [], 'the diff is still open after Apply');
    await fileShownIn(document, vscode.ViewColumn.One);
  });

  it('closing the diff tab is Discard: the command returns false and the file is unchanged', async () => {
    await kubesmithApi();
    const uri = await freshCopy('harden-close.yaml');
    const { document } = await openFixture('manifests/harden-close.yaml');
    const original = document.getText();
    const version = document.version;

    const preview = await startPreview(uri);
    assert.ok(await vscode.window.tabGroups.close(preview.tab), 'the diff tab did not close');
    assert.equal(await preview.result, false, 'Harden Manifest applied its change though its diff was closed');
    assert.equal(document.getText(), original);
    assert.equal(document.version, version, 'the document changed');
    assert.equal(document.isDirty, false);
    assert.deepEqual(previewTabs(uri).map((tab) => tab.label), []);
    await fileShownIn(document, vscode.ViewColumn.One);
  });

  it('a file opened in a preview tab keeps its editor: the diff opens beside it, and after Discard and Apply the file is active in its column', async () => {
    await kubesmithApi();
    const uri = await freshCopy('harden-preview-tab.yaml');
    // One click in the Explorer: a preview tab (italic title). In a second column, to see that
    // the file comes back where it was.
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Two });
    assert.equal(editor.viewColumn, vscode.ViewColumn.Two);
    const [tab] = fileTabs(uri);
    assert.ok(tab?.isPreview, 'the file did not open in a preview tab (workbench.editor.enablePreview off?)');
    const original = document.getText();
    const version = document.version;

    // Discard (the title bar's, which passes the diff's resource).
    const discarded = await startPreview(uri);
    assert.equal(discarded.tab.group.viewColumn, vscode.ViewColumn.Two, 'the diff opened in another column');
    assert.equal(discarded.tab.isPreview, false, 'the diff opened as a preview tab');
    assert.equal(fileTabs(uri).filter((entry) => entry.group.viewColumn === vscode.ViewColumn.Two).length, 1, 'the diff took the place of the file\'s preview tab');
    await vscode.commands.executeCommand('kubesmith.harden.discard', discarded.right);
    assert.equal(await discarded.result, false);
    assert.equal(document.getText(), original);
    assert.equal(document.version, version);
    await fileShownIn(document, vscode.ViewColumn.Two);

    // Apply (the title bar's), on the same file: the hardened file is shown, modified.
    const applied = await startPreview(uri);
    assert.equal(applied.tab.group.viewColumn, vscode.ViewColumn.Two, 'the diff opened in another column');
    await vscode.commands.executeCommand('kubesmith.harden.apply', applied.right);
    assert.equal(await applied.result, true);
    assert.equal(document.getText(), applied.previewed);
    assert.equal(document.version, version + 1);
    await fileShownIn(document, vscode.ViewColumn.Two);
    assert.deepEqual(previewTabs(uri).map((entry) => entry.label), []);
  });

  it('run on the diff\'s right side, Harden Manifest returns false without throwing, and the preview still waits for its answer', async () => {
    await kubesmithApi();
    const uri = await freshCopy('harden-on-preview.yaml');
    const { document } = await openFixture('manifests/harden-on-preview.yaml');
    const version = document.version;

    const preview = await startPreview(uri);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'yaml', 'the right side is not YAML (the case the palette offered it in)');
    const again = await vscode.commands.executeCommand<boolean>('kubesmith.hardenManifest');
    assert.equal(again, false, 'Harden Manifest ran on its own preview');
    assert.equal(preview.returned(), false, 'the second run answered the first preview');
    assert.equal(previewTabs(uri).length, 1, 'the diff closed');
    // Discard, as from the palette (no argument: the active editor is still the right side).
    await vscode.commands.executeCommand('kubesmith.harden.discard');
    assert.equal(await preview.result, false);
    assert.equal(document.version, version, 'the document changed');
    await fileShownIn(document, vscode.ViewColumn.One);
  });

  it('once the file is hardened, neither the Refactor menu nor Ctrl+. offers Harden Manifest', async () => {
    await kubesmithApi();
    await freshCopy('harden-done.yaml');
    const { document } = await openFixture('manifests/harden-done.yaml');
    const lines = document.getText().split('\n');
    const top = new vscode.Range(0, 0, 0, 0);
    const nameLine = lines.findIndex((line) => line.includes('- name: web'));
    assert.ok(nameLine > 0, 'the fixture has `- name: web`');
    const container = new vscode.Range(nameLine, 8, nameLine, 8);
    const hardenActions = async (range: vscode.Range, kind?: string) => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, kind, kind ? 1 : undefined);
      return actions.filter((action) => action.title === 'Harden Manifest' || action.kind?.value === HARDEN_KIND);
    };

    // Before: offered to Ctrl+Shift+R (refactor) and to Ctrl+. (no kind, invoked).
    await waitFor('Harden Manifest in the Refactor menu of the file', async () => (await hardenActions(top, vscode.CodeActionKind.Refactor.value)).length === 1);
    assert.equal((await hardenActions(container)).length, 1, 'Ctrl+. on the container does not offer Harden Manifest');
    // Applied from the Refactor menu (its edit computed when resolved), then saved.
    const [action] = await hardenActions(top, vscode.CodeActionKind.Refactor.value);
    assert.ok(action.edit, 'resolved, the action carries no edit');
    assert.ok(await vscode.workspace.applyEdit(action.edit), 'the refactoring\'s edit was not applied');
    assert.ok(document.getText().includes('runAsNonRoot: true'), 'the file was not hardened');
    assert.ok(await document.save(), 'the hardened file was not saved');

    // After: nothing left to harden, so not offered (the request carries the new text).
    for (const [range, kind, what] of [
      [top, vscode.CodeActionKind.Refactor.value, 'the Refactor menu'],
      [top, undefined, 'Ctrl+. on line 1'],
      [container, undefined, 'Ctrl+. on the container'],
    ] as const) {
      assert.deepEqual((await hardenActions(range, kind)).map((entry) => entry.title), [], `${what} still offers Harden Manifest on the hardened file`);
    }
  });
});
