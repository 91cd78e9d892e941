import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { fixture, repoRoot } from '../helpers';
import { NO_NETWORK_PRELOAD, readNetworkLog } from '../network';
import { TestClient } from './lspClient';

/**
 * No network access, ever: the language server runs with every network call trapped
 * (test/support/no-network.cjs) through a session that uses each of its features, and the test
 * fails on any attempt.
 */
describe('language server makes no network access', function () {
  this.timeout(60_000);

  it('through a whole session: workspace scan, checks, completion, hover, outline, code actions, Harden, settings', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'kubesmith-net-'));
    const log = join(workspace, 'network.log');
    writeFileSync(join(workspace, 'crontab-crd.yaml'), fixture('workspace-crd/crontab-crd.yaml'));
    writeFileSync(join(workspace, '.kubesmith.yaml'), 'profile: all\n');
    const client = new TestClient(repoRoot, { execArgv: ['--require', NO_NETWORK_PRELOAD], env: { ...process.env, KUBESMITH_NETWORK_LOG: log } });
    try {
      await client.initialize(URI.file(workspace).toString());
      const uri = URI.file(join(workspace, 'app.yaml')).toString();
      const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector:\n    matchLabels: {app: app}\n  template:\n    metadata:\n      labels: {app: app}\n    spec:\n      containers:\n      - name: app\n        image: nginx:latest\n';
      client.open(uri, text);
      const diagnostics = await client.diagnosticsFor(uri, 1);
      assert.ok(diagnostics.length > 0);
      client.open(URI.file(join(workspace, 'crontab.yaml')).toString(), fixture('workspace-crd/crontab.yaml'));
      const position = { line: 12, character: 10 };
      await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
      await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, triggerKind: 1 } });
      await client.connection.sendRequest('workspace/executeCommand', { command: 'kubesmith.harden', arguments: [uri] });
      client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(join(workspace, 'crontab-crd.yaml')).toString(), type: 2 }] });
      const status = await client.connection.sendRequest('kubesmith/status') as { workspaceCrds: string[] };
      assert.ok(Array.isArray(status.workspaceCrds));
    } finally {
      await client.stop();
    }
    const { loaded, attempts } = readNetworkLog(log);
    rmSync(workspace, { recursive: true, force: true });
    assert.equal(loaded.length, 1, 'the trap was loaded in the server');
    assert.deepEqual(attempts, []);
  });
});
