import { Document, Node, Scalar, YAMLError, isMap, isSeq, visit } from 'yaml';
import { Codes, DiagnosticSeverity, FixData, Problem } from './diagnostics';
import { resolveKind } from './schema/kinds';
import { hardenRulesBeyond, runRules } from './rules/engine';
import { HARDEN_RULE_IDS } from './rules/registry';
import { applySuppressions, collectSuppressions } from './rules/suppressions';
import { Severity } from './rules/types';
import { SchemaStore } from './schema/store';
import { newCelBudget, validateCelRules } from './validation/cel';
import { validateResource } from './validation/schemaValidator';
import { checkServerRules } from './validation/server';
import { ResourceInfo, ResourceSummary } from './resource';
import { extractFacts } from './workspace/facts';
import type { SuppressionSet } from './workspace/types';
import { PathSegment, findPair, getValue, stringValue, withPlainValues } from './yaml/nodes';
import { MAX_REPORTS } from './yaml/limits';
import { readerCheck } from './yaml/reader';
import * as l10n from '@vscode/l10n';
import { phrase } from './l10n';

/**
 * Steps 3–7 of the pipeline for one YAML document, once split and parsed: its syntax problems,
 * identifying each resource (apiVersion/kind) and what that means for the targeted version, the
 * schema check, the server-side checks, the rules and the suppressions. The result depends only on
 * the document's text and the settings, so it is cached.
 */

/**
 * The result of checking one YAML document. Plain data (no syntax tree), so it can be cached for
 * as long as the document's text is unchanged without keeping the tree in memory.
 */
export interface DocumentAnalysis {
  /** The resources in the document (one, several for a List, none for other YAML). */
  resources: ResourceSummary[];
  /** Whether the document parsed without syntax errors. */
  wellFormed: boolean;
  /** Whether it holds Go/Helm template actions (`{{ }}` outside block scalars): not YAML to check. */
  templated: boolean;
  problems: Problem[];
  /**
   * Whether Harden Manifest has something to fix here: a Harden rule's fixable finding that is not
   * suppressed, whether or not the settings turn that rule on (Harden applies them all). Only
   * recorded when `AnalysisOptions.hardenCheck` asks for it.
   */
  hardenable?: boolean;
  /** Its suppressions, for the findings between resources made later (absent when none). */
  suppressions?: SuppressionSet;
}

/**
 * Whether a document is a Go/Helm template rather than YAML: `{{ }}` actions outside block
 * scalars and comments (Go templates inside a ConfigMap's `|` block are data, checked as usual).
 */
function hasTemplateActions(doc: Document.Parsed, text: string, wellFormed: boolean): boolean {
  if (!text.includes('{{')) return false;
  if (!wellFormed) return true;
  const blockRanges: [number, number][] = [];
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && node.range) blockRanges.push([node.range[0], node.range[1]]);
    },
  });
  // One pass: `{{` occurrences, lines and block scalars all go forward (a file of `{{` stays linear).
  blockRanges.sort((a, b) => a[0] - b[0]);
  let block = 0;
  let lineStart = 0;
  let lineEnd = text.indexOf('\n');
  let comment: number | undefined; // where the current line's comment starts (Infinity: none), once looked up
  for (let at = text.indexOf('{{'); at >= 0; at = text.indexOf('{{', at + 2)) {
    while (lineEnd >= 0 && lineEnd < at) {
      lineStart = lineEnd + 1;
      lineEnd = text.indexOf('\n', lineStart);
      comment = undefined;
    }
    if (comment === undefined) {
      const match = /(^|\s)#/.exec(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd));
      comment = match ? lineStart + match.index : Infinity;
    }
    while (block < blockRanges.length && blockRanges[block][1] <= at) block++;
    const inBlock = block < blockRanges.length && blockRanges[block][0] <= at;
    if (at < comment && !inBlock) return true;
  }
  return false;
}

