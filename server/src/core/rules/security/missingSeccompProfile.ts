import { containerAnchor, containerLabel } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

export const missingSeccompProfile: Rule = {
  meta: {
    id: 'missing-seccomp-profile',
    title: 'Pods must set a seccomp profile',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    pss: 'restricted',
    rationale: 'Unless a seccomp profile is set, most clusters run containers without any system call filter. The restricted Pod Security Standard requires `RuntimeDefault` or `Localhost` on the pod or on every container.',
    howToFix: 'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod; it covers every container.',
    polaris: ['linuxHardening'],
    kubeScore: ['container-seccomp-profile'],
    harden: true,
  },
  check(ctx) {
    for (const podSpec of ctx.podSpecs()) {
      const podType = ctx.value([...podSpec.path, 'securityContext', 'seccompProfile', 'type']);
      // `Unconfined` (here or on a container) is reported, and fixed, by seccomp-unconfined.
      if ((typeof podType === 'string' && CONFINED.has(podType)) || podType === 'Unconfined') continue;
      for (const container of ctx.containers()) {
        if (container.podSpec !== podSpec) continue;
        const own = ctx.value([...container.path, 'securityContext', 'seccompProfile', 'type']);
        if ((typeof own === 'string' && CONFINED.has(own)) || own === 'Unconfined') continue;
        ctx.report({
          path: containerAnchor(ctx, container),
          at: 'value',
          message: l10n.t('{0} runs without a seccomp profile; set `seccompProfile.type: RuntimeDefault` in the pod\'s securityContext.', containerLabel(container)),
          fix: { podSpec: podSpec.path },
        });
      }
    }
  },
  fixTitle: () => l10n.t('Set the pod\'s `seccompProfile.type: RuntimeDefault`'),
  fix(editor, args) {
    editor.set([...(args.podSpec as (string | number)[]), 'securityContext', 'seccompProfile', 'type'], 'RuntimeDefault');
  },
};
