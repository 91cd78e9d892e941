import { containerAnchor, containerLabel, effectiveSecurity } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const runAsNonRoot: Rule = {
  meta: {
    id: 'run-as-non-root',
    title: 'Containers must not run as root',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    pss: 'restricted',
    rationale: 'A process running as root inside a container is one kernel bug away from root on the node. The restricted Pod Security Standard requires `runAsNonRoot: true`.',
    howToFix: 'Set `securityContext.runAsNonRoot: true` on the pod (or on each container), and build the image to run as a non-root user.',
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
    harden: true,
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const nonRoot = effectiveSecurity(ctx, container, 'runAsNonRoot');
      const user = effectiveSecurity(ctx, container, 'runAsUser');
      if (nonRoot === true) continue;
      if (user === 0) continue; // reported by run-as-root-user
      // A non-zero runAsUser is not enough: the restricted standard asks for runAsNonRoot itself,
      // which also makes the kubelet refuse an image whose user is root when runAsUser is dropped.
      const message = nonRoot === false
        ? l10n.t('{0} sets `runAsNonRoot: false`; set it to true so the container cannot run as root.', containerLabel(container))
        : typeof user === 'number' && user > 0
          ? l10n.t('{0} runs as user {1} but does not set `runAsNonRoot: true`, which the restricted Pod Security Standard requires; set it so the kubelet refuses to start the container as root.', containerLabel(container), user)
          : l10n.t('{0} may run as root: set `securityContext.runAsNonRoot: true`.', containerLabel(container));
      ctx.report({
        path: containerAnchor(ctx, container),
        at: 'value',
        message,
        fix: { container: container.path, explicitFalse: ctx.value([...container.path, 'securityContext', 'runAsNonRoot']) === false },
      });
    }
  },
  fixTitle: () => l10n.t('Set `runAsNonRoot: true`'),
  fix(editor, args) {
    const containerPath = args.container as (string | number)[];
    const podSpecPath = containerPath.slice(0, -2);
    // A container that says false is corrected where it says it; otherwise the pod-level
    // setting covers every container at once.
    if (args.explicitFalse) editor.set([...containerPath, 'securityContext', 'runAsNonRoot'], true);
    else editor.set([...podSpecPath, 'securityContext', 'runAsNonRoot'], true);
  },
};
