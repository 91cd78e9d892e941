import * as l10n from '@vscode/l10n';
/** Small text helpers for messages and suggestions. */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), bounded. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  // Three rows (the one before the previous is needed for transpositions), reused.
  let before = new Array<number>(cols).fill(0);
  let previous = new Array<number>(cols);
  let current = new Array<number>(cols).fill(0);
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) value = Math.min(value, before[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/** The candidate a person most likely meant when typing `word`, if any is close enough. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = word.length <= 3 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), limit);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * The candidate meant when `word` is a slip of the keyboard or of case and no other candidate is
 * as near: the one value `kubesmith lint --fix` may put in its place. Undefined otherwise.
 */
export function onlyClosestMatch(word: string, candidates: readonly string[]): string | undefined {
  const best = closestMatch(word, candidates);
  if (best === undefined) return undefined;
  const distance = (candidate: string) => (candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), candidate.toLowerCase(), 3));
  const bestDistance = distance(best);
  return candidates.some((candidate) => candidate !== best && candidate !== word && distance(candidate) === bestDistance) ? undefined : best;
}

/** `a`, `b` or `c` */
export function listOfCode(values: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  const quoted = values.map((value) => `\`${value}\``);
  if (quoted.length <= 1) return quoted.join('');
  const head = quoted.slice(0, -1).join(l10n.t(', '));
  return conjunction === 'and' ? l10n.t('{0} and {1}', head, quoted[quoted.length - 1]) : l10n.t('{0} or {1}', head, quoted[quoted.length - 1]);
}

export function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** Shortens a value for a message. */
export function preview(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
