import type { Position, Range } from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../../protocol/settings';
import { DiagnosticSeverity, KubesmithDiagnostic, SOURCE } from '../diagnostics';
import { SEVERITY } from '../rules/engine';
import { isSuppressed, peerSuppressionIds } from '../rules/suppressions';
import { currentLocale } from '../l10n';
import { lineIndexAt } from '../yaml/documents';
import type { Severity } from '../rules/types';
import { WORKSPACE_CHECKS } from './checks';
import { CheckFinding, WorkspaceCheck } from './checks/types';
import type { EntryDocument, FileEntry } from './entry';
import { IndexedResource, ModelReads, WorkspaceModel } from './model';

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

/**
 * What the checks found for a resource, kept with the resource object (which the model keeps for
 * as long as its document does not change), with what they asked the model (`WorkspaceModel.track`):
 * while none of that changed, they would find the same again. So an edit runs again only the
 * checks that read what it changed, or asked where something is that it moved.
 */
interface KeptFindings {
  /** The language and the checks' selection they were made with. */
  key: string;
  /** Per check of the selection: what it found, and what it asked. */
  byCheck: { found: CheckFinding[]; reads: ModelReads }[];
  /** What all of them asked: while unchanged, none runs again. */
  all: ModelReads;
}

const kept = new WeakMap<IndexedResource, KeptFindings>();

/**
 * A file's last pass: when (the model's clock), and which of its resources read each topic, so the
 * next pass finds the resources a change concerns from the topics changed since, instead of asking
 * each resource.
 */
interface FilePass {
  key: string;
  at: number;
  readers: Map<string, IndexedResource[]>;
  /** Registrations in `readers` (rebuilt when it has grown well past the file's own). */
  size: number;
}

const passes = new WeakMap<WorkspaceModel, Map<string, FilePass>>();

/** The findings between resources of a file. */
export function workspaceFindings(model: WorkspaceModel, uri: string, settings: Selection): KubesmithDiagnostic[] {
  const entry = model.entry(uri);
  if (!entry) {
    passes.get(model)?.delete(uri);
    return [];
  }
  const diagnostics: KubesmithDiagnostic[] = [];
  const enabled = WORKSPACE_CHECKS.flatMap((check) => {
    const level = checkLevel(check, settings);
    return level ? [{ check, severity: SEVERITY[level] }] : [];
  });
  if (enabled.length === 0) return diagnostics;
  const resources = model.resourcesOf(uri);
  if (!model.incremental) {
    // (A batch run: each file checked once, nothing kept.)
    for (const resource of resources) {
      if (resource.origin !== 'manifest') continue;
      enabled.forEach(({ check, severity }) => {
        check.check({ model, resource, report: (finding) => place(diagnostics, model, entry, resource, check, severity, finding) });
      });
    }
    return diagnostics;
  }
  const key = `${currentLocale()}|${enabled.map(({ check }) => check.meta.id).join(',')}`;

  // The resources whose kept findings may have changed: those that read a topic changed since
  // the last pass (all of them when that is not known).
  let files = passes.get(model);
  if (!files) passes.set(model, (files = new Map()));
  let pass = files.get(uri);
  const touched = pass?.key === key ? model.touchedSince(pass.at) : undefined;
  let concerned: Set<IndexedResource> | undefined;
  if (pass && touched) {
    concerned = new Set();
    for (const topic of new Set(touched)) for (const reader of pass.readers.get(topic) ?? []) concerned.add(reader);
  }
  if (!pass || !touched || pass.size > 4 * resources.length * enabled.length + 1000) {
    pass = { key, at: model.now, readers: new Map(), size: 0 };
    files.set(uri, pass);
    concerned = undefined;
  }
  const register = (resource: IndexedResource, reads: ModelReads) => {
    for (const topic of reads.topics) {
      const readers = pass!.readers.get(topic);
      if (readers) readers.push(resource);
      else pass!.readers.set(topic, [resource]);
    }
    pass!.size += reads.topics.length;
  };

  for (const resource of resources) {
    if (resource.origin !== 'manifest') continue;
    let findings = kept.get(resource);
    if (findings?.key !== key) {
      const byCheck = enabled.map(({ check }) => runCheck(model, resource, check));
      findings = { key, byCheck, all: mergeReads(byCheck) };
      kept.set(resource, findings);
      register(resource, findings.all);
    } else if (concerned ? concerned.has(resource) || !model.placesUnchanged(findings.all) : !model.unchangedSince(findings.all)) {
      // Something it read changed: the checks whose reads it concerns run again.
      const byCheck = findings.byCheck.map((previous, i) => (model.unchangedSince(previous.reads) ? previous : runCheck(model, resource, enabled[i].check)));
      findings = { key, byCheck, all: mergeReads(byCheck) };
      kept.set(resource, findings);
      register(resource, findings.all);
    } else if (!concerned) {
      // (A new pass: its readers are registered again.)
      register(resource, findings.all);
    }
    findings.byCheck.forEach(({ found }, i) => {
      const { check, severity } = enabled[i];
      for (const finding of found) place(diagnostics, model, entry, resource, check, severity, finding);
    });
  }
  pass.at = model.now;
  return diagnostics;
}

/** A check's finding as a diagnostic of its file, unless the document suppresses it there. */
function place(diagnostics: KubesmithDiagnostic[], model: WorkspaceModel, entry: FileEntry, resource: IndexedResource, check: WorkspaceCheck, severity: DiagnosticSeverity, finding: CheckFinding): void {
  if (suppressed(entry.documents[resource.document], check, finding.span[0])) return;
  diagnostics.push({
    range: model.rangeOf(resource, finding.span), severity, code: check.meta.id, source: SOURCE, message: finding.message,
    data: { document: resource.document, ...(finding.fix && check.fix ? { fixes: [{ fix: 'workspace' as const, check: check.meta.id, path: finding.fix.path, ...(finding.fix.args ? { args: finding.fix.args } : {}) }] } : {}) },
    ...(finding.related ? { relatedInformation: finding.related } : {}),
  });
}

const NOTHING: CheckFinding[] = [];

function runCheck(model: WorkspaceModel, resource: IndexedResource, check: WorkspaceCheck): { found: CheckFinding[]; reads: ModelReads } {
  let found = NOTHING;
  const reads = model.track(() => check.check({ model, resource, report: (finding) => { (found === NOTHING ? (found = []) : found).push(finding); } }));
  return { found, reads };
}

function mergeReads(byCheck: readonly { reads: ModelReads }[]): ModelReads {
  const all: ModelReads = { topics: [], at: Number.POSITIVE_INFINITY, places: [] };
  for (const { reads } of byCheck) {
    for (const topic of reads.topics) all.topics.push(topic);
    for (const place of reads.places) all.places.push(place);
    if (reads.at < all.at) all.at = reads.at;
  }
  return all;
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
