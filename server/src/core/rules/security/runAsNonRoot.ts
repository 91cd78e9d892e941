import { containerAnchor, containerLabel, effectiveSecurity } from '../helpers';
import { Rule } from '../types';

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
        ? `${containerLabel(container)} sets \`runAsNonRoot: false\`; set it to true so the container cannot run as root.`
        : typeof user === 'number' && user > 0
          ? `${containerLabel(container)} runs as user ${user} but does not set \`runAsNonRoot: true\`, which the restricted Pod Security Standard requires; set it so the kubelet refuses to start the container as root.`
          : `${containerLabel(container)} may run as root: set \`securityContext.runAsNonRoot: true\`.`;
      ctx.report({
        path: containerAnchor(ctx, container),
        at: 'value',
        message,
        fix: { container: container.path, explicitFalse: ctx.value([...container.path, 'securityContext', 'runAsNonRoot']) === false },
      });
    }
  },
  fixTitle: () => 'Set `runAsNonRoot: true`',
  fix(editor, args) {
    const containerPath = args.container as (string | number)[];
    const podSpecPath = containerPath.slice(0, -2);
    // A container that says false is corrected where it says it; otherwise the pod-level
    // setting covers every container at once.
    if (args.explicitFalse) editor.set([...containerPath, 'securityContext', 'runAsNonRoot'], true);
    else editor.set([...podSpecPath, 'securityContext', 'runAsNonRoot'], true);
  },
};
