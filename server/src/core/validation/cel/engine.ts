import { CelScalar, CelValue, celEnv, celFunc, isCelError, isCelList, isCelMap, parse, plan } from '@bufbuild/cel';
import { formatLibrary } from './library/format';
import { ipLibrary } from './library/ip';
import { listLibrary } from './library/lists';
import { quantityLibrary } from './library/quantity';
import { callStandard } from './library/std';
import { stringLibrary } from './library/strings';
import { urlLibrary } from './library/urls';
import { CelValueError, CostExceeded, Meter, charge, metered } from './runtime';
import { registry } from './types';
import { FormatConverters } from './values';
import * as l10n from '@vscode/l10n';

/**
 * The adapter to the CEL implementation, @bufbuild/cel (why this one: docs/validation.md): the
 * environment with the Kubernetes libraries, compiling a rule once, and running it within the
 * document's cost budget. Loaded (with the libraries) only when a resource with rules is checked.
 */

/** Why a rule is not evaluated. */
export type SkipReason = 'transition' | 'syntax' | 'unsupported' | 'undeclared' | 'too-complex';

export type Compiled =
  | { ok: true; run: (self: unknown) => unknown; nodes: number }
  | { ok: false; reason: SkipReason; detail: string };

/** What running a rule gave. */
export type Outcome =
  | { kind: 'pass' }
  | { kind: 'fail' }
  /** The rule failed on the value (an invalid duration, a missing field...): the API server rejects it too. */
  | { kind: 'invalid'; detail: string }
  /** Kubesmith could not tell (the budget ran out, or something it does not model). */
  | { kind: 'unknown'; cost: boolean; detail: string };

/** Name of the function every comprehension's range goes through, to be charged (see instrument). */
const ITERATE = '@kubesmith_iterate';

const iterate = celFunc(ITERATE, [CelScalar.DYN, CelScalar.INT], CelScalar.DYN, (range, weight) => {
  const size = isCelList(range) || isCelMap(range) ? range.size : 0;
  charge(1 + size * Number(weight));
  return range;
});

const env = celEnv({
  registry,
  funcs: [...stringLibrary, ...listLibrary, ...quantityLibrary, ...urlLibrary, ...ipLibrary, ...formatLibrary, iterate],
});

/** Past these, a rule is not compiled: the parser's time grows quickly with nesting. */
const MAX_RULE_LENGTH = 16_384;
const MAX_NESTING = 48;

/** Identifiers a CRD rule may use besides `self` and its comprehension variables (type names). */
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn']);

// The parsed expression is protobuf data (cel.expr.Expr); only the parts read here are typed.
interface Expr {
  id: bigint;
  exprKind: { case: string | undefined; value?: unknown };
}
interface Call { target?: Expr; function: string; args: Expr[] }
interface Comprehension { iterVar: string; iterVar2?: string; accuVar: string; iterRange?: Expr; accuInit?: Expr; loopCondition?: Expr; loopStep?: Expr; result?: Expr }

function children(expr: Expr): Expr[] {
  const value = expr.exprKind.value as Record<string, unknown> | undefined;
  switch (expr.exprKind.case) {
    case 'selectExpr': return [value!.operand as Expr].filter(Boolean);
    case 'callExpr': { const call = value as unknown as Call; return [...(call.target ? [call.target] : []), ...call.args]; }
    case 'listExpr': return (value!.elements as Expr[]) ?? [];
    case 'structExpr': return ((value!.entries as { value?: Expr; keyKind?: { case: string; value: unknown } }[]) ?? [])
      .flatMap((entry) => [entry.value, entry.keyKind?.case === 'mapKey' ? entry.keyKind.value as Expr : undefined].filter((e): e is Expr => e !== undefined));
    case 'comprehensionExpr': {
      const c = value as unknown as Comprehension;
      return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].filter((e): e is Expr => e !== undefined);
    }
    default: return [];
  }
}

function countNodes(expr: Expr | undefined): number {
  if (!expr) return 0;
  let count = 1;
  for (const child of children(expr)) count += countNodes(child);
  return count;
}

