import { Document, Node, isMap, isScalar } from 'yaml';
import { Codes, DiagnosticSeverity, Problem } from '../../diagnostics';
import { KindResolution } from '../../schema/kinds';
import { ValidationRule, splitApiVersion } from '../../schema/types';
import { PathSegment, findPair, formatPath, resolveAlias, scalarText } from '../../yaml/nodes';
import { preview } from '../text';
import { compileKindRules } from './report';
import { Meter } from './runtime';
import { RuleSite, collectRuleSites, hasRules } from './values';
import * as l10n from '@vscode/l10n';

/**
 * The pipeline step after the schema check: the CEL rules (`x-kubernetes-validations`) of custom
 * resources, bundled and workspace CRDs alike, evaluated where they are declared with `self`
 * bound to the value there, as the API server does. A rule that fails is an error
 * (`server-cel`) on the node it is about. Rules that need the old object, or that Kubesmith cannot
 * compile or evaluate, are skipped, never reported as errors.
 *
 * The CEL engine (engine.ts, with @bufbuild/cel and the Kubernetes libraries) is loaded the first
 * time a resource whose schema has rules is checked.
 */

/** What the step needs of a resource (analysis.ts's ResourceInfo). */
export interface CelResource {
  apiVersion: string;
  kind: string;
  root: Node;
  path: PathSegment[];
  resolution: KindResolution;
}

/** Cost units one document may spend on its rules (about one rule node evaluated once each). */
const DOCUMENT_BUDGET = 500_000;

/** The CEL cost budget of one document (each resource of a List draws from it). */
export function newCelBudget(): Meter {
  return { left: DOCUMENT_BUDGET, exceeded: false };
}

let engine: typeof import('./engine') | undefined;
/** The CEL engine, loaded on first use. */
export function celEngine(): typeof import('./engine') {
  return (engine ??= require('./engine') as typeof import('./engine'));
}

interface Span {
  start: number;
  end: number;
}

/** The text to underline: a scalar whole, a collection by its key (or its first character). */
function spanOf(node: Node, keyNode: Node | undefined): Span {
  const range = node.range ?? [0, 0, 0];
  if (isScalar(node)) return { start: range[0], end: range[1] };
  const key = keyNode?.range;
  return key ? { start: key[0], end: key[1] } : { start: range[0], end: range[0] + 1 };
}

/** `.spec.replicas`, `['x.y']`: a rule's `fieldPath`, as segments (undefined when malformed). */
function parseFieldPath(fieldPath: string): string[] | undefined {
  const segments: string[] = [];
  const token = /\.([^.[\]']+)|\['((?:[^'\\]|\\.)*)'\]/y;
  let at = 0;
  while (at < fieldPath.length) {
    token.lastIndex = at;
    const match = token.exec(fieldPath);
    if (!match) return undefined;
    segments.push(match[1] ?? match[2].replace(/\\(.)/g, '$1'));
    at = token.lastIndex;
  }
  return segments;
}

/** Where a failed rule is reported: its `fieldPath` below the site when that is in the document. */
function target(site: RuleSite, rule: ValidationRule, doc: Document): { node: Node; keyNode?: Node; path: PathSegment[] } {
  const segments = rule.fieldPath ? parseFieldPath(rule.fieldPath) : undefined;
  let node = site.node;
  let keyNode = site.keyNode;
  const path = [...site.path];
  for (const segment of segments ?? []) {
    const pair = isMap(node) ? findPair(node, segment, doc) : undefined;
    const value = pair ? resolveAlias(pair.value, doc) : undefined;
    if (!pair || !value?.range) break;
    node = value;
    keyNode = (pair.key ?? undefined) as Node | undefined;
    path.push(segment);
  }
  return { node, keyNode, path };
}

/** The reason shown: the evaluated `messageExpression`, the `message`, or the rule itself. */
function detailOf(rule: ValidationRule, site: RuleSite, meter: Meter, useExpression: boolean): string {
  const evaluated = useExpression && rule.messageExpression ? celEngine().runMessageExpression(rule.messageExpression, site.value, meter) : undefined;
  const text = evaluated ?? rule.message ?? l10n.t('failed rule: {0}', rule.rule);
  return text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

function failure(resource: CelResource, site: RuleSite, rule: ValidationRule, detail: string, doc: Document): Problem {
  const { node, keyNode, path } = target(site, rule, doc);
  const { start, end } = spanOf(node, keyNode);
  const group = splitApiVersion(resource.apiVersion).group;
  const where = formatPath(path);
  const text = isScalar(node) ? scalarText(node) : undefined;
  const message = path.length === resource.path.length
    ? l10n.t('This {0} is not valid: {1} (CEL rule of {2} {0}).', resource.kind, detail, group)
    : text !== undefined
      ? l10n.t('`{0}` is not valid for `{1}`: {2} (CEL rule of {3} {4}).', preview(text), where, detail, group, resource.kind)
      : l10n.t('`{0}` is not valid: {1} (CEL rule of {2} {3}).', where, detail, group, resource.kind);
  return { code: Codes.celRule, severity: DiagnosticSeverity.Error, message, start, end };
}

function costNote(resource: CelResource, site: RuleSite): Problem {
  const { start, end } = spanOf(site.node, site.keyNode);
  return {
    code: Codes.celRule, severity: DiagnosticSeverity.Information, start, end,
    message: l10n.t('The CEL rules of this {0} were not all checked: evaluating them costs more than Kubesmith allows for one document.', resource.kind),
  };
}

/**
 * Evaluates the CEL rules of a custom resource. `schemaProblems` are the schema check's findings:
 * where one is an error, the rules of that subtree are not evaluated (a wrong type makes them
 * meaningless). Kustomize patches (partial resources) are not evaluated.
 */
export function validateCelRules(resource: CelResource, doc: Document, schemaProblems: readonly Problem[], budget: Meter, partial?: boolean): Problem[] {
  const { resolution } = resource;
  if (partial || resolution.status !== 'schema' || resolution.kindSchema.origin === 'kubernetes') return [];
  const { kindSchema } = resolution;
  if (!hasRules(kindSchema.schema)) return [];

  const cel = celEngine();
  const { group, version } = splitApiVersion(resource.apiVersion);
  compileKindRules(cel.compileRule, { group, kind: resource.kind, version, ...(kindSchema.sourceUri ? { sourceUri: kindSchema.sourceUri } : {}) }, kindSchema.schema);

  const { sites, truncated } = collectRuleSites(resource.root, kindSchema.schema, doc, resource.path, cel.formatConverters);
  // Aliases that expand past the node budget: values would be partial, and rules on them wrong.
  // (The schema check reports the expansion.)
  if (truncated) return [];
  const errors = schemaProblems.filter((problem) => problem.severity === DiagnosticSeverity.Error);
  const problems: Problem[] = [];
  for (const site of sites) {
    const start = site.keyNode?.range?.[0] ?? site.node.range![0];
    const end = site.node.range![1];
    if (errors.some((error) => error.start < end && error.end > start)) continue;
    for (const rule of site.rules) {
      const compiled = cel.compileRule(rule.rule);
      if (!compiled.ok) continue;
      const outcome = cel.runRule(compiled, site.value, budget);
      if (outcome.kind === 'fail' || outcome.kind === 'invalid') {
        problems.push(failure(resource, site, rule, detailOf(rule, site, budget, outcome.kind === 'fail'), doc));
      } else if (outcome.kind === 'unknown' && outcome.cost) {
        problems.push(costNote(resource, site));
        return problems;
      }
    }
  }
  return problems;
}
