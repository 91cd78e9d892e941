import { CelFunc, CelList, CelScalar, celFunc, celMethod, isCelError, listType } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { LinearRegex, compileRegex, regexFind, regexFindAll, regexTest } from '../../regex';
import { charge, chargeText } from '../runtime';

/**
 * Strings and regular expressions: CEL's strings extension as Kubernetes has it (`charAt`,
 * `indexOf`, `lastIndexOf`, `lowerAscii`, `upperAscii`, `replace`, `split`, `substring`, `trim`,
 * `join`, `format`, `strings.quote`; @bufbuild/cel's, except `split`), each charged to the cost meter by the
 * length of what it reads and writes; and `matches`, `find`, `findAll` on the linear-time RE2
 * engine (regex.ts), never on JavaScript's backtracking RegExp.
 */

type Args = unknown[];

/** What a strings-extension call costs: its text in, and for `replace` the most it can write. */
function cost(name: string, target: unknown, args: Args): number {
  let length = typeof target === 'string' ? target.length : 0;
  for (const arg of args) if (typeof arg === 'string') length += arg.length;
  if (target && typeof target === 'object' && 'size' in target) length += (target as CelList).size * 8;
  if (name === 'replace' && typeof target === 'string' && typeof args[0] === 'string' && typeof args[1] === 'string') {
    const occurrences = args[0] === '' ? target.length + 1 : Math.floor(target.length / args[0].length);
    length += occurrences * args[1].length;
  }
  return 1 + (length >> 4);
}

/** The same function, charged before it runs. */
function meteredFunc(func: CelFunc): CelFunc {
  const run = function (this: unknown, ...args: Args) {
    charge(cost(func.name, this, args));
    const result = func.call(0, this as never, args as never);
    if (result === undefined) throw new Error(`found no matching overload for '${func.name}'`);
    if (isCelError(result)) throw result;
    return result;
  };
  return func.target
    ? celMethod(func.name, func.target, func.arguments as never, func.result, run as never)
    : celFunc(func.name, func.arguments as never, func.result, run as never);
}

function regex(pattern: string): LinearRegex {
  const compiled = compileRegex(pattern);
  if (!compiled) throw new Error(`\`${pattern}\` is not a valid RE2 regular expression`);
  return compiled;
}

function matches(text: string, pattern: string): boolean {
  chargeText(text, pattern);
  return regexTest(regex(pattern), text);
}

/**
 * Go's `strings.SplitN`, which Kubernetes' `split` is: at most `limit` parts (the last one the rest)
 * when `limit` > 0, none when it is 0, all when it is negative; an empty separator splits characters.
 * (@bufbuild/cel's `split(sep, n)` drops the rest instead.)
 */
function split(text: string, separator: string, limit: bigint): string[] {
  charge(1 + ((text.length + separator.length) >> 4));
  const max = Number(limit);
  if (max === 0) return [];
  const parts = separator === '' ? Array.from(text) : text.split(separator);
  if (max < 0 || parts.length <= max) return parts;
  const rest = separator === '' ? parts.slice(max - 1).join('') : parts.slice(max - 1).join(separator);
  return [...parts.slice(0, max - 1), rest];
}

function findAll(text: string, pattern: string, limit: bigint): string[] {
  chargeText(text, pattern);
  return regexFindAll(regex(pattern), text, Number(limit));
}

export const stringLibrary: CelFunc[] = [
  ...[...strings].filter((func) => func.name !== 'split').map(meteredFunc),
  celMethod('split', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (separator) {
    return split(this, separator, -1n);
  }),
  celMethod('split', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (separator, limit) {
    return split(this, separator, limit);
  }),
  celMethod('matches', CelScalar.STRING, [CelScalar.STRING], CelScalar.BOOL, function (pattern) {
    return matches(this, pattern);
  }),
  celFunc('matches', [CelScalar.STRING, CelScalar.STRING], CelScalar.BOOL, matches),
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    chargeText(this, pattern);
    return regexFind(regex(pattern), this) ?? '';
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (pattern) {
    return findAll(this, pattern, -1n);
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (pattern, limit) {
    return findAll(this, pattern, limit);
  }),
];
