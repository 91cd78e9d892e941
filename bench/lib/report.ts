import { MachineInfo } from './machine';
import { RunResult } from './session';

export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stat(values: number[]): Stat {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

type Metric = keyof Pick<RunResult, 'startMs' | 'firstDiagnosticsMs' | 'editDiagnosticsMs' | 'documentSymbolOpenMs' | 'documentSymbolMs' | 'foldingRangeMs'
  | 'codeActionCursorMs' | 'codeActionResolveMs' | 'codeActionInvokedMs' | 'completionMs' | 'hoverMs' | 'peakRssMb'
  | 'firstDiagnosticsCpuMs' | 'editDiagnosticsCpuMs' | 'startCpuMs' | 'documentSymbolOpenCpuMs' | 'documentSymbolCpuMs' | 'foldingRangeCpuMs'
  | 'codeActionCursorCpuMs' | 'codeActionResolveCpuMs' | 'codeActionInvokedCpuMs' | 'completionCpuMs' | 'hoverCpuMs'>;

export const METRICS: { key: Metric; label: string; unit: string }[] = [
  { key: 'startMs', label: 'Start (spawn → initialize response)', unit: 'ms' },
  { key: 'firstDiagnosticsMs', label: 'Open → first diagnostics', unit: 'ms' },
  { key: 'editDiagnosticsMs', label: 'One-line edit → diagnostics', unit: 'ms' },
  { key: 'documentSymbolOpenMs', label: 'documentSymbol (outline) right after opening', unit: 'ms' },
  { key: 'documentSymbolMs', label: 'documentSymbol (outline) after an edit', unit: 'ms' },
  { key: 'foldingRangeMs', label: 'foldingRange after an edit', unit: 'ms' },
  { key: 'codeActionCursorMs', label: 'codeAction for the diagnostic under the cursor (light bulb)', unit: 'ms' },
  { key: 'codeActionResolveMs', label: 'codeAction/resolve of its first quick fix', unit: 'ms' },
  { key: 'codeActionInvokedMs', label: 'codeAction invoked, `only: refactor` (Ctrl+Shift+R)', unit: 'ms' },
  { key: 'completionMs', label: 'Completion (deep position, middle of the file)', unit: 'ms' },
  { key: 'hoverMs', label: 'Hover (deep position, middle of the file)', unit: 'ms' },
  { key: 'peakRssMb', label: 'Peak RSS of the server (VmHWM)', unit: 'MB' },
  { key: 'startCpuMs', label: 'CPU time of the server: start', unit: 'ms' },
  { key: 'firstDiagnosticsCpuMs', label: 'CPU time of the server: open → first diagnostics', unit: 'ms' },
  { key: 'editDiagnosticsCpuMs', label: 'CPU time of the server: edit → diagnostics', unit: 'ms' },
  { key: 'documentSymbolOpenCpuMs', label: 'CPU time of the server: documentSymbol after opening', unit: 'ms' },
  { key: 'documentSymbolCpuMs', label: 'CPU time of the server: documentSymbol after an edit', unit: 'ms' },
  { key: 'foldingRangeCpuMs', label: 'CPU time of the server: foldingRange', unit: 'ms' },
  { key: 'codeActionCursorCpuMs', label: 'CPU time of the server: codeAction under the cursor', unit: 'ms' },
  { key: 'codeActionResolveCpuMs', label: 'CPU time of the server: codeAction/resolve', unit: 'ms' },
  { key: 'codeActionInvokedCpuMs', label: 'CPU time of the server: codeAction invoked (refactor)', unit: 'ms' },
  { key: 'completionCpuMs', label: 'CPU time of the server: completion', unit: 'ms' },
  { key: 'hoverCpuMs', label: 'CPU time of the server: hover', unit: 'ms' },
];

export interface Target {
  label: string;
  documents?: number;
  metric?: Metric;
  limit: number;
  unit: string;
  /** Measured value (Kubesmith's median), when not from a run metric. */
  value?: number;
  /** A ratio goal: yaml-language-server's median over Kubesmith's must be at least this. */
  minRatio?: number;
  note?: string;
  /** Say how many symbols each server's outline had (the ratio compares answers of different sizes). */
  symbols?: boolean;
}

/** The goals (issue #16 for the 1,200-document file; the earlier ones for the rest). */
export const TARGETS: Target[] = [
  { label: '12 documents: first diagnostics', documents: 12, metric: 'firstDiagnosticsMs', limit: 25, unit: 'ms' },
  { label: '12 documents: after an edit', documents: 12, metric: 'editDiagnosticsMs', limit: 10, unit: 'ms' },
  { label: '1,200 documents: first diagnostics', documents: 1200, metric: 'firstDiagnosticsMs', limit: 150, unit: 'ms' },
  { label: '1,200 documents: after an edit', documents: 1200, metric: 'editDiagnosticsMs', limit: 15, unit: 'ms' },
  { label: '1,200 documents: documentSymbol after an edit', documents: 1200, metric: 'documentSymbolMs', limit: 30, unit: 'ms', minRatio: 8, symbols: true },
  { label: '1,200 documents: documentSymbol after opening', documents: 1200, metric: 'documentSymbolOpenMs', limit: 30, unit: 'ms', minRatio: 8, symbols: true },
  { label: '1,200 documents: foldingRange', documents: 1200, metric: 'foldingRangeMs', limit: 20, unit: 'ms' },
  { label: '1,200 documents: codeAction under the cursor', documents: 1200, metric: 'codeActionCursorMs', limit: 20, unit: 'ms' },
  { label: '1,200 documents: codeAction/resolve of a quick fix', documents: 1200, metric: 'codeActionResolveMs', limit: 20, unit: 'ms' },
  { label: '1,200 documents: codeAction invoked (refactor)', documents: 1200, metric: 'codeActionInvokedMs', limit: 20, unit: 'ms' },
  { label: '1,200 documents: completion', documents: 1200, metric: 'completionMs', limit: 20, unit: 'ms' },
  { label: '1,200 documents: hover', documents: 1200, metric: 'hoverMs', limit: 20, unit: 'ms' },
  { label: '1,200 documents: peak memory', documents: 1200, metric: 'peakRssMb', limit: 120, unit: 'MB' },
  { label: 'Start (spawn → initialized)', metric: 'startMs', limit: 120, unit: 'ms' },
];

export interface Extras {
  vsix?: { bytes: number; source: string };
  activation?: { loadMs: Stat; activateMs: Stat; totalMs: Stat; forkMs: Stat; runs: number; firstMs?: number; error?: string };
  cli?: { command: string; output: string; resourcesPerSecond?: number; modes?: { label: string; resourcesPerSecond: number }[]; corpus?: string; error?: string };
}

export interface FileInfo {
  documents: number;
  lines: number;
  bytes: number;
  seededErrors: number;
}

export interface BenchmarkReport {
  machine: MachineInfo;
  runs: number;
  files: FileInfo[];
  results: RunResult[];
  servers: { name: string; version: string; note?: string }[];
  schema: { kinds: number; combinator: string };
  loadBefore: number;
  loadAfter: number;
  loadMax: number;
  extras: Extras;
  notes: string[];
}

const fmt = (value: number, unit: string): string => {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'MB') return value.toFixed(0);
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
};

