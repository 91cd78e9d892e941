import { Document } from 'yaml';
import type { ResourceInfo } from '../resource';
import { Problem } from '../diagnostics';
import { lineIndexAt, lineStartsOf } from '../yaml/documents';
import { PathSegment, getNodeAt } from '../yaml/nodes';
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
  const annotations = getNodeAt(doc.contents, path, doc)?.toJSON() as unknown;
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
      for (const check of [test, ...(KUBE_SCORE_IMPLIED[test] ?? [])]) add(peers().kubeScore.byCheck.get(check));
    }
  };
  const annotations = annotationsAt(doc, [...resource.path, 'metadata', 'annotations']);
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (key === IGNORE_ANNOTATION) ruleList(String(value ?? '')).forEach((id) => ids.add(id));
    else if (key.startsWith(KUBE_LINTER_PREFIX)) add(peers().kubeLinter.byCheck.get(key.slice(KUBE_LINTER_PREFIX.length)));
    else if (key === KUBE_LINTER_ALL) add(peers().kubeLinter.all);
    else if (key === KUBE_SCORE_IGNORE) kubeScore(value);
    else if (key.startsWith('polaris.fairwinds.com/') && String(value).toLowerCase() === 'true') {
      if (key === POLARIS_ALL) add(peers().polaris.all);
      const check = POLARIS_CHECK.exec(key)?.[1];
      if (check) add(peers().polaris.byCheck.get(check));
    }
  }
  // kube-score also reads its annotation on a workload's pod template.
  const template = podTemplates ? podSpecsOf(resource.apiVersion, resource.kind, resource.path, doc)[0] : undefined;
  if (template && template.metadataPath.length > resource.path.length + 1) {
    kubeScore(annotationsAt(doc, [...template.metadataPath, 'annotations'])?.[KUBE_SCORE_IGNORE]);
  }
  return ids;
}

/** Removes the problems that comments or annotations suppress. */
export function applySuppressions(problems: Problem[], text: string, doc: Document, resources: ResourceInfo[]): Problem[] {
  const nextLine = new Map<number, Set<string>>();
  const fromLine: { line: number; ids: Set<string> }[] = [];
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
        fromLine.push({ line: index, ids });
      }
    });
  }
  const podTemplates = text.includes(KUBE_SCORE_IGNORE);
  const byResource = resources.map((resource) => ({ resource, ids: annotationSuppressions(doc, resource, podTemplates) }));
  if (nextLine.size === 0 && fromLine.length === 0 && byResource.every((entry) => entry.ids.size === 0)) return problems;

  const lineStarts = lineStartsOf(text);
  return problems.filter((problem) => {
    const line = lineIndexAt(lineStarts, problem.start);
    const matches = (ids: Set<string> | undefined) => ids !== undefined && (ids.has(problem.code) || ids.has('*'));
    if (matches(nextLine.get(line))) return false;
    if (fromLine.some((entry) => entry.line <= line && matches(entry.ids))) return false;
    for (const { resource, ids } of byResource) {
      const range = resource.root.range;
      if (range && problem.start >= range[0] && problem.start <= range[2] && matches(ids)) return false;
    }
    return true;
  });
}
