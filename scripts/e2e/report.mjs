// Prints the results the suite wrote (test/e2e/suite/index.ts, SuiteResults) the same way for
// both runners, ending with the plain "N passed, N failed" line.
import { readFileSync } from 'node:fs';

/** A JSON file's value, or undefined while it is missing or half-written. */
export function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Prints one line per test (and the error of each failure) and, unless `summary` is false, the
 * closing "N passed, N failed" line; returns the counts.
 */
export function printResults(results, runner, { summary = true } = {}) {
  console.log('');
  console.log(`Kubesmith e2e (${runner}, ${results.mode ?? '?'}) in VS Code ${results.vscodeVersion ?? '?'}:`);
  for (const test of results.tests ?? []) {
    const mark = test.state === 'passed' ? '  ✔' : test.state === 'pending' ? '  -' : '  ✖';
    const time = test.durationMs !== undefined ? ` (${test.durationMs} ms)` : '';
    console.log(`${mark} ${test.fullTitle}${time}`);
    if (test.state === 'failed') {
      for (const line of String(test.error?.stack || test.error?.message || 'failed').split('\n').slice(0, 12)) console.log(`      ${line}`);
      if (test.screenshot) console.log(`      screenshot: ${test.screenshot}`);
    }
  }
  if (results.error) console.log(`\n  The suite could not run: ${results.error}`);
  const count = (state) => results.tests?.filter((test) => test.state === state).length ?? 0;
  const passed = count('passed');
  const failed = count('failed') + (results.error ? 1 : 0);
  const skipped = count('pending');
  if (summary) printSummary({ passed, failed, skipped });
  return { passed, failed, skipped };
}

/** The plain closing line CI and people read: "N passed, N failed[, N skipped]". */
export function printSummary({ passed, failed, skipped }) {
  console.log('');
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
