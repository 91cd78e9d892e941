import { Rule } from '../types';
import { PathSegment } from '../../yaml/nodes';
import { asRecord, resourceLabel } from '../helpers';
import { isKind } from '../../resource';

function list(values: unknown): string {
  return Array.isArray(values) ? values.map(String).join(', ') : '';
}

/** Why one requirement of a selector does not match the labels (undefined when it matches or is not understood). */
function expressionMismatch(expression: Record<string, unknown>, labels: Record<string, string>): string | undefined {
  const key = typeof expression.key === 'string' ? expression.key : undefined;
  if (key === undefined) return undefined;
  const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const label = has ? `\`${key}: ${labels[key]}\`` : `no \`${key}\` label`;
  switch (expression.operator) {
    case 'In':
      return has && values.includes(labels[key]) ? undefined : `The selector requires \`${key}\` in (${list(values)}), but the pod template has ${label}`;
    case 'NotIn':
      return !has || !values.includes(labels[key]) ? undefined : `The selector requires \`${key}\` not in (${list(values)}), but the pod template has ${label}`;
    case 'Exists':
      return has ? undefined : `The selector requires a \`${key}\` label, but the pod template has none`;
    case 'DoesNotExist':
      return !has ? undefined : `The selector requires no \`${key}\` label, but the pod template has ${label}`;
    default:
      return undefined;
  }
}

function labelMismatch(key: string, value: unknown, labels: Record<string, string>): string | undefined {
  if (labels[key] === String(value)) return undefined;
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  return `The selector requires \`${key}: ${String(value)}\`, but the pod template has ${has ? `\`${key}: ${labels[key]}\`` : `no \`${key}\` label`}`;
}

export const selectorMismatch: Rule = {
  meta: {
    id: 'selector-mismatch',
    title: "A workload's selector must match its pod template's labels",
    category: 'reliability',
    defaultSeverity: 'error',
    profile: 'baseline',
    rationale: "A controller finds its pods through its selector; the API server rejects a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController or manually-selected Job whose selector does not match the labels of its own pod template.",
    howToFix: 'Make `spec.selector` and `spec.template.metadata.labels` agree. Keep the selector as it is on a workload that already exists: it cannot be changed after creation (except on a ReplicationController).',
    kubeLinter: ['mismatching-selector'],
  },
  check(ctx) {
    const { resource } = ctx;
    const spec = [...resource.path, 'spec'];
    const replicationController = isKind(resource, 'ReplicationController');
    if (!replicationController && !isKind(resource, 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job')) return;
    if (isKind(resource, 'Job') && ctx.value([...spec, 'manualSelector']) !== true) return;
    const selector = ctx.value([...spec, 'selector']);
    if (typeof selector !== 'object' || selector === null || Array.isArray(selector)) return; // missing: the schema check's business
    const labels = Object.fromEntries(Object.entries(asRecord(ctx.value([...spec, 'template', 'metadata', 'labels']))).map(([key, value]) => [key, String(value)]));
    const what = resourceLabel(resource);
    const report = (path: PathSegment[], reason: string) => ctx.report({
      path,
      message: `${reason}; the API server rejects ${what} as written. Make the selector and \`spec.template.metadata.labels\` agree.`,
    });

    if (replicationController) {
      for (const [key, value] of Object.entries(asRecord(selector))) {
        const reason = labelMismatch(key, value, labels);
        if (reason) report([...spec, 'selector', key], reason);
      }
      return;
    }
    for (const [key, value] of Object.entries(asRecord(asRecord(selector).matchLabels))) {
      const reason = labelMismatch(key, value, labels);
      if (reason) report([...spec, 'selector', 'matchLabels', key], reason);
    }
    const expressions = asRecord(selector).matchExpressions;
    if (!Array.isArray(expressions)) return;
    expressions.forEach((expression, index) => {
      const reason = expressionMismatch(asRecord(expression), labels);
      if (reason) report([...spec, 'selector', 'matchExpressions', index], reason);
    });
  },
};
