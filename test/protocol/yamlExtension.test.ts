import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { Diagnostic } from 'vscode-languageserver-types';
import { NO_RULES, repoRoot } from '../helpers';
import { TestClient } from './lspClient';

/**
 * Beside Red Hat's YAML extension (server/src/lsp/yamlExtension.ts): what the server does when the
 * client says the YAML extension reports syntax errors and asks which documents Kubesmith checks.
 */

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`);

const BROKEN_QUOTE = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  greeting: "hello\n';
const DUPLICATE_AND_TYPO = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  name: other\ndata:\n  a: "1"\nbinaryDatta: {}\n';
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\n';
const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n';
const COMPOSE = 'services:\n  web:\n    image: nginx\n';

describe('language server beside the YAML extension', () => {
  let client: TestClient;
  let workspace: string;
  const checked = new Map<string, boolean[]>();
  const uri = (name: string) => URI.file(join(workspace, name)).toString();
  let version = 1;
  const open = (name: string, text: string, languageId = 'yaml') => {
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId, version: 1, text } });
  };
  /** The diagnostics published after a change of the whole text (a fresh version, so they are new). */
  const change = async (name: string, text: string) => {
    version++;
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(name), version }, contentChanges: [{ text }] });
    return client.diagnosticsFor(uri(name), version);
  };
  const checkedAnswers = async (name: string, count: number) => {
    const deadline = Date.now() + 10_000;
    while ((checked.get(uri(name)) ?? []).length < count) {
      if (Date.now() > deadline) throw new Error(`no kubesmith/checkedDocument for ${name} (got ${JSON.stringify(checked.get(uri(name)))})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return checked.get(uri(name))!;
  };

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'kubesmith-yaml-ext-'));
    client = new TestClient(repoRoot);
    client.settings = { rules: NO_RULES, files: { include: ['**/*.yaml', '**/*.json'], exclude: ['excluded/**'] } };
    client.connection.onNotification('kubesmith/checkedDocument', (params: { uri: string; checked: boolean }) => {
      checked.set(params.uri, [...(checked.get(params.uri) ?? []), params.checked]);
    });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(workspace).toString(),
      workspaceFolders: [{ uri: URI.file(workspace).toString(), name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { yamlExtension: { leaveSyntaxErrors: true, reportChecked: true } },
    });
    client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('leaves the syntax errors and duplicate keys of YAML documents to the YAML extension, and keeps everything else', async () => {
    open('broken.yaml', BROKEN_QUOTE);
    assert.deepEqual(codes(await client.diagnosticsFor(uri('broken.yaml'), 1)), []);
    open('duplicate.yaml', DUPLICATE_AND_TYPO);
    assert.deepEqual(codes(await client.diagnosticsFor(uri('duplicate.yaml'), 1)), ['8 unknown-field']);
    // JSON documents are not the YAML extension's: their syntax errors stay.
    open('broken.json', '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "1"', 'json');
    const json = await client.diagnosticsFor(uri('broken.json'), 1);
    assert.ok(json.length > 0 && json.every((d) => d.code === 'yaml-syntax'), `JSON syntax errors: ${codes(json).join(', ')}`);
  });

  it('says which documents it checks as Kubernetes resources, once per change of the answer', async () => {
    open('configmap.yaml', BROKEN_QUOTE);
    open('kustomization.yaml', KUSTOMIZATION);
    open('widget.yaml', WIDGET);
    open('compose.yaml', COMPOSE);
    open('excluded/deployment.yaml', BROKEN_QUOTE);
    assert.deepEqual(await checkedAnswers('configmap.yaml', 1), [true]);
    assert.deepEqual(await checkedAnswers('kustomization.yaml', 1), [false]);
    assert.deepEqual(await checkedAnswers('widget.yaml', 1), [false]);
    assert.deepEqual(await checkedAnswers('compose.yaml', 1), [false]);
    assert.deepEqual(await checkedAnswers('excluded/deployment.yaml', 1), [false]);

    // An edit that keeps the answer sends nothing; one that changes it sends the new answer.
    await change('configmap.yaml', BROKEN_QUOTE.replace('hello', 'hi'));
    await change('compose.yaml', BROKEN_QUOTE);
    assert.deepEqual(await checkedAnswers('compose.yaml', 2), [false, true]);
    assert.deepEqual(checked.get(uri('configmap.yaml')), [true]);
  });

  it('reports syntax errors again, and stops the answers, when the client says the YAML extension is gone', async () => {
    const before = (checked.get(uri('configmap.yaml')) ?? []).length;
    client.connection.sendNotification('kubesmith/yamlExtension', { leaveSyntaxErrors: false, reportChecked: false });
    // (Published again on its own: the same version, so wait for the new publication's content.)
    const deadline = Date.now() + 10_000;
    let diagnostics = await client.diagnosticsFor(uri('broken.yaml'));
    while (!codes(diagnostics).includes('6 yaml-syntax')) {
      assert.ok(Date.now() < deadline, `the syntax error did not come back: ${codes(diagnostics).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      diagnostics = await client.diagnosticsFor(uri('broken.yaml'));
    }
    assert.deepEqual(codes(await change('duplicate.yaml', DUPLICATE_AND_TYPO)), ['5 duplicate-key', '8 unknown-field']);
    await change('configmap.yaml', KUSTOMIZATION);
    assert.equal((checked.get(uri('configmap.yaml')) ?? []).length, before, 'an answer was sent after reportChecked went off');
  });
});
