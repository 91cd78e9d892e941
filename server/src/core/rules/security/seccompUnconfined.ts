import { Rule } from '../types';
import { securityScopes } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const seccompUnconfined: Rule = {
  meta: {
    id: 'seccomp-unconfined',
    title: 'Seccomp must not be turned off',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'Seccomp filters the system calls a container can make; `Unconfined` lets every call reach the kernel, including the rarely used ones most container escapes go through. The baseline Pod Security Standard forbids it.',
    howToFix: 'Set `seccompProfile.type: RuntimeDefault` (or `Localhost` with a profile made for the application) instead of `Unconfined`.',
    harden: true,
  },
  check(ctx) {
    for (const scope of securityScopes(ctx)) {
      const path = [...scope.path, 'seccompProfile', 'type'];
      if (ctx.value(path) !== 'Unconfined') continue;
      ctx.report({
        path,
        at: 'value',
        message: l10n.t('{0} turns seccomp off (`seccompProfile.type: Unconfined`), so every system call reaches the kernel; use `RuntimeDefault`.', scope.label),
        fix: { path },
      });
    }
  },
  fixTitle: () => l10n.t('Set `seccompProfile.type: RuntimeDefault`'),
  fix(editor, args) {
    editor.replaceScalar(args.path as (string | number)[], 'RuntimeDefault');
  },
};
