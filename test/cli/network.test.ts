import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { NO_NETWORK_PRELOAD, readNetworkLog } from '../network';
import { CLI, copyFixture, removeDir, repoRoot, run, tempDir } from './helpers';

/**
 * No network access, ever: the CLI runs with every network call trapped (test/support/no-network.cjs)
 * and the test fails on any attempt — on every command, with worker threads too.
 */
describe('kubesmith makes no network access', () => {
  let dir: string;
  let log: string;

  before(() => {
    dir = tempDir();
    log = join(dir, 'network.log');
  });
  after(() => removeDir(dir));

  const trapped = (args: string[], cwd = repoRoot) => run(process.execPath, ['--require', NO_NETWORK_PRELOAD, CLI, ...args], { cwd, env: { KUBESMITH_NETWORK_LOG: log } });

  it('the trap catches and records a network call (so the test below can fail)', () => {
    const probe = run(process.execPath, ['--require', NO_NETWORK_PRELOAD, '-e', 'try { require("node:https").get("https://kubernetes.io/") } catch (error) { console.log(error.message) }'], { env: { KUBESMITH_NETWORK_LOG: join(dir, 'probe.log') } });
    assert.equal(probe.stdout.trim(), 'Network access is not allowed in this test: https.get');
    assert.equal(readNetworkLog(join(dir, 'probe.log')).attempts.length, 1);
  });

  it('lint (in-process and with worker threads), harden, rules and schema attempt none', function () {
    this.timeout(120_000);
    const copy = copyFixture('lint', dir);
    for (const args of [
      ['lint', 'examples'],
      ['lint', 'examples', '--jobs', '2', '--format', 'sarif'],
      ['lint', copy, '--jobs', '3'],
      ['harden', join('test', 'fixtures', 'cli', 'harden', 'web.yaml'), '--diff'],
      ['rules'],
      ['schema', 'Deployment.spec.template.spec'],
    ]) {
      const result = trapped(args);
      assert.ok(result.code === 0 || result.code === 1, `${args.join(' ')}: exit ${result.code}: ${result.stderr}`);
    }
    const { loaded, attempts } = readNetworkLog(log);
    assert.deepEqual(attempts, []);
    // The trap was in every process and in the worker threads.
    assert.ok(loaded.length >= 6, loaded.join('\n'));
    assert.ok(loaded.some((line) => !line.endsWith('thread=0')), `no worker thread loaded the trap: ${loaded.join(', ')}`);
  });
});
