/** The `kubesmith.kubernetesVersion` setting decides which API versions are served. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expectErrors, kubesmithApi, openFixture, waitFor } from './helpers';
import { statusBarItems, uiBridgeAvailable } from './ui';

const SECTION = 'kubesmith';
const KEY = 'kubernetesVersion';

describe('Kubernetes version setting', () => {
  let before: string | undefined;

  beforeEach(() => {
    before = vscode.workspace.getConfiguration(SECTION).inspect<string>(KEY)?.workspaceValue;
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration(SECTION).update(KEY, before, vscode.ConfigurationTarget.Workspace);
  });

  it('reports resource.k8s.io/v1 DeviceClass as not served on 1.28, and accepts it again on 1.36', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/device-class.yaml');
    await expectErrors(document.uri, []);

    await vscode.workspace.getConfiguration(SECTION).update(KEY, '1.28', vscode.ConfigurationTarget.Workspace);
    const [notServed] = await expectErrors(document.uri, ['2 api-not-served']);
    assert.equal(notServed.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(notServed.range), 'resource.k8s.io/v1');
    assert.match(notServed.message, /1\.34/, 'the message says from which version it is served');
    if (uiBridgeAvailable()) {
      await waitFor('the status bar to show K8s 1.28', async () => (await statusBarItems()).some((item) => item.visible && item.text.includes('K8s 1.28')));
    }

    await vscode.workspace.getConfiguration(SECTION).update(KEY, '1.36', vscode.ConfigurationTarget.Workspace);
    await expectErrors(document.uri, []);
    assert.ok(!vscode.languages.getDiagnostics(document.uri).some((diagnostic) => codeOf(diagnostic) === 'api-not-served'));
  });
});
