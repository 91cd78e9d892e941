import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc';
import { CodeAction, DocumentSymbol, FoldingRange, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { generate } from '../../bench/generate';
import { fixture, repoRoot } from '../helpers';
import { TestClient } from './lspClient';

/**
 * The requests an editor sends around edits and cursor moves, over the real protocol: stale ones
 * are answered ContentModified, cancelled ones RequestCancelled; a cursor move makes the server
 * analyze nothing; code actions resolved later give the edits they gave at once; the outline and
 * folding of an edited file are those of a fresh server.
 */

const CONTENT_MODIFIED = -32801;
const REQUEST_CANCELLED = -32800;

/** What VS Code announces for code actions: it resolves their edits when one is chosen. */
const RESOLVING = { textDocument: { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } } } };

interface Work { parses: number; analyses: number; outlines: number; hardenRuns: number }

async function start(workspace: string, capabilities: object = {}): Promise<TestClient> {
  const client = new TestClient(repoRoot);
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: URI.file(workspace).toString(),
    workspaceFolders: [{ uri: URI.file(workspace).toString(), name: 'ws' }],
    capabilities: { workspace: { configuration: true }, ...capabilities },
  });
  client.connection.sendNotification('initialized', {});
  return client;
}

async function work(client: TestClient): Promise<Work> {
  return ((await client.connection.sendRequest('kubesmith/status')) as { work: Work }).work;
}

function open(client: TestClient, uri: string, text: string, version = 1): void {
  client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
}

/** Sends an edit as the editor does, and returns the new text. */
function change(client: TestClient, uri: string, version: number, text: string, edit: TextEdit): string {
  client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: edit.range, text: edit.newText }] });
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', version, text), [edit]);
}

async function rejection(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    const result = await promise;
    assert.fail(`answered instead of rejected: ${JSON.stringify(result)?.slice(0, 200)}`);
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    return error;
  }
}

/** A gate the test opens: the server's settings (and so any request waiting for them) are held until then. */
function hold(client: TestClient): () => void {
  let release!: () => void;
  client.configurationGate = new Promise<void>((resolve) => { release = resolve; });
  return () => {
    client.configurationGate = undefined;
    release();
  };
}

