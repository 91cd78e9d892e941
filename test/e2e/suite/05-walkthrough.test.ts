/**
 * The getting-started walkthrough (package.json `contributes.walkthroughs`): contributed with its
 * texts and sample, and the sample's quick fixes carry the command that completes the quick-fix
 * step. That each step completes on its real event is the UI test's walkthrough step: VS Code
 * counts `onCommand:` events only for commands run from the workbench (a button, the palette), not
 * from an extension's `executeCommand`.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, kubesmithApi, kubesmithDiagnostics, kubesmithExtension, waitFor } from './helpers';

interface ContributedStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}

describe('Getting-started walkthrough', () => {
  it('is contributed with four steps, each completing on its own event, and its texts are shipped', () => {
    const extension = kubesmithExtension();
    const walkthroughs = extension.packageJSON.contributes.walkthroughs as { id: string; steps: ContributedStep[] }[];
    assert.deepEqual(walkthroughs.map((walkthrough) => walkthrough.id), ['gettingStarted']);
    const steps = walkthroughs[0].steps;
    assert.deepEqual(steps.map((step) => [step.id, step.completionEvents]), [
      ['openSample', ['onCommand:kubesmith.walkthrough.openSample']],
      ['quickFix', ['onContext:kubesmith.walkthrough.quickFixApplied']],
      ['harden', ['onCommand:kubesmith.hardenManifest']],
      ['kubernetesVersion', ['onSettingChanged:kubesmith.kubernetesVersion']],
    ]);
    for (const step of steps) {
      assert.ok(step.media.markdown && existsSync(join(extension.extensionPath, step.media.markdown)), `${step.id}: no ${step.media.markdown} in ${extension.extensionPath}`);
    }
    assert.ok(existsSync(join(extension.extensionPath, 'walkthrough', 'sample.yaml')), 'the sample manifest is not shipped');
  });

  it('opens the sample as a new YAML file with problems, whose quick fixes tell the walkthrough they were applied', async () => {
    await kubesmithApi();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('kubesmith.walkthrough.openSample');
    const sample = editor.document;
    try {
      assert.equal(sample.uri.scheme, 'untitled');
      assert.equal(sample.languageId, 'yaml');
      assert.equal(sample.getText(), readFileSync(join(kubesmithExtension().extensionPath, 'walkthrough', 'sample.yaml'), 'utf8'));
      const typo = await waitFor('the `contianers` error on the sample', () =>
        kubesmithDiagnostics(sample.uri).find((diagnostic) => codeOf(diagnostic) === 'unknown-field' && sample.getText(diagnostic.range) === 'contianers'));
      assert.ok(kubesmithDiagnostics(sample.uri).some((diagnostic) => codeOf(diagnostic) === 'invalid-enum'), 'no error on `LoadBalancr`');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sample.uri, typo.range);
      const quickFixes = actions.filter((action) => action.kind?.value === vscode.CodeActionKind.QuickFix.value);
      assert.ok(quickFixes.some((action) => action.title === 'Change `contianers` to `containers`'), actions.map((action) => action.title).join(' | '));
      for (const action of quickFixes) assert.equal(action.command?.command, 'kubesmith.walkthrough.quickFixApplied', `${action.title} has no walkthrough command`);
    } finally {
      await vscode.window.showTextDocument(sample);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
