import { Rule } from '../types';
import { securityScopes } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const windowsHostProcess: Rule = {
  meta: {
    id: 'windows-host-process',
    title: 'Windows pods must not run as host processes',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'A Windows HostProcess container runs directly on the node, with the node\'s network and file system and the rights of a node account: it is not isolated at all. The baseline Pod Security Standard forbids it.',
    howToFix: 'Remove `windowsOptions.hostProcess: true`. Node agents that really need it belong in a namespace that allows privileged pods.',
    polaris: ['hostProcess'],
    harden: false,
  },
  check(ctx) {
    for (const scope of securityScopes(ctx)) {
      const path = [...scope.path, 'windowsOptions', 'hostProcess'];
      if (ctx.value(path) !== true) continue;
      ctx.report({
        path,
        at: 'value',
        message: l10n.t('{0} runs as a Windows host process (`hostProcess: true`), directly on the node without isolation; remove it unless this is a node agent.', scope.label),
      });
    }
  },
};
