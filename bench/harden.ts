/**
 * Harden Manifest's cost against the size of the file (not a test): `kubesmith harden` (the built
 * CLI, as a user runs it) on generated files of N small Deployments, each needing about ten fixes.
 * The goal (docs/performance.md): linear, and 4,000 Deployments in under 2 seconds.
 *
 *   npm run bench:harden                 sizes 500, 1000, 2000, 4000; 3 runs each (the best counts)
 *   npx tsx bench/harden.ts --sizes 4000 --runs 5 --no-build
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployments } from '../test/hostile';
import { loadAverage } from './lib/machine';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name);
  return index >= 0 && index + 1 < args.length ? args[index + 1] : fallback;
};
const repoRoot = join(__dirname, '..');
const sizes = option('--sizes', '500,1000,2000,4000').split(',').map(Number);
const runs = Number(option('--runs', '3'));

if (!args.includes('--no-build')) execFileSync('npm', ['run', '-s', 'build', '--', '--production'], { cwd: repoRoot, stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'kubesmith-bench-harden-'));
try {
  console.log(`Harden Manifest (kubesmith harden --diff), best of ${runs} runs; load average ${loadAverage()}`);
  console.log('| Deployments | size | time | CPU time | per Deployment (CPU) |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const size of sizes) {
    const file = join(dir, `deployments-${size}.yaml`);
    const text = deployments(size);
    writeFileSync(file, text);
    let best = Infinity;
    let bestCpu = Infinity;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      // /usr/bin/time reports the child's CPU time: on a busy machine the wall time says little.
      const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, join(repoRoot, 'dist', 'cli.js'), 'harden', file, '--diff'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
      best = Math.min(best, performance.now() - started);
      // (A run that fails is no measurement: harden must have written its whole diff.)
      if (result.status !== 0) throw new Error(`kubesmith harden failed on ${size} Deployments (exit ${result.status}):\n${result.stderr.split('\n').filter((line) => !line.startsWith('  ')).join('\n')}`);
      const [user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      bestCpu = Math.min(bestCpu, (user + system) * 1000);
    }
    console.log(`| ${size.toLocaleString('en-US')} | ${(text.length / 1024 / 1024).toFixed(1)} MB | ${(best / 1000).toFixed(2)} s | ${(bestCpu / 1000).toFixed(2)} s | ${(bestCpu / size).toFixed(2)} ms |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
