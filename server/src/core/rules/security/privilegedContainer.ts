import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { ALL_CONTAINERS, containersIn } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const privilegedContainer: Rule = {
  meta: {
    id: 'privileged-container',
    title: 'Containers must not run privileged',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'A privileged container sees every device of the node and bypasses almost all isolation: breaking out of it is trivial. The baseline Pod Security Standard forbids it.',
    howToFix: 'Remove `securityContext.privileged: true` (or set it to false). If the container needs one specific power, add that capability instead.',
    kubeLinter: ['privileged-container'],
    polaris: ['runAsPrivileged'],
    kubeScore: ['container-security-context-privileged'],
    // Harden also sets `allowPrivilegeEscalation: false`, which the API rejects next to `privileged: true`.
    harden: true,
  },
  check(ctx) {
    for (const container of containersIn(ctx, ALL_CONTAINERS)) {
      const path = [...container.path, 'securityContext', 'privileged'];
      if (ctx.value(path) !== true) continue;
      ctx.report({
        path,
        at: 'value',
        message: l10n.t('{0} runs privileged, with full access to the node\'s devices and kernel; set `privileged: false` and add only the capabilities it needs.', containerLabel(container)),
        fix: { path },
      });
    }
  },
  fixTitle: () => l10n.t('Set `privileged: false`'),
  fix(editor, args) {
    editor.set(args.path as (string | number)[], false);
  },
};
