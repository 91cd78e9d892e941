import { CelEnv, CelValue, celEnv, isCelError } from '@bufbuild/cel';

/**
 * CEL's standard functions and operators, called from the Kubernetes libraries (`isSorted` needs
 * `<`, `sum` needs `+`, `indexOf` needs `==`): one definition of each, @bufbuild/cel's.
 */

type FuncGroup = NonNullable<ReturnType<CelEnv['funcs']['find']>>;

const standard = celEnv().funcs;
const groups = new Map<string, FuncGroup | undefined>();

/** Calls a standard function or operator (`_<_`, `_+_`, `_==_`, `duration`...); throws what it fails with. */
export function callStandard(name: string, args: CelValue[]): CelValue {
  let group = groups.get(name);
  if (group === undefined && !groups.has(name)) groups.set(name, (group = standard.find(name)));
  const result = group?.call(0, undefined, args);
  if (result === undefined) throw new Error(`found no matching overload for '${name}'`);
  if (isCelError(result)) throw result;
  return result;
}
