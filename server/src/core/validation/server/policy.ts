import { Codes } from '../../diagnostics';
import { CheckContext, PlainObject, isSet, objectAt } from './context';
import { checkLabelSelector } from './selectors';
import { checkCountOrPercent } from './template';
import * as l10n from '@vscode/l10n';

/**
 * PodDisruptionBudgets (Kubernetes' pkg/apis/policy/validation): `minAvailable` or
 * `maxUnavailable`, not both, each a count or a percentage up to 100%; the selector.
 */

const bothSet = () => l10n.t('`minAvailable` and `maxUnavailable` cannot both be set; keep one.');
const removeTitle = (field: string) => l10n.t('Remove `{0}`', field);

export function checkPodDisruptionBudget(ctx: CheckContext, root: PlainObject): void {
  const spec = objectAt(root.spec);
  if (!spec) return;
  const specPath = ctx.at('spec');
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
    ctx.report(Codes.serverConflict, [...specPath, 'maxUnavailable'], bothSet(), {
      at: 'key',
      fixes: ['maxUnavailable', 'minAvailable'].map((field) => ({ fix: 'edit' as const, title: removeTitle(field), steps: [{ op: 'remove' as const, path: [...specPath, field] }] })),
    });
  }
  for (const field of ['minAvailable', 'maxUnavailable']) {
    if (isSet(spec[field])) checkCountOrPercent(ctx, spec[field], [...specPath, field], field);
  }
  checkLabelSelector(ctx, spec.selector, [...specPath, 'selector']);
}
