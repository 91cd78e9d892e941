import { Document } from 'yaml';
import type { ResourceInfo } from '../resource';
import { Problem } from '../diagnostics';
import { lineIndexAt, lineStartsOf } from '../yaml/documents';
import type { SuppressionSet } from '../workspace/types';
import { PathSegment, getNodeAt, plainValue } from '../yaml/nodes';
import { RULES } from './registry';
import { podSpecsOf } from './workloads';

/**
 * Step 7 of the pipeline: problems the author has chosen to accept.
 *
 *   # kubesmith-disable-next-line no-latest-tag, missing-probes    the next line
 *   # kubesmith-disable run-as-non-root                             the rest of the document
 *   metadata.annotations["kubesmith.io/ignore"]: "rule-a,rule-b"    the whole resource
 *
 * and the exemptions of the tools a repository may come from, mapped through the rules' metadata
 * (`kubeLinter`, `polaris`, `kubeScore`) to the rules with the same concern, so they keep working:
 *
 *   ignore-check.kube-linter.io/<check>: "<reason>"     kube-linter, one check
 *   kube-linter.io/ignore-all: "<reason>"               kube-linter, every check
 *   polaris.fairwinds.com/<check>-exempt: "true"        Polaris, one check
 *   polaris.fairwinds.com/exempt: "true"                Polaris, every check
 *   kube-score/ignore: "<test>,<test>"                  kube-score (also on the pod template)
 *
 * A tool's "every check" switches off the rules that have a counterpart in that tool, not the
 * schema checks nor the rules it has no equivalent of.
 */

export const IGNORE_ANNOTATION = 'kubesmith.io/ignore';
const KUBE_LINTER_PREFIX = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_ALL = 'kube-linter.io/ignore-all';
const POLARIS_ALL = 'polaris.fairwinds.com/exempt';
const POLARIS_CHECK = /^polaris\.fairwinds\.com\/(.+)-exempt$/;
const KUBE_SCORE_IGNORE = 'kube-score/ignore';
/** kube-score: ignoring one test ignores these too (its `impliedIgnoreAnnotations`). */
const KUBE_SCORE_IMPLIED: Record<string, string[]> = { 'container-resources': ['container-ephemeral-storage-request-and-limit'] };
const DIRECTIVE = /#\s*kubesmith-disable(-next-line)?(?:\s+([^#]*))?$/;

type PeerTool = 'kubeLinter' | 'polaris' | 'kubeScore';

/**
 * How a peer tool's check that an annotation names is kept among a resource's suppressed ids
 * (`kube-linter:dangling-service`, `polaris:*` for "every check"): the checks between resources
 * (core/workspace) map the peers' names themselves, through `suppressedByPeers`.
 */
const PEER_ALIAS: Record<PeerTool, string> = { kubeLinter: 'kube-linter:', polaris: 'polaris:', kubeScore: 'kube-score:' };

/** The suppressed ids that switch off a check naming these peer checks. */
export function peerSuppressionIds(meta: Partial<Record<PeerTool, readonly string[]>>): string[] {
  const ids: string[] = [];
  for (const tool of Object.keys(PEER_ALIAS) as PeerTool[]) {
    const names = meta[tool] ?? [];
    for (const name of names) ids.push(`${PEER_ALIAS[tool]}${name}`);
    if (names.length > 0) ids.push(`${PEER_ALIAS[tool]}*`);
  }
  return ids;
}

/** Per peer tool: check → the rules that name it, and every rule with a counterpart in it. */
let peerIndex: Record<PeerTool, { byCheck: Map<string, string[]>; all: string[] }> | undefined;

function peers(): NonNullable<typeof peerIndex> {
  if (!peerIndex) {
    const build = (tool: PeerTool) => {
      const byCheck = new Map<string, string[]>();
      for (const { meta } of RULES) for (const check of meta[tool] ?? []) byCheck.set(check, [...(byCheck.get(check) ?? []), meta.id]);
      return { byCheck, all: RULES.filter(({ meta }) => (meta[tool]?.length ?? 0) > 0).map(({ meta }) => meta.id) };
    };
    peerIndex = { kubeLinter: build('kubeLinter'), polaris: build('polaris'), kubeScore: build('kubeScore') };
  }
  return peerIndex;
}

function ruleList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

function annotationsAt(doc: Document, path: PathSegment[]): Record<string, unknown> | undefined {
  const annotations = plainValue(getNodeAt(doc.contents, path, doc), doc);
  return annotations && typeof annotations === 'object' && !Array.isArray(annotations) ? (annotations as Record<string, unknown>) : undefined;
}

/**
 * Rule ids (or `*`) a resource's annotations switch off. `podTemplates: false` skips the pod
 * template's annotations (only kube-score's form is read there) when the text has none of them.
 */
