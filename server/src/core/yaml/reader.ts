import {
  Alias, CST, Composer, Document, DocumentOptions, Lexer, Node, ParseOptions, Parser, SchemaOptions, YAMLParseError,
  isAlias, isMap, isPair, isScalar, isSeq,
} from 'yaml';
import { Codes, DiagnosticSeverity, Problem } from '../diagnostics';
import { workMeter } from '../work';
import { MAX_NESTING, MAX_REPORTS } from './limits';
import { isMergeKey, resolveAlias } from './nodes';
import * as l10n from '@vscode/l10n';

/**
 * How far Kubesmith reads a YAML document, and what Kubernetes' own YAML reader (sigs.k8s.io/yaml,
 * which decodes with go-yaml v2) rejects in a document that parses: the bounds that keep the work
 * on any text, however hostile, linear in its size and free of deep recursion.
 *
 * - Nesting: documents nested deeper than MAX_NESTING levels are not composed at all (the yaml
 *   library composes recursively, and a few thousand levels overflow the stack); they get one
 *   `too-complex` note. The library's lexer and parser are iterative: the depth is read from the
 *   parser's stack while it runs, before anything recursive sees the document.
 * - Duplicate keys: found here in one pass (the library's own check compares each key with every
 *   earlier one: minutes on a map of 100,000 keys), at most MAX_REPORTS per document,
 *   the rest counted in one summary.
 * - Aliases and merge keys, as go-yaml decodes them: an alias inside its own anchor ("anchor value
 *   contains itself"), a merge key whose value is not a map or a list of maps, and "excessive
 *   aliasing" (the ratio of alias-expanded nodes to all decoded nodes go-yaml allows) are errors,
 *   because the API server and kubectl reject them; a document so rejected is not checked further,
 *   so an alias bomb costs the size of its text, not of its expansion.
 */

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/** What this module learnt about a parsed document. */
interface ReaderFacts {
  /** Set when the document was not composed: the offset where the nesting went too deep. */
  tooDeepAt?: number;
  /** Duplicate keys beyond those reported, and where the first of them is. */
  moreDuplicates?: { count: number; start: number; end: number };
  /** Whether it holds aliases or merge keys (what the decode check looks at). */
  indirect?: boolean;
}

const facts = new WeakMap<Document, ReaderFacts>();

function factsOf(doc: Document): ReaderFacts {
  let known = facts.get(doc);
  if (!known) facts.set(doc, (known = {}));
  return known;
}

/** Marks a document (parsed elsewhere: the fast parser) as holding merge keys. */
export function markIndirect(doc: Document): void {
  factsOf(doc).indirect = true;
}

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super(l10n.t('too deep'));
  }
}

/** The parser's tokens, stopping (TooDeep) as soon as its stack of open collections is deeper than the bound. */
function* boundedTokens(text: string): Generator<CST.Token> {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    // The stack holds the document, each open collection and maybe a scalar: collections are counted when it could be too deep.
    if (parser.stack.length > MAX_NESTING + 1 && openCollections(parser.stack) > MAX_NESTING) throw new TooDeep(parser.offset);
  }
  yield* parser.end();
}

function openCollections(stack: readonly CST.Token[]): number {
  let count = 0;
  for (const token of stack) if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') count++;
  return count;
}

/** A document standing for one Kubesmith does not read (too deep): no contents, one note. */
function tooDeepDocument(text: string, offset: number, options: Options): Document.Parsed {
  const doc = new Document(undefined, options) as Document.Parsed;
  doc.contents = null;
  doc.range = [0, text.length, text.length];
  factsOf(doc).tooDeepAt = Math.min(Math.max(offset, 0), text.length);
  return doc;
}

/**
 * The YAML documents of a text, parsed by the yaml library within the bounds above: never a stack
 * overflow, and duplicate keys reported as `DUPLICATE_KEY` errors (at most MAX_REPORTS).
 * Parse with `uniqueKeys: false` options (the check is done here). With `single`, one document,
 * as the library's parseDocument (a second one is an error).
 */
