/**
 * When the language server dies, the client starts a new one, tells the user once, and the editor
 * keeps working: the open documents are checked again by the new server.
 */
import * as assert from 'node:assert/strict';
import { expectErrors, kubesmithApi, openFixture, replaceText, saveAll, waitFor } from './helpers';
import type { KubesmithApi } from '../../../client/src/extension';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills the running server and waits for its replacement to answer; returns the new pid. */
async function killServer(api: KubesmithApi): Promise<number> {
  const { pid: first } = await api.status();
  process.kill(first, 'SIGKILL');
  await waitFor(`server process ${first} to die`, () => !isAlive(first));
  const second = await waitFor('a new language server to answer status()', async () => {
    const status = await Promise.race([
      api.status(),
      new Promise<undefined>((resolve) => setTimeout(resolve, 2000, undefined)),
    ]).catch(() => undefined);
    return status && status.pid !== first ? status.pid : undefined;
  }, { timeout: 30_000, interval: 250 });
  assert.ok(isAlive(second), `new server ${second} is not running`);
  return second;
}

describe('Language server crash', () => {
  after(saveAll);

  it('restarts the server after it is killed, tells the user once, and the documents are checked again', async () => {
    const api = await kubesmithApi();
    const { document } = await openFixture('manifests/restart.yaml');
    await expectErrors(document.uri, []);
    const before = api.restarts();

    await killServer(api);
    assert.deepEqual(api.restarts(), { restarts: before.restarts + 1, notices: 1 });
    // The new server has the open documents again (the client sent them), and checks changes.
    await waitFor('the new server to have the open documents', async () => ((await api.status()).open ?? 0) > 0);
    await replaceText(document, document.getText().replace(/^data:/m, 'dta:'));
    await expectErrors(document.uri, ['5 unknown-field']);

    // A second crash: restarted again, and the user is not told again.
    await killServer(api);
    assert.deepEqual(api.restarts(), { restarts: before.restarts + 2, notices: 1 });
    await expectErrors(document.uri, ['5 unknown-field']);
    await replaceText(document, document.getText().replace(/^dta:/m, 'data:'));
    await expectErrors(document.uri, []);
  });
});
