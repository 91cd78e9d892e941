/**
 * The suite's entry point, loaded by VS Code as `extensionTestsPath`: VS Code calls `run()` inside
 * the extension host, where the tests get the real `vscode` API. Same contract for both runners:
 * scripts/e2e/run.mjs (code-server in Chromium, offline) and scripts/e2e/electron.mjs
 * (@vscode/test-electron, desktop VS Code).
 *
 * Runs every bundled `*.test.js` beside this file with mocha (bdd), in file-name order (the
 * numeric prefixes keep "first run" first). When KUBESMITH_E2E_RESULTS names a file, the results
 * are written there as JSON, which is how the code-server driver learns them; `run()` also
 * rejects when a test failed, which is what @vscode/test-electron looks at.
 */
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { E2E_ENV, e2eMode } from './env';
import { screenshot, uiBridgeAvailable } from './ui';

export interface TestResult {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
  /** Screenshot of the workbench taken right after the failure (code-server runs only). */
  screenshot?: string;
}

export interface SuiteResults {
  vscodeVersion: string;
  mode: string;
  durationMs: number;
  tests: TestResult[];
  /** Set when the suite itself could not run (a test file failed to load, mocha threw...). */
  error?: string;
}

function writeResults(results: SuiteResults): void {
  const file = process.env[E2E_ENV.results];
  if (!file) return;
  // Written whole, then renamed: the driver never reads half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
  renameSync(`${file}.tmp`, file);
}

function errorInfo(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { message: String(error) };
}

export async function run(): Promise<void> {
  const started = Date.now();
  const tests: TestResult[] = [];
  const results = (): SuiteResults => ({
    vscodeVersion: vscode.version,
    mode: e2eMode(),
    durationMs: Date.now() - started,
    tests,
  });
  try {
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 10_000 });
    const grep = process.env[E2E_ENV.grep];
    if (grep) mocha.grep(new RegExp(grep));
    // Root hook: a failed test leaves the workbench as it was when it failed, so look at it now
    // (after the run the extension host has exited and the editors tell nothing).
    mocha.suite.afterEach('screenshot of a failure', async function () {
      const test = this.currentTest;
      if (test?.state !== 'failed' || !uiBridgeAvailable()) return;
      const name = `failed-${e2eMode()}-${test.fullTitle().replace(/[^\w]+/g, '-').slice(0, 80)}`;
      const path = await screenshot(name).catch(() => undefined);
      const result = tests.find((entry) => entry.fullTitle === test.fullTitle() && entry.state === 'failed');
      if (path && result) result.screenshot = path;
    });
    const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
    for (const name of files) mocha.addFile(join(__dirname, name));

    const failures = await new Promise<number>((resolve) => {
      const runner = mocha.run(resolve);
      runner.on('pass', (test) => tests.push({ fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
      runner.on('pending', (test) => tests.push({ fullTitle: test.fullTitle(), state: 'pending' }));
      runner.on('fail', (test, error) => tests.push({
        fullTitle: test.fullTitle(), state: 'failed', ...(test.duration !== undefined ? { durationMs: test.duration } : {}), error: errorInfo(error),
      }));
    });
    writeResults(results());
    if (failures > 0) throw new Error(`${failures} of ${tests.length} e2e tests failed`);
    if (tests.length === 0) throw new Error(grep ? `no e2e test matches --grep ${grep}` : 'no e2e test ran');
  } catch (error) {
    const failedTests = tests.some((test) => test.state === 'failed');
    if (!failedTests) writeResults({ ...results(), error: errorInfo(error).stack ?? errorInfo(error).message });
    throw error;
  }
}