export function parseBounded(text: string, options: Options, single = false): Document.Parsed[] {
  let docs: Document.Parsed[];
  try {
    const composer = new Composer(options);
    if (single) {
      docs = [];
      for (const doc of composer.compose(boundedTokens(text), true, text.length)) {
        if (docs.length === 0) {
          docs.push(doc as Document.Parsed);
        } else {
          docs[0].errors.push(new YAMLParseError(doc.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
          break;
        }
      }
    } else {
      docs = Array.from(composer.compose(boundedTokens(text))) as Document.Parsed[];
    }
  } catch (error) {
    if (error instanceof TooDeep) return [tooDeepDocument(text, error.offset, options)];
    throw error;
  }
  for (const doc of docs) readStructure(doc);
  return docs;
}

/**
 * One pass over a composed document (an explicit stack, not following aliases): duplicate keys
 * (the library's notion: scalar keys of equal value) and whether it holds aliases or merge keys.
 */
function readStructure(doc: Document.Parsed): void {
  let indirect = false;
  let more: ReaderFacts['moreDuplicates'];
  let reported = 0;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    workMeter.steps++;
    if (isAlias(node)) {
      indirect = true;
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isMap(node)) {
      const seen = node.items.length > 1 ? new Map<unknown, true>() : undefined;
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        stack.push(pair.value, pair.key);
      }
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isMergeKey(pair)) indirect = true;
        const key = pair.key;
        if (!seen || !isScalar(key) || typeof key.value === 'symbol') continue;
        if (!seen.has(key.value)) {
          seen.set(key.value, true);
          continue;
        }
        const range = key.range ?? [0, 0];
        if (reported < MAX_REPORTS) {
          reported++;
          doc.errors.push(new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique'));
        } else if (more) {
          more.count++;
        } else {
          more = { count: 1, start: range[0], end: range[1] };
        }
      }
    }
  }
  if (indirect) factsOf(doc).indirect = true;
  if (more) factsOf(doc).moreDuplicates = more;
}

/** What the reader's bounds and Kubernetes' decoding have to say about a document. */
export interface ReaderCheck {
  problems: Problem[];
  /** Whether the document can be checked (composed, and decoded by Kubernetes without error). */
  readable: boolean;
}

const READABLE: ReaderCheck = { problems: [], readable: true };

export function readerCheck(doc: Document.Parsed): ReaderCheck {
  const known = facts.get(doc);
  if (!known) return READABLE;
  const problems: Problem[] = [];
  if (known.tooDeepAt !== undefined) {
    problems.push({
      code: Codes.tooComplex, severity: DiagnosticSeverity.Warning, start: known.tooDeepAt, end: known.tooDeepAt + 1,
      message: l10n.t('This document nests maps and lists more than {0} levels deep here; Kubesmith does not check documents nested that deeply.', MAX_NESTING),
    });
    return { problems, readable: false };
  }
  if (known.moreDuplicates) {
    const { count, start, end } = known.moreDuplicates;
    problems.push({
      code: Codes.duplicateKey, severity: DiagnosticSeverity.Error, start, end: Math.max(end, start + 1),
      // (One whole sentence per number, for translation.)
      message: count === 1
        ? l10n.t('One more duplicate key in this document, here (only the first {0} are shown one by one); Kubernetes rejects a map with duplicate keys.', MAX_REPORTS)
        : l10n.t('{0} more duplicate keys in this document, from here on (only the first {1} are shown one by one); Kubernetes rejects a map with duplicate keys.', count.toLocaleString('en-US'), MAX_REPORTS),
    });
  }
  if (!known.indirect) return { problems, readable: true };
  const decoded = simulateDecode(doc);
  problems.push(...decoded.problems);
  return { problems, readable: decoded.problems.length === 0 };
}

// ---- decoding as go-yaml v2 does it ---------------------------------------------------------

/** go-yaml v2's limit on alias-expanded nodes: the share of decoded nodes they may be (decode.go, allowedAliasRatio). */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

function excessive(decoded: number, aliased: number): boolean {
  return aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded);
}

type Visit = { node: unknown; phase: 0 | 1 };

/**
 * Decodes a document the way go-yaml v2 counts it, without building anything: the number of
 * nodes each alias expands to is computed once per node (so a billion laughs costs its size), the
 * decoding order is walked once, and go-yaml's three rejections are reported: an alias reached
 * again while expanding itself, a merge value that is not a map or a list of maps, and excessive
 * aliasing. Both walks use explicit stacks.
 */
