import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-types';
import { NO_RULES, fixture, repoRoot } from '../helpers';
import { TestClient } from './lspClient';

/**
 * The server in the language of the `initialize` request (`locale`, which VS Code's client sends
 * from its display language; other editors likewise): diagnostics, quick fixes and Kubesmith's own
 * hover lines in Chinese, Kubernetes' field descriptions as the OpenAPI writes them.
 */
describe('language server in Chinese (initialize locale zh-cn)', () => {
  let client: TestClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'kubesmith-zh-'));
    client = new TestClient(repoRoot);
    client.settings = { rules: NO_RULES };
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      locale: 'zh-cn',
      rootUri: URI.file(workspace).toString(),
      workspaceFolders: [{ uri: URI.file(workspace).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
    });
    client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes Chinese diagnostics and offers Chinese quick fixes', async () => {
    const uri = URI.file(join(workspace, 'web.yaml')).toString();
    const text = fixture('foundation/issue-example.yaml');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics: Diagnostic[] = await client.diagnosticsFor(uri, 1);
    const unknown = diagnostics.find((d) => d.code === 'unknown-field' && d.range.start.line === 11);
    assert.equal(unknown?.message, '`contianers` 不是 `spec.template.spec` 的字段；你是否想写 `containers`？');
    assert.equal(diagnostics.find((d) => d.code === 'wrong-type')?.message, '`spec.replicas` 必须是整数，而不是字符串 "three"。');
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: unknown!.range, context: { diagnostics: [unknown] },
    }) as CodeAction[];
    assert.ok(actions.some((action) => action.title === '将 `contianers` 改为 `containers`'), actions.map((action) => action.title).join(' | '));
  });

  it('writes its own hover lines in Chinese and keeps the Kubernetes field descriptions in English', async () => {
    const uri = URI.file(join(workspace, 'hover.yaml')).toString();
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  ports:\n    - port: 80\n';
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await client.diagnosticsFor(uri, 1);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 4 } }) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /允许的值：`ClusterIP`/, value);
    assert.match(value, /type determines how the Service is exposed/, value);
  });
});
