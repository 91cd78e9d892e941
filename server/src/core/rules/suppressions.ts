import { Document } from 'yaml';
import type { ResourceInfo } from '../resource';
import { Problem } from '../diagnostics';
import { lineIndexAt, lineStartsOf } from '../yaml/documents';
import type { SuppressionSet } from '../workspace/types';
import { getNodeAt } from '../yaml/nodes';
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
/** How a kube-linter check an annotation names is kept among a resource's suppressed ids. */
export const KUBE_LINTER_ALIAS = 'kube-linter:';
const DIRECTIVE = /#\s*kubesmith-disable(-next-line)?(?:\s+([^#]*))?$/;

function ruleList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

/** Rule ids (or `*`) a resource's annotations switch off. */
export function annotationSuppressions(doc: Document, resource: ResourceInfo): Set<string> {
  const ids = new Set<string>();
  const annotations = getNodeAt(doc.contents, [...resource.path, 'metadata', 'annotations'], doc)?.toJSON() as Record<string, unknown> | undefined;
  if (!annotations || typeof annotations !== 'object') return ids;
  for (const [key, value] of Object.entries(annotations)) {
    if (key === IGNORE_ANNOTATION) ruleList(String(value ?? '')).forEach((id) => ids.add(id));
    if (key.startsWith(KUBE_LINTER_PREFIX)) {
      const check = key.slice(KUBE_LINTER_PREFIX.length);
      for (const rule of RULES) if (rule.meta.kubeLinter?.includes(check)) ids.add(rule.meta.id);
      // Checks between resources map kube-linter's names themselves (workspace/checks).
      ids.add(`${KUBE_LINTER_ALIAS}${check}`);
    }
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
  for (const resource of resources) {
    const ids = annotationSuppressions(doc, resource);
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
