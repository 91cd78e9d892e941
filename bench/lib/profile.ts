import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { kubesmithSpec } from './servers';
import { FileUnderTest, RunResult, measureRun } from './session';

/**
 * Where Kubesmith's time goes: the server built like the production bundle but not minified (so
 * functions keep their names, and esbuild's `// path` comments tell which source file each line of
 * the bundle came from), run once with `--cpu-prof` through the same session as the benchmark
 * (start, open, edit, completion, hover), then the profile summed by function and by source file.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

interface Breakdown {
  totalMs: number;
  bySelf: { name: string; where: string; selfMs: number; totalMs: number }[];
  byFile: { file: string; selfMs: number }[];
  byArea: { area: string; selfMs: number }[];
}

export interface ProfileSummary extends Breakdown {
  run: RunResult;
  profilePath: string;
  /** The same, restricted to each step of the session (the samples taken while it ran). */
  phases: ({ name: string; wallMs: number } & Breakdown)[];
}

export async function buildProfilingServer(repoRoot: string, outDir: string): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const outfile = join(outDir, 'dist', 'server.js');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: false,
    sourcemap: false,
    logLevel: 'warning',
    define: { KUBESMITH_VERSION: JSON.stringify(version) },
    mainFields: ['module', 'main'],
    // As scripts/build.mjs: yaml's ES module build.
    alias: { yaml: join(repoRoot, 'node_modules/yaml/browser/index.js') },
    entryPoints: [join(repoRoot, 'server/src/main.ts')],
    outfile,
  });
  return outfile;
}

/** Lines of the bundle where each source file starts (esbuild writes `// server/src/x.ts` there). */
function moduleMap(bundle: string): { line: number; file: string }[] {
  const starts: { line: number; file: string }[] = [];
  bundle.split('\n').forEach((text, line) => {
    const match = /^\s*\/\/ ((?:server|protocol|client|node_modules)\/\S+\.[cm]?[jt]s)$/.exec(text);
    if (match) starts.push({ line, file: match[1] });
  });
  return starts;
}

function fileAt(starts: { line: number; file: string }[], line: number): string {
  let lo = 0;
  let hi = starts.length - 1;
  let found = '(bundle prelude)';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid].line <= line) {
      found = starts[mid].file;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function area(file: string): string {
  if (file.startsWith('(')) return file;
  if (file.startsWith('node:')) return file.split('/').slice(0, 2).join('/');
  if (file.startsWith('node_modules/')) {
    const parts = file.split('/');
    return parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
  }
  const parts = file.split('/');
  return parts.slice(0, Math.min(parts.length - 1, 4)).join('/');
}

/**
 * Self and total time by function, file and area; with a window (µs of the monotonic clock, which
 * is the clock of the profile's timestamps and of `process.hrtime`), only the samples inside it.
 */
export function summarizeProfile(profilePath: string, bundlePath: string, top = 25, window?: [number, number]): Breakdown {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const starts = moduleMap(readFileSync(bundlePath, 'utf8'));
  const bundleUrl = pathToFileURL(bundlePath).href;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    // Each delta is the time since the previous sample: it is charged to this sample.
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window[0] || at > window[1])) continue;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + delta / 1000);
  }

  const describe = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    if (url === bundleUrl || url === bundlePath) {
      const file = fileAt(starts, lineNumber);
      return { key: `${name}@${file}:${lineNumber}`, name, where: file, file };
    }
    const where = url ? url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, 'node_modules/') : '(native / V8)';
    return { key: `${name}@${where}:${lineNumber}`, name, where: url ? where : name.startsWith('(') ? name : '(native / V8)', file: url ? where : name.startsWith('(') ? name : '(native / V8)' };
  };

  const bySelfKey = new Map<string, { name: string; where: string; selfMs: number; totalMs: number }>();
  const byFile = new Map<string, number>();
  const root = profile.nodes[0];
  // Inclusive time per function, counting a function once per stack (recursion).
  const visit = (node: ProfileNode, onStack: Set<string>): number => {
    const info = describe(node);
    const own = self.get(node.id) ?? 0;
    let total = own;
    const fresh = !onStack.has(info.key);
    if (fresh) onStack.add(info.key);
    for (const child of node.children ?? []) total += visit(nodes.get(child)!, onStack);
    if (fresh) onStack.delete(info.key);
    const entry = bySelfKey.get(info.key) ?? { name: info.name, where: info.where, selfMs: 0, totalMs: 0 };
    entry.selfMs += own;
    if (fresh) entry.totalMs += total;
    bySelfKey.set(info.key, entry);
    byFile.set(info.file, (byFile.get(info.file) ?? 0) + own);
    return total;
  };
  const totalMs = visit(root, new Set());
  const idle = new Set(['(idle)', '(program)', '(root)']);
  const functions = [...bySelfKey.values()].filter((f) => !idle.has(f.name));
  const byArea = new Map<string, number>();
  for (const [file, ms] of byFile) byArea.set(area(file), (byArea.get(area(file)) ?? 0) + ms);
  return {
    totalMs,
    bySelf: functions.sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    byFile: [...byFile].map(([file, selfMs]) => ({ file, selfMs })).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    byArea: [...byArea].map(([name, selfMs]) => ({ area: name, selfMs })).sort((a, b) => b.selfMs - a.selfMs).slice(0, 15),
  };
}