function summarize(resource: ResourceInfo, doc: Document, options: AnalysisOptions, wellFormed: boolean): ResourceSummary {
  const range = resource.root.range;
  return {
    apiVersion: resource.apiVersion, kind: resource.kind, path: resource.path, resolution: resource.resolution,
    range: range ? [range[0], range[1]] : [0, 0],
    ...(resource.name !== undefined ? { name: resource.name } : {}),
    ...(resource.namespace !== undefined ? { namespace: resource.namespace } : {}),
    // A kustomize patch is part of another resource: not one of the workspace's own. (A check of
    // the rules only, for the fix loops and Harden, has no use for what it says about others.)
    ...(wellFormed && !options.partial && !options.rulesOnly ? { facts: extractFacts(doc, resource) } : {}),
  };
}

export interface AnalysisOptions {
  kubernetesVersion: string;
  /** Kustomize patches are partial resources: no required fields, no best-practice rules. */
  partial?: boolean;
  /** Enabled best-practice rules and their severity. */
  rules?: Map<string, Severity>;
  /** Rules only, no schema check (and no facts about other resources): for the fix loops of fix-all and Harden, which need rule findings only. */
  rulesOnly?: boolean;
  /** Record `hardenable` (the editor offers Harden Manifest from it). */
  hardenCheck?: boolean;
}

const HARDEN_RULES = new Set(HARDEN_RULE_IDS);

/** Whether a problem is a Harden rule's finding with a fix. */
function hardenFinding(problem: Problem): boolean {
  return problem.rule !== undefined && problem.fixes !== undefined && problem.fixes.length > 0 && HARDEN_RULES.has(problem.rule);
}

const SYNTAX_MESSAGES: Record<string, string> = {
  BAD_INDENT: phrase('Bad indentation: this line does not line up with the block it belongs to.'),
  MISSING_CHAR: phrase('Something is missing here (a closing bracket, or a `:`).'),
  MULTILINE_IMPLICIT_KEY: phrase('A key must fit on one line; is a `:` missing at the end of the previous line, or is the indentation off?'),
  BLOCK_AS_IMPLICIT_KEY: phrase('A nested block cannot be a key here; check the indentation and the `:` of the line above.'),
  UNEXPECTED_TOKEN: phrase('Unexpected text here; check the indentation and quoting.'),
  TAB_AS_INDENT: phrase('Tabs are not allowed for indentation in YAML; use spaces.'),
  BAD_ALIAS: phrase('This alias has no matching anchor.'),
};

