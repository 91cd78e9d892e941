import type { DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { DocumentEditor } from '../../edits/documentEditor';
import type { PathSegment } from '../../yaml/nodes';
import type { IndexedResource, WorkspaceModel } from '../model';
import type { Span } from '../types';

/**
 * The contract of a check between resources (one module per check, listed in checks/index.ts;
 * docs/workspace.md's table is generated from the metadata). A check looks at one resource of a
 * file with the whole workspace model at hand, after the per-document pipeline.
 */

export interface CheckMeta {
  /** Stable id: the diagnostics' `code`, in `kubesmith.rules`, `.kubesmith.yaml` and suppressions. */
  id: string;
  title: string;
  /**
   * On by default, at `kubesmith.references.severity` (info); when false, off until
   * `kubesmith.rules` gives it a level.
   */
  enabledByDefault: boolean;
  /** What it finds and why it matters. */
  rationale: string;
  howToFix: string;
  /** kube-linter checks that find the same (their `ignore-check.kube-linter.io/<check>` annotations are honoured). */
  kubeLinter?: string[];
  /** kube-score checks that find the same. */
  kubeScore?: string[];
  /** Polaris checks that find the same. */
  polaris?: string[];
}

export interface CheckFinding {
  /** Where, in the checked resource's document. */
  span: Span;
  message: string;
  /** Where the other side is (a duplicate, the autoscaler...). */
  related?: DiagnosticRelatedInformation[];
  /** Arguments of the check's quick fix. */
  fix?: { path: PathSegment[]; args?: Record<string, unknown> };
}

export interface CheckContext {
  model: WorkspaceModel;
  resource: IndexedResource;
  report(finding: CheckFinding): void;
}

export interface WorkspaceCheck {
  meta: CheckMeta;
  check(ctx: CheckContext): void;
  /** The quick fix of a finding, on the resource's document. */
  fix?(editor: DocumentEditor, path: PathSegment[], args: Record<string, unknown>): void;
  fixTitle?(args: Record<string, unknown>): string;
}
