import { strict as assert } from 'node:assert';
import { Diagnostic } from 'vscode-languageserver-types';
import { fixture, repoRoot } from '../helpers';
import { TestClient } from './lspClient';

const short = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);

/**
 * Crash recovery, as far as the protocol shows it: when the server process dies, a client that
 * starts a new one and opens its documents again (what VS Code's language client does, see
 * client/src/extension.ts and the e2e test 50-server-restart) gets the same diagnostics back.
 */
describe('language server crash and restart', function () {
  this.timeout(60_000);

  it('a new server gives the open documents their diagnostics back after the first one is killed', async () => {
    const files = {
      'file:///ws/web.yaml': fixture('foundation/issue-example.yaml'),
      'file:///ws/app.json': fixture('json/deployment.json'),
      'file:///ws/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: a:latest\n',
    };
    const first = new TestClient(repoRoot);
    await first.initialize('file:///ws');
    const before = new Map<string, string[]>();
    for (const [uri, text] of Object.entries(files)) first.open(uri, text, 3, uri.endsWith('.json') ? 'json' : 'yaml');
    for (const uri of Object.keys(files)) before.set(uri, short(await first.diagnosticsFor(uri, 3)));
    assert.ok([...before.values()].every((list) => list.length > 0));

    first.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    await first.stop();

    const second = new TestClient(repoRoot);
    try {
      await second.initialize('file:///ws');
      for (const [uri, text] of Object.entries(files)) second.open(uri, text, 3, uri.endsWith('.json') ? 'json' : 'yaml');
      for (const uri of Object.keys(files)) assert.deepEqual(short(await second.diagnosticsFor(uri, 3)), before.get(uri), uri);
      assert.notEqual(second.pid, first.pid);
    } finally {
      await second.stop();
    }
  });
});
