import { compareQuantityText } from '../../quantity';
import { PathSegment } from '../../yaml/nodes';
import { containerLabel, isSet, resourceContainers } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** The resources whose requests and limits decide the Guaranteed QoS class. */
const QOS_RESOURCES = ['cpu', 'memory'] as const;

export const requestsEqualLimits: Rule = {
  meta: {
    id: 'requests-equal-limits',
    title: 'Requests should equal limits',
    category: 'resources',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'A pod whose every container requests exactly its CPU and memory limits gets the Guaranteed QoS class: it is the last to be evicted when a node runs short, and it never relies on capacity the scheduler did not reserve for it. Limits above requests let a node be overcommitted, and the burst may not be there when it is needed.',
    howToFix: 'Set each container\'s `requests` to its `limits` for CPU and memory (when only a request is set, the quick fix adds the same limit). Workloads that may burst on purpose can leave this rule off, its default outside the `all` profile.',
    kubeScore: ['container-resource-requests-equal-limits', 'container-cpu-requests-equal-limits', 'container-memory-requests-equal-limits', 'container-ephemeral-storage-request-equals-limit'],
  },
  check(ctx) {
    for (const container of resourceContainers(ctx)) {
      for (const resource of [...QOS_RESOURCES, 'ephemeral-storage'] as const) {
        const requestPath = [...container.path, 'resources', 'requests', resource];
        const limitPath = [...container.path, 'resources', 'limits', resource];
        const request = ctx.value(requestPath);
        const limit = ctx.value(limitPath);
        // A limit without a request sets the request to the limit: equal. Other values are the schema's to report.
        if (!isSet(request) || (typeof request !== 'string' && typeof request !== 'number')) continue;
        if (isSet(limit) && typeof limit !== 'string' && typeof limit !== 'number') continue;
        if (!isSet(limit)) {
          // Guaranteed QoS needs CPU and memory limits; an ephemeral-storage limit is ephemeral-storage-resources' concern.
          if (resource === 'ephemeral-storage') continue;
          ctx.report({
            path: requestPath,
            at: 'value',
            message: l10n.t('{0} requests `{1}` of `{2}` with no limit; set the limit to the request so the pod can be Guaranteed (the last evicted).', containerLabel(container), String(request), resource),
            fix: { limit: limitPath, value: request },
          });
        } else if ((compareQuantityText(request, limit) ?? 0) !== 0) {
          ctx.report({
            path: requestPath,
            at: 'value',
            message: l10n.t('{0} requests `{1}` of `{2}` but may use up to `{3}`, on capacity the scheduler did not reserve; set the request and the limit to the same value.', containerLabel(container), String(request), resource, String(limit)),
          });
        }
      }
    }
  },
  fixTitle: (args) => l10n.t('Set the limit to the request (`{0}`)', String(args.value)),
  fix(editor, args) {
    editor.set(args.limit as PathSegment[], args.value);
  },
};
