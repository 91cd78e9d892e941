/**
 * The workspace as one application, as a user meets it (references/ in the fixture workspace): the
 * definition of a `secretKeyRef` name opens the Secret, renaming a ConfigMap updates the
 * Deployment that mounts it, and a Service with a misspelt selector says that no pod matches it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, eventually, kubesmithApi, kubesmithDiagnostics, openFixture, replaceText, saveAll, waitFor, workspaceUri } from './helpers';

/** The position of `needle` (its `offset`-th character) in a document. */
function positionOf(document: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `no \`${needle}\` in ${vscode.workspace.asRelativePath(document.uri)}`);
  return document.positionAt(index + offset);
}

function asLocation(item: vscode.Location | vscode.LocationLink): vscode.Location {
  return 'targetUri' in item ? new vscode.Location(item.targetUri, item.targetSelectionRange ?? item.targetRange) : item;
}

describe('The workspace: definition, rename, checks between files', () => {
  after(saveAll);

  it('goes from a `secretKeyRef` name to the Secret (F12, as Ctrl+click does)', async () => {
    await kubesmithApi();
    const editor = await openFixture('references/shop-api.yaml');
    const { document } = editor;
    const position = positionOf(document, 'name: shop-db', 'name: '.length + 2);
    const secretFile = workspaceUri('references/shop-config.yaml');
    // The Secret's file is not open: the answer comes from the workspace index, built in the background.
    const locations = await waitFor('the definition of `shop-db`', async () => {
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position);
      return found.length > 0 ? found.map(asLocation) : undefined;
    });
    assert.deepEqual(locations.map((location) => [vscode.workspace.asRelativePath(location.uri), location.range.start.line, location.range.start.character]), [
      ['references/shop-config.yaml', 10, 8],
    ]);
    // What a user does: the cursor on the name, Go to Definition; the Secret's file opens at its name.
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const opened = await waitFor('the Secret\'s file in the active editor', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === secretFile.toString() ? active : undefined;
    });
    assert.equal(opened.selection.active.line, 10);
    assert.equal(opened.document.lineAt(10).text, '  name: shop-db');
    // And from the key, to the key inside the Secret.
    const keys = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, positionOf(document, 'key: password', 'key: '.length + 1));
    assert.deepEqual(keys.map(asLocation).map((location) => [vscode.workspace.asRelativePath(location.uri), location.range.start.line]), [['references/shop-config.yaml', 12]]);
  });

  it('renames a ConfigMap, and the Deployment that mounts it follows (one workspace edit)', async () => {
    await kubesmithApi();
    const { document } = await openFixture('references/shop-config.yaml');
    const deploymentUri = workspaceUri('references/shop-api.yaml');
    const deployment = await vscode.workspace.openTextDocument(deploymentUri);
    const originals = [document.getText(), deployment.getText()];
    try {
      const position = positionOf(document, 'shop-settings', 2);
      const edit = await waitFor('the rename edit', async () => {
        const result = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, position, 'shop-config');
        return result && result.entries().length === 2 ? result : undefined;
      });
      assert.deepEqual(edit.entries().map(([uri, edits]) => [vscode.workspace.asRelativePath(uri), edits.length]).sort(), [
        ['references/shop-api.yaml', 2], ['references/shop-config.yaml', 1],
      ]);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the rename edit was not applied');
      assert.equal(document.getText(), originals[0].replace('name: shop-settings', 'name: shop-config'));
      assert.equal(deployment.getText(), originals[1].replaceAll('name: shop-settings', 'name: shop-config'));
      assert.ok(deployment.getText().includes('        configMap:\n          name: shop-config\n'), 'the volume mounts the renamed ConfigMap');
      // Both sides renamed: nothing is reported missing.
      await eventually(() => assert.deepEqual(kubesmithDiagnostics(deploymentUri).filter((d) => codeOf(d) === 'missing-configmap'), []));
    } finally {
      await replaceText(document, originals[0]);
      await replaceText(deployment, originals[1]);
      await saveAll();
    }
  });

  it('says that no pod matches a Service whose selector is misspelt', async () => {
    await kubesmithApi();
    const { document } = await openFixture('references/shop-service.yaml');
    const finding = await waitFor('the selector-matches-nothing finding', () => kubesmithDiagnostics(document.uri).find((d) => codeOf(d) === 'selector-matches-nothing'));
    assert.equal(finding.message, 'No pod in namespace `default` matches this Service\'s selector (`app: shop-apii`); did you mean `app: shop-api`?');
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(finding.range.start.line, 6);
    assert.equal(document.lineAt(6).text, '  selector:');
  });
});
