import * as l10n from '@vscode/l10n';
/**
 * What the Kubernetes CEL libraries share while a rule runs: the cost meter and the two kinds of
 * error a library function raises.
 *
 * Cost: CEL is not Turing-complete, but a rule can still be expensive (nested macros over long
 * lists, `replace` growing a string), and a CRD found in the workspace is untrusted input. Each
 * document gets a budget of cost units; every comprehension step (weighted by the size of its
 * body), every rule run and every library call on a string or list spends from it. When the budget
 * is spent, the next charge throws and every later one too, so evaluation stops within a few steps;
 * the rules left are skipped with a note. A unit is about one node of a rule evaluated once.
 */

/** Thrown when the document's budget is spent. */
export class CostExceeded extends Error {
  constructor() {
    super(l10n.t('the CEL cost budget of this document is spent'));
  }
}

/**
 * Thrown by a library function whose argument is not a valid value (`duration('10 seconds')`,
 * `quantity('2x')`, `url('../a')`): the API server rejects the object then, so it is reported.
 */
export class CelValueError extends Error {}

export interface Meter {
  left: number;
  exceeded: boolean;
}

let active: Meter | undefined;

/** Runs `fn` with `meter` receiving the charges. */
export function metered<T>(meter: Meter, fn: () => T): T {
  const previous = active;
  active = meter;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Spends `units` from the running rule's budget; throws CostExceeded once it is spent. */
export function charge(units: number): void {
  const meter = active;
  if (!meter) return;
  meter.left -= units;
  if (meter.left < 0) {
    meter.exceeded = true;
    throw new CostExceeded();
  }
}

/** What a string operation costs: linear in its length. */
export function chargeText(...texts: string[]): void {
  let length = 0;
  for (const text of texts) length += text.length;
  charge(1 + (length >> 4));
}
