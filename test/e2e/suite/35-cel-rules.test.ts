/** A custom resource that breaks a CEL rule of its CRD shows the error where the value is. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectErrors, kubesmithApi, openFixture, replaceText, saveAll, waitFor } from './helpers';
import { outputView, uiBridgeAvailable } from './ui';

describe('CEL rules of custom resources', () => {
  before(async () => {
    await kubesmithApi();
  });
  after(async () => {
    await saveAll();
  });

  it('shows the VirtualService timeout rule\'s error at `10 seconds`, and none once it is a duration', async () => {
    const { document } = await openFixture('manifests/virtualservice-timeout.yaml');
    const [diagnostic] = await expectErrors(document.uri, ['13 server-cel']);
    assert.equal(document.getText(diagnostic.range), '10 seconds', 'the squiggle is on the value');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.message,
      '`10 seconds` is not valid for `spec.http[0].timeout`: must be a valid duration greater than 1ms (CEL rule of networking.istio.io VirtualService).');

    await replaceText(document, document.getText().replace('timeout: 10 seconds', 'timeout: 10s'));
    await expectErrors(document.uri, []);
  });

  it('says in the Kubesmith output how many of the kind\'s CEL rules were compiled', async function () {
    if (!uiBridgeAvailable()) this.skip(); // the extension API cannot read an output channel
    try {
      await vscode.commands.executeCommand('kubesmith.showOutput');
      const view = await waitFor('the compile line of the VirtualService rules in the Kubesmith output', async () => {
        const shown = await outputView();
        return shown.lines.some((line) => line.includes('CEL rules of networking.istio.io VirtualService v1: 5 compiled, 0 skipped.')) ? shown : undefined;
      });
      assert.ok(view.channels.includes('Kubesmith'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });
});