/** `a.b.c` of an identifier chain, or undefined. */
function qualifiedName(expr: Expr): string | undefined {
  if (expr.exprKind.case === 'identExpr') return (expr.exprKind.value as { name: string }).name;
  if (expr.exprKind.case === 'selectExpr') {
    const select = expr.exprKind.value as { operand: Expr; field: string; testOnly: boolean };
    const operand = select.testOnly ? undefined : qualifiedName(select.operand);
    return operand === undefined ? undefined : `${operand}.${select.field}`;
  }
  return undefined;
}

function isOperator(name: string): boolean {
  return name.startsWith('_') || name.startsWith('@') || name === '!_' || name === '-_';
}

/** Why a parsed rule cannot be run here, if it cannot. */
function check(root: Expr): { reason: SkipReason; detail: string } | undefined {
  const declared = new Set(['self']);
  const identifiers: string[] = [];
  const qualifiedTargets = new Set<Expr>();
  let problem: { reason: SkipReason; detail: string } | undefined;
  const visit = (expr: Expr) => {
    const kind = expr.exprKind.case;
    if (kind === 'comprehensionExpr') {
      const c = expr.exprKind.value as Comprehension;
      for (const name of [c.iterVar, c.iterVar2, c.accuVar]) if (name) declared.add(name);
    } else if (kind === 'identExpr' && !qualifiedTargets.has(expr)) {
      identifiers.push((expr.exprKind.value as { name: string }).name);
    } else if (kind === 'callExpr') {
      const call = expr.exprKind.value as Call;
      if (!isOperator(call.function)) {
        const qualifier = call.target ? qualifiedName(call.target) : undefined;
        const qualified = qualifier !== undefined ? `${qualifier}.${call.function}` : undefined;
        if (qualified !== undefined && env.funcs.find(qualified)) {
          markQualified(call.target!, qualifiedTargets);
        } else if (!env.funcs.find(call.function)) {
          const onVariable = qualifier !== undefined && declared.has(qualifier.split('.')[0]);
          const shown = qualified !== undefined && !onVariable ? qualified : call.function;
          problem ??= { reason: 'unsupported', detail: l10n.t('calls `{0}()`, which Kubesmith does not provide', shown) };
        }
      }
    }
    for (const child of children(expr)) visit(child);
  };
  visit(root);
  if (identifiers.includes('oldSelf')) return { reason: 'transition', detail: l10n.t('a transition rule (it compares with `oldSelf`, the object before an update)') };
  if (problem) return problem;
  const unknown = identifiers.find((name) => !declared.has(name) && !TYPE_NAMES.has(name));
  if (unknown !== undefined) return { reason: 'undeclared', detail: l10n.t('uses `{0}`, which is not defined in a CRD rule', unknown) };
  return undefined;
}

function markQualified(expr: Expr, marked: Set<Expr>): void {
  marked.add(expr);
  if (expr.exprKind.case === 'selectExpr') markQualified((expr.exprKind.value as { operand: Expr }).operand, marked);
}

let nextId = 1n << 40n;
function newExpr(kind: string, value: unknown): Expr {
  return { id: nextId++, exprKind: { case: kind, value } } as Expr;
}

/**
 * Sends each comprehension's range through ITERATE, which charges the meter for the steps the
 * comprehension will take, weighted by the size of its body, before it takes them.
 */
function instrument(expr: Expr): void {
  if (expr.exprKind.case === 'comprehensionExpr') {
    const c = expr.exprKind.value as Comprehension;
    const weight = BigInt(1 + countNodes(c.loopCondition) + countNodes(c.loopStep));
    if (c.iterRange) {
      c.iterRange = newExpr('callExpr', {
        $typeName: 'cel.expr.Expr.Call', function: ITERATE,
        args: [c.iterRange, newExpr('constExpr', { $typeName: 'cel.expr.Constant', constantKind: { case: 'int64Value', value: weight } })],
      });
    }
  }
  for (const child of children(expr)) instrument(child);
}

