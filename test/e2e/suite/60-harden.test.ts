/**
 * "Kubesmith: Harden Manifest" on a file with a Deployment, a Service and a ConfigMap, applied
 * directly (refactor preview off): one undoable edit, only the workload changes, comments stay,
 * the result is checked again and a second run has nothing left to do.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RULES } from '../../../server/src/core/rules/registry';
import { codeOf, eventually, kubesmithApi, kubesmithDiagnostics, openFixture, summarize, useWorkspaceSetting } from './helpers';

const SECTION = 'kubesmith';
const PREVIEW = 'harden.preview';
/** The rules whose fixes Harden Manifest applies (their findings must all be gone afterwards). */
const HARDEN_RULES = new Set(RULES.filter((rule) => rule.meta.harden && rule.fix).map((rule) => rule.meta.id));

/** The YAML documents of a file, split on `---` lines (the fixture has no `---` inside strings). */
const yamlDocuments = (text: string) => text.split(/^---$/m);

/** True when `lines` appear in `text`'s lines in the same order (others may be between them). */
function isSubsequence(lines: string[], text: string): boolean {
  const all = text.split('\n');
  let at = 0;
  for (const line of lines) {
    while (at < all.length && all[at] !== line) at++;
    if (at === all.length) return false;
    at++;
  }
  return true;
}

describe('Harden Manifest', () => {
  useWorkspaceSetting(PREVIEW, false);

  it('hardens the Deployment in one undoable edit, keeps comments and the other documents, and a second run changes nothing', async () => {
    await kubesmithApi();
    assert.equal(vscode.workspace.getConfiguration(SECTION).get<boolean>(PREVIEW), false);
    const editor = await openFixture('manifests/harden.yaml');
    const { document } = editor;
    const original = document.getText();
    const imageLine = original.split('\n').findIndex((line) => line.includes('image: nginx:latest'));
    assert.ok(imageLine > 0, 'the fixture has `image: nginx:latest`');

    // Before: what a person would see, including findings Harden Manifest settles.
    await eventually(() => {
      const found = summarize(kubesmithDiagnostics(document.uri));
      for (const expected of ['allow-privilege-escalation', 'run-as-non-root', 'missing-liveness-probe', 'missing-readiness-probe']) {
        assert.ok(found.some((entry) => entry.endsWith(` ${expected}`)), `${expected} before hardening, in: ${found.join(', ')}`);
      }
    });

    const versionBefore = document.version;
    const applied = await vscode.commands.executeCommand<boolean>('kubesmith.hardenManifest');
    assert.equal(applied, true, 'Harden Manifest reported that it applied nothing');
    const hardened = document.getText();
    assert.notEqual(hardened, original);
    assert.equal(document.version, versionBefore + 1, 'the hardening arrived as one edit');

    // Only the Deployment changed; every line it had is still there, in order (comments included).
    const [deploymentBefore, ...othersBefore] = yamlDocuments(original);
    const [deploymentAfter, ...othersAfter] = yamlDocuments(hardened);
    assert.deepEqual(othersAfter, othersBefore, 'the Service and the ConfigMap are byte for byte the same');
    assert.ok(isSubsequence(deploymentBefore.split('\n'), deploymentAfter), 'a line of the Deployment was changed or removed');
    for (const comment of original.split('\n').filter((line) => line.includes('#'))) assert.ok(hardened.includes(comment), `comment line lost: ${comment}`);
    for (const added of ['allowPrivilegeEscalation: false', 'runAsNonRoot: true', 'readOnlyRootFilesystem: true', 'livenessProbe:', 'readinessProbe:', 'tcpSocket:']) {
      assert.ok(deploymentAfter.includes(added), `the hardened Deployment has no \`${added}\``);
    }

    // Checked again: no errors, nothing a mechanical fix settles, the pinned-tag warning stays.
    await eventually(() => {
      const diagnostics = kubesmithDiagnostics(document.uri);
      const settled = diagnostics.filter((diagnostic) => HARDEN_RULES.has(codeOf(diagnostic)));
      assert.deepEqual(summarize(settled), [], 'findings Harden Manifest should have settled');
      const errors = diagnostics.filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(summarize(errors), [], 'errors after hardening');
      const latest = diagnostics.filter((diagnostic) => codeOf(diagnostic) === 'no-latest-tag');
      assert.deepEqual(summarize(latest), [`${imageLine + 1} no-latest-tag`]);
      assert.equal(latest[0].severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(document.getText(latest[0].range), 'nginx:latest');
    });

    // A second run: nothing left to harden, nothing changes.
    const versionHardened = document.version;
    assert.equal(await vscode.commands.executeCommand<boolean>('kubesmith.hardenManifest'), false, 'the second run applied something');
    assert.equal(document.getText(), hardened);
    assert.equal(document.version, versionHardened);

    // One undo brings back the file exactly as it was.
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('undo');
    await eventually(() => assert.equal(document.getText(), original, 'one undo did not restore the original text'), { timeout: 5000 });
    assert.equal(document.isDirty, false, 'after the undo the file is as saved');
  });
});
