import { containerAnchor, containerLabel } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const allowPrivilegeEscalation: Rule = {
  meta: {
    id: 'allow-privilege-escalation',
    title: 'Containers must not allow privilege escalation',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    pss: 'restricted',
    rationale: 'Unless `allowPrivilegeEscalation` is false, a process can gain more privileges than its parent (setuid binaries, file capabilities). The restricted Pod Security Standard requires false.',
    howToFix: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
    kubeLinter: ['privilege-escalation-container'],
    polaris: ['privilegeEscalationAllowed'],
    harden: true,
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      if (container.list === 'ephemeralContainers') continue;
      const value = ctx.value([...container.path, 'securityContext', 'allowPrivilegeEscalation']);
      if (value === false) continue;
      // A privileged container can always escalate, and the API rejects `false` next to
      // `privileged: true`: that one is fixed through privileged-container.
      const privileged = ctx.value([...container.path, 'securityContext', 'privileged']) === true;
      ctx.report({
        path: value === true ? [...container.path, 'securityContext', 'allowPrivilegeEscalation'] : containerAnchor(ctx, container),
        at: 'value',
        message: value === true
          ? l10n.t('{0} allows privilege escalation; set `allowPrivilegeEscalation: false`.', containerLabel(container))
          : l10n.t('{0} does not set `securityContext.allowPrivilegeEscalation: false`.', containerLabel(container)),
        ...(privileged ? {} : { fix: { container: container.path } }),
      });
    }
  },
  fixTitle: () => l10n.t('Set `allowPrivilegeEscalation: false`'),
  fix(editor, args) {
    editor.set([...(args.container as (string | number)[]), 'securityContext', 'allowPrivilegeEscalation'], false);
  },
};
