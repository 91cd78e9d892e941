import { CelFunc, CelScalar, celFunc, celMethod } from '@bufbuild/cel';
import { parseQuantity } from '../../../quantity';
import { CelValueError } from '../runtime';
import { LibraryTypes, libraryValue, textOf } from '../types';

/**
 * Kubernetes' quantity library: `quantity('1.5Gi')`, `isQuantity()`, and on a quantity `sign()`,
 * `isInteger()`, `asInteger()`, `asApproximateFloat()`, `add()`, `sub()`, `compareTo()`,
 * `isGreaterThan()`, `isLessThan()`. Parsing is the bundle's own exact quantity reader
 * (core/quantity.ts); a quantity is kept as an exact decimal `digits × 10^exp`.
 */

interface Exact {
  digits: bigint;
  exp: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function normalize(digits: bigint, exp: number): Exact {
  if (digits === 0n) return { digits, exp: 0 };
  while (digits % 10n === 0n) {
    digits /= 10n;
    exp++;
  }
  return { digits, exp };
}

function parseExact(text: string): Exact | undefined {
  if (text !== text.trim()) return undefined;
  const quantity = parseQuantity(text);
  return quantity ? normalize(quantity.digits * 2n ** BigInt(quantity.exp2), quantity.exp10) : undefined;
}

function textOfExact(value: Exact): string {
  return `${value.digits}e${value.exp}`;
}

function toValue(value: Exact) {
  return libraryValue('Quantity', textOfExact(value));
}

/** A quantity value back to its exact form (the canonical text it holds). */
function exactOf(value: unknown): Exact {
  const [digits, exp] = textOf(value).split('e');
  return { digits: BigInt(digits), exp: Number(exp) };
}

function align(a: Exact, b: Exact): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.digits * 10n ** BigInt(a.exp - exp), b.digits * 10n ** BigInt(b.exp - exp), exp];
}

function compare(a: Exact, b: Exact): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function add(a: Exact, b: Exact, sign: 1n | -1n): Exact {
  const [x, y, exp] = align(a, b);
  return normalize(x + sign * y, exp);
}

/** The integer a quantity is, when it is one that fits in an int64. */
function asInteger(value: Exact): bigint | undefined {
  if (value.exp < 0) return undefined; // normalized: a negative exponent means a fraction
  if (value.exp > 19) return undefined;
  const integer = value.digits * 10n ** BigInt(value.exp);
  return integer >= INT64_MIN && integer <= INT64_MAX ? integer : undefined;
}

function parseOrThrow(text: string): Exact {
  const value = parseExact(text);
  if (!value) throw new CelValueError(`\`${text}\` is not a valid quantity`);
  return value;
}

const Q = LibraryTypes.Quantity;

export const quantityLibrary: CelFunc[] = [
  celFunc('quantity', [CelScalar.STRING], Q, (text) => toValue(parseOrThrow(text))),
  celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (text) => parseExact(text) !== undefined),
  celMethod('sign', Q, [], CelScalar.INT, function () {
    const digits = exactOf(this).digits;
    return digits > 0n ? 1n : digits < 0n ? -1n : 0n;
  }),
  celMethod('isInteger', Q, [], CelScalar.BOOL, function () {
    return asInteger(exactOf(this)) !== undefined;
  }),
  celMethod('asInteger', Q, [], CelScalar.INT, function () {
    const integer = asInteger(exactOf(this));
    if (integer === undefined) throw new CelValueError('the quantity is not an integer that fits in 64 bits');
    return integer;
  }),
  celMethod('asApproximateFloat', Q, [], CelScalar.DOUBLE, function () {
    const value = exactOf(this);
    return Number(value.digits) * 10 ** value.exp;
  }),
  celMethod('add', Q, [Q], Q, function (other) {
    return toValue(add(exactOf(this), exactOf(other), 1n));
  }),
  celMethod('add', Q, [CelScalar.INT], Q, function (other) {
    return toValue(add(exactOf(this), normalize(other, 0), 1n));
  }),
  celMethod('sub', Q, [Q], Q, function (other) {
    return toValue(add(exactOf(this), exactOf(other), -1n));
  }),
  celMethod('sub', Q, [CelScalar.INT], Q, function (other) {
    return toValue(add(exactOf(this), normalize(other, 0), -1n));
  }),
  celMethod('compareTo', Q, [Q], CelScalar.INT, function (other) {
    return BigInt(compare(exactOf(this), exactOf(other)));
  }),
  celMethod('isGreaterThan', Q, [Q], CelScalar.BOOL, function (other) {
    return compare(exactOf(this), exactOf(other)) > 0;
  }),
  celMethod('isLessThan', Q, [Q], CelScalar.BOOL, function (other) {
    return compare(exactOf(this), exactOf(other)) < 0;
  }),
];
