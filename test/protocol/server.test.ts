import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { NO_RULES, fixture, repoRoot } from '../helpers';
import { TestClient } from './lspClient';

const short = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);

/** The built server (`node dist/server.js --stdio`) spoken to over its real protocol. */
describe('language server over stdio', () => {
  let client: TestClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'kubesmith-ws-'));
    writeFileSync(join(workspace, 'crontab-crd.yaml'), fixture('workspace-crd/crontab-crd.yaml'));
    client = new TestClient(repoRoot);
    // Schema checks only, except where a test turns the rules on.
    client.settings = { rules: NO_RULES };
    const result = await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(workspace).toString(),
      workspaceFolders: [{ uri: URI.file(workspace).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    }) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(result.serverInfo.name, 'kubesmith');
    assert.deepEqual(result.capabilities.textDocumentSync, 2);
    client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes diagnostics on open, and new ones after an edit', async () => {
    const uri = URI.file(join(workspace, 'web.yaml')).toString();
    const text = fixture('foundation/issue-example.yaml');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const first = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(short(first), ['5:1 missing-required', '6:13 wrong-type', '11:5 missing-required', '12:7 unknown-field', '26:5 unknown-field']);
    assert.ok(first.every((d) => d.source === 'kubesmith' && d.severity === 1));
    assert.equal(first[3].message, '`contianers` is not a field of `spec.template.spec`; did you mean `containers`?');

    // Fix the replicas value: line 6 `  replicas: "three"` → `  replicas: 3`.
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 5, character: 12 }, end: { line: 5, character: 19 } }, text: '3' }],
    });
    const second = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(short(second), ['5:1 missing-required', '11:5 missing-required', '12:7 unknown-field', '26:5 unknown-field']);
  });

  it('returns quick fixes whose edits remove the problem', async () => {
    const uri = URI.file(join(workspace, 'svc.yaml')).toString();
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    protocl: TCP\n';
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics = await client.diagnosticsFor(uri, 1);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics },
    }) as CodeAction[];
    assert.deepEqual(actions.map((action) => action.title), ['Change `protocl` to `protocol`', 'Disable `unknown-field` for this line', 'Disable `unknown-field` for this resource']);
    assert.deepEqual(actions[0].edit?.changes?.[uri], [{ range: { start: { line: 7, character: 10 }, end: { line: 7, character: 10 } }, newText: 'o' }]);
  });

  it('validates custom resources against a CRD found in the workspace', async () => {
    const uri = URI.file(join(workspace, 'crontab.yaml')).toString();
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: fixture('workspace-crd/crontab.yaml') } });
    // The workspace scan runs in the background; wait for it to report, then for a fresh check.
    const deadline = Date.now() + 20_000;
    let diagnostics = await client.diagnosticsFor(uri, 1);
    while (short(diagnostics).includes('1:13 no-schema') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      diagnostics = await client.diagnosticsFor(uri, 1);
    }
    assert.deepEqual(short(diagnostics), ['5:1 missing-required', '6:13 invalid-value', '7:13 invalid-value', '8:3 unknown-field']);
    const status = await client.connection.sendRequest('kubesmith/status') as { workspaceCrds: string[]; pid: number };
    assert.deepEqual(status.workspaceCrds, ['stable.example.com/CronTab']);
    assert.equal(status.pid, client.pid);
  });

  it('follows the kubernetesVersion setting', async () => {
    const uri = URI.file(join(workspace, 'dra.yaml')).toString();
    client.settings = { kubernetesVersion: '1.28', rules: NO_RULES };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const text = 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu\nspec: {}\n';
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    assert.deepEqual(short(await client.diagnosticsFor(uri, 1)), ['1:13 api-not-served']);
    client.settings = { rules: NO_RULES };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}\n` }] });
    assert.deepEqual(short(await client.diagnosticsFor(uri, 2)), []);
  });

  it('leaves excluded files and non-Kubernetes YAML without diagnostics', async () => {
    const compose = URI.file(join(workspace, 'docker-compose.yaml')).toString();
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: compose, languageId: 'yaml', version: 1, text: fixture('non-k8s/docker-compose.yaml') } });
    assert.deepEqual(await client.diagnosticsFor(compose, 1), []);
    client.settings = { rules: NO_RULES, files: { include: ['**/*.yaml'], exclude: ['ignored/**'] } };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const ignored = URI.file(join(workspace, 'ignored', 'web.yaml')).toString();
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: ignored, languageId: 'yaml', version: 1, text: fixture('foundation/issue-example.yaml') } });
    assert.deepEqual(await client.diagnosticsFor(ignored, 1), []);
    client.settings = { rules: NO_RULES };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('reports best-practice findings with the default rules, and hardens with kubesmith.harden', async () => {
    client.settings = {};
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = URI.file(join(workspace, 'app.yaml')).toString();
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app # keep me\nspec:\n  selector:\n    matchLabels: {app: app}\n  template:\n    metadata:\n      labels: {app: app}\n    spec:\n      containers:\n      - name: app\n        image: nginx:latest\n        ports:\n        - containerPort: 80\n';
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const before = await client.diagnosticsFor(uri, 1);
    assert.ok(before.some((d) => d.code === 'no-latest-tag' && d.range.start.line === 13), short(before).join(', '));
    assert.ok(before.some((d) => d.code === 'run-as-non-root'));
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'kubesmith.harden', arguments: [uri] }) as { summary: string[]; remaining: { rule: string }[] };
    assert.equal(client.appliedEdits.length, 1);
    assert.match(result.summary[0], /^Deployment app: /);
    assert.ok(result.remaining.some((item) => item.rule === 'no-latest-tag'));

    // The same as a refactoring code action, whose edit is computed when it is resolved.
    const other = URI.file(join(workspace, 'app2.yaml')).toString();
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text } });
    await client.diagnosticsFor(other, 1);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: other }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['refactor'] },
    }) as CodeAction[];
    assert.deepEqual(actions.map((action) => [action.title, action.kind, action.edit]), [['Harden Manifest', 'refactor.rewrite.kubesmith.harden', undefined]]);
    const resolved = await client.connection.sendRequest('codeAction/resolve', actions[0]) as CodeAction;
    const edits = (resolved.edit?.documentChanges?.[0] as { edits: { newText: string }[] }).edits;
    assert.ok(edits.some((edit) => edit.newText.includes('runAsNonRoot: true')));
    client.settings = { rules: NO_RULES };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('applies the nearest .kubesmith.yaml over the editor settings', async () => {
    const dir = join(workspace, 'legacy');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.kubesmith.yaml'), 'kubernetesVersion: "1.28"\n');
    const uri = URI.file(join(dir, 'dra.yaml')).toString();
    const text = 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu\nspec: {}\n';
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    assert.deepEqual(short(await client.diagnosticsFor(uri, 1)), ['1:13 api-not-served']);
    const configUri = URI.file(join(dir, '.kubesmith.yaml')).toString();
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: configUri, languageId: 'yaml', version: 1, text: 'profile: strict\n' } });
    const configProblems = await client.diagnosticsFor(configUri, 1);
    assert.deepEqual(configProblems.map((d) => `${d.code} ${d.message}`), ['invalid-config `profile` must be one of: baseline, restricted, all.']);
  });
});