function simulateDecode(doc: Document.Parsed): { problems: Problem[] } {
  const problems: Problem[] = [];
  const sizes = new Map<unknown, number>();
  const sizing = new Set<unknown>();
  let cycle: Alias | undefined;
  const badMerges = new Set<Node>();

  const target = (alias: Alias): unknown => resolveAlias(alias, doc);
  /** The children decoded after a node itself, in go-yaml's order (merge values through `mergeChildren`). */
  const children = (node: unknown): unknown[] => {
    if (isAlias(node)) {
      const resolved = target(node);
      return resolved === undefined ? [] : [resolved];
    }
    if (isSeq(node)) return node.items;
    if (isMap(node)) {
      const list: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isMergeKey(pair)) list.push(...mergeChildren(pair.value as Node | null));
        else list.push(pair.key, pair.value);
      }
      return list;
    }
    return [];
  };
  /** A merge value: a map or an alias of one is decoded as a node; a list's maps are decoded each, the last first. */
  const mergeChildren = (value: Node | null): unknown[] => {
    if (isMap(value)) return [value];
    if (isAlias(value)) {
      if (!isMap(target(value))) badMerges.add(value);
      return [value];
    }
    if (isSeq(value)) {
      const list: unknown[] = [];
      for (let i = value.items.length - 1; i >= 0; i--) {
        const item = value.items[i] as Node | null;
        if (!(isMap(item) || (isAlias(item) && isMap(target(item))))) badMerges.add((item ?? value) as Node);
        list.push(item);
      }
      return list;
    }
    badMerges.add((value ?? doc.contents) as Node);
    return [];
  };

  /** How many decode steps a node costs: itself and, through aliases, everything it expands to. */
  const sizeOf = (root: unknown): number => {
    const known = sizes.get(root);
    if (known !== undefined) return known;
    const stack: Visit[] = [{ node: root, phase: 0 }];
    while (stack.length > 0) {
      const visit = stack[stack.length - 1];
      workMeter.steps++;
      if (visit.phase === 0) {
        visit.phase = 1;
        if (sizes.has(visit.node)) {
          stack.pop();
          continue;
        }
        if (isAlias(visit.node) && sizing.has(target(visit.node))) {
          // An alias inside the value of its own anchor: its expansion never ends.
          cycle ??= visit.node;
          sizes.set(visit.node, 1);
          stack.pop();
          continue;
        }
        sizing.add(visit.node);
        for (const child of children(visit.node)) if (!sizes.has(child)) stack.push({ node: child, phase: 0 });
      } else {
        stack.pop();
        let size = 1;
        for (const child of children(visit.node)) size += sizes.get(child) ?? 1;
        sizes.set(visit.node, Math.min(size, Number.MAX_SAFE_INTEGER));
        sizing.delete(visit.node);
      }
    }
    return sizes.get(root) ?? 1;
  };

  // The decoding order, outside aliases: each node counts one step; an alias, the steps of its expansion.
  let decoded = 0;
  let aliased = 0;
  let rejected = false;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0 && !rejected && !cycle) {
    const node = stack.pop();
    workMeter.steps++;
    decoded++;
    if (isAlias(node)) {
      const expansion = sizeOf(node) - 1;
      decoded += expansion;
      aliased += expansion;
    } else {
      const list = children(node);
      for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]);
    }
    rejected = excessive(decoded, aliased);
  }

  if (cycle) {
    const [start, end] = cycle.range ?? [0, 1];
    problems.push({
      code: Codes.yamlSyntax, severity: DiagnosticSeverity.Error, start, end: Math.max(end, start + 1),
      message: l10n.t('The alias `*{0}` is inside the value of its own anchor `&{0}`; Kubernetes\' YAML reader rejects it ("anchor value contains itself").', cycle.source),
    });
  } else if (rejected) {
    const start = (doc.contents as Node | null)?.range?.[0] ?? 0;
    const expanded = sizeOf(doc.contents).toLocaleString('en-US');
    problems.push({
      code: Codes.yamlSyntax, severity: DiagnosticSeverity.Error, start, end: start + 1,
      message: l10n.t('Through its YAML aliases, this document expands to {0} values; Kubernetes\' YAML reader rejects it ("document contains excessive aliasing").', expanded),
    });
  }
  for (const node of [...badMerges].slice(0, MAX_REPORTS)) {
    const [start, end] = node.range ?? [0, 1];
    problems.push({
      code: Codes.yamlSyntax, severity: DiagnosticSeverity.Error, start, end: Math.max(end, start + 1),
      message: l10n.t('A merge key `<<` takes a map, an alias of a map, or a list of those; Kubernetes\' YAML reader rejects anything else ("map merge requires map or sequence of maps as the value").'),
    });
  }
  return { problems };
}