describe('requests around edits and cursor moves (over stdio)', () => {
  let workspace: string;
  const clients: TestClient[] = [];
  const startClient = async (capabilities: object = {}) => {
    const client = await start(workspace, capabilities);
    clients.push(client);
    return client;
  };

  before(() => {
    workspace = mkdtempSync(join(tmpdir(), 'kubesmith-requests-'));
  });

  after(async () => {
    await Promise.all(clients.map((client) => client.stop()));
    rmSync(workspace, { recursive: true, force: true });
  });

  it('answers a request overtaken by an edit with ContentModified, and honours $/cancelRequest', async () => {
    const client = await startClient(RESOLVING);
    const uri = URI.file(join(workspace, 'stale.yaml')).toString();
    const text = fixture('foundation/issue-example.yaml');
    // The server's settings for this file are held back: its first request waits on them, so
    // the edit sent after it is known to the server before the request can answer.
    const release = hold(client);
    open(client, uri, text);
    const symbols = rejection(client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
    const folding = rejection(client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }));
    const cancellation = new CancellationTokenSource();
    const hover = rejection(client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 4 } }, cancellation.token));
    change(client, uri, 2, text, { range: { start: { line: 5, character: 12 }, end: { line: 5, character: 19 } }, newText: '3' });
    cancellation.cancel();
    release();
    assert.equal((await symbols).code, CONTENT_MODIFIED);
    assert.equal((await folding).code, CONTENT_MODIFIED);
    assert.equal((await hover).code, REQUEST_CANCELLED);
    // Only the newest version was checked and published.
    await client.diagnosticsFor(uri, 2);
    await work(client);
    assert.deepEqual(client.published(uri).map((publication) => publication.version), [2]);
    // A request sent after the edit is answered.
    const fresh = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as DocumentSymbol[];
    assert.deepEqual(fresh.map((symbol) => symbol.name), ['Deployment web', 'Service web']);
  });

  it('checks only the newest of a burst of edits', async () => {
    const client = await startClient();
    const uri = URI.file(join(workspace, 'burst.yaml')).toString();
    let text = fixture('foundation/issue-example.yaml');
    const before = await work(client);
    const release = hold(client);
    open(client, uri, text);
    // Typing `4`, `45`, `456` over the replicas value while the first check waits.
    text = change(client, uri, 2, text, { range: { start: { line: 5, character: 12 }, end: { line: 5, character: 19 } }, newText: '4' });
    text = change(client, uri, 3, text, { range: { start: { line: 5, character: 13 }, end: { line: 5, character: 13 } }, newText: '5' });
    text = change(client, uri, 4, text, { range: { start: { line: 5, character: 14 }, end: { line: 5, character: 14 } }, newText: '6' });
    release();
    await client.diagnosticsFor(uri, 4);
    // (Whatever the server publishes about this file is sent before it answers the next request.)
    const after = await work(client);
    assert.deepEqual(client.published(uri).map((publication) => publication.version), [4]);
    // The two documents of the last version, once: nothing for versions 1-3.
    assert.equal(after.analyses - before.analyses, 2);
    assert.equal(after.parses - before.parses, 2);
  });

  it('does no analysis, parse or hardening when the cursor moves, the outline and folding are asked, or Harden Manifest is offered', async () => {
    const client = await startClient(RESOLVING);
    client.settings = {}; // the default rules: the workloads have findings Harden fixes
    const uri = URI.file(join(workspace, 'cursor.yaml')).toString();
    const text = `${fixture('harden/shop.yaml')}---\n${generate(30).text}`;
    open(client, uri, text);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.ok(diagnostics.length > 20, `${diagnostics.length} diagnostics`);
    const before = await work(client);
    assert.ok(before.analyses > 30 && before.outlines === before.analyses, JSON.stringify(before));
    // The light bulb at each diagnostic in turn (automatic requests, as on every cursor move),
    // then Ctrl+. and the Refactor menu on the first line, the outline and folding.
    for (const diagnostic of diagnostics) {
      const at = diagnostics.filter((other) => other.range.start.line === diagnostic.range.start.line);
      await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: at, triggerKind: 2 } });
    }
    const refactor = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['refactor'], triggerKind: 1 },
    }) as CodeAction[];
    assert.deepEqual(refactor.map((action) => action.title), ['Harden Manifest']);
    await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics: [diagnostics[0]], triggerKind: 1 } });
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(await work(client), before);
    // Harden runs when its action is resolved, not before.
    const resolved = await client.connection.sendRequest('codeAction/resolve', refactor[0]) as CodeAction;
    assert.ok(resolved.edit?.documentChanges?.length, 'the resolved Harden Manifest has no edit');
    assert.equal((await work(client)).hardenRuns, before.hardenRuns + 1);
  });

  it('gives, resolved, the code actions and edits it gives at once to a client that does not resolve', async () => {
    const eager = await startClient();
    const lazy = await startClient(RESOLVING);
    eager.settings = lazy.settings = {};
    const uri = URI.file(join(workspace, 'actions.yaml')).toString();
    // Schema problems with each kind of fix, best-practice findings (fix and "fix all"), a List.
    const text = [
      fixture('foundation/issue-example.yaml'), fixture('diagnostics/enums.yaml'), fixture('diagnostics/misplaced.yaml'),
      fixture('diagnostics/apis.yaml'), fixture('harden/shop.yaml'),
    ].map((part) => part.replace(/\n*$/, '\n')).join('---\n');
    open(eager, uri, text);
    open(lazy, uri, text);
    const diagnostics = await eager.diagnosticsFor(uri, 1);
    assert.deepEqual(await lazy.diagnosticsFor(uri, 1), diagnostics);
    let compared = 0;
    const kinds = new Set<string>();
    for (const diagnostic of diagnostics) {
      const params = { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], triggerKind: 2 } };
      const expected = await eager.connection.sendRequest('textDocument/codeAction', params) as CodeAction[];
      const offered = await lazy.connection.sendRequest('textDocument/codeAction', params) as CodeAction[];
      assert.ok(offered.every((action) => action.edit === undefined && action.data !== undefined), 'offered with their edits');
      const resolved: CodeAction[] = [];
      for (const action of offered) {
        const answer = await lazy.connection.sendRequest('codeAction/resolve', action) as CodeAction;
        const { data: _data, ...rest } = answer;
        if (rest.edit) resolved.push(rest);
      }
      assert.deepEqual(resolved, expected, `code actions of ${diagnostic.code} on line ${diagnostic.range.start.line + 1}`);
      compared += expected.length;
      for (const action of expected) kinds.add(action.title.replace(/`[^`]*`/g, '…').replace(/\(\d+\)/, '(n)'));
    }
    assert.ok(compared > 40, `${compared} actions compared`);
    for (const kind of ['Change … to …', 'Change to …', 'Move … under …', 'Add missing field …', 'Change apiVersion to …', 'Fix all … problems in this file (n)', 'Disable … for this line', 'Disable … for this resource']) {
      assert.ok(kinds.has(kind), `no "${kind}" among ${[...kinds].join(' | ')}`);
    }
    // Resolved on a version the editor has left: ContentModified.
    const diagnostic = diagnostics.find((d) => d.code === 'unknown-field')!;
    const [action] = await lazy.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as CodeAction[];
    change(lazy, uri, 2, text, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# edited\n' });
    assert.equal((await rejection(lazy.connection.sendRequest('codeAction/resolve', action))).code, CONTENT_MODIFIED);
  });

  it('gives the outline and folding of an edited file that a fresh server gives', async () => {
    const edited = await startClient({ textDocument: { foldingRange: { rangeLimit: 5000 } } });
    const uri = URI.file(join(workspace, 'outline.yaml')).toString();
    let text = generate(40).text;
    open(edited, uri, text);
    await edited.diagnosticsFor(uri, 1);
    await edited.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    await edited.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
    // Lines added near the top (every document below moves), a key renamed in the middle, a
    // document removed, a block added at the end: each found in the text as it is then.
    const at = (current: string, pattern: RegExp, from: number) => current.split('\n').findIndex((line, i) => i >= from && pattern.test(line));
    const edits: ((current: string) => TextEdit)[] = [
      () => ({ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '  labels:\n    tier: web\n' }),
      (current) => {
        const line = at(current, /^ {4}metadata:$/, 500);
        return { range: { start: { line, character: 4 }, end: { line, character: 12 } }, newText: 'metadatum' };
      },
      (current) => {
        const first = at(current, /^---$/, 700);
        return { range: { start: { line: first, character: 0 }, end: { line: at(current, /^---$/, first + 1), character: 0 } }, newText: '' };
      },
      (current) => {
        const last = current.split('\n').length - 1;
        return { range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added\ndata:\n  a: |\n    one\n    two\n' };
      },
    ];
    const documentsBefore = (text.match(/^---$/gm) ?? []).length;
    let version = 1;
    for (const edit of edits) {
      text = change(edited, uri, ++version, text, edit(text));
      await edited.diagnosticsFor(uri, version);
      await edited.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    }
    assert.equal((text.match(/^---$/gm) ?? []).length, documentsBefore, 'one document removed, one added');
    const symbols = await edited.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as DocumentSymbol[];
    const folding = await edited.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }) as FoldingRange[];

    const fresh = await startClient({ textDocument: { foldingRange: { rangeLimit: 5000 } } });
    open(fresh, uri, text);
    await fresh.diagnosticsFor(uri, 1);
    assert.deepEqual(symbols, await fresh.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
    assert.deepEqual(folding, await fresh.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }));
    assert.ok(symbols.some((symbol) => symbol.name === 'ConfigMap added'));
    assert.ok(JSON.stringify(symbols).includes('"metadatum"'));
  });
});

