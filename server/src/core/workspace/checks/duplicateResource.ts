import { format, relativeFile } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const duplicateResource: WorkspaceCheck = {
  meta: {
    id: 'duplicate-resource',
    title: 'Two resources with the same kind, namespace and name',
    enabledByDefault: true,
    rationale: 'Two manifests of the same kind, namespace and name are one object in the cluster: whichever is applied last silently replaces the other. Usually a copy-paste that kept the name. Resources of kustomize bases (whose names overlays change) are not compared.',
    howToFix: 'Rename one of them (and what refers to it), or remove the copy.',
  },
  check({ model, resource, report }) {
    if (resource.uncertain || resource.origin !== 'manifest') return;
    const others = model.lookup(resource.kindKey, resource.namespace, resource.finalName)
      .filter((other) => other !== resource && other.origin === 'manifest' && !other.uncertain);
    if (others.length === 0) return;
    const other = others[0];
    const values = {
      kind: resource.kind, name: resource.finalName, namespace: resource.namespace ?? '', line: model.rangeOf(other, other.span).start.line + 1,
      file: relativeFile(resource.uri, other.uri),
    };
    const sameFile = other.uri === resource.uri;
    const template = resource.namespace === undefined
      ? (sameFile ? l10n.t('Another {kind} `{name}` is defined in this file (line {line}); one replaces the other when both are applied.')
        : l10n.t('Another {kind} `{name}` is defined in `{file}` (line {line}); one replaces the other when both are applied.'))
      : (sameFile ? l10n.t('Another {kind} `{name}` in namespace `{namespace}` is defined in this file (line {line}); one replaces the other when both are applied.')
        : l10n.t('Another {kind} `{name}` in namespace `{namespace}` is defined in `{file}` (line {line}); one replaces the other when both are applied.'));
    report({
      span: resource.facts.nameSpan ?? resource.span,
      message: format(template, values),
      related: others.map((duplicate) => ({ location: model.nameLocation(duplicate), message: format(l10n.t('The other {kind} `{name}`.'), values) })),
    });
  },
};
