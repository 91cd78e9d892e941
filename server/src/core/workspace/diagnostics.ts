import type { Position, Range } from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../../protocol/settings';
import { KubesmithDiagnostic, SOURCE } from '../diagnostics';
import { SEVERITY } from '../rules/engine';
import { KUBE_LINTER_ALIAS } from '../rules/suppressions';
import type { Severity } from '../rules/types';
import { WORKSPACE_CHECKS } from './checks';
import { CheckFinding, WorkspaceCheck } from './checks/types';
import type { PlacedSuppressions } from './entry';
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

function suppressed(sets: readonly PlacedSuppressions[], check: WorkspaceCheck, position: Position): boolean {
  const ids = [check.meta.id, ...(check.meta.kubeLinter ?? []).map((name) => `${KUBE_LINTER_ALIAS}${name}`)];
  const matches = (list: readonly string[]) => list.includes('*') || ids.some((id) => list.includes(id));
  for (const set of sets) {
    if (position.line < set.lines[0] || position.line > set.lines[1]) continue;
    if (set.nextLine.some(([line, list]) => line === position.line && matches(list))) return true;
    if (set.fromLine.some(([line, list]) => line <= position.line && matches(list))) return true;
    if (set.resources.some(({ range, ids: list }) => contains(range, position) && matches(list))) return true;
  }
  return false;
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
  for (const resource of model.resourcesOf(uri)) {
    if (resource.origin !== 'manifest') continue;
    for (const { check, severity } of enabled) {
      const report = (finding: CheckFinding) => {
        if (suppressed(entry.suppressions, check, finding.range.start)) return;
        diagnostics.push({
          range: finding.range, severity, code: check.meta.id, source: SOURCE, message: finding.message,
          data: { document: resource.document, ...(finding.fix && check.fix ? { fixes: [{ fix: 'workspace' as const, check: check.meta.id, path: finding.fix.path, ...(finding.fix.args ? { args: finding.fix.args } : {}) }] } : {}) },
          ...(finding.related ? { relatedInformation: finding.related } : {}),
        });
      };
      check.check({ model, resource, report });
    }
  }
  return diagnostics;
}

const AUTOMOUNT_RULE = 'automount-service-account-token';

/** The ServiceAccounts a pod runs as (its `serviceAccountName`, else `default`), as the workspace defines them. */
function serviceAccountsOf(model: WorkspaceModel, pod: IndexedResource): IndexedResource[] {
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
  const settled = model.resourcesOf(uri).filter((resource) => resource.pod && resource.pod.automount === undefined && !resource.uncertain && (() => {
    const accounts = serviceAccountsOf(model, resource);
    return accounts.length > 0 && accounts.every((account) => account.automount === false);
  })());
  if (settled.length === 0) return () => false;
  return (code, position) => code === AUTOMOUNT_RULE && settled.some((resource) => contains(resource.range, position));
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
