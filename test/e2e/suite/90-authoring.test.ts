/**
 * Writing manifests: completion and hover come from the Kubernetes schema of the document's own
 * kind, and the outline names each resource.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { kubesmithApi, openFixture, replaceText, saveAll, waitFor } from './helpers';

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
const markdownOf = (value: vscode.MarkdownString | string | undefined) => (typeof value === 'string' ? value : value?.value ?? '');
const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))).join('\n');

/** The line index of the first line whose trimmed text is `text`. */
function lineOf(document: vscode.TextDocument, text: string): number {
  const index = document.getText().split('\n').findIndex((line) => line.trim() === text);
  assert.ok(index >= 0, `no line \`${text}\` in ${vscode.workspace.asRelativePath(document.uri)}`);
  return index;
}

describe('Completion, hover and outline', () => {
  after(saveAll);

  it('completes the fields of a container\'s securityContext, with their Kubernetes documentation', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/authoring.yaml');
    const original = document.getText();
    try {
      // A new line inside `securityContext:`, indented as its fields are (what Enter gives).
      const line = lineOf(document, 'securityContext:') + 1;
      const indent = /^\s*/.exec(document.lineAt(line).text)![0];
      const lines = original.split('\n');
      await replaceText(document, [...lines.slice(0, line), indent, ...lines.slice(line)].join('\n'));
      const position = new vscode.Position(line, indent.length);
      const items = await waitFor('securityContext completions', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        return list.items.some((item) => labelOf(item) === 'runAsNonRoot') ? list.items : undefined;
      });
      const byLabel = new Map(items.map((item) => [labelOf(item), item]));
      const expected: Record<string, string> = {
        runAsNonRoot: 'Indicates that the container must run as a non-root user.',
        readOnlyRootFilesystem: 'Whether this container has a read-only root filesystem.',
        capabilities: 'The capabilities to add/drop when running containers.',
      };
      for (const [field, description] of Object.entries(expected)) {
        const item = byLabel.get(field);
        assert.ok(item, `no ${field} among: ${[...byLabel.keys()].join(', ')}`);
        assert.equal(item.kind, vscode.CompletionItemKind.Property, `${field} kind`);
        const documentation = markdownOf(item.documentation);
        assert.ok(documentation.includes(description), `${field} documentation: ${documentation}`);
        assert.ok(documentation.includes(`spec.template.spec.containers[].securityContext.${field}`), `${field} documentation has no path: ${documentation}`);
      }
      assert.ok(!byLabel.has('allowPrivilegeEscalation'), 'a field already set is offered again');
      assert.ok(!byLabel.has('replicas') && !byLabel.has('image'), 'fields of other objects are offered in securityContext');
    } finally {
      await replaceText(document, original);
    }
  });

  it('shows the schema description and path when hovering `image:` of a container', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/authoring.yaml');
    const line = document.getText().split('\n').findIndex((text) => text.trimStart().startsWith('image: '));
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('image') + 2);
    const text = await waitFor('a hover on image:', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const found = hoverText(hovers);
      return found.includes('Container image name') ? found : undefined;
    });
    assert.ok(text.includes('`spec.template.spec.containers[].image`'), `hover has no field path: ${text}`);
    assert.ok(text.includes('**image**'), `hover has no field name: ${text}`);
  });

  it('lists `Deployment api` and `Service api` in the outline of a two-document file', async () => {
    await kubesmithApi();
    const { document } = await openFixture('manifests/authoring.yaml');
    const symbols = await waitFor('document symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      return found?.length ? found : undefined;
    });
    assert.deepEqual(symbols.map((symbol) => symbol.name), ['Deployment api', 'Service api']);
    const [deployment, service] = symbols;
    assert.ok(deployment.range.contains(new vscode.Position(lineOf(document, 'kind: Deployment'), 0)), 'the Deployment symbol covers its document');
    assert.ok(service.range.contains(new vscode.Position(lineOf(document, 'kind: Service'), 0)), 'the Service symbol covers its document');
    assert.ok(deployment.range.end.isBefore(service.range.start), 'the symbols overlap');
    assert.deepEqual(deployment.children.map((child) => child.name), ['apiVersion', 'kind', 'metadata', 'spec']);
  });
});