const range = (s: Stat, unit: string): string => (s.n === 0 ? '—' : `${fmt(s.median, unit)} (${fmt(s.min, unit)}–${fmt(s.max, unit)})`);

export function statsFor(results: RunResult[], server: string, documents: number | undefined, metric: Metric): Stat {
  return stat(results.filter((r) => r.server === server && (documents === undefined || r.documents === documents)).map((r) => r[metric]));
}

export function targetValue(report: BenchmarkReport, target: Target): number {
  if (target.value !== undefined) return target.value;
  return statsFor(report.results, 'kubesmith', target.documents, target.metric!).median;
}

const YLS = 'yaml-language-server';

/** yaml-language-server's median over Kubesmith's for a target's metric (NaN when either is missing). */
function targetRatio(report: BenchmarkReport, target: Target): number {
  if (!target.metric) return Number.NaN;
  const k = statsFor(report.results, 'kubesmith', target.documents, target.metric).median;
  const y = statsFor(report.results, YLS, target.documents, target.metric).median;
  return k > 0 ? y / k : Number.NaN;
}

/** The goal as words, and whether (and by how much) it is missed. */
export function judge(report: BenchmarkReport, target: Target, markdown: boolean): { goal: string; value: number; verdict: string } {
  const value = targetValue(report, target);
  const goal = `${markdown ? '≤' : '<='} ${target.limit} ${target.unit}${target.minRatio ? ` and ${markdown ? '≥' : '>='} ${target.minRatio}${markdown ? '×' : 'x'} faster than ${YLS}` : ''}`;
  if (!Number.isFinite(value)) return { goal, value, verdict: 'not measured' };
  const misses: string[] = [];
  if (value > target.limit) misses.push(`${fmt(value - target.limit, target.unit)} ${target.unit} over (${(value / target.limit).toFixed(1)}${markdown ? '×' : 'x'} the goal)`);
  const ratio = targetRatio(report, target);
  if (target.minRatio) {
    if (!Number.isFinite(ratio)) misses.push(`ratio not measured (run with ${YLS})`);
    else if (ratio < target.minRatio) misses.push(`only ${ratio.toFixed(1)}${markdown ? '×' : 'x'} faster than ${YLS}`);
  }
  const ratioNote = target.minRatio && Number.isFinite(ratio) ? ` (${ratio.toFixed(1)}${markdown ? '×' : 'x'} faster)` : '';
  if (misses.length === 0) return { goal, value, verdict: `${markdown ? 'yes' : 'MET'}${ratioNote}` };
  return { goal, value, verdict: `${markdown ? '**no**' : 'MISSED'}: ${misses.join('; ')}` };
}

