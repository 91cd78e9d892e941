import { PathSegment } from '../../yaml/nodes';
import { removeSequenceItem } from '../helpers';
import { Rule } from '../types';
import { securityScopes } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const runAsRootGroup: Rule = {
  meta: {
    id: 'run-as-root-group',
    title: 'Containers should not run with the root group',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    rationale: 'Group 0 owns much of a container image\'s files and of the node\'s: a process in the root group can write what the group can, and after a container escape it keeps that group on the node. `runAsNonRoot` does not stop it, since it checks only the user.',
    howToFix: 'Set `runAsGroup` and `fsGroup` to the non-root group the image is built for (for example 1000, or 65532 for distroless images), and remove 0 from `supplementalGroups`. Which group is right depends on the image, so only the `supplementalGroups` entry is removed automatically.',
    kubeLinter: ['run-as-non-root'],
    kubeScore: ['container-security-context-user-group-id'],
    harden: false,
  },
  check(ctx) {
    for (const scope of securityScopes(ctx)) {
      const runAsGroup = [...scope.path, 'runAsGroup'];
      if (ctx.value(runAsGroup) === 0) {
        ctx.report({
          path: runAsGroup,
          at: 'value',
          message: l10n.t('{0} runs with the root group (`runAsGroup: 0`); use the non-root group the image is built for (such as 1000).', scope.label),
        });
      }
      if (scope.container) continue;
      const fsGroup = [...scope.path, 'fsGroup'];
      if (ctx.value(fsGroup) === 0) {
        ctx.report({
          path: fsGroup,
          at: 'value',
          message: l10n.t('{0} gives its volumes to the root group (`fsGroup: 0`) and adds that group to every container; use the group the image is built for (such as 1000).', scope.label),
        });
      }
      const supplemental = ctx.value([...scope.path, 'supplementalGroups']);
      if (!Array.isArray(supplemental)) continue;
      supplemental.forEach((group, index) => {
        if (group !== 0) return;
        ctx.report({
          path: [...scope.path, 'supplementalGroups', index],
          at: 'value',
          message: l10n.t('{0} adds the root group to every container (`supplementalGroups` lists 0); remove it.', scope.label),
          fix: { securityContext: scope.path, index },
        });
      });
    }
  },
  fixTitle: () => l10n.t('Remove group 0 from `supplementalGroups`'),
  fix(editor, args) {
    const context = args.securityContext as PathSegment[];
    if (!removeSequenceItem(editor, [...context, 'supplementalGroups'], args.index as number)) editor.removeKey(context, 'supplementalGroups');
  },
};
