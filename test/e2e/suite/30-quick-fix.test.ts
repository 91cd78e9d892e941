/** A quick fix, as the light bulb offers it, removes the problem it is for. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectErrors, kubesmithApi, openFixture, saveAll } from './helpers';

describe('Quick fixes', () => {
  after(saveAll);

  it('renames a misspelled key, and the problem goes away', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/quick-fix.yaml');
    const diagnostics = await expectErrors(document.uri, ['5 missing-required', '6 wrong-type', '11 missing-required', '12 unknown-field', '26 unknown-field']);
    const typo = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'unknown-field' && diagnostic.range.start.line === 11)!;

    // The light bulb's list, each action resolved as VS Code resolves the one chosen (the server
    // offers quick fixes without their edits and computes an edit on codeAction/resolve).
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, typo.range, undefined, 100);
    const fix = actions.find((action) => action.title === 'Change `contianers` to `containers`');
    assert.ok(fix, `no "Change \`contianers\` to \`containers\`" among: ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fix.edit, 'the quick fix carries no edit');
    // (vscode.executeCodeActionProvider does not hand back the actions' `diagnostics`, so the
    // link to the problem is checked by its effect below.)

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix edit was not applied');
    assert.equal(document.lineAt(11).text, '      containers:');
    // Renamed: no unknown field, and the pod template now has its required containers.
    await expectErrors(document.uri, ['5 missing-required', '6 wrong-type', '26 unknown-field']);
  });
});
