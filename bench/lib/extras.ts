import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Extras, stat } from './report';

/**
 * Extension activation with a stub `vscode`, in fresh processes (see activation-probe.cjs). The
 * extension host compiles extensions through V8's code cache, so the probe does too: the first
 * process compiles from source and writes the cache (reported as `firstMs`), the next `runs`
 * processes start from it (the figures reported).
 */
export function measureActivation(extensionJs: string, extensionRoot: string, runs: number, cacheFile: string): NonNullable<Extras['activation']> {
  const probe = join(__dirname, 'activation-probe.cjs');
  const load: number[] = [];
  const activate: number[] = [];
  const total: number[] = [];
  const fork: number[] = [];
  let firstMs: number | undefined;
  rmSync(cacheFile, { force: true });
  for (let i = 0; i <= runs; i++) {
    const result = spawnSync(process.execPath, [probe, extensionJs, extensionRoot, cacheFile], { encoding: 'utf8', timeout: 30_000 });
    const line = result.stdout.trim().split('\n').pop() ?? '';
    let parsed: { loadMs?: number; activateMs?: number; forkMs?: number | null; cache?: string; error?: string };
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = { error: `probe printed no result (exit ${result.status}): ${result.stderr.slice(0, 300)}` };
    }
    if (!parsed.error && i > 0 && parsed.cache !== 'used') parsed.error = `the code cache was ${parsed.cache} in run ${i + 1}`;
    if (parsed.error) return { loadMs: stat([]), activateMs: stat([]), totalMs: stat([]), forkMs: stat([]), runs: Math.max(i - 1, 0), error: parsed.error };
    if (i === 0) {
      firstMs = parsed.loadMs! + parsed.activateMs!;
      continue;
    }
    load.push(parsed.loadMs!);
    activate.push(parsed.activateMs!);
    total.push(parsed.loadMs! + parsed.activateMs!);
    if (typeof parsed.forkMs === 'number') fork.push(parsed.forkMs);
  }
  return { loadMs: stat(load), activateMs: stat(activate), totalMs: stat(total), forkMs: stat(fork), runs, firstMs };
}

/** Packages the .vsix into the cache (the repo's kubesmith.vsix is left alone). */
export function packageVsix(repoRoot: string, out: string, log: (message: string) => void): NonNullable<Extras['vsix']> | undefined {
  try {
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', out], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
    return { bytes: statSync(out).size, source: 'vsce package of this build' };
  } catch (error) {
    log(`vsce package failed (${String(error).split('\n')[0]}); falling back to kubesmith.vsix if present`);
    const existing = join(repoRoot, 'kubesmith.vsix');
    if (existsSync(existing)) return { bytes: statSync(existing).size, source: `kubesmith.vsix of ${statSync(existing).mtime.toISOString()}` };
    return undefined;
  }
}

/**
 * bench/cli-throughput.ts (owned by the CLI's engineer), run as it is; its output is kept and a
 * "N resources/s" figure is picked out of it when it prints one.
 */
export function runCliThroughput(repoRoot: string, log: (message: string) => void): NonNullable<Extras['cli']> {
  const script = join(repoRoot, 'bench', 'cli-throughput.ts');
  const command = 'npx tsx bench/cli-throughput.ts';
  if (!existsSync(script)) return { command, output: '', error: 'bench/cli-throughput.ts does not exist yet' };
  log(`Running ${command}...`);
  const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), [script], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
  const output = `${result.stdout ?? ''}${result.stderr ? `\n${result.stderr}` : ''}`.trim();
  if (result.status !== 0) return { command, output, error: `exited with ${result.status ?? result.signal}` };
  // Its summary lines read `<mode>: median X s, ... → N resources/s (best M); ...`.
  const modes = [...output.matchAll(/^(\S[^:\n]*): median .*?([\d,]+) resources\/s/gm)].map((m) => ({ label: m[1], resourcesPerSecond: Number(m[2].replace(/,/g, '')) }));
  const corpus = /^Corpus: ([^\n]*)$/m.exec(output)?.[1];
  return { command, output, modes, corpus, resourcesPerSecond: modes[0]?.resourcesPerSecond };
}
