import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import type { PathSegment } from './yaml/nodes';

export const SOURCE = 'kubesmith';

/**
 * Stable codes of the problems the schema layer reports. Best-practice rules add their own ids.
 * Code actions and suppressions match on these, never on message text.
 */
export const Codes = {
  yamlSyntax: 'yaml-syntax',
  duplicateKey: 'duplicate-key',
  oddWhitespace: 'odd-whitespace',
  unknownField: 'unknown-field',
  wrongType: 'wrong-type',
  missingRequired: 'missing-required',
  invalidEnum: 'invalid-enum',
  invalidValue: 'invalid-value',
  apiRemoved: 'api-removed',
  apiNotServed: 'api-not-served',
  apiDeprecated: 'api-deprecated',
  unknownKind: 'unknown-kind',
  noSchema: 'no-schema',
  incompleteResource: 'incomplete-resource',
  invalidConfig: 'invalid-config',
  fileTooLarge: 'file-too-large',
  /** Binary data (NUL characters): not checked. */
  binaryFile: 'binary-file',
  /** UTF-16 without a byte order mark, which kubectl cannot read: not checked. */
  fileEncoding: 'file-encoding',
  /** A document beyond what Kubesmith reads (nested too deeply, expanding to too much): not, or not fully, checked. */
  tooComplex: 'too-complex',
  internalError: 'internal-error',
} as const;

export type SchemaCode = (typeof Codes)[keyof typeof Codes];

/**
 * What a quick fix needs to know, recorded with the diagnostic (never parsed from its message).
 * Every fix of a resource carries the resource's path in its document (`resource`: `[]`, or
 * `['items', 2]` for an item of a `kind: List`), so it edits that resource and no other; paths
 * (`path`, `to`) are from the document's root.
 */
export type FixData =
  | { fix: 'rename-key'; resource: PathSegment[]; path: PathSegment[]; from: string; to: string }
  | { fix: 'move-key'; resource: PathSegment[]; path: PathSegment[]; key: string; to: PathSegment[] }
  | { fix: 'set-value'; resource: PathSegment[]; path: PathSegment[]; values: string[] }
  | { fix: 'insert-required'; resource: PathSegment[]; path: PathSegment[]; fields: string[] }
  | { fix: 'replace-api-version'; resource: PathSegment[]; apiVersion: string }
  | { fix: 'normalize-whitespace' }
  | { fix: 'rule'; resource: PathSegment[]; rule: string; path: PathSegment[]; args?: Record<string, unknown> };

export interface DiagnosticData {
  /** Index of the YAML document in the file the diagnostic belongs to. */
  document: number;
  fixes?: FixData[];
  /** Rule diagnostics: the rule that raised it (also the `code`). */
  rule?: string;
}

export interface KubesmithDiagnostic extends Diagnostic {
  code: string;
  message: string;
  source: typeof SOURCE;
  data: DiagnosticData;
}

/**
 * A problem found inside one YAML document, before it is placed in the file. Offsets are
 * relative to the document's text, so a document's problems can be cached and re-used when only
 * other documents of the file change.
 */
export interface Problem {
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  start: number;
  end: number;
  fixes?: FixData[];
  rule?: string;
}

export { DiagnosticSeverity };
export type { Range };
