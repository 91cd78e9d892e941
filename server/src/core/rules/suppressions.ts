import { Document } from 'yaml';
import type { ResourceInfo } from '../resource';
import { Problem } from '../diagnostics';
import { lineIndexAt, lineStartsOf } from '../yaml/documents';
import { getNodeAt, plainValue } from '../yaml/nodes';
import { RULES } from './registry';

/**
 * Step 7 of the pipeline: problems the author has chosen to accept.
 *
 *   # kubesmith-disable-next-line no-latest-tag, missing-probes    the next line
 *   # kubesmith-disable run-as-non-root                             the rest of the document
 *   metadata.annotations["kubesmith.io/ignore"]: "rule-a,rule-b"    the whole resource
 *   metadata.annotations["ignore-check.kube-linter.io/<check>"]     kube-linter's form, mapped to our ids
 */

export const IGNORE_ANNOTATION = 'kubesmith.io/ignore';
const KUBE_LINTER_PREFIX = 'ignore-check.kube-linter.io/';
const DIRECTIVE = /#\s*kubesmith-disable(-next-line)?(?:\s+([^#]*))?$/;

function ruleList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

/** Rule ids (or `*`) a resource's annotations switch off. */
export function annotationSuppressions(doc: Document, resource: ResourceInfo): Set<string> {
  const ids = new Set<string>();
  const annotations = plainValue(getNodeAt(doc.contents, [...resource.path, 'metadata', 'annotations'], doc), doc) as Record<string, unknown> | undefined;
  if (!annotations || typeof annotations !== 'object') return ids;
  for (const [key, value] of Object.entries(annotations)) {
    if (key === IGNORE_ANNOTATION) ruleList(String(value ?? '')).forEach((id) => ids.add(id));
    if (key.startsWith(KUBE_LINTER_PREFIX)) {
      const check = key.slice(KUBE_LINTER_PREFIX.length);
      for (const rule of RULES) if (rule.meta.kubeLinter?.includes(check)) ids.add(rule.meta.id);
    }
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
  const byResource = resources.map((resource) => ({ resource, ids: annotationSuppressions(doc, resource) }));
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
