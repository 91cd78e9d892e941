import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { ALL_CONTAINERS, containersIn, removeKeyAndEmptyParent } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const unmaskedProcMount: Rule = {
  meta: {
    id: 'unmasked-proc-mount',
    title: 'Containers must keep /proc masked',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'The container runtime hides and write-protects the sensitive parts of /proc (kernel settings, timers, memory); `procMount: Unmasked` exposes them to the container. The baseline Pod Security Standard forbids it.',
    howToFix: 'Remove `securityContext.procMount` (or set it to `Default`). `Unmasked` is only meant for nested container runtimes in user-namespaced pods.',
    kubeLinter: ['unsafe-proc-mount'],
    polaris: ['procMount'],
    harden: true,
  },
  check(ctx) {
    for (const container of containersIn(ctx, ALL_CONTAINERS)) {
      const contextPath = [...container.path, 'securityContext'];
      if (ctx.value([...contextPath, 'procMount']) !== 'Unmasked') continue;
      ctx.report({
        path: [...contextPath, 'procMount'],
        at: 'value',
        message: l10n.t('{0} mounts /proc unmasked (`procMount: Unmasked`), exposing kernel settings the runtime normally hides; remove `procMount`.', containerLabel(container)),
        fix: { securityContext: contextPath },
      });
    }
  },
  fixTitle: () => l10n.t('Remove `procMount: Unmasked`'),
  fix(editor, args) {
    removeKeyAndEmptyParent(editor, args.securityContext as (string | number)[], 'procMount');
  },
};