function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

const compiled = new Map<string, Compiled>();
const COMPILED_LIMIT = 10_000;

/** A rule compiled (once per text): ready to run, or why it is skipped. */
export function compileRule(text: string): Compiled {
  let result = compiled.get(text);
  if (!result) {
    result = compileNow(text);
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    compiled.set(text, result);
  }
  return result;
}

function compileNow(text: string): Compiled {
  if (text.length > MAX_RULE_LENGTH || nesting(text) > MAX_NESTING) {
    return { ok: false, reason: 'too-complex', detail: l10n.t('too long or too deeply nested to compile here') };
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
  } catch (error) {
    return { ok: false, reason: 'syntax', detail: l10n.t('does not parse ({0})', firstLine(error)) };
  }
  const root = parsed.expr as unknown as Expr;
  const problem = check(root);
  if (problem) return { ok: false, ...problem };
  const nodes = countNodes(root);
  instrument(root);
  try {
    const program = plan(env, parsed);
    return {
      ok: true, nodes,
      run: (self) => {
        charge(nodes);
        return program({ self: self as never });
      },
    };
  } catch (error) {
    return { ok: false, reason: 'syntax', detail: l10n.t('cannot be planned ({0})', firstLine(error)) };
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Errors of the standard library that mean the value is wrong (the API server fails the rule too). */
const VALUE_ERRORS = /^(field not found|no such key|index \S+ out of bounds|int(eger)? (divide|modulus) by zero|.*overflow|Failed to parse (duration|timestamp)|duration out of range|timestamp out of range|Cannot convert .* to a BigInt|cannot convert)/i;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 8; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

/** Runs a compiled rule on `self`, charging `meter`. */
export function runRule(rule: Extract<Compiled, { ok: true }>, self: unknown, meter: Meter): Outcome {
  let result: unknown;
  try {
    result = metered(meter, () => rule.run(self));
  } catch (error) {
    if (meter.exceeded || error instanceof CostExceeded) return { kind: 'unknown', cost: true, detail: 'cost' };
    return { kind: 'unknown', cost: false, detail: firstLine(error) };
  }
  if (meter.exceeded) return { kind: 'unknown', cost: true, detail: 'cost' };
  if (result === true) return { kind: 'pass' };
  if (result === false) return { kind: 'fail' };
  if (isCelError(result)) {
    const chain = causes(result);
    const valueError = chain.find((cause) => cause instanceof CelValueError) as CelValueError | undefined;
    if (valueError) return { kind: 'invalid', detail: valueError.message };
    if (VALUE_ERRORS.test(result.message)) return { kind: 'invalid', detail: result.message };
    return { kind: 'unknown', cost: false, detail: result.message };
  }
  return { kind: 'unknown', cost: false, detail: l10n.t('the rule does not give true or false') };
}

/** Kubernetes caps an evaluated message at 5 KB, on one line, not blank. */
const MAX_MESSAGE_LENGTH = 5 * 1024;

/** A `messageExpression`'s message, or undefined when it cannot be had (then the rule's `message` is used). */
export function runMessageExpression(text: string, self: unknown, meter: Meter): string | undefined {
  const message = compileRule(text);
  if (!message.ok) return undefined;
  let result: unknown;
  try {
    result = metered(meter, () => message.run(self));
  } catch {
    return undefined;
  }
  if (typeof result !== 'string' || meter.exceeded) return undefined;
  const trimmed = result.trim();
  if (trimmed === '' || trimmed.length > MAX_MESSAGE_LENGTH || /[\r\n]/.test(trimmed)) return undefined;
  return trimmed;
}

/** Strings of format `duration` and `date-time` become CEL durations and timestamps (undefined when invalid). */
export const formatConverters: FormatConverters = {
  duration: (text) => standardOrUndefined('duration', text),
  timestamp: (text) => standardOrUndefined('timestamp', text),
};

function standardOrUndefined(name: string, text: string): CelValue | undefined {
  try {
    return callStandard(name, [text]);
  } catch {
    return undefined;
  }
}