export function renderMarkdown(report: BenchmarkReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(`Measured ${m.date} at commit ${m.commit} with \`npm run bench\` (${report.runs} runs per server and file, medians with min–max).`, '');
  out.push('| Machine | |', '| --- | --- |');
  out.push(`| CPU | ${m.cpu}, ${m.cores} cores |`, `| Memory | ${m.memoryGb} GB |`, `| OS | ${m.os} (Linux ${m.kernel}) |`, `| Node.js | ${m.node} |`);
  out.push(`| Load average (1 min) | ${report.loadBefore.toFixed(1)} before, ${report.loadAfter.toFixed(1)} after, ${report.loadMax.toFixed(1)} at most during the runs |`);
  out.push(...report.servers.map((s) => `| ${s.name} | ${s.version}${s.note ? ` (${s.note})` : ''} |`));
  out.push(`| Schema for yaml-language-server | Kubernetes 1.36, ${report.schema.kinds} kinds, top-level \`${report.schema.combinator}\` |`, '');
  if (report.loadMax > m.cores) {
    out.push(`> **The machine was busy**: the load average reached ${report.loadMax.toFixed(1)} on ${m.cores} cores while this ran (other processes: tests, builds), so the wall-clock times below are inflated, for both servers alike (they alternate). The CPU-time rows count only the server's own time on a core and move much less with load.`, '');
  }
  out.push('Files (generated by `bench/generate.ts`, seed fixed):', '');
  out.push('| Documents | Lines | Size | Seeded errors |', '| ---: | ---: | ---: | ---: |');
  for (const f of report.files) out.push(`| ${f.documents.toLocaleString('en-US')} | ${f.lines.toLocaleString('en-US')} | ${(f.bytes / 1024).toFixed(0)} KB | ${f.seededErrors} |`);
  out.push('');

  out.push('### Targets (Kubesmith)', '');
  out.push('| Target | Goal | Kubesmith (median) | Met? |', '| --- | ---: | ---: | --- |');
  for (const target of targetsWithExtras(report)) {
    const { goal, value, verdict } = judge(report, target, true);
    const symbols = target.symbols ? symbolCounts(report, target.documents) : '';
    out.push(`| ${target.label} | ${goal} | ${fmt(value, target.unit)} ${target.unit}${target.note ? ` (${target.note})` : ''} | ${verdict}${symbols ? `; ${symbols}` : ''} |`);
  }
  out.push('');

  for (const f of report.files) {
    out.push(`### ${f.documents.toLocaleString('en-US')} documents (${f.lines.toLocaleString('en-US')} lines)`, '');
    out.push(`| Metric | Kubesmith | ${YLS} | Ratio (${YLS} / Kubesmith) |`, '| --- | ---: | ---: | ---: |');
    for (const metric of METRICS) {
      const k = statsFor(report.results, 'kubesmith', f.documents, metric.key);
      const y = statsFor(report.results, YLS, f.documents, metric.key);
      if (k.n === 0 && y.n === 0) continue;
      const ratio = k.n && y.n && k.median > 0 ? `${(y.median / k.median).toFixed(1)}×` : '—';
      out.push(`| ${metric.label} (${metric.unit}) | ${range(k, metric.unit)} | ${range(y, metric.unit)} | ${ratio} |`);
    }
    const sample = (server: string) => report.results.find((r) => r.server === server && r.documents === f.documents);
    const k = sample('kubesmith');
    const y = sample(YLS);
    const describe = (r: RunResult | undefined) => (r ? describeAnswers(r) : '—');
    out.push(`| What was answered (first run) | ${describe(k)} | ${describe(y)} | |`, '');
  }

  const e = report.extras;
  out.push('### Package, activation and CLI', '');
  out.push('| What | Kubesmith | Goal |', '| --- | ---: | ---: |');
  if (e.vsix) out.push(`| .vsix size (${e.vsix.source}) | ${(e.vsix.bytes / 1024 / 1024).toFixed(2)} MB | ≤ 10 MB |`);
  if (e.activation) {
    if (e.activation.error) out.push(`| Activation | not measured: ${e.activation.error.split('\n')[0]} | ≤ 50 ms |`);
    else {
      out.push(`| Activation, stub \`vscode\`: load dist/extension.js with V8's code cache (as VS Code's extension host does) + activate() (${e.activation.runs} fresh processes) | ${range(e.activation.totalMs, 'ms')} ms | ≤ 50 ms |`);
      out.push(`| — of which loading the bundle | ${range(e.activation.loadMs, 'ms')} ms | |`);
      out.push(`| — of which activate() | ${range(e.activation.activateMs, 'ms')} ms | |`);
      if (e.activation.forkMs.n) out.push(`| — load start → server process forked | ${range(e.activation.forkMs, 'ms')} ms | |`);
      if (e.activation.firstMs !== undefined) out.push(`| First activation, before the code cache exists (one process) | ${e.activation.firstMs.toFixed(0)} ms | |`);
    }
  }
  if (e.cli) {
    if (e.cli.error) out.push(`| CLI throughput (\`${e.cli.command}\`) | not measured: ${e.cli.error} | |`);
    else if (e.cli.modes?.length) for (const mode of e.cli.modes) out.push(`| CLI throughput, ${mode.label} (\`${e.cli.command}\`) | ${Math.round(mode.resourcesPerSecond).toLocaleString('en-US')} resources/s | |`);
    else out.push(`| CLI throughput (\`${e.cli.command}\`) | see its output below | |`);
  }
  out.push('');
  if (e.cli?.corpus) out.push(`CLI corpus: ${e.cli.corpus}`, '');
  if (e.cli?.output) out.push('<details><summary>CLI throughput output</summary>', '', '```', e.cli.output.trim(), '```', '', '</details>', '');
  if (report.notes.length) out.push('Notes from this run:', '', ...report.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** How many symbols each server's outline of a file had (first run of each). */
function symbolCounts(report: BenchmarkReport, documents: number | undefined): string {
  const count = (server: string) => report.results.find((r) => r.server === server && r.documents === documents)?.symbolCount;
  const k = count('kubesmith');
  const y = count(YLS);
  if (k === undefined) return '';
  return `outline of ${k.toLocaleString('en-US')} symbols${y !== undefined ? ` (${YLS}: ${y.toLocaleString('en-US')}, see "Targets not met")` : ''}`;
}

/** What a run's requests answered, so that a fast answer can be seen to be a real one. */
export function describeAnswers(r: RunResult): string {
  const list = (titles: string[]) => (titles.length ? titles.map((t) => `"${t}"`).join(', ') : 'none');
  return [
    `${r.diagnosticsCount} diagnostics (${r.errorCount} errors)`,
    `outline ${r.symbolCount.toLocaleString('en-US')} symbols (${(r.symbolBytes / 1024).toFixed(0)} KB of JSON)`,
    `${r.foldingRanges.toLocaleString('en-US')} folding ranges`,
    `light bulb: ${list(r.cursorActions)}${r.cursorActions.length ? (r.resolvedEdit ? ', the first with its edit' : ', the first WITHOUT an edit') : ''}`,
    `refactor: ${list(r.invokedActions)}`,
    `${r.completionItems} completion items, hover ${r.hoverChars} characters`,
  ].join('; ');
}

function targetsWithExtras(report: BenchmarkReport): Target[] {
  const targets = [...TARGETS];
  const e = report.extras;
  if (e.vsix) targets.push({ label: '.vsix size', limit: 10, unit: 'MB', value: e.vsix.bytes / 1024 / 1024 });
  if (e.activation && !e.activation.error) targets.push({ label: 'Extension activation', limit: 50, unit: 'ms', value: e.activation.totalMs.median, note: 'stub vscode, code cache, see method' });
  return targets;
}

/** A plain-text summary for the console. */
export function renderConsole(report: BenchmarkReport): string {
  const lines: string[] = [];
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
  for (const f of report.files) {
    lines.push('', `${f.documents} documents, ${f.lines} lines — median (min–max) over ${report.runs} runs`);
    lines.push(`${pad('metric', 64)}${lpad('kubesmith', 24)}${lpad(YLS, 26)}${lpad('ratio', 9)}`);
    for (const metric of METRICS) {
      const k = statsFor(report.results, 'kubesmith', f.documents, metric.key);
      const y = statsFor(report.results, YLS, f.documents, metric.key);
      if (k.n === 0 && y.n === 0) continue;
      const ratio = k.n && y.n && k.median > 0 ? `${(y.median / k.median).toFixed(1)}x` : '-';
      lines.push(`${pad(`${metric.label} (${metric.unit})`, 64)}${lpad(range(k, metric.unit), 24)}${lpad(range(y, metric.unit), 26)}${lpad(ratio, 9)}`);
    }
  }
  lines.push('', 'Targets (Kubesmith medians):');
  for (const target of targetsWithExtras(report)) {
    const { goal, value, verdict } = judge(report, target, false);
    lines.push(`  ${pad(target.label, 52)} ${lpad(`${fmt(value, target.unit)} ${target.unit}`, 12)}  goal ${goal}  ${verdict}`);
  }
  const cli = report.extras.cli;
  if (cli) lines.push('', `CLI throughput: ${cli.error ?? (cli.modes?.length ? cli.modes.map((m) => `${m.label} ${Math.round(m.resourcesPerSecond)} resources/s`).join('; ') : 'see output')}`);
  return lines.join('\n');
}
