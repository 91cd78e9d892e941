import { Finding, Severity } from '../analyze';

/** What a lint run produced, as every output format sees it. */
export interface FileResult {
  /** As printed: relative to the current directory, forward slashes (`<stdin>` for standard input). */
  display: string;
  /** Absolute path (undefined for standard input). */
  path?: string;
  /** Sorted by line, then column. */
  findings: Finding[];
  resources: number;
  skipped?: string;
}

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITY_NAMES: Record<Severity, SeverityName> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn
    || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

export interface Counts {
  problems: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** Files with at least one finding. */
  files: number;
}

export function countFindings(files: readonly FileResult[]): Counts {
  const counts: Counts = { problems: 0, errors: 0, warnings: 0, infos: 0, hints: 0, files: 0 };
  for (const file of files) {
    if (file.findings.length > 0) counts.files++;
    for (const finding of file.findings) {
      counts.problems++;
      if (finding.severity === 1) counts.errors++;
      else if (finding.severity === 2) counts.warnings++;
      else if (finding.severity === 3) counts.infos++;
      else counts.hints++;
    }
  }
  return counts;
}
