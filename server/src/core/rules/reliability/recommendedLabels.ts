import { hasPodSpec } from '../workloads';
import { at, labelsOf, names, resourceLabel, sentence } from '../helpers';
import { isKind } from '../../resource';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** The recommended labels every tool reads (the others of the set are optional). */
const RECOMMENDED = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'];

export const recommendedLabels: Rule = {
  meta: {
    id: 'recommended-labels',
    title: 'Workloads and Services should carry the recommended labels',
    category: 'reliability',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Kubernetes recommends a shared set of labels, `app.kubernetes.io/name` (what the application is) and `app.kubernetes.io/instance` (which installation of it) first among them. Dashboards, `kubectl`, Helm and cost tools group resources by them; without them a resource belongs to no application anyone can query.',
    howToFix: 'Add `app.kubernetes.io/name` and `app.kubernetes.io/instance` to `metadata.labels` (and `app.kubernetes.io/version`, `component`, `part-of`, `managed-by` where they help).',
  },
  check(ctx) {
    const { resource } = ctx;
    if (!hasPodSpec(resource) && !isKind(resource, 'Service')) return;
    const labelsPath = at(ctx, 'metadata', 'labels');
    const labels = labelsOf(ctx.value(labelsPath));
    const missing = RECOMMENDED.filter((key) => !labels[key]);
    if (missing.length === 0) return;
    const path = ctx.has(labelsPath) ? labelsPath : ctx.has(at(ctx, 'metadata')) ? at(ctx, 'metadata') : at(ctx, 'kind');
    ctx.report({
      path,
      message: missing.length === 1
        ? l10n.t('{0} has no `{1}` label, which tools use to tell which application a resource belongs to; add it.', sentence(resourceLabel(resource)), missing[0])
        : l10n.t('{0} has none of the labels {1}, which tools use to tell which application a resource belongs to; add them.', sentence(resourceLabel(resource)), names(missing)),
    });
  },
};