function syntaxProblem(error: YAMLError, text: string): Problem {
  const [start, end] = error.pos;
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n#]+?)(?=\s*:)/.exec(text.slice(start))?.[1];
    return {
      code: Codes.duplicateKey, severity: DiagnosticSeverity.Error, start, end: key ? start + key.length : Math.max(end, start + 1),
      message: key
        ? l10n.t('Duplicate key `{0}`: it appears twice in the same map; only one value would be kept, and Kubernetes rejects the file.', key)
        : l10n.t('Duplicate key: it appears twice in the same map; only one value would be kept, and Kubernetes rejects the file.'),
    };
  }
  const base = error.message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim();
  const quote = /^Missing closing (["'])quote/.exec(base);
  if (quote) {
    // The parser notices at the end of the text; the mistake is where the string opens.
    const open = text.lastIndexOf(quote[1], Math.max(start - 1, 0));
    const lineEnd = text.indexOf('\n', open);
    return {
      code: Codes.yamlSyntax, severity: DiagnosticSeverity.Error, start: Math.max(open, 0), end: lineEnd < 0 ? text.length : lineEnd,
      message: l10n.t('This string has no closing {0}; add one where the value ends.', quote[1]),
    };
  }
  const known = SYNTAX_MESSAGES[error.code];
  return {
    code: Codes.yamlSyntax, severity: DiagnosticSeverity.Error, start, end: Math.max(end, start + 1),
    message: known ? l10n.t('{0} ({1})', l10n.t(known), base) : l10n.t('YAML syntax error: {0}', base),
  };
}

function moreSyntaxErrors(count: number, [start, end]: [number, number]): Problem {
  return {
    code: Codes.yamlSyntax, severity: DiagnosticSeverity.Error, start, end: Math.max(end, start + 1),
    message: count === 1
      ? l10n.t('One more YAML syntax error in this document, here (only the first {0} are shown one by one); fix those first.', MAX_REPORTS)
      : l10n.t('{0} more YAML syntax errors in this document, from here on (only the first {1} are shown one by one); fix those first.', count.toLocaleString('en-US'), MAX_REPORTS),
  };
}

function rangeOf(node: Node | undefined | null): [number, number] {
  const range = node?.range;
  return range ? [range[0], range[1]] : [0, 1];
}

/** Identifies a resource at a node: a map with string `apiVersion` and `kind`. */
function identify(node: Node | undefined, doc: Document, path: PathSegment[], store: SchemaStore, options: AnalysisOptions, problems: Problem[]): ResourceInfo | undefined {
  if (!isMap(node)) return undefined;
  const apiVersionPair = findPair(node, 'apiVersion', doc);
  const kindPair = findPair(node, 'kind', doc);
  const apiVersion = stringValue(apiVersionPair?.value);
  const kind = stringValue(kindPair?.value);
  if (apiVersion === undefined || kind === undefined) {
    // Half a manifest (one of the two, next to `metadata`): say so. Anything else is not ours.
    const looksLikeResource = findPair(node, 'metadata', doc) !== undefined && (apiVersionPair || kindPair);
    if (looksLikeResource) {
      const present = apiVersionPair ?? kindPair!;
      const [start, end] = rangeOf(present.key as Node);
      const missing = apiVersion === undefined && kind === undefined ? l10n.t('`apiVersion` and `kind` as strings') : apiVersion === undefined ? '`apiVersion`' : '`kind`';
      problems.push({ code: Codes.incompleteResource, severity: DiagnosticSeverity.Error, start, end,
        message: l10n.t('This looks like a Kubernetes resource but has no {0}; without both, it cannot be applied.', missing) });
    }
    return undefined;
  }
  const metadata = getValue(node, 'metadata', doc);
  const resolution = resolveKind(store, options.kubernetesVersion, apiVersion, kind);
  return {
    apiVersion, kind, path, root: node, resolution,
    name: stringValue(getValue(metadata, 'name', doc)),
    namespace: stringValue(getValue(metadata, 'namespace', doc)),
  };
}

/** Problems about the apiVersion/kind itself (removed, not yet served, misspelled...). */
function kindProblems(resource: ResourceInfo, doc: Document, store: SchemaStore, options: AnalysisOptions): Problem[] {
  const { apiVersion, kind, resolution } = resource;
  const apiVersionNode = findPair(resource.root, 'apiVersion', doc)?.value as Node;
  const kindNode = findPair(resource.root, 'kind', doc)?.value as Node;
  const [start, end] = rangeOf(apiVersionNode);
  const minor = store.version(options.kubernetesVersion).minor;
  const at = (code: string, severity: DiagnosticSeverity, message: string, fixes?: FixData[], node: [number, number] = [start, end]): Problem =>
    ({ code, severity, message, start: node[0], end: node[1], ...(fixes ? { fixes } : {}) });
  // Offered only where the new apiVersion validates as the resource is: safe for `lint --fix`.
  const replaceFix = (replacement: string | null | undefined): FixData[] | undefined =>
    replacement && apiVersionOnlyChange(resource, replacement, doc, store, options) ? [{ fix: 'replace-api-version', resource: resource.path, apiVersion: replacement, safe: true }] : undefined;

  switch (resolution.status) {
    case 'schema': {
      const entry = resolution.deprecation;
      if (!entry) return [];
      // (Each case one whole sentence; a note of the deprecation table is English data.)
      const since = entry.deprecatedIn;
      const message = entry.replacement
        ? (since ? l10n.t('`{0}` {1} is deprecated since Kubernetes {2} and is removed in {3}; use `{4}`.', apiVersion, kind, since, entry.removedIn, entry.replacement)
          : l10n.t('`{0}` {1} is deprecated and is removed in {2}; use `{3}`.', apiVersion, kind, entry.removedIn, entry.replacement))
        : entry.note
          ? (since ? l10n.t('`{0}` {1} is deprecated since Kubernetes {2} and is removed in {3}; {4}.', apiVersion, kind, since, entry.removedIn, entry.note)
            : l10n.t('`{0}` {1} is deprecated and is removed in {2}; {3}.', apiVersion, kind, entry.removedIn, entry.note))
          : (since ? l10n.t('`{0}` {1} is deprecated since Kubernetes {2} and is removed in {3}.', apiVersion, kind, since, entry.removedIn)
            : l10n.t('`{0}` {1} is deprecated and is removed in {2}.', apiVersion, kind, entry.removedIn));
      return [at(Codes.apiDeprecated, DiagnosticSeverity.Warning, message, replaceFix(entry.replacement))];
    }
    case 'removed': {
      return [at(Codes.apiRemoved, DiagnosticSeverity.Error,
        resolution.replacement ? l10n.t('`{0}` {1} was removed in Kubernetes {2}; use `{3}`.', apiVersion, kind, resolution.removedIn, resolution.replacement)
          : resolution.note ? l10n.t('`{0}` {1} was removed in Kubernetes {2}; {3}.', apiVersion, kind, resolution.removedIn, resolution.note)
            : l10n.t('`{0}` {1} was removed in Kubernetes {2}.', apiVersion, kind, resolution.removedIn), replaceFix(resolution.replacement))];
    }
    case 'not-yet': {
      return [at(Codes.apiNotServed, DiagnosticSeverity.Error,
        resolution.alternatives.length
          ? l10n.t('`{0}` {1} is not served by Kubernetes {2}; it is available from {3}; Kubernetes {2} serves it as {4}.', apiVersion, kind, minor, resolution.since, resolution.alternatives.map((a) => `\`${a}\``).join(', '))
          : l10n.t('`{0}` {1} is not served by Kubernetes {2}; it is available from {3}.', apiVersion, kind, minor, resolution.since),
        resolution.alternatives.length ? replaceFix(resolution.alternatives[0]) : undefined)];
    }
    case 'unknown-kind': {
      const severity = resolution.builtIn ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
      const suggestion = resolution.suggestion;
      if (suggestion && suggestion.kind === kind) {
        const validates = apiVersionOnlyChange(resource, suggestion.apiVersion, doc, store, options);
        return [at(Codes.unknownKind, severity, l10n.t('`{0}` does not serve {1}; use `{2}`.', apiVersion, kind, suggestion.apiVersion),
          [{ fix: 'replace-api-version', resource: resource.path, apiVersion: suggestion.apiVersion, ...(validates ? { safe: true as const } : {}) }])];
      }
      const kindRange = rangeOf(kindNode);
      if (suggestion) {
        return [at(Codes.unknownKind, severity, l10n.t('`{0}` is not a kind served by `{1}`; did you mean `{2}`?', kind, apiVersion, suggestion.kind),
          // A misspelt kind: safe when the apiVersion serves the kind meant (the fix sets only the kind).
          [{ fix: 'set-value', resource: resource.path, path: [...resource.path, 'kind'], values: [suggestion.kind], ...(suggestion.apiVersion === apiVersion ? { safe: true as const } : {}) }], kindRange)];
      }
      return [at(Codes.unknownKind, severity, l10n.t('`{0}` is not a kind served by `{1}` in Kubernetes {2}.', kind, apiVersion, minor), undefined, kindRange)];
    }
    case 'no-schema':
      return [at(Codes.noSchema, DiagnosticSeverity.Information, l10n.t('No schema for {0} {1}; not validated.', apiVersion, kind))];
    case 'not-a-resource':
      return [];
  }
}

/** Whether replacing only the apiVersion line would give a valid resource. */
function apiVersionOnlyChange(resource: ResourceInfo, replacement: string, doc: Document, store: SchemaStore, options: AnalysisOptions): boolean {
  const target = store.lookup(options.kubernetesVersion, replacement, resource.kind);
  if (!target) return false;
  const resolve = store.version(options.kubernetesVersion).resolve;
  const problems = validateResource(resource.root, target.schema, doc, { resolve, origin: target.origin, kindName: resource.kind, basePath: resource.path, partial: options.partial });
  return problems.every((problem) => problem.severity !== DiagnosticSeverity.Error);
}

function validate(resource: ResourceInfo, doc: Document, store: SchemaStore, options: AnalysisOptions): Problem[] {
  if (resource.resolution.status !== 'schema') return [];
  const { kindSchema } = resource.resolution;
  return validateResource(resource.root, kindSchema.schema, doc, {
    resolve: store.version(options.kubernetesVersion).resolve,
    origin: kindSchema.origin,
    kindName: resource.kind,
    basePath: resource.path,
    partial: options.partial,
  });
}

/** Step 5: what the API server's own validation rejects beyond the schema (validation/server/). */
function serverChecks(resource: ResourceInfo, doc: Document, store: SchemaStore, options: AnalysisOptions, schemaProblems: Problem[]): Problem[] {
  const kubernetesMinor = store.version(options.kubernetesVersion).minor;
  return checkServerRules(resource, doc, { kubernetesMinor, partial: options.partial }, schemaProblems);
}

export function analyzeDocument(doc: Document.Parsed, text: string, store: SchemaStore, options: AnalysisOptions): DocumentAnalysis {
  const problems: Problem[] = [];
  const syntaxErrors = doc.errors.filter((error) => error.code !== 'DUPLICATE_KEY');
  // (At most MAX_REPORTS syntax errors one by one: a broken file can have one per character.)
  let shown = 0;
  for (const error of doc.errors) {
    if (error.code === 'DUPLICATE_KEY' || shown++ < MAX_REPORTS) problems.push(syntaxProblem(error, text));
  }
  if (syntaxErrors.length > MAX_REPORTS) problems.push(moreSyntaxErrors(syntaxErrors.length - MAX_REPORTS, syntaxErrors[MAX_REPORTS].pos));
  // What Kubernetes' YAML reader rejects beyond syntax, and documents beyond Kubesmith's bounds.
  const reader = readerCheck(doc);
  problems.push(...reader.problems);
  const wellFormed = syntaxErrors.length === 0 && reader.readable;
  const templated = hasTemplateActions(doc, text, wellFormed);
  const resources: ResourceInfo[] = [];
  // Findings of the Harden rules the settings leave off: only to know whether Harden applies.
  const hardenOnly: Problem[] = [];
  const done = (): DocumentAnalysis => {
    // (Comments suppress too in a document without a resource: its syntax problems, say.)
    const suppressions = resources.length || problems.length ? collectSuppressions(text, doc, resources) : undefined;
    const kept = suppressions && problems.length ? applySuppressions(problems, text, doc, resources, suppressions) : problems;
    const result: DocumentAnalysis = {
      resources: resources.map((resource) => summarize(resource, doc, options, wellFormed)), wellFormed, templated, problems: kept,
      ...(suppressions ? { suppressions } : {}),
    };
    if (options.hardenCheck) {
      // As Harden Manifest: a document without any YAML error, its findings after suppressions.
      const keptBeyond = suppressions && hardenOnly.length ? applySuppressions(hardenOnly, text, doc, resources, suppressions) : hardenOnly;
      result.hardenable = doc.errors.length === 0 && (kept.some(hardenFinding) || keptBeyond.some(hardenFinding));
    }
    return result;
  };
  const root = doc.contents as Node | null;
  if (!root || templated) return done();

  const top = identify(root, doc, [], store, options, problems);
  if (!top) return done();
  const targets = [top];
  if (top.apiVersion === 'v1' && top.kind === 'List') {
    // `kubectl get -o yaml` output: each item is a resource of its own.
    const items = getValue(top.root, 'items', doc);
    if (isSeq(items)) items.items.forEach((item, i) => {
      const resource = identify(item as Node, doc, ['items', i], store, options, problems);
      if (resource) targets.push(resource);
    });
  }
  const celBudget = newCelBudget();
  for (const resource of targets) {
    resources.push(resource);
    problems.push(...kindProblems(resource, doc, store, options));
    // A broken tree would produce misleading schema errors: syntax first.
    if (!wellFormed) continue;
    const schemaProblems = options.rulesOnly ? [] : validate(resource, doc, store, options);
    problems.push(...schemaProblems);
    if (!options.rulesOnly) problems.push(...validateCelRules(resource, doc, schemaProblems, celBudget, options.partial));
    // The server checks and the rules read the resource as plain values, converted once.
    withPlainValues(() => {
      if (!options.rulesOnly) problems.push(...serverChecks(resource, doc, store, options, schemaProblems));
      if (!options.partial && resource.resolution.status === 'schema') {
        if (options.rules?.size) runRules(doc, resource, options.rules, problems, options.kubernetesVersion);
        if (options.hardenCheck) {
          const beyond = hardenRulesBeyond(options.rules);
          if (beyond.size) runRules(doc, resource, beyond, hardenOnly, options.kubernetesVersion);
        }
      }
    });
  }
  return done();
}
