import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { Commands, ContextKeys } from '../../protocol/commands';

/**
 * The getting-started walkthrough (package.json `contributes.walkthroughs`, texts in
 * walkthrough/): its commands, and the context key that completes its quick-fix step. Each step
 * completes on what the person does: the sample opened (`onCommand`), a Kubesmith quick fix
 * applied (`onContext`, set here), Harden Manifest run (`onCommand`), the Kubernetes version
 * changed (`onSettingChanged`).
 */

/**
 * Opens walkthrough/sample.yaml as a new, unsaved YAML file (the extension's own copy stays
 * untouched): beside the walkthrough when that is what is shown, so both stay in view.
 */
export async function openSample(extensionPath: string): Promise<vscode.TextEditor> {
  const content = await readFile(`${extensionPath}/walkthrough/sample.yaml`, 'utf8');
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  const besideAPage = vscode.window.tabGroups.activeTabGroup.activeTab !== undefined && vscode.window.activeTextEditor === undefined;
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: besideAPage ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active });
}

export async function quickFixApplied(): Promise<void> {
  await vscode.commands.executeCommand('setContext', ContextKeys.quickFixApplied, true);
}

/**
 * Gives each of Kubesmith's quick fixes a command that VS Code runs once it has applied the fix's
 * edit: the walkthrough learns that a quick fix was used. (The server's actions carry no command
 * of their own; they come without their edit, computed when one is chosen, so the command is put
 * back on the resolved action too.)
 */
export const walkthroughMiddleware: Pick<Middleware, 'provideCodeActions' | 'resolveCodeAction'> = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    for (const action of actions ?? []) {
      if (action instanceof vscode.CodeAction && !action.command && action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind)) {
        action.command = { command: Commands.quickFixApplied, title: vscode.l10n.t('Quick fix applied') };
      }
    }
    return actions;
  },
  async resolveCodeAction(item, token, next) {
    const resolved = await next(item, token);
    if (resolved && !resolved.command && item.command?.command === Commands.quickFixApplied) resolved.command = item.command;
    return resolved;
  },
};
