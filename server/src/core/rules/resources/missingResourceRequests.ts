import { containerAnchor, containerLabel } from '../helpers';
import { Rule } from '../types';
import { resourceContainers, resourceSet } from '../helpers';
import * as l10n from '@vscode/l10n';

type Resource = 'cpu' | 'memory';
const RESOURCES: Resource[] = ['cpu', 'memory'];

export const missingResourceRequests: Rule = {
  meta: {
    id: 'missing-resource-requests',
    title: 'Containers must request CPU and memory',
    category: 'resources',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'The scheduler places pods by their requests: a container that requests nothing can be put on a node with no room for it, and is among the first evicted when the node runs short of memory.',
    howToFix: 'Set `resources.requests.cpu` and `resources.requests.memory` to what the container needs in normal operation (init containers too: the scheduler counts them). A limit without a request counts as the request, and pod-level `resources` cover every container. Harden Manifest adds the defaults of the `kubesmith.harden.resources` setting.',
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    polaris: ['cpuRequestsMissing', 'memoryRequestsMissing'],
    kubeScore: ['container-resources'],
    harden: true,
  },
  check(ctx) {
    for (const container of resourceContainers(ctx)) {
      // A limit without a request is also the request (the API server copies it).
      const missing = RESOURCES.filter((resource) => !resourceSet(ctx, container, 'requests', resource) && !resourceSet(ctx, container, 'limits', resource));
      if (missing.length === 0) continue;
      ctx.report({
        path: containerAnchor(ctx, container),
        at: 'value',
        message: missing.length > 1
          ? l10n.t('{0} has no CPU or memory request; set `resources.requests` so the scheduler reserves room for it.', containerLabel(container))
          : missing[0] === 'cpu'
            ? l10n.t('{0} has no CPU request; set `resources.requests` so the scheduler reserves room for it.', containerLabel(container))
            : l10n.t('{0} has no memory request; set `resources.requests` so the scheduler reserves room for it.', containerLabel(container)),
        fix: { container: container.path, missing },
      });
    }
  },
  fixTitle(args, ctx) {
    const missing = (args.missing as Resource[] | undefined) ?? RESOURCES;
    const values = missing.map((resource) => ctx.harden.resources.requests[resource]).join(', ');
    if (missing.length > 1) return l10n.t('Set CPU and memory requests ({0})', values);
    return missing[0] === 'cpu' ? l10n.t('Set a CPU request ({0})', values) : l10n.t('Set a memory request ({0})', values);
  },
  fix(editor, args, ctx) {
    const container = args.container as (string | number)[];
    const missing = (args.missing as Resource[] | undefined) ?? RESOURCES;
    for (const resource of RESOURCES) {
      if (!missing.includes(resource)) continue;
      const request = [...container, 'resources', 'requests', resource];
      if (editor.node(request) !== undefined || editor.node([...container, 'resources', 'limits', resource]) !== undefined) continue;
      editor.set(request, ctx.harden.resources.requests[resource]);
    }
  },
};
