import { POD_LABEL } from '../security/podSecurity';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const missingPriorityClass: Rule = {
  meta: {
    id: 'missing-priority-class',
    title: 'Pods should say how important they are',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Without a `priorityClassName` a pod gets the cluster\'s default priority (usually 0): when nodes are full, the scheduler cannot tell a payment service from a nightly report, and preempts or keeps waiting the wrong one.',
    howToFix: 'Set `priorityClassName` to the PriorityClass of the cluster that matches how critical the workload is. The classes are the cluster\'s own, so there is no automatic fix.',
    kubeLinter: ['priority-class-name'],
    polaris: ['priorityClassNotSet'],
  },
  check(ctx) {
    for (const podSpec of ctx.podSpecs()) {
      const value = ctx.value([...podSpec.path, 'priorityClassName']);
      if (typeof value === 'string' && value !== '') continue;
      ctx.report({
        path: podSpec.path,
        message: l10n.t('{0} sets no `priorityClassName`, so it gets the cluster\'s default priority when nodes run short; choose the PriorityClass that matches how critical it is.', l10n.t(POD_LABEL)),
      });
    }
  },
};
