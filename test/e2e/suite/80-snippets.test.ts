/**
 * The contributed snippets: `k8s-deployment` inserted into an empty YAML editor is a manifest with
 * nothing to warn about, and typing `k8s-netpol` where a document starts offers the NetworkPolicy
 * snippets, each once (the language server leaves snippets to the contribution in VS Code).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, eventually, kubesmithApi, kubesmithDiagnostics, kubesmithExtension, summarize, waitFor } from './helpers';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** The snippets file the extension under test contributes for YAML (package.json `contributes.snippets`). */
function contributedSnippets(): Map<string, Snippet & { name: string }> {
  const extension = kubesmithExtension();
  const contribution = (extension.packageJSON.contributes?.snippets ?? []) as { language: string; path: string }[];
  const yaml = contribution.find((entry) => entry.language === 'yaml');
  assert.ok(yaml, 'the extension contributes no YAML snippets');
  const file = join(extension.extensionPath, yaml.path);
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Snippet>;
  const byPrefix = new Map<string, Snippet & { name: string }>();
  for (const [name, snippet] of Object.entries(json)) {
    for (const prefix of Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix]) byPrefix.set(prefix, { ...snippet, name });
  }
  return byPrefix;
}

const bodyOf = (snippet: Snippet) => (Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body);
const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/** A ConfigMap with a misspelled key: its problem proves the server has checked the text around it. */
const SENTINEL = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sentinel\ndta:\n  key: value\n';

async function closeUntitled(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('Snippets', () => {
  it('k8s-deployment inserted into an empty YAML editor gets no warning or error', async () => {
    await kubesmithApi();
    const snippet = contributedSnippets().get('k8s-deployment');
    assert.ok(snippet, 'no k8s-deployment snippet');
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
    try {
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      assert.ok(await editor.insertSnippet(new vscode.SnippetString(bodyOf(snippet)), new vscode.Position(0, 0)), 'the snippet was not inserted');
      const inserted = document.getText();
      for (const expected of ['kind: Deployment', '  name: app\n', 'image: ghcr.io/example/app:1.0.0', 'containerPort: 8080', 'readOnlyRootFilesystem: true']) {
        assert.ok(inserted.includes(expected), `the inserted text has no \`${expected.trim()}\`:\n${inserted}`);
      }
      const notAllowed = (diagnostics: vscode.Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.severity <= vscode.DiagnosticSeverity.Warning);

      // "No warning" is only worth something once the server has looked: add a document with a
      // known problem after the snippet and wait for that problem, which comes in the same
      // publication as whatever the snippet gets.
      const end = document.positionAt(document.getText().length);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, end, `${inserted.endsWith('\n') ? '' : '\n'}${SENTINEL}`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const sentinelLine = document.getText().split('\n').lastIndexOf('dta:');
      await waitFor('the sentinel ConfigMap\'s unknown-field', () => kubesmithDiagnostics(document.uri).some((diagnostic) => codeOf(diagnostic) === 'unknown-field' && diagnostic.range.start.line === sentinelLine));
      const withSentinel = kubesmithDiagnostics(document.uri).filter((diagnostic) => diagnostic.range.start.line < sentinelLine - 5);
      assert.deepEqual(summarize(notAllowed(withSentinel)), [], 'warnings or errors on the snippet');

      // Sentinel removed: once its problem is gone the server has checked the snippet alone.
      const removal = new vscode.WorkspaceEdit();
      removal.replace(document.uri, new vscode.Range(new vscode.Position(0, 0), document.positionAt(document.getText().length)), inserted);
      assert.ok(await vscode.workspace.applyEdit(removal));
      await eventually(() => assert.ok(!kubesmithDiagnostics(document.uri).some((diagnostic) => codeOf(diagnostic) === 'unknown-field'), 'the sentinel\'s problem is still shown'));
      assert.deepEqual(summarize(notAllowed(kubesmithDiagnostics(document.uri))), [], 'warnings or errors on the inserted k8s-deployment snippet');
    } finally {
      await closeUntitled(document);
    }
  });

  it('offers the NetworkPolicy snippets for `k8s-netpol` where a YAML document starts, each once', async () => {
    await kubesmithApi();
    const snippets = contributedSnippets();
    const expected = [...snippets.keys()].filter((prefix) => prefix.startsWith('k8s-netpol')).sort();
    assert.ok(expected.length >= 3, `NetworkPolicy snippets in the contribution: ${expected.join(', ')}`);
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: production\n---\nk8s-netpol',
    });
    try {
      await vscode.window.showTextDocument(document, { preview: false });
      const position = new vscode.Position(7, 'k8s-netpol'.length);
      const offered = await waitFor('completion items for k8s-netpol', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        const items = list.items.filter((item) => labelOf(item).startsWith('k8s-netpol'));
        return items.length > 0 ? items : undefined;
      });
      assert.deepEqual(offered.map(labelOf).sort(), expected, 'the NetworkPolicy snippets offered (each exactly once)');
      for (const item of offered) {
        const snippet = snippets.get(labelOf(item))!;
        assert.equal(item.kind, vscode.CompletionItemKind.Snippet, `${labelOf(item)} kind`);
        assert.ok(item.insertText instanceof vscode.SnippetString, `${labelOf(item)} inserts a snippet`);
        assert.equal(item.insertText.value, bodyOf(snippet), `${labelOf(item)} inserts its contributed body`);
        const description = typeof item.label === 'string' ? item.detail : item.label.description ?? item.detail;
        assert.equal(description, snippet.name, `${labelOf(item)} is described by its name`);
        assert.match(bodyOf(snippet), /^apiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\n/, `${labelOf(item)} is a NetworkPolicy`);
      }
    } finally {
      await closeUntitled(document);
    }
  });
});
