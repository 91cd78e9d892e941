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
  internalError: 'internal-error',
  /** A CEL rule (`x-kubernetes-validations`) of a custom resource's CRD fails. */
  celRule: 'server-cel',
} as const;

export type SchemaCode = (typeof Codes)[keyof typeof Codes];

/** What a quick fix needs to know, recorded with the diagnostic (never parsed from its message). */
export type FixData = (
  | { fix: 'rename-key'; path: PathSegment[]; from: string; to: string }
  | { fix: 'move-key'; path: PathSegment[]; key: string; to: PathSegment[] }
  /** The first value is the one meant (a near match), when there is one. */
  | { fix: 'set-value'; path: PathSegment[]; values: string[] }
  | { fix: 'insert-required'; path: PathSegment[]; fields: string[] }
  | { fix: 'replace-api-version'; apiVersion: string }
  | { fix: 'normalize-whitespace' }
  | { fix: 'rule'; rule: string; path: PathSegment[]; args?: Record<string, unknown> }
  /** A check between resources (core/workspace/checks): its fix, on the resource's document. */
  | { fix: 'workspace'; check: string; path: PathSegment[]; args?: Record<string, unknown> }
) & SafeMark;

/**
 * Set by whoever records a fix that `kubesmith lint --fix` may apply unasked: a mechanical edit
 * with one evident meaning, which changes nothing the cluster would run beyond what was plainly
 * meant (odd whitespace, a misspelt or misplaced field, an apiVersion that validates as it is, the
 * one enum value meant). Fixes that take a judgement (a value to choose, a placeholder to fill,
 * hardening) leave it out; `lint --fix` selects on this mark alone, never on titles or codes.
 */
export interface SafeMark {
  safe?: true;
}

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
