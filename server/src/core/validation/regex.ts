import type { RE2JS } from 're2js';

/**
 * Regular expressions as the API server runs them: Go's RE2 syntax and semantics, in linear time.
 *
 * Schema `pattern`s and CEL's `matches`, `find` and `findAll` come from CRDs, and a CRD found in
 * the workspace is untrusted input: a pattern such as `^(a+)+$` makes a backtracking engine
 * (JavaScript's RegExp) take exponential time on a long `aaaa…b`, which would freeze the server.
 * re2js (a pure JavaScript port of RE2) matches in time linear in the input, reads RE2's syntax
 * (`(?i)` flags, `[[:alpha:]]`, `\pL`) and refuses what RE2 refuses (backreferences, lookaround,
 * repeat counts above 1000). It is loaded the first time a pattern is used.
 */

export type LinearRegex = RE2JS;

let engine: typeof import('re2js') | undefined;
function re2(): typeof import('re2js') {
  return (engine ??= require('re2js') as typeof import('re2js'));
}

/** Compiled patterns by source; `null` for a pattern RE2 does not accept. Bounded: cleared when full. */
const cache = new Map<string, LinearRegex | null>();
const CACHE_LIMIT = 2000;

/** The compiled pattern, or `undefined` when it is not a valid RE2 expression. */
export function compileRegex(pattern: string): LinearRegex | undefined {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = re2().RE2JS.compile(pattern);
    } catch {
      compiled = null;
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled ?? undefined;
}

/** Whether `text` contains a match of `regex` (Go's `MatchString`: unanchored, like JSON Schema's `pattern`). */
export function regexTest(regex: LinearRegex, text: string): boolean {
  return regex.test(text);
}

/** The leftmost match, or `undefined`. */
export function regexFind(regex: LinearRegex, text: string): string | undefined {
  const matcher = regex.matcher(text);
  return matcher.find() ? matcher.group() ?? '' : undefined;
}

/** Successive non-overlapping matches (at most `limit` when it is not negative), as Go's `FindAllString`. */
export function regexFindAll(regex: LinearRegex, text: string, limit = -1): string[] {
  const found: string[] = [];
  const matcher = regex.matcher(text);
  let from = 0;
  let previousEnd = -1;
  while ((limit < 0 || found.length < limit) && from <= text.length && matcher.find(from)) {
    const start = matcher.start();
    const end = matcher.end();
    // Go skips an empty match right after the previous match.
    if (!(end === start && start === previousEnd)) found.push(text.slice(start, end));
    previousEnd = end;
    from = end > start ? end : end + 1;
  }
  return found;
}
