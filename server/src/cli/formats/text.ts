import { Colors } from '../output';
import { Counts, FileResult, SEVERITY_NAMES, countFindings } from './model';
import * as l10n from '@vscode/l10n';

/**
 * `--format text`: findings grouped by file (a header line, then `file:line:col  severity
 * rule-id  message` lines, aligned), then a summary line.
 */

export function formatText(files: readonly FileResult[], c: Colors): string {
  const out: string[] = [];
  for (const file of files) {
    if (file.findings.length === 0) continue;
    out.push(c.underline(c.bold(file.display)));
    const rows = file.findings.map((finding) => ({
      location: `${file.display}:${finding.line}:${finding.column}`,
      severity: SEVERITY_NAMES[finding.severity],
      rule: finding.code,
      message: finding.message.replace(/\s*\n\s*/g, ' '),
    }));
    const locationWidth = Math.max(...rows.map((row) => row.location.length));
    const ruleWidth = Math.max(...rows.map((row) => row.rule.length));
    for (const row of rows) {
      const severity = row.severity.padEnd(7);
      const painted = row.severity === 'error' ? c.red(severity) : row.severity === 'warning' ? c.yellow(severity) : row.severity === 'info' ? c.blue(severity) : c.gray(severity);
      out.push(`  ${c.dim(row.location.padEnd(locationWidth))}  ${painted}  ${c.gray(row.rule.padEnd(ruleWidth))}  ${row.message}`);
    }
    out.push('');
  }
  const counts = countFindings(files);
  out.push(summaryLine(counts, files.length, c));
  return `${out.join('\n')}\n`;
}

/** "1 error", "5 errors"...: each count and noun one template (singular and plural alike). */
const COUNTED = {
  file: (n: number) => (n === 1 ? l10n.t('1 file') : l10n.t('{0} files', n)),
  problem: (n: number) => (n === 1 ? l10n.t('1 problem') : l10n.t('{0} problems', n)),
  error: (n: number) => (n === 1 ? l10n.t('1 error') : l10n.t('{0} errors', n)),
  warning: (n: number) => (n === 1 ? l10n.t('1 warning') : l10n.t('{0} warnings', n)),
  info: (n: number) => l10n.t('{0} info', n),
  hint: (n: number) => (n === 1 ? l10n.t('1 hint') : l10n.t('{0} hints', n)),
};

/** "12 problems (5 errors, 6 warnings, 1 info) in 4 files (37 checked)". */
export function summaryLine(counts: Counts, checked: number, c: Colors): string {
  if (counts.problems === 0) return c.green(l10n.t('No problems ({0} checked)', COUNTED.file(checked)));
  const parts = [COUNTED.error(counts.errors), COUNTED.warning(counts.warnings), COUNTED.info(counts.infos)];
  if (counts.hints > 0) parts.push(COUNTED.hint(counts.hints));
  const line = l10n.t('{0} ({1}) in {2} ({3} checked)', COUNTED.problem(counts.problems), parts.join(l10n.t(', ')), COUNTED.file(counts.files), checked);
  return counts.errors > 0 ? c.bold(c.red(line)) : counts.warnings > 0 ? c.bold(c.yellow(line)) : c.bold(line);
}