export function annotationSuppressions(doc: Document, resource: ResourceInfo, podTemplates = true): Set<string> {
  const ids = new Set<string>();
  const add = (list: readonly string[] | undefined) => list?.forEach((id) => ids.add(id));
  const kubeScore = (value: unknown) => {
    for (const test of ruleList(String(value ?? ''))) {
      for (const check of [test, ...(KUBE_SCORE_IMPLIED[test] ?? [])]) {
        add(peers().kubeScore.byCheck.get(check));
        ids.add(`${PEER_ALIAS.kubeScore}${check}`);
      }
    }
  };
  const annotations = annotationsAt(doc, [...resource.path, 'metadata', 'annotations']);
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (key === IGNORE_ANNOTATION) ruleList(String(value ?? '')).forEach((id) => ids.add(id));
    else if (key.startsWith(KUBE_LINTER_PREFIX)) {
      const check = key.slice(KUBE_LINTER_PREFIX.length);
      add(peers().kubeLinter.byCheck.get(check));
      ids.add(`${PEER_ALIAS.kubeLinter}${check}`);
    } else if (key === KUBE_LINTER_ALL) {
      add(peers().kubeLinter.all);
      ids.add(`${PEER_ALIAS.kubeLinter}*`);
    }
    else if (key === KUBE_SCORE_IGNORE) kubeScore(value);
    else if (key.startsWith('polaris.fairwinds.com/') && String(value).toLowerCase() === 'true') {
      if (key === POLARIS_ALL) {
        add(peers().polaris.all);
        ids.add(`${PEER_ALIAS.polaris}*`);
      }
      const check = POLARIS_CHECK.exec(key)?.[1];
      if (check) {
        add(peers().polaris.byCheck.get(check));
        ids.add(`${PEER_ALIAS.polaris}${check}`);
      }
    }
  }
  // kube-score also reads its annotation on a workload's pod template.
  const template = podTemplates ? podSpecsOf(resource.apiVersion, resource.kind, resource.path, doc)[0] : undefined;
  if (template && template.metadataPath.length > resource.path.length + 1) {
    kubeScore(annotationsAt(doc, [...template.metadataPath, 'annotations'])?.[KUBE_SCORE_IGNORE]);
  }
  return ids;
}

/**
 * A document's suppressions as plain data (kept with its analysis, so findings made later between
 * resources are suppressed too); undefined when it has none.
 */
export function collectSuppressions(text: string, doc: Document, resources: ResourceInfo[]): SuppressionSet | undefined {
  const nextLine = new Map<number, Set<string>>();
  const fromLine: [number, string[]][] = [];
  if (text.includes('kubesmith-disable')) {
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      const match = DIRECTIVE.exec(line);
      if (!match) return;
      const ids = new Set(ruleList(match[2]));
      if (ids.size === 0) ids.add('*');
      if (match[1]) {
        // The next line that is not itself a comment or blank.
        let target = index + 1;
        while (target < lines.length && /^\s*(#.*)?\r?$/.test(lines[target])) target++;
        const set = nextLine.get(target) ?? new Set<string>();
        ids.forEach((id) => set.add(id));
        nextLine.set(target, set);
      } else {
        fromLine.push([index, [...ids]]);
      }
    });
  }
  const byResource: SuppressionSet['resources'] = [];
  const podTemplates = text.includes(KUBE_SCORE_IGNORE);
  for (const resource of resources) {
    const ids = annotationSuppressions(doc, resource, podTemplates);
    const range = resource.root.range;
    if (ids.size > 0 && range) byResource.push({ span: [range[0], range[2]], ids: [...ids] });
  }
  if (nextLine.size === 0 && fromLine.length === 0 && byResource.length === 0) return undefined;
  return { nextLine: [...nextLine].map(([line, ids]) => [line, [...ids]]), fromLine, resources: byResource };
}

/** Whether a problem with this code, at this offset (on this line) of the document, is suppressed. */
export function isSuppressed(set: SuppressionSet, code: string, line: number, offset: number): boolean {
  const matches = (ids: readonly string[]) => ids.includes(code) || ids.includes('*');
  if (set.nextLine.some(([target, ids]) => target === line && matches(ids))) return true;
  if (set.fromLine.some(([from, ids]) => from <= line && matches(ids))) return true;
  return set.resources.some(({ span, ids }) => offset >= span[0] && offset <= span[1] && matches(ids));
}

/** Removes the problems that comments or annotations suppress. */
export function applySuppressions(problems: Problem[], text: string, doc: Document, resources: ResourceInfo[], set = collectSuppressions(text, doc, resources)): Problem[] {
  if (!set) return problems;
  const lineStarts = lineStartsOf(text);
  return problems.filter((problem) => !isSuppressed(set, problem.code, lineIndexAt(lineStarts, problem.start), problem.start));
}
