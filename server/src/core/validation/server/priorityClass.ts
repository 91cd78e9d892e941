import { Codes } from '../../diagnostics';
import { CheckContext, PlainObject, integerAt, stringAt } from './context';
import * as l10n from '@vscode/l10n';

/**
 * PriorityClasses (Kubernetes' pkg/apis/scheduling/validation): `system-` names are reserved for
 * the two built-in classes, and other classes may not go above one billion.
 */

const HIGHEST_USER_PRIORITY = 1_000_000_000;
const SYSTEM_CLASSES: Record<string, number> = { 'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000 };

const reservedName = (name: string) => l10n.t('`{0}`: names starting with `system-` are reserved for the built-in priority classes (`system-cluster-critical`, `system-node-critical`).', name);
const systemMismatch = (name: string, value: number) => l10n.t('`{0}` is a built-in priority class; its value is {1}, and it is not the global default.', name, value);
const valueTooHigh = (value: number) => l10n.t('`value: {0}` is above 1000000000, the highest priority a user-defined class may have (higher values are for the system classes).', value);

export function checkPriorityClass(ctx: CheckContext, root: PlainObject): void {
  const name = stringAt(ctx.resource.name) ?? '';
  const value = integerAt(root.value);
  if (name.startsWith('system-')) {
    const expected = SYSTEM_CLASSES[name];
    if (expected === undefined) ctx.report(Codes.serverName, ctx.at('metadata', 'name'), reservedName(name));
    else if ((value !== undefined && value !== expected) || root.globalDefault === true) ctx.report(Codes.serverValue, ctx.at('value'), systemMismatch(name, expected));
    return;
  }
  if (value !== undefined && value > HIGHEST_USER_PRIORITY) ctx.report(Codes.serverValue, ctx.at('value'), valueTooHigh(value));
}
