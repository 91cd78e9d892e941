/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `128974848`, `129e6`), parsed exactly so two can
 * be compared: a quantity is `digits × 10^exp10 × 2^exp2` with integer digits, so no rounding
 * creeps in (`1Gi` and `1073741824` are equal, `0.1` and `100m` too).
 */

export interface Quantity {
  /** Signed integer mantissa. */
  digits: bigint;
  exp10: number;
  exp2: number;
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** `<sign><number><suffix>`: number is `1`, `1.5`, `1.` or `.5`; suffix binary, decimal SI, or `e<exp>`. */
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(?:([KMGTPE]i)|([numkMGTPE]?)|[eE]([+-]?\d+))$/;

/** The quantity grammar as a JSON Schema `pattern` (for configuration files). */
export const QUANTITY_PATTERN = QUANTITY.source;

/** Whether a YAML value is a valid Kubernetes quantity (a number, or a string in the grammar). */
export function isQuantity(value: unknown): boolean {
  return parseQuantity(value) !== undefined;
}

/** Exponents beyond this are not quantities anyone writes; refusing them keeps the arithmetic small. */
const MAX_EXPONENT = 200;

/** The quantity a YAML value means, or undefined when it is not a valid quantity. */
export function parseQuantity(value: unknown): Quantity | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    value = String(value);
  }
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, sign, number, binary, decimal, exponent] = match;
  const [whole, fraction = ''] = number.split('.');
  let digits = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-') digits = -digits;
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (binary !== undefined) exp2 = BINARY_SUFFIXES[binary];
  else if (exponent !== undefined) exp10 += Number(exponent);
  else exp10 += DECIMAL_SUFFIXES[decimal ?? ''];
  if (Math.abs(exp10) > MAX_EXPONENT) return undefined;
  return { digits, exp10, exp2 };
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  // Scale both to the smaller exponents, where both are integers.
  const exp10 = Math.min(a.exp10, b.exp10);
  const exp2 = Math.min(a.exp2, b.exp2);
  const scaled = (q: Quantity) => q.digits * 10n ** BigInt(q.exp10 - exp10) * 2n ** BigInt(q.exp2 - exp2);
  const x = scaled(a);
  const y = scaled(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Compares two quantities as written; undefined when either is not a valid quantity. */
export function compareQuantityText(a: unknown, b: unknown): number | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x && y ? compareQuantities(x, y) : undefined;
}
