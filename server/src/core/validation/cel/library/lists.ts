import { CelFunc, CelList, CelScalar, CelValue, celFunc, celMethod, listType } from '@bufbuild/cel';
import { CelValueError, charge } from '../runtime';
import { callStandard } from './std';

/**
 * Kubernetes' list library (`isSorted`, `sum`, `min`, `max`, `indexOf`, `lastIndexOf`) and CEL's
 * sets extension (`sets.contains`, `sets.equivalent`, `sets.intersects`), which Kubernetes also
 * offers. Comparisons, sums and equality are CEL's own operators (std.ts).
 */

const LIST = listType(CelScalar.DYN);

function elements(list: CelList): CelValue[] {
  charge(1 + list.size);
  return Array.from(list);
}

const less = (a: CelValue, b: CelValue) => callStandard('_<_', [a, b]) === true;
const equal = (a: CelValue, b: CelValue) => callStandard('_==_', [a, b]) === true;

function extreme(list: CelList, better: (candidate: CelValue, best: CelValue) => boolean, name: string): CelValue {
  const items = elements(list);
  if (items.length === 0) throw new CelValueError(`${name}() of an empty list`);
  let best = items[0];
  for (const item of items.slice(1)) if (better(item, best)) best = item;
  return best;
}

function indexOf(list: CelList, value: CelValue, last: boolean): bigint {
  const items = elements(list);
  if (last) {
    for (let i = items.length - 1; i >= 0; i--) if (equal(items[i], value)) return BigInt(i);
  } else {
    for (let i = 0; i < items.length; i++) if (equal(items[i], value)) return BigInt(i);
  }
  return -1n;
}

function contains(list: CelList, sub: CelList): boolean {
  const items = elements(list);
  return elements(sub).every((wanted) => { charge(items.length); return items.some((item) => equal(item, wanted)); });
}

export const listLibrary: CelFunc[] = [
  celMethod('isSorted', LIST, [], CelScalar.BOOL, function () {
    const items = elements(this);
    for (let i = 1; i < items.length; i++) if (less(items[i], items[i - 1])) return false;
    return true;
  }),
  celMethod('sum', LIST, [], CelScalar.DYN, function () {
    const items = elements(this);
    if (items.length === 0) return 0n;
    return items.slice(1).reduce((total, item) => callStandard('_+_', [total, item]), items[0]);
  }),
  celMethod('min', LIST, [], CelScalar.DYN, function () {
    return extreme(this, less, 'min');
  }),
  celMethod('max', LIST, [], CelScalar.DYN, function () {
    return extreme(this, (candidate, best) => less(best, candidate), 'max');
  }),
  celMethod('indexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
    return indexOf(this, value, false);
  }),
  celMethod('lastIndexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
    return indexOf(this, value, true);
  }),
  celFunc('sets.contains', [LIST, LIST], CelScalar.BOOL, (list, sub) => contains(list, sub)),
  celFunc('sets.equivalent', [LIST, LIST], CelScalar.BOOL, (a, b) => contains(a, b) && contains(b, a)),
  celFunc('sets.intersects', [LIST, LIST], CelScalar.BOOL, (a, b) => {
    const items = elements(a);
    return elements(b).some((wanted) => { charge(items.length); return items.some((item) => equal(item, wanted)); });
  }),
];
