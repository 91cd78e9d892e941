import { writeFileSync } from 'node:fs';
import { AppliedFix, applySafeFixes } from '../core/safeFixes';
import { SchemaStore } from '../core/schema/store';
import { KubesmithService } from '../core/service';
import { FileReport, WorkspaceFile, analyzeFile, indexWorkspace, isWorkspaceFile, otherWorkspaceFiles } from './analyze';
import { ParsedArgs } from './args';
import { unifiedDiff } from './diff';
import { CliError, EXIT_FINDINGS, EXIT_OK, UsageError } from './errors';
import { FileDiscovery, STDIN_URI, readStdin } from './files';
import { Colors, colors, useColor, writeErr, writeOut } from './output';
import { readTexts } from './read';
import { failed, fileResults, formatResults } from './results';
import { checkBetweenResources } from './workspace';
import { SettingsResolver, describeIoError } from './settings';
import * as l10n from '@vscode/l10n';
import { configurationProblems } from './errors';

/**
 * `kubesmith lint --fix` and `--fix-dry-run`: the safe quick fixes of every linted file
 * (core/safeFixes.ts), written in place or printed as a unified diff; what was fixed goes to
 * stderr, file by file, fix by fix; what is left is reported as `lint` reports it (on stdout with
 * --fix, on stderr with --fix-dry-run, whose stdout is the diff) and gives the exit code.
 */

export interface FixContext {
  cwd: string;
  store: SchemaStore;
  resolver: SettingsResolver;
  format: string;
  failOn: string;
  quiet: boolean;
  noColor: boolean;
}

export async function fixCommand(args: ParsedArgs, ctx: FixContext): Promise<number> {
  const write = args.options.get('fix') === true;
  const dryRun = args.options.get('fix-dry-run') === true;
  if (write && dryRun) throw new UsageError(l10n.t('Use either --fix or --fix-dry-run, not both.'), 'lint');
  const inputs = args.positionals.length > 0 ? args.positionals : ['.'];
  if (write && inputs.includes('-')) throw new UsageError(l10n.t('Standard input cannot be fixed in place; use --fix-dry-run to see the fixes as a diff.'), 'lint');
  if (dryRun && ctx.format !== 'text') throw new UsageError(l10n.t('--fix-dry-run prints a diff; --format applies to lint and lint --fix.'), 'lint');

  const discovery = new FileDiscovery(ctx.cwd, ctx.resolver);
  for (const input of inputs) await discovery.add(input);
  const { files, kustomizations, notes } = discovery.result();
  const problems = ctx.resolver.problems();
  if (problems.length > 0) {
    throw new CliError(configurationProblems(problems));
  }
  for (const line of [...ctx.resolver.warnings, ...notes]) writeErr(`kubesmith: ${line}\n`);

  const stdin = files.find((file) => file.uri === STDIN_URI);
  const stdinText = stdin ? await readStdin() : undefined;
  const onDisk = files.filter((file) => file.path !== undefined);
  const read = readTexts(onDisk.map((file) => file.path!), onDisk.map((file) => file.display));
  if (read.errors.length > 0) throw new CliError(read.errors.map((error) => error.message).join('\n'));
  const texts = new Array<string>(files.length);
  for (let i = 0, next = 0; i < files.length; i++) texts[i] = files[i].path !== undefined ? read.texts[next++]! : stdinText!;

  // A service that keeps what it checked: each fix checks again only the document it changed.
  const service = new KubesmithService(ctx.store);
  const workspaceFiles = (current: readonly string[]): WorkspaceFile[] => [
    ...files.flatMap((file, i) => (file.path !== undefined && isWorkspaceFile(file.uri, current[i]) ? [{ uri: file.uri, text: current[i] }] : [])),
    ...otherWorkspaceFiles(stdin, stdinText, kustomizations),
  ];
  indexWorkspace(service, workspaceFiles(texts));
  const settings = ctx.resolver.all();
  const c = colors(useColor(process.stderr, ctx.noColor));

  const fixed = texts.slice();
  const diffs: string[] = [];
  let fixCount = 0;
  let fileCount = 0;
  files.forEach((file, i) => {
    const run = applySafeFixes(service, file.uri, texts[i], settings[file.settings]);
    if (run.applied.length === 0) return;
    fixed[i] = run.text;
    fixCount += run.applied.length;
    fileCount++;
    if (write) {
      try {
        writeFileSync(file.path!, run.text, 'utf8');
      } catch (error) {
        throw new CliError(l10n.t('Cannot write {0}: {1}', file.display, describeIoError(error)));
      }
    } else {
      const name = file.path !== undefined ? file.display : 'stdin';
      diffs.push(unifiedDiff(texts[i], run.text, `a/${name}`, `b/${name}`));
    }
    writeErr(fixReport(file.display, run.applied, write, run.complete, c));
  });
  writeErr(fixSummary(fixCount, fileCount, write, c));

  // What is left: the fixed texts checked again (fixed CRDs and kustomizations indexed as they are now).
  indexWorkspace(service, workspaceFiles(fixed));
  const reports: FileReport[] = files.map((file, i) => analyzeFile(service, file.uri, fixed[i], settings[file.settings]));
  checkBetweenResources(service, files, reports, settings);
  const results = fileResults(files, reports, ctx.quiet);
  if (write) {
    writeOut(formatResults(results, ctx.format, ctx.cwd, process.stdout, ctx.noColor));
  } else {
    writeOut(diffs.join(''));
    writeErr(formatResults(results, 'text', ctx.cwd, process.stderr, ctx.noColor));
  }
  return failed(results, ctx.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** `web.yaml: 3 fixes written`, then one line per fix: where, the problem's code, the fix's title. */
function fixReport(display: string, applied: AppliedFix[], written: boolean, complete: boolean, c: Colors): string {
  const count = applied.length;
  const lines: string[] = [];
  if (written) lines.push(count === 1 ? l10n.t('{0}: 1 fix written', c.bold(display)) : l10n.t('{0}: {1} fixes written', c.bold(display), count));
  else lines.push(count === 1 ? `${c.bold(display)}: 1 fix` : `${c.bold(display)}: ${count} fixes`);
  const locations = applied.map((fix) => `${fix.line}:${fix.column}`);
  const locationWidth = Math.max(...locations.map((location) => location.length));
  const codeWidth = Math.max(...applied.map((fix) => fix.code.length));
  applied.forEach((fix, i) => lines.push(`  ${c.green('✓')} ${c.dim(locations[i].padEnd(locationWidth))}  ${c.gray(fix.code.padEnd(codeWidth))}  ${fix.title}`));
  if (!complete) lines.push(l10n.t('  Stopped after {0} fixes; run again for the rest.', count));
  return `${lines.join('\n')}\n`;
}

function fixSummary(fixes: number, files: number, written: boolean, c: Colors): string {
  if (fixes === 0) return l10n.t('Nothing to fix safely.\n');
  // (Each count one whole sentence: 1 problem, several in 1 file, several in several files.)
  const sentence = written
    ? (fixes === 1 ? l10n.t('Fixed 1 problem in 1 file.') : files === 1 ? l10n.t('Fixed {0} problems in 1 file.', fixes) : l10n.t('Fixed {0} problems in {1} files.', fixes, files))
    : (fixes === 1 ? l10n.t('1 problem would be fixed in 1 file.') : files === 1 ? l10n.t('{0} problems would be fixed in 1 file.', fixes) : l10n.t('{0} problems would be fixed in {1} files.', fixes, files));
  return `${c.bold(sentence)}\n`;
}
