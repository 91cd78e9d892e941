import { Codes, DiagnosticSeverity, KubesmithDiagnostic, SOURCE } from './diagnostics';
import * as l10n from '@vscode/l10n';

/**
 * Text with NUL characters is not YAML that anything can read: a binary file, or UTF-16 text read
 * as UTF-8 (no byte order mark, so neither VS Code nor kubectl recognises it as UTF-16). Either
 * way the file is not checked; this says which, instead of staying silent.
 */

/** Whether text read as UTF-8 looks like UTF-16 (ASCII characters each followed or preceded by a NUL). */
export function looksLikeUtf16(text: string): boolean {
  const sample = Math.min(text.length - (text.length % 2), 4096);
  if (sample < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (text.charCodeAt(i) === 0 && text.charCodeAt(i + 1) !== 0) even++;
    if (text.charCodeAt(i + 1) === 0 && text.charCodeAt(i) !== 0) odd++;
  }
  const pairs = sample / 2;
  return even / pairs > 0.9 || odd / pairs > 0.9;
}

/** The one diagnostic of a text with NUL characters, on its first line. */
export function unreadableTextDiagnostic(text: string): KubesmithDiagnostic {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (looksLikeUtf16(text)) {
    return {
      range, severity: DiagnosticSeverity.Error, code: Codes.fileEncoding, source: SOURCE, data: { document: 0 },
      message: l10n.t('This file looks like UTF-16 text without a byte order mark, which kubectl reads as UTF-8 and cannot parse; save it as UTF-8 (or as UTF-16 with a byte order mark). It was not checked.'),
    };
  }
  return {
    range, severity: DiagnosticSeverity.Information, code: Codes.binaryFile, source: SOURCE, data: { document: 0 },
    message: l10n.t('This file holds binary data (NUL characters), not YAML or JSON text; it was not checked.'),
  };
}
