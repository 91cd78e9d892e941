import { containerAnchor, containerLabel } from '../helpers';
import { Rule } from '../types';
import { compareQuantityText } from '../../quantity';
import { isSet, resourceContainers, resourceSet } from '../helpers';
import * as l10n from '@vscode/l10n';

/** The limit to set: the default, unless the container already requests more (a limit below the request is rejected). */
export function memoryLimitFor(request: unknown, fallback: string): string | number {
  if ((typeof request === 'string' || typeof request === 'number') && isSet(request)) {
    const order = compareQuantityText(request, fallback);
    if (order !== undefined && order > 0) return request;
  }
  return fallback;
}

export const missingMemoryLimit: Rule = {
  meta: {
    id: 'missing-memory-limit',
    title: 'Containers must have a memory limit',
    category: 'resources',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'Memory cannot be throttled: without a limit, a leaking container takes memory until its node runs out, and then the node starts killing processes, possibly in other pods.',
    howToFix: 'Set `resources.limits.memory`, at least as high as the memory request. Harden Manifest uses the `kubesmith.harden.resources` default, or the request when that is larger.',
    kubeLinter: ['unset-memory-requirements'],
    polaris: ['memoryLimitsMissing'],
    kubeScore: ['container-resources'],
    harden: true,
  },
  check(ctx) {
    for (const container of resourceContainers(ctx)) {
      if (resourceSet(ctx, container, 'limits', 'memory')) continue;
      ctx.report({
        path: containerAnchor(ctx, container),
        at: 'value',
        message: l10n.t('{0} has no memory limit; set `resources.limits.memory` so a leak cannot take the node\'s memory.', containerLabel(container)),
        fix: { container: container.path, request: ctx.value([...container.path, 'resources', 'requests', 'memory']) },
      });
    }
  },
  fixTitle: (args, ctx) => l10n.t('Set a memory limit ({0})', String(memoryLimitFor(args.request, ctx.harden.resources.limits.memory))),
  fix(editor, args, ctx) {
    const container = args.container as (string | number)[];
    const limit = [...container, 'resources', 'limits', 'memory'];
    if (editor.node(limit) !== undefined) return;
    const request = editor.value([...container, 'resources', 'requests', 'memory']);
    const value = memoryLimitFor(request, ctx.harden.resources.limits.memory);
    editor.set(limit, value);
  },
};
