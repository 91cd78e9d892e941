/**
 * Best-practice warnings as a new user meets them: a plain Deployment with `nginx:latest` and no
 * probes gets warnings on the right lines, a rule's quick fix settles its warning, and
 * "Disable `<rule>` for this line" silences one.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, eventually, expectErrors, kubesmithApi, kubesmithDiagnostics, openFixture, saveAll, summarize, workspaceUri } from './helpers';

function findingOf(uri: vscode.Uri, rule: string): vscode.Diagnostic | undefined {
  return kubesmithDiagnostics(uri).find((diagnostic) => codeOf(diagnostic) === rule);
}

/**
 * The code actions VS Code offers on a diagnostic's range (the light bulb's list), each resolved
 * as VS Code resolves the one chosen (their edits are computed on codeAction/resolve).
 */
async function actionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, undefined, 100);
}

async function applyAction(uri: vscode.Uri, range: vscode.Range, title: string): Promise<void> {
  const actions = await actionsAt(uri, range);
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(action, `no "${title}" among: ${actions.map((candidate) => candidate.title).join(' | ')}`);
  assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.ok(action.edit, `"${title}" carries no edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${title}" was not applied`);
}

describe('Best-practice warnings', () => {
  after(saveAll);

  it('warns about `nginx:latest` and the missing probes on their lines; a quick fix and "Disable for this line" make warnings go', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/best-practice.yaml');
    const { uri } = document;
    const lines = document.getText().split('\n');
    const containerLine = lines.findIndex((line) => line.trim() === '- name: shop');
    const imageLine = lines.findIndex((line) => line.trim() === 'image: nginx:latest');

    await expectErrors(uri, []);
    await eventually(() => {
      const found = summarize(kubesmithDiagnostics(uri));
      for (const expected of [`${imageLine + 1} no-latest-tag`, `${containerLine + 1} missing-liveness-probe`, `${containerLine + 1} missing-readiness-probe`, `${containerLine + 1} allow-privilege-escalation`]) {
        assert.ok(found.includes(expected), `${expected} in: ${found.join(', ')}`);
      }
    });
    for (const rule of ['no-latest-tag', 'missing-liveness-probe', 'missing-readiness-probe', 'allow-privilege-escalation']) {
      const finding = findingOf(uri, rule)!;
      assert.equal(finding.severity, vscode.DiagnosticSeverity.Warning, `${rule} severity`);
      assert.equal(finding.source, 'kubesmith');
    }
    assert.equal(document.getText(findingOf(uri, 'no-latest-tag')!.range), 'nginx:latest', 'the squiggle is on the image');
    assert.equal(document.getText(findingOf(uri, 'missing-liveness-probe')!.range), 'shop', 'the squiggle is on the container name');
    assert.match(findingOf(uri, 'missing-readiness-probe')!.message, /no readiness probe/);

    // A rule's quick fix: the container gets `allowPrivilegeEscalation: false`, the warning goes.
    await applyAction(uri, findingOf(uri, 'allow-privilege-escalation')!.range, 'Set `allowPrivilegeEscalation: false`');
    assert.match(document.getText(), /\n {8}securityContext:\n {10}allowPrivilegeEscalation: false\n/);
    await eventually(() => assert.equal(findingOf(uri, 'allow-privilege-escalation'), undefined, 'allow-privilege-escalation after its fix'));

    // The probe fix: a TCP check of the declared port.
    await applyAction(uri, findingOf(uri, 'missing-liveness-probe')!.range, 'Add a TCP liveness probe on port 8080');
    assert.match(document.getText(), /\n {8}livenessProbe:\n {10}tcpSocket:\n {12}port: 8080\n/);
    await eventually(() => assert.equal(findingOf(uri, 'missing-liveness-probe'), undefined, 'missing-liveness-probe after its fix'));
    assert.ok(findingOf(uri, 'missing-readiness-probe'), 'the readiness warning is a separate finding and stays');

    // Silenced on its line: a comment above the image, and the warning goes.
    const latest = findingOf(uri, 'no-latest-tag')!;
    await applyAction(uri, latest.range, 'Disable `no-latest-tag` for this line');
    const imageAt = document.getText().split('\n').findIndex((line) => line.trim() === 'image: nginx:latest');
    assert.equal(document.lineAt(imageAt - 1).text, '        # kubesmith-disable-next-line no-latest-tag');
    await eventually(() => assert.equal(findingOf(uri, 'no-latest-tag'), undefined, 'no-latest-tag after disabling it for the line'));
    await expectErrors(uri, []);
  });

  it('fixes every finding of a rule in the file with "Fix all", its edit computed when chosen', async () => {
    await kubesmithApi();
    const uri = workspaceUri('manifests/fix-all.yaml');
    const text = [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: pair', 'spec:', '  selector:', '    matchLabels:', '      app: pair',
      '  template:', '    metadata:', '      labels:', '        app: pair', '    spec:', '      containers:',
      '      - name: app', '        image: nginx:1.27.3', '      - name: sidecar  # ships the logs', '        image: busybox:1.36', '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const { document } = await openFixture('manifests/fix-all.yaml');
    const count = () => kubesmithDiagnostics(uri).filter((diagnostic) => codeOf(diagnostic) === 'allow-privilege-escalation').length;
    await eventually(() => assert.equal(count(), 2, 'allow-privilege-escalation findings'));

    await applyAction(uri, findingOf(uri, 'allow-privilege-escalation')!.range, 'Fix all `allow-privilege-escalation` problems in this file (2)');
    assert.equal((document.getText().match(/\n {8}securityContext:\n {10}allowPrivilegeEscalation: false\n/g) ?? []).length, 2, document.getText());
    assert.ok(document.getText().includes('      - name: sidecar  # ships the logs\n'), 'the comment was kept');
    await eventually(() => assert.equal(count(), 0, 'allow-privilege-escalation findings after "Fix all"'));
  });
});
