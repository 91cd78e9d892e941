import { FileResult, SEVERITY_NAMES, SeverityName } from './model';

/** `--format json`: every finding, 1-based positions (end exclusive), sorted by file, line, column. */

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityName;
  rule: string;
  message: string;
}

export function toJsonFindings(files: readonly FileResult[]): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const file of files) {
    for (const finding of file.findings) {
      out.push({
        file: file.display, line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn,
        severity: SEVERITY_NAMES[finding.severity], rule: finding.code, message: finding.message,
      });
    }
  }
  return out;
}

export function formatJson(files: readonly FileResult[]): string {
  return `${JSON.stringify(toJsonFindings(files), null, 2)}\n`;
}
