/** YAML that is not a Kubernetes manifest (docker compose, GitHub Actions) is left alone. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expectErrors, kubesmithApi, kubesmithDiagnostics, openFixture, summarize, workspaceUri } from './helpers';

describe('Non-Kubernetes YAML', () => {
  it('gets no Kubesmith diagnostics for a docker-compose file and a GitHub workflow', async () => {
    await kubesmithApi();
    // A file that does get diagnostics first: the server is up and publishing.
    await openFixture('manifests/broken-deployment.yaml');
    await expectErrors(workspaceUri('manifests/broken-deployment.yaml'), ['5 missing-required', '6 wrong-type', '11 missing-required', '12 unknown-field', '26 unknown-field']);

    const files = ['compose/docker-compose.yml', '.github/workflows/ci.yml'].map(workspaceUri);
    const seen: string[] = [];
    const watch = vscode.languages.onDidChangeDiagnostics((event) => {
      for (const uri of event.uris) {
        if (files.some((file) => file.toString() === uri.toString())) {
          const found = summarize(kubesmithDiagnostics(uri));
          if (found.length) seen.push(`${vscode.workspace.asRelativePath(uri)}: ${found.join(', ')}`);
        }
      }
    });
    try {
      const compose = await openFixture('compose/docker-compose.yml');
      // VS Code itself calls it Docker Compose, which the client does not even send to the
      // server; with the YAML mode chosen (a user's files.associations, or other extensions),
      // the server sees it, and must still find nothing to say.
      assert.ok(['dockercompose', 'yaml'].includes(compose.document.languageId), `docker-compose.yml opened as ${compose.document.languageId}`);
      assert.equal((await vscode.languages.setTextDocumentLanguage(compose.document, 'yaml')).languageId, 'yaml');
      const workflow = await openFixture('.github/workflows/ci.yml');
      assert.equal(workflow.document.languageId, 'yaml');
      // The server handles documents in the order they were opened: once the sentinel, opened
      // last, has its problem, the two files above have been checked too.
      await openFixture('manifests/sentinel.yaml');
      await expectErrors(workspaceUri('manifests/sentinel.yaml'), ['7 unknown-field']);
      for (const file of files) assert.deepEqual(summarize(kubesmithDiagnostics(file)), [], vscode.workspace.asRelativePath(file));
      assert.deepEqual(seen, [], 'Kubesmith diagnostics appeared on non-Kubernetes files');
    } finally {
      watch.dispose();
    }
  });
});
