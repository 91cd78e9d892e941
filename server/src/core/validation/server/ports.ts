import { preview } from '../text';
import { CheckContext } from './context';
import type { PathSegment } from '../../yaml/nodes';
import { Codes } from '../../diagnostics';
import * as l10n from '@vscode/l10n';

/**
 * Port numbers and port names, as every kind checks them (apimachinery's IsValidPortNum and
 * IsValidPortName; core's ValidatePortNumOrName for IntOrString ports).
 */

const PORT_NAME_CHARS = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;
const DIGITS = /^\d+$/;

export const PORT_NAME_MAX = 15;

const portOutOfRange = (value: number, field: string) =>
  l10n.t('`{0}` is not a valid port number for `{1}`: use 1 to 65535.', value, field);
const portNameTooLong = (value: string, length: number) =>
  l10n.t('`{0}` is not a valid port name: at most 15 characters (it has {1}).', value, length);
const portNameRule = (value: string) =>
  l10n.t('`{0}` is not a valid port name: lowercase letters, digits and `-` only, with at least one letter, no `--`, and no `-` at either end.', value);

const quotedPortNumber = (value: string, field: string) =>
  l10n.t('`{0}: "{1}"` is a string, which the API server reads as a port name, and a port name needs a letter; write the number without quotes.', field, value);

/** IsValidPortNum: 1–65535. */
export function isPortNumber(value: number): boolean {
  return value >= 1 && value <= 65535;
}

/** The message for an invalid port name (IsValidPortName), or undefined. */
export function portNameProblem(name: string): string | undefined {
  if (!PORT_NAME_CHARS.test(name) || !HAS_LETTER.test(name) || name.includes('--') || name.startsWith('-') || name.endsWith('-')) {
    return portNameRule(preview(name, 70));
  }
  if (name.length > PORT_NAME_MAX) return portNameTooLong(preview(name, 70), name.length);
  return undefined;
}

const NOT_PORT_NAME_CHARS = /[^a-z0-9-]+/g;
const DASH_RUNS = /-{2,}/g;
const OUTER_DASHES = /^-+|-+$/g;
const TRAILING_DASHES = /-+$/;

/** A port name the server accepts, made from one it does not (for quick fixes), or undefined. */
export function sanitizePortName(name: string): string | undefined {
  let fixed = name.toLowerCase().replace(NOT_PORT_NAME_CHARS, '-').replace(DASH_RUNS, '-').replace(OUTER_DASHES, '');
  if (fixed.length > PORT_NAME_MAX) fixed = fixed.slice(0, PORT_NAME_MAX).replace(TRAILING_DASHES, '');
  return fixed !== name && portNameProblem(fixed) === undefined ? fixed : undefined;
}

/** Checks a port number field: an integer from 1 to 65535 (other types are the schema's business). */
export function checkPortNumber(ctx: CheckContext, value: unknown, path: PathSegment[], field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) return;
  if (!isPortNumber(value)) ctx.report(Codes.serverPort, path, portOutOfRange(value, field));
}

/** Checks a port name field. */
export function checkPortName(ctx: CheckContext, value: unknown, path: PathSegment[]): void {
  if (typeof value !== 'string') return;
  const problem = portNameProblem(value);
  if (problem) ctx.report(Codes.serverPort, path, problem);
}

/** ValidatePortNumOrName: an IntOrString port (probes, Service targetPort, NetworkPolicy ports). */
export function checkPortNumberOrName(ctx: CheckContext, value: unknown, path: PathSegment[], field: string): void {
  if (typeof value !== 'string') {
    checkPortNumber(ctx, value, path, field);
    return;
  }
  if (DIGITS.test(value)) ctx.report(Codes.serverPort, path, quotedPortNumber(preview(value), field));
  else checkPortName(ctx, value, path);
}
