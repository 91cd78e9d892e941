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
  /** A CEL rule (`x-kubernetes-validations`) of a custom resource's CRD fails. */
  celRule: 'server-cel',
  // Step 5, server checks: what the API server's own validation rejects beyond the schema
  // (validation/server/). One family, `server-<check>`.
  serverName: 'server-name',
  serverLabel: 'server-label',
  serverSelector: 'server-selector',
  serverPort: 'server-port',
  serverDuplicate: 'server-duplicate',
  serverReference: 'server-reference',
  serverResources: 'server-resources',
  serverProbe: 'server-probe',
  serverRestartPolicy: 'server-restart-policy',
  serverRequired: 'server-required',
  serverValue: 'server-value',
  serverConflict: 'server-conflict',
  serverSchedule: 'server-schedule',
  serverData: 'server-data',
} as const;

export type SchemaCode = (typeof Codes)[keyof typeof Codes];

/**
 * What a quick fix needs to know, recorded with the diagnostic (never parsed from its message).
 * Every fix of a resource carries the resource's path in its document (`resource`: `[]`, or
 * `['items', 2]` for an item of a `kind: List`), so it edits that resource and no other; paths
 * (`path`, `to`) are from the document's root.
 */
export type FixData = (
  | { fix: 'rename-key'; resource: PathSegment[]; path: PathSegment[]; from: string; to: string }
  | { fix: 'move-key'; resource: PathSegment[]; path: PathSegment[]; key: string; to: PathSegment[] }
  /** The first value is the one meant (a near match), when there is one. */
  | { fix: 'set-value'; resource: PathSegment[]; path: PathSegment[]; values: string[] }
  | { fix: 'insert-required'; resource: PathSegment[]; path: PathSegment[]; fields: string[] }
  | { fix: 'replace-api-version'; resource: PathSegment[]; apiVersion: string }
  | { fix: 'normalize-whitespace' }
  | { fix: 'rule'; resource: PathSegment[]; rule: string; path: PathSegment[]; args?: Record<string, unknown> }
  /** A check between resources (core/workspace/checks): its fix, on the resource's document. */
  | { fix: 'workspace'; check: string; path: PathSegment[]; args?: Record<string, unknown> }
  | EditFix
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

/**
 * One change of an `edit` fix, by document path: `set` replaces the value at `path` or inserts
 * the key (before the first of `before` that exists), `remove` deletes the key or list item at
 * `path`, `append` adds an item to the list at `path`.
 */
export type EditStep =
  | { op: 'set'; path: PathSegment[]; value: unknown; before?: string[] }
  | { op: 'remove'; path: PathSegment[] }
  | { op: 'append'; path: PathSegment[]; value: unknown };

/**
 * A mechanical fix described as edits (the server checks' fixes). `safe` marks a fix with exactly
 * one mechanical answer, which changes nothing but what the API server would reject (set the only
 * allowed value, remove a field that may not be set), as `SafeMark` says. Fixes that choose between
 * answers (rename, pick a value, remove one of two fields) leave it unset and are only offered.
 */
export interface EditFix {
  fix: 'edit';
  /** Title of the quick fix, shown as it is. */
  title: string;
  steps: EditStep[];
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
