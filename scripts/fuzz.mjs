// `npm run fuzz`: the property tests (test/unit/property.test.ts, the core; test/unit/workspace/incremental.test.ts,
// the findings between resources across edits; test/protocol/property.test.ts, the built server over stdio) with many more cases than a CI run, then every hostile input of
// test/hostile.ts through the CLI; prints the figures docs/reliability.md states.
//
//   npm run fuzz                          100,000 cases, a fresh seed (printed)
//   npm run fuzz -- --cases 20000 --seed 42
//
// A failure prints the seed, the path and the shrunk counterexample; replay it with
// FUZZ_SEED=<seed> FUZZ_PATH=<path> npx mocha -r tsx/cjs --extension ts <test file>.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && index + 1 < args.length ? args[index + 1] : fallback;
};
/** The cases a CI run makes (the shares passed to fuzzParameters in the test files below). */
const CI_CASES = 2000 + 400 + 300 + 150 + 150 + 50 + 150;
const cases = Number(option('--cases', '100000'));
const seed = Number(option('--seed', String((Date.now() ^ (process.pid << 8)) >>> 0)));
const scale = cases / CI_CASES;
const work = mkdtempSync(join(tmpdir(), 'kubesmith-fuzz-'));
const report = join(work, 'report.jsonl');
const started = Date.now();

console.log(`Fuzz run: ${cases.toLocaleString('en-US')} cases, seed ${seed} (replay: npm run fuzz -- --cases ${cases} --seed ${seed})`);
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const env = { ...process.env, FUZZ_SCALE: String(scale), FUZZ_SEED: String(seed), FUZZ_REPORT: report };
let failed = 0;
for (const file of ['test/unit/property.test.ts', 'test/unit/workspace/incremental.test.ts', 'test/protocol/property.test.ts']) {
  const run = spawnSync('npx', ['mocha', '-r', 'tsx/cjs', '--extension', 'ts', '--timeout', '0', file], { cwd: root, stdio: 'inherit', env });
  if (run.status !== 0) failed++;
}

// The hostile inputs, each through `kubesmith lint` (its time and memory as the CLI sees them).
const hostile = [];
const script = `const { hostileInputs } = require('./test/hostile'); const fs = require('fs');
for (const input of hostileInputs()) fs.writeFileSync(require('path').join(${JSON.stringify(work)}, input.file), input.bytes);
console.log(JSON.stringify(hostileInputs().map((input) => ({ name: input.name, file: input.file }))));`;
const listed = spawnSync('npx', ['tsx', '-e', script], { cwd: root, encoding: 'utf8' });
for (const input of JSON.parse(listed.stdout.trim().split('\n').pop())) {
  const began = Date.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'dist', 'cli.js'), 'lint', '--format', 'json', join(work, input.file)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const crashed = run.status === 2 || /internal error/.test(run.stderr);
  hostile.push({ ...input, ms: Date.now() - began, rssMb: Math.round(Number(run.stderr.trim().split('\n').pop()) / 1024), crashed });
  if (crashed) failed++;
}

const lines = readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
const total = lines.reduce((sum, line) => sum + line.cases, 0);
const slowest = lines.reduce((a, b) => (b.slowestMs > a.slowestMs ? b : a));
const peak = Math.max(...lines.map((line) => line.peakRss));
console.log('\nFuzz run summary');
console.log(`  seed ${seed}; ${total.toLocaleString('en-US')} cases in ${((Date.now() - started) / 60000).toFixed(1)} min; ${failed} failing test files or crashed inputs`);
for (const line of lines) console.log(`  ${line.name}: ${line.cases.toLocaleString('en-US')} cases, slowest ${line.slowestMs.toFixed(1)} ms (${line.slowestLabel}), peak memory ${Math.round(line.peakRss / 1048576)} MB`);
console.log(`  slowest case: ${slowest.slowestMs.toFixed(1)} ms (${slowest.name}, ${slowest.slowestLabel}); peak memory of the test processes ${Math.round(peak / 1048576)} MB`);
console.log('  hostile inputs through `kubesmith lint`:');
for (const input of hostile) console.log(`    ${input.name}: ${input.ms} ms, ${input.rssMb} MB${input.crashed ? ' CRASHED' : ''}`);
writeFileSync(join(root, 'fuzz-report.json'), `${JSON.stringify({ seed, cases: total, failed, properties: lines, hostile }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
process.exit(failed > 0 ? 1 : 0);
