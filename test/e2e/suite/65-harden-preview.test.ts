/**
 * Harden Manifest with its preview on (the default): a diff of the file and its hardened text,
 * and a notification with Apply and Discard. And Harden Manifest as a refactoring, the way VS
 * Code's Refactor menu (Ctrl+Shift+R) finds it: offered on a workload file, its edit computed
 * when it is resolved, the same edit as the command's.
 *
 * The notification's buttons are pressed the way the keyboard does (`notification.acceptPrimaryAction`,
 * Ctrl+Shift+A: Apply is its first button) or dismissed (`notifications.clearAll`); the UI test
 * clicks them.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HARDEN_KIND, freshCopy, kubesmithApi, openFixture, previewTabs, useWorkspaceSetting, waitFor } from './helpers';

const SECTION = 'kubesmith';
const PREVIEW = 'harden.preview';

/**
 * Runs Harden Manifest on the active editor with the preview on, waits for its diff, reads the
 * hardened text it shows, then answers the notification with `command` (repeated until the
 * command returns: the notification comes a moment after the diff, and nothing else in this
 * window asks a question). Returns what the command returned and the previewed text.
 */
async function previewThen(uri: vscode.Uri, command: 'notification.acceptPrimaryAction' | 'notifications.clearAll'): Promise<{ applied: boolean; previewed: string; title: string }> {
  await vscode.commands.executeCommand('notifications.clearAll');
  let result: boolean | undefined;
  let failure: unknown;
  const running = Promise.resolve(vscode.commands.executeCommand<boolean>('kubesmith.hardenManifest')).then((value) => { result = value; }, (error: unknown) => { failure = error ?? 'failed'; });
  const tab = await waitFor('the diff of the file and its hardened text', () => previewTabs(uri)[0]);
  const input = tab.input as vscode.TabInputTextDiff;
  const previewed = (await vscode.workspace.openTextDocument(input.modified)).getText();
  await waitFor(`Harden Manifest to return after ${command}`, async () => {
    if (result !== undefined || failure !== undefined) return true;
    await vscode.commands.executeCommand(command);
    return result !== undefined || failure !== undefined;
  }, { interval: 200 });
  await running;
  if (failure !== undefined) throw failure;
  return { applied: result as boolean, previewed, title: tab.label };
}

describe('Harden Manifest preview and refactoring', () => {
  useWorkspaceSetting(PREVIEW, true);

  it('shows the change as a diff; dismissing it changes nothing, Apply writes the previewed text as one edit', async () => {
    await kubesmithApi();
    const uri = await freshCopy('harden-preview.yaml');
    const { document } = await openFixture('manifests/harden-preview.yaml');
    const original = document.getText();
    const version = document.version;

    // Dismissed (as Escape or the notification's close button does): the diff closes, nothing changes.
    const dismissed = await previewThen(uri, 'notifications.clearAll');
    assert.equal(dismissed.applied, false, 'Harden Manifest applied its change though the notification was dismissed');
    assert.equal(dismissed.title, 'harden-preview.yaml ↔ hardened (Kubesmith preview)');
    assert.deepEqual(previewTabs(uri).map((tab) => tab.label), [], 'the diff is still open');
    assert.equal(document.getText(), original);
    assert.equal(document.version, version, 'the document changed');
    assert.equal(document.isDirty, false);
    for (const added of ['allowPrivilegeEscalation: false', 'runAsNonRoot: true', 'readOnlyRootFilesystem: true', 'livenessProbe:', 'readinessProbe:']) {
      assert.ok(dismissed.previewed.includes(added), `the previewed text has no \`${added}\``);
    }

    // Apply (the notification's first button): the document becomes the previewed text, in one edit.
    const accepted = await previewThen(uri, 'notification.acceptPrimaryAction');
    assert.equal(accepted.applied, true, 'Harden Manifest reported that it applied nothing');
    assert.equal(accepted.previewed, dismissed.previewed, 'the second preview differs from the first');
    assert.deepEqual(previewTabs(uri).map((tab) => tab.label), [], 'the diff is still open after Apply');
    assert.equal(document.getText(), accepted.previewed, 'the document is not what the diff showed');
    assert.equal(document.version, version + 1, 'the hardening arrived as more than one edit');

    // Undo brings the original back.
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to restore the original text', () => document.getText() === original, { timeout: 5000 });
  });

  it('is offered in the Refactor menu of a workload file; resolved, its edit is the same as the command\'s', async () => {
    await kubesmithApi();
    await vscode.workspace.getConfiguration(SECTION).update(PREVIEW, false, vscode.ConfigurationTarget.Workspace);
    await freshCopy('harden-refactor.yaml');
    const { document } = await openFixture('manifests/harden-refactor.yaml');
    const original = document.getText();
    const range = new vscode.Range(0, 0, 0, 0);

    // What Ctrl+Shift+R asks for: refactorings, the first one resolved (its edit computed).
    const actions = await waitFor('a refactoring on harden-refactor.yaml', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.Refactor.value, 1);
      return found.length ? found : undefined;
    });
    const harden = actions.filter((action) => action.title === 'Harden Manifest');
    assert.equal(harden.length, 1, `refactorings offered: ${actions.map((action) => `${action.title} (${action.kind?.value})`).join(' | ')}`);
    assert.equal(harden[0].kind?.value, HARDEN_KIND);
    assert.ok(vscode.CodeActionKind.RefactorRewrite.contains(harden[0].kind!), 'not a rewrite refactoring');
    const edit = harden[0].edit;
    assert.ok(edit, 'resolved, the action carries no edit');
    assert.deepEqual(edit.entries().map(([uri]) => uri.toString()), [document.uri.toString()], 'the edit is not on this file only');

    // Not a quick fix: the light bulb's quick fixes do not list it.
    const quickFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
    assert.deepEqual(quickFixes.filter((action) => action.title === 'Harden Manifest').map((action) => action.kind?.value), []);

    // Applied, it hardens the file exactly as the command does.
    assert.ok(await vscode.workspace.applyEdit(edit), 'the refactoring\'s edit was not applied');
    const refactored = document.getText();
    assert.notEqual(refactored, original);
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the original text', () => document.getText() === original, { timeout: 5000 });
    assert.equal(await vscode.commands.executeCommand<boolean>('kubesmith.hardenManifest'), true, 'the command applied nothing');
    assert.equal(document.getText(), refactored, 'the refactoring and the command harden differently');
  });

  it('is not offered on a file without workloads', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/service.yaml');
    assert.ok(!/^kind: (Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|ReplicaSet)$/m.test(document.getText()), 'service.yaml has a workload');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0), vscode.CodeActionKind.Refactor.value);
    assert.deepEqual(actions.map((action) => action.title), []);
  });
});
