/** When the language server dies, the client starts a new one and the editor keeps working. */
import * as assert from 'node:assert/strict';
import { expectErrors, kubesmithApi, openFixture, replaceText, saveAll, waitFor } from './helpers';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Language server crash', () => {
  after(saveAll);

  it('restarts the server after it is killed, and diagnostics come back for a changed document', async () => {
    const api = await kubesmithApi();
    const { document } = await openFixture('manifests/restart.yaml');
    await expectErrors(document.uri, []);
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
    assert.notEqual(second, first);
    assert.ok(isAlive(second), `new server ${second} is not running`);

    // A change made after the restart is checked by the new server.
    await replaceText(document, document.getText().replace(/^data:/m, 'dta:'));
    await expectErrors(document.uri, ['5 unknown-field']);
    await replaceText(document, document.getText().replace(/^dta:/m, 'data:'));
    await expectErrors(document.uri, []);
  });
});
