import { strict as assert } from 'node:assert';
import { Diagnostic } from 'vscode-languageserver-types';
import { decodeText } from '../../server/src/node/textFile';
import { repoRoot } from '../helpers';
import { collapseCodes, deployments, hostileInputs } from '../hostile';
import { TestClient } from './lspClient';
import { generate } from '../../bench/generate';

interface Status {
  pid: number;
  open: number;
  work: { analyses: number };
  caches: { files: number; analyses: number; parsed: number; settings: number; pending: number };
}

const codes = (diagnostics: Diagnostic[]) => collapseCodes(diagnostics.map((d) => String(d.code)));

/**
 * The built server over stdio on hostile input: each file gets its findings (a note where it is
 * not checked) and the server keeps answering — other files, completion, status — and keeps
 * nothing of the files it was sent once they are closed.
 */
describe('language server on hostile input', function () {
  this.timeout(120_000);
  let client: TestClient;

  before(async () => {
    client = new TestClient(repoRoot);
    client.settings = { profile: 'all' };
    await client.initialize();
  });

  after(async () => {
    await client.stop();
  });

  const status = () => client.connection.sendRequest('kubesmith/status') as Promise<Status>;

  it('publishes the findings each hostile input must give, and keeps answering', async () => {
    const { pid } = await status();
    for (const input of hostileInputs()) {
      // As an editor opens the file: UTF-16 with a byte order mark decoded, anything else as UTF-8.
      const uri = `file:///hostile/${input.file}`;
      client.open(uri, decodeText(input.bytes).text);
      assert.deepEqual(codes(await client.diagnosticsFor(uri, 1, 60_000)), input.codes, input.name);
      assert.equal((await status()).pid, pid, `${input.name}: the server is still the same process`);
      client.close(uri);
    }
  });

  it('declines a 20 MB file with a note while it checks another file', async () => {
    const big = 'file:///hostile/twenty.yaml';
    const small = 'file:///hostile/small.yaml';
    client.open(big, deployments(66_000));
    client.open(small, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndta: {}\n');
    try {
      assert.deepEqual(codes(await client.diagnosticsFor(small, 1)), ['unknown-field']);
      const note = await client.diagnosticsFor(big, 1);
      assert.deepEqual(note.map((d) => d.message), ['This file is 20.2 MB; Kubesmith checks files up to 8.0 MB.']);
    } finally {
      client.close(big);
      client.close(small);
    }
  });

  /** Holds the server's settings for the next file back until the returned function is called (then they are on their way). */
  const holdSettings = () => {
    let release!: () => void;
    client.configurationGate = new Promise<void>((resolve) => { release = resolve; });
    return async () => {
      client.configurationGate = undefined;
      release();
      // (The answer is written before anything the test sends next.)
      await new Promise((resolve) => setImmediate(resolve));
    };
  };

  it('answers requests about another file while it checks a large one, in slices', async () => {
    const small = 'file:///hostile/beside.yaml';
    const big = 'file:///hostile/large-check.yaml';
    const generated = generate(600);
    client.open(small, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndta: {}\n');
    await client.diagnosticsFor(small, 1);
    try {
      const before = (await status()).work.analyses;
      // The large file's check starts when its settings arrive; the requests follow them at once.
      const release = holdSettings();
      client.open(big, generated.text);
      await release();
      // Asked again and again, the server answers while the check is under way: part of the
      // documents analyzed, nothing of the large file published yet (it yields after every slice).
      let during = await status();
      while (during.work.analyses === before) during = await status();
      const analyzed = during.work.analyses - before;
      assert.equal(client.published(big).length, 0, 'the large file was published before the status request was answered');
      assert.ok(analyzed > 0 && analyzed < generated.documents, `${analyzed} of ${generated.documents} documents analyzed when the status was answered`);
      // A request about the other file, sent then, is answered before the large file is published.
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 2, character: 3 } });
      assert.match(JSON.stringify(hover), /metadata/);
      assert.equal(client.published(big).length, 0, 'the large file was published before the hover was answered');
      // The check goes on to the end: every seeded error reported, each document analyzed once.
      const diagnostics = await client.diagnosticsFor(big, 1, 60_000);
      assert.ok(diagnostics.length > generated.errors.length);
      assert.equal((await status()).work.analyses - before, generated.documents);
    } finally {
      client.close(big);
      client.close(small);
    }
  });

  it('drops the check of a large file when a newer version arrives, keeping what it analyzed', async () => {
    const big = 'file:///hostile/large-edited.yaml';
    const generated = generate(600);
    const before = (await status()).work.analyses;
    const release = holdSettings();
    client.open(big, generated.text);
    await release();
    // The first line is a comment: the edit changes no document.
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: big, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }],
    });
    try {
      await client.diagnosticsFor(big, 2, 60_000);
      await status();
      // Version 1 was never published, and no document was analyzed twice.
      assert.deepEqual(client.published(big).map((publication) => publication.version), [2]);
      assert.equal((await status()).work.analyses - before, generated.documents);
    } finally {
      client.close(big);
    }
  });

  it('answers completion, hover, outline and code actions in a document nested 10,000 deep', async () => {
    const uri = 'file:///hostile/deep.yaml';
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(codes(diagnostics), ['too-complex']);
    const position = { line: 5, character: 5_000 };
    await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
    await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, triggerKind: 1 } });
    assert.ok((await status()).pid > 0);
    client.close(uri);
  });

  it('declines Harden Manifest on a file of 1,100 workloads with a message, and bounds its code actions', async () => {
    const uri = 'file:///hostile/many.yaml';
    client.settings = {};
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    client.open(uri, deployments(1100));
    try {
      const diagnostics = await client.diagnosticsFor(uri, 1, 60_000);
      const message = 'This file has 1,100 workloads; Harden Manifest in the editor hardens files of up to 1,000. Split the file, or run `kubesmith harden <file> --write` in a terminal.';
      await assert.rejects(client.connection.sendRequest('kubesmith/hardenEdit', { uri }), (error: Error) => error.message === message);
      await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: 'kubesmith.harden', arguments: [uri] }), (error: Error) => error.message === message);
      // A finding of a rule all 1,100 documents have: its quick fix and suppressions, no "Fix all"; no Harden Manifest.
      const target = diagnostics.find((d) => d.code === 'run-as-non-root')!;
      const actions = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri }, range: target.range, context: { diagnostics: [target], triggerKind: 1 },
      }) as { title: string }[];
      assert.deepEqual(actions.map((action) => action.title), ['Set `runAsNonRoot: true`', 'Disable `run-as-non-root` for this line', 'Disable `run-as-non-root` for this resource']);
    } finally {
      client.close(uri);
      client.settings = { profile: 'all' };
      client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }
  });

  it('keeps nothing of closed documents over 300 open/close cycles', async () => {
    for (let i = 0; i < 300; i++) {
      const uri = `file:///cycles/file-${i}.yaml`;
      client.open(uri, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  key: value-${i}\n`);
      if (i % 50 === 0) await client.diagnosticsFor(uri, 1);
      client.close(uri);
    }
    const after = await status();
    assert.equal(after.open, 0, JSON.stringify(after));
    assert.deepEqual(after.caches, { files: 0, analyses: 0, parsed: 0, settings: 0, pending: 0 });
  });
});
