/** What the API server would reject beyond the schema shows as errors on the offending values. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectErrors, kubesmithApi, openFixture, saveAll } from './helpers';

describe('Server checks', () => {
  after(saveAll);

  it('shows a bad Deployment name and an out-of-range port as errors, and the rename fix clears the first', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/server-checks.yaml');
    const diagnostics = await expectErrors(document.uri, ['5 server-name', '19 server-port']);
    const name = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'server-name')!;
    assert.equal(document.getText(name.range), 'My_App', 'the squiggle is on the name');
    assert.equal(name.message, '`My_App` is not a valid Deployment name: lowercase letters, digits, `-` and `.` only, starting and ending with a letter or digit.');
    const port = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'server-port')!;
    assert.equal(document.getText(port.range), '70000', 'the squiggle is on the port');
    assert.equal(port.message, '`70000` is not a valid port number for `containerPort`: use 1 to 65535.');
    for (const diagnostic of diagnostics) assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, name.range, undefined, 100);
    const rename = actions.find((action) => action.title === 'Rename to `my-app`');
    assert.ok(rename?.edit, `no "Rename to \`my-app\`" among: ${actions.map((action) => action.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(rename.edit), 'the quick fix edit was not applied');
    assert.equal(document.lineAt(4).text, '  name: my-app');
    await expectErrors(document.uri, ['19 server-port']);
  });
});
