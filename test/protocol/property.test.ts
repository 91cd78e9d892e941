import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { repoRoot } from '../helpers';
import { applyChange, changeArbitrary, fileArbitrary } from '../property/arbitraries';
import { assertRangesInLines, lineLengths } from '../property/checks';
import { fuzzParameters, reportStats, statsFor } from '../property/fuzz';
import { TestClient } from './lspClient';

const summary = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`);

/**
 * Property-based tests of the built server over stdio (fast-check, seeded as test/property/fuzz.ts
 * says): a file edited at random through incremental changes (splitting and joining documents)
 * ends with exactly the diagnostics a fresh server gives its final text; no internal error, every
 * range inside its line, and completion, hover and code actions anywhere answer.
 */
describe('properties of the language server (fast-check)', function () {
  this.timeout(600_000);
  let edited: TestClient;
  let fresh: TestClient;
  let n = 0;

  before(async () => {
    edited = new TestClient(repoRoot);
    fresh = new TestClient(repoRoot);
    for (const client of [edited, fresh]) {
      client.settings = { profile: 'all' };
      await client.initialize();
    }
  });

  after(async () => {
    await edited.stop();
    await fresh.stop();
    reportStats(['server']);
  });

  it('random incremental edits end with the diagnostics a fresh server gives the final text; requests anywhere answer', async () => {
    const stats = statsFor('server');
    const { pid } = await edited.connection.sendRequest('kubesmith/status') as { pid: number };
    await fc.assert(fc.asyncProperty(fileArbitrary(2), fc.array(changeArbitrary, { maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), async ({ text }, changes, where) => {
      const started = performance.now();
      const uri = `file:///fuzz/file-${n++}.yaml`;
      let document = TextDocument.create(uri, 'yaml', 1, text);
      edited.open(uri, text);
      for (const change of changes) {
        const current = document.getText();
        const { start, end } = applyChange(current, change);
        const range = { start: document.positionAt(start), end: document.positionAt(end) };
        document = TextDocument.update(document, [{ range, text: change.insert }], document.version + 1);
        edited.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ range, text: change.insert }] });
      }
      const final = document.getText();
      fresh.open(uri, final);
      try {
        const incremental = await edited.diagnosticsFor(uri, document.version);
        const expected = await fresh.diagnosticsFor(uri, 1);
        assert.deepEqual(summary(incremental), summary(expected));
        assert.ok(!incremental.some((d) => d.code === 'internal-error'), summary(incremental).join('\n'));
        assertRangesInLines(final, incremental, uri);
        // Requests at a random place answer (no error response, no dead server).
        const lengths = lineLengths(final);
        const line = Math.floor(where * (lengths.length - 1));
        const position = { line, character: Math.floor(where * lengths[line]) };
        await edited.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        await edited.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
        if (incremental.length > 0) {
          await edited.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: incremental[0].range, context: { diagnostics: [incremental[0]], triggerKind: 1 } });
        }
      } finally {
        edited.close(uri);
        fresh.close(uri);
      }
      stats.record(`${changes.length} edits`, final.length, performance.now() - started);
    }), fuzzParameters(50));
    assert.equal((await edited.connection.sendRequest('kubesmith/status') as { pid: number }).pid, pid);
  });
});
