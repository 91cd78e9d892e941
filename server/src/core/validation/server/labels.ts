import { Codes } from '../../diagnostics';
import type { PathSegment } from '../../yaml/nodes';
import { CheckContext, isObject } from './context';
import { labelValueProblem, qualifiedNameProblem } from './names';
import * as l10n from '@vscode/l10n';

/**
 * Labels and annotations (apimachinery's ValidateLabels and ValidateAnnotations): label keys are
 * qualified names, label values at most 63 characters of a restricted set; annotation keys are
 * qualified names too (checked in lower case), and all annotations of an object together may
 * hold at most 256 KiB.
 */

export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

const annotationsTooLarge = (bytes: number) =>
  l10n.t('The annotations take {0} bytes in all; the API server accepts at most 262144 (256 KiB) of keys and values together.', bytes);

/**
 * Label keys seen valid: the same few keys repeat on every resource of a file, and a lookup costs
 * less than the check (values vary too much for that). Bounded; cleared when full.
 */
const validKeys = new Set<string>();
const VALID_KEYS_SIZE = 4096;

/** Checks a map of labels (`metadata.labels`, template labels, `nodeSelector`, `matchLabels`, a Service's selector). */
export function checkLabels(ctx: CheckContext, labels: unknown, path: PathSegment[]): void {
  if (!isObject(labels)) return;
  for (const key of Object.keys(labels)) {
    const value = labels[key];
    if (typeof value !== 'string') continue; // the schema check's business
    if (!validKeys.has(key)) {
      const keyProblem = qualifiedNameProblem(key, l10n.t('label key'));
      if (keyProblem) ctx.report(Codes.serverLabel, [...path, key], keyProblem, { at: 'key' });
      else {
        if (validKeys.size >= VALID_KEYS_SIZE) validKeys.clear();
        validKeys.add(key);
      }
    }
    const valueProblem = labelValueProblem(value, l10n.t('label value'));
    if (valueProblem) ctx.report(Codes.serverLabel, [...path, key], valueProblem);
  }
}

/** Checks `metadata.annotations` (or a pod template's). */
export function checkAnnotations(ctx: CheckContext, annotations: unknown, path: PathSegment[]): void {
  if (!isObject(annotations)) return;
  let bytes = 0;
  for (const key of Object.keys(annotations)) {
    const problem = qualifiedNameProblem(key.toLowerCase(), l10n.t('annotation key'), key);
    if (problem) ctx.report(Codes.serverLabel, [...path, key], problem, { at: 'key' });
    const value = annotations[key];
    bytes += utf8Length(key) + (typeof value === 'string' ? utf8Length(value) : 0);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) ctx.report(Codes.serverLabel, path, annotationsTooLarge(bytes), { at: 'key' });
}

const ASCII = /^[\x00-\x7f]*$/;

/** Length of a string in UTF-8 bytes (Go's len), without encoding it. */
export function utf8Length(text: string): number {
  if (ASCII.test(text)) return text.length; // most text, tested natively
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}
