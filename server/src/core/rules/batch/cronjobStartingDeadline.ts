import { PathSegment } from '../../yaml/nodes';
import { Rule } from '../types';
import { anchorPath, isSet, resourceLabel, sentence, setField } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

export const STARTING_DEADLINE_SECONDS = 200;

export const cronjobStartingDeadline: Rule = {
  meta: {
    id: 'cronjob-starting-deadline',
    title: 'CronJobs should have a starting deadline',
    category: 'batch',
    defaultSeverity: 'info',
    profile: 'baseline',
    kinds: ['CronJob'],
    rationale: 'The CronJob controller counts the schedules missed since the last run (after a control-plane outage, say): without a deadline it starts a missed run however late, and when more than 100 were missed it only warns (older releases stopped scheduling the CronJob altogether). With `startingDeadlineSeconds` only recent misses count, and a run that is too late is skipped.',
    howToFix: 'Set `spec.startingDeadlineSeconds` to how late a run may still start (for example 200 seconds; at least 10, the controller checks every 10 seconds).',
    kubeScore: ['cronjob-has-deadline'],
  },
  check(ctx) {
    const { resource } = ctx;
    if (!isKind(resource, 'CronJob')) return;
    const spec = [...resource.path, 'spec'];
    if (isSet(ctx.value([...spec, 'startingDeadlineSeconds']))) return;
    ctx.report({
      path: anchorPath(ctx, spec),
      message: l10n.t('{0} has no `startingDeadlineSeconds`: missed schedules are counted since its last run and a late run starts however late it is. Set a deadline (for example {1} seconds).', sentence(resourceLabel(resource)), STARTING_DEADLINE_SECONDS),
      fix: { spec },
    });
  },
  fixTitle: () => l10n.t('Set `startingDeadlineSeconds: {0}`', STARTING_DEADLINE_SECONDS),
  fix(editor, args) {
    setField(editor, args.spec as PathSegment[], 'startingDeadlineSeconds', STARTING_DEADLINE_SECONDS, ['jobTemplate']);
  },
};