export async function profileKubesmith(repoRoot: string, cacheDir: string, file: FileUnderTest): Promise<ProfileSummary> {
  const outDir = join(cacheDir, 'profile');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const serverJs = await buildProfilingServer(repoRoot, outDir);
  const run = await measureRun(kubesmithSpec(repoRoot, serverJs), file, { extraNodeArgs: ['--cpu-prof', '--cpu-prof-dir', outDir, '--cpu-prof-interval', '200'] });
  const profileFile = readdirSync(outDir).find((name) => name.endsWith('.cpuprofile'));
  if (!profileFile) throw new Error(`no .cpuprofile written in ${outDir}`);
  const profilePath = join(outDir, profileFile);
  const phases = run.phases.map((phase) => ({
    name: phase.name, wallMs: (phase.endUs - phase.startUs) / 1000,
    ...summarizeProfile(profilePath, serverJs, 12, [phase.startUs, phase.endUs]),
  }));
  return { run, profilePath, phases, ...summarizeProfile(profilePath, serverJs) };
}

export function renderProfile(summary: ProfileSummary, documents: number): string {
  const out: string[] = [];
  const ms = (v: number) => v.toFixed(1);
  const idle = (b: Breakdown) => b.byArea.filter((a) => a.area === '(idle)').reduce((sum, a) => sum + a.selfMs, 0);
  out.push(`CPU profile of Kubesmith (unminified build of the same sources, \`--cpu-prof\`, 200 µs sampling) over one session on the ${documents.toLocaleString('en-US')}-document file, the session of the benchmark: start, open → diagnostics (${ms(summary.run.firstDiagnosticsMs)} ms in this run), the outline, edit → diagnostics (${ms(summary.run.editDiagnosticsMs)} ms), outline, folding, code actions, completion, hover. ${ms(summary.totalMs)} ms profiled in all, idle included. Profile: \`${summary.profilePath}\` (open it in Chrome DevTools or VS Code).`, '');
  out.push('Each step of the session: its wall-clock time as the benchmark saw it, and the main thread\'s samples while it ran (busy = not idle; the rest of the wall-clock time is transport, the client, or other threads such as the garbage collector\'s):', '');
  out.push('| Step | Wall ms | Busy ms | Where (self ms) |', '| --- | ---: | ---: | --- |');
  for (const phase of summary.phases) {
    const busy = phase.totalMs - idle(phase);
    const where = phase.byArea.filter((a) => a.area !== '(idle)' && a.selfMs >= 0.5).slice(0, 6).map((a) => `${a.area} ${ms(a.selfMs)}`).join(', ');
    out.push(`| ${phase.name} | ${ms(phase.wallMs)} | ${ms(busy)} | ${where} |`);
  }
  const open = summary.phases.find((phase) => phase.name.startsWith('open'));
  if (open) {
    out.push('', `Open → first diagnostics, top functions by self time:`, '', '| Function | Source file | Self ms | Total ms |', '| --- | --- | ---: | ---: |');
    for (const f of open.bySelf) out.push(`| \`${f.name}\` | ${f.where} | ${ms(f.selfMs)} | ${ms(f.totalMs)} |`);
  }
  out.push('', 'The whole session by area (self time):', '', '| Area | Self ms |', '| --- | ---: |');
  for (const a of summary.byArea) out.push(`| ${a.area} | ${ms(a.selfMs)} |`);
  out.push('', 'The whole session, top functions by self time:', '', '| Function | Source file | Self ms | Total ms |', '| --- | --- | ---: | ---: |');
  for (const f of summary.bySelf) out.push(`| \`${f.name}\` | ${f.where} | ${ms(f.selfMs)} | ${ms(f.totalMs)} |`);
  out.push('', 'Top source files by self time:', '', '| File | Self ms |', '| --- | ---: |');
  for (const f of summary.byFile.slice(0, 15)) out.push(`| ${f.file} | ${ms(f.selfMs)} |`);
  return out.join('\n');
}
