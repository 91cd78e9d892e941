import type { Position, Range } from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../../protocol/settings';
import { DiagnosticSeverity, KubesmithDiagnostic, SOURCE } from '../diagnostics';
import { SEVERITY } from '../rules/engine';
import { isSuppressed, peerSuppressionIds } from '../rules/suppressions';
import { lineIndexAt } from '../yaml/documents';
import type { Severity } from '../rules/types';
import { WORKSPACE_CHECKS } from './checks';
import { CheckFinding, WorkspaceCheck } from './checks/types';
import type { EntryDocument } from './entry';
import { IndexedResource, WorkspaceModel } from './model';

/**
 * The step after the per-document pipeline: the findings between resources of one file, which
 * depend on other files (so they are not cached with the documents), suppressed like any other,
 * merged with the file's own. Also the per-document findings another resource settles: a pod's
 * `automount-service-account-token` finding when its ServiceAccount turns the token off.
 */

type Selection = Pick<KubesmithSettings, 'rules' | 'references'>;

/** A check's level under these settings (its own in `kubesmith.rules`, else `references.severity`); undefined when off. */
export function checkLevel(check: WorkspaceCheck, settings: Selection): Severity | undefined {
  const level = settings.rules[check.meta.id] ?? (check.meta.enabledByDefault ? settings.references?.severity ?? 'info' : 'off');
  return level === 'off' ? undefined : level;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function contains(range: Range, position: Position): boolean {
  return before(range.start, position) && before(position, range.end);
}

/** Whether a finding of this check at this offset of a document is suppressed (comments, annotations, the peer tools' annotations). */
function suppressed(document: EntryDocument | undefined, check: WorkspaceCheck, offset: number): boolean {
  const set = document?.suppressions;
  if (!set) return false;
  const line = lineIndexAt(document.lineStarts, offset);
  if (isSuppressed(set, check.meta.id, line, offset)) return true;
  return peerSuppressionIds(check.meta).some((id) => isSuppressed(set, id, line, offset));
}

/** The findings between resources of a file. */
export function workspaceFindings(model: WorkspaceModel, uri: string, settings: Selection): KubesmithDiagnostic[] {
  const entry = model.entry(uri);
  if (!entry) return [];
  const diagnostics: KubesmithDiagnostic[] = [];
  const enabled = WORKSPACE_CHECKS.flatMap((check) => {
    const level = checkLevel(check, settings);
    return level ? [{ check, severity: SEVERITY[level] }] : [];
  });
  if (enabled.length === 0) return diagnostics;
  let resource: IndexedResource;
  let current: { check: WorkspaceCheck; severity: DiagnosticSeverity };
  const report = (finding: CheckFinding) => {
    const { check, severity } = current;
    if (suppressed(entry.documents[resource.document], check, finding.span[0])) return;
    diagnostics.push({
      range: model.rangeOf(resource, finding.span), severity, code: check.meta.id, source: SOURCE, message: finding.message,
      data: { document: resource.document, ...(finding.fix && check.fix ? { fixes: [{ fix: 'workspace' as const, check: check.meta.id, path: finding.fix.path, ...(finding.fix.args ? { args: finding.fix.args } : {}) }] } : {}) },
      ...(finding.related ? { relatedInformation: finding.related } : {}),
    });
  };
  for (resource of model.resourcesOf(uri)) {
    if (resource.origin !== 'manifest') continue;
    for (current of enabled) current.check.check({ model, resource, report });
  }
  return diagnostics;
}

const AUTOMOUNT_RULE = 'automount-service-account-token';

/** The ServiceAccounts a pod runs as (its `serviceAccountName`, else `default`), as the workspace defines them. */
function serviceAccountsOf(model: WorkspaceModel, pod: IndexedResource): readonly IndexedResource[] {
  const reference = pod.references.find((candidate) => candidate.target === 'ServiceAccount');
  if (reference) return model.resolve(reference);
  return model.lookup('ServiceAccount', pod.namespace, 'default');
}

/**
 * Whether another resource settles a per-document finding of this file at this position: a pod
 * that leaves `automountServiceAccountToken` unset gets no token when its ServiceAccount (defined
 * in the workspace) sets it to false — which that rule's own fix text says is enough.
 */
export function settledFindings(model: WorkspaceModel, uri: string): (code: string, position: Position) => boolean {
  // Worked out on the first finding of that rule (most files have none).
  let ranges: Range[] | undefined;
  return (code, position) => {
    if (code !== AUTOMOUNT_RULE) return false;
    ranges ??= model.resourcesOf(uri).filter((resource) => {
      if (!resource.facts.pod || resource.facts.pod.automount !== undefined || resource.uncertain) return false;
      const accounts = serviceAccountsOf(model, resource);
      return accounts.length > 0 && accounts.every((account) => account.facts.automount === false);
    }).map((resource) => model.rangeOf(resource, resource.span));
    return ranges.some((range) => contains(range, position));
  };
}

function compare(a: KubesmithDiagnostic, b: KubesmithDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** A file's diagnostics: its own (less those another resource settles) and those between resources. */
export function withWorkspaceDiagnostics(model: WorkspaceModel, uri: string, own: readonly KubesmithDiagnostic[], settings: Selection): KubesmithDiagnostic[] {
  if (!model.has(uri)) return [...own];
  const isSettled = settledFindings(model, uri);
  const between = workspaceFindings(model, uri, settings);
  const kept = own.filter((diagnostic) => !isSettled(String(diagnostic.code), diagnostic.range.start));
  if (between.length === 0 && kept.length === own.length) return kept;
  return [...kept, ...between].sort(compare);
}
