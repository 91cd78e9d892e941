import { FileReport } from './analyze';
import { Target } from './files';
import { formatJson } from './formats/json';
import { FileResult, compareFindings } from './formats/model';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { colors, useColor } from './output';

/** What `lint` (and `lint --fix`, for what is left) prints of its reports, and the exit code they give. */

export const FORMATS = ['text', 'json', 'sarif'] as const;
export const FAIL_ON = ['error', 'warning', 'info'] as const;

export function fileResults(files: readonly Target[], reports: readonly FileReport[], quiet: boolean): FileResult[] {
  return files.map((file, i) => ({
    display: file.display,
    ...(file.path !== undefined ? { path: file.path } : {}),
    findings: reports[i].findings.filter((finding) => !quiet || finding.severity === 1).sort(compareFindings),
    resources: reports[i].resources,
    ...(reports[i].skipped ? { skipped: reports[i].skipped } : {}),
  }));
}

/** The results in a format; text is coloured for `stream` unless `noColor`. */
export function formatResults(results: readonly FileResult[], format: string, cwd: string, stream: { isTTY?: boolean }, noColor: boolean): string {
  switch (format) {
    case 'json':
      return formatJson(results);
    case 'sarif':
      return formatSarif(results, cwd);
    default:
      return formatText(results, colors(useColor(stream, noColor)));
  }
}

/** 1 when a finding at or above `failOn` is left, else 0. */
export function failed(results: readonly FileResult[], failOn: string): boolean {
  const threshold = FAIL_ON.indexOf(failOn as (typeof FAIL_ON)[number]) + 1;
  return results.some((file) => file.findings.some((finding) => finding.severity <= threshold));
}
