import { containerAnchor, containerLabel } from '../helpers';
import { Rule, RuleContext } from '../types';
import { ContainerLocation } from '../workloads';
import { MANIFEST_CONTAINERS, containersIn } from './podSecurity';
import * as l10n from '@vscode/l10n';

/** The lowest user and group ID that no account of a usual Linux node has. */
const LOWEST = 10000;

/** Where a container's effective `runAsUser`/`runAsGroup` is set (its own securityContext, else the pod's), with the value. */
function effective(ctx: RuleContext, container: ContainerLocation, field: string): { path: (string | number)[]; value: unknown } | undefined {
  for (const path of [[...container.path, 'securityContext', field], [...container.podSpec.path, 'securityContext', field]]) {
    const value = ctx.value(path);
    if (value !== undefined && value !== null) return { path, value };
  }
  return undefined;
}

export const lowUserGroupId: Rule = {
  meta: {
    id: 'low-user-group-id',
    title: 'Containers should run with a user and group ID of 10000 or more',
    category: 'security',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'User and group IDs below 10000 are those of the node\'s own accounts and services: a process that escapes its container, or writes to a shared host volume, acts with the rights of whichever node account has the same ID. Without `runAsUser`/`runAsGroup` the image decides, and images mostly use low IDs.',
    howToFix: 'Set `runAsUser` and `runAsGroup` (on the pod or each container) to 10000 or more, and build the image so that user can run it (for example `USER 10001` in the Dockerfile).',
    kubeScore: ['container-security-context-user-group-id'],
  },
  check(ctx) {
    for (const container of containersIn(ctx, MANIFEST_CONTAINERS)) {
      const user = effective(ctx, container, 'runAsUser');
      // 0 is root: run-as-root-user and run-as-root-group report it.
      if (user === undefined) {
        ctx.report({ path: containerAnchor(ctx, container), at: 'value', message: l10n.t('{0} sets no `runAsUser`, so it runs as whatever user its image names, usually one below 10000; set `runAsUser` to 10000 or more.', containerLabel(container)) });
      } else if (typeof user.value === 'number' && user.value > 0 && user.value < LOWEST) {
        ctx.report({ path: user.path, at: 'value', message: l10n.t('{0} runs as user {1}, an ID the node\'s own accounts use (below 10000); use 10000 or more.', containerLabel(container), user.value) });
      }
      const group = effective(ctx, container, 'runAsGroup');
      if (group === undefined) {
        ctx.report({ path: containerAnchor(ctx, container), at: 'value', message: l10n.t('{0} sets no `runAsGroup`, so it runs with whatever group its image names, usually one below 10000; set `runAsGroup` to 10000 or more.', containerLabel(container)) });
      } else if (typeof group.value === 'number' && group.value > 0 && group.value < LOWEST) {
        ctx.report({ path: group.path, at: 'value', message: l10n.t('{0} runs with group {1}, an ID the node\'s own accounts use (below 10000); use 10000 or more.', containerLabel(container), group.value) });
      }
    }
  },
};
