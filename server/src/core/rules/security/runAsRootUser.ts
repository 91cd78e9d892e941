import { Rule } from '../types';
import { securityScopes } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const runAsRootUser: Rule = {
  meta: {
    id: 'run-as-root-user',
    title: 'Containers must not run as user 0',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    pss: 'restricted',
    rationale: '`runAsUser: 0` runs the process as root explicitly: a container escape then lands as root on the node, and `runAsNonRoot: true` cannot be satisfied. The restricted Pod Security Standard forbids it.',
    howToFix: 'Set `runAsUser` to the non-root user the image is built for (for example 1000, or 65532 for distroless images) and add `runAsNonRoot: true`. Which user is right depends on the image, so Kubesmith does not choose one.',
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
    harden: false,
  },
  check(ctx) {
    for (const scope of securityScopes(ctx)) {
      const path = [...scope.path, 'runAsUser'];
      if (ctx.value(path) !== 0) continue;
      ctx.report({
        path,
        at: 'value',
        message: l10n.t('{0} runs as root (`runAsUser: 0`); use the non-root user the image is built for (such as 1000) and set `runAsNonRoot: true`.', scope.label),
      });
    }
  },
};
