import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../../protocol/settings';
import { KubesmithService, offsetAt, positionAt } from '../service';
import { schemaAtPath } from '../schema/navigate';
import { deref } from '../schema/store';
import { splitApiVersion } from '../schema/types';
import { locate } from '../yaml/locate';
import { Node } from '../yaml/nodes';
import { positionContext, resourceAt, schemaOf } from './context';
import { fieldDocumentation, propertiesOf } from './schemaInfo';
import * as l10n from '@vscode/l10n';

/** Which bundled minors serve an apiVersion/kind, as a range: "1.28–1.36", "1.31, 1.33". */
function servedRange(minors: string[]): string {
  if (minors.length === 0) return '';
  const numbers = minors.map((minor) => Number(minor.split('.')[1]));
  const contiguous = numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1);
  return contiguous && minors.length > 1 ? `${minors[0]}–${minors[minors.length - 1]}` : minors.join(', ');
}

/**
 * Hover on any key (or its value): the field's description from the Kubernetes or CRD schema,
 * its type, whether it is required, and its full path. On `kind` / `apiVersion`: what the
 * resource is and which Kubernetes versions serve it.
 */
export function getHover(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, position: Position): Hover | null {
  service.store.loadDescriptions();
  const file = service.analyze(uri, text, settings);
  const ctx = positionContext(service, file, position.line, settings.kubernetesVersion);
  if (!ctx) return null;
  const { document, resolve } = ctx;
  const offset = offsetAt(document.yaml, position);
  const location = locate(document.yaml.doc, offset);
  if (!location || location.path.length === 0) return null;
  const resource = resourceAt(document.analysis.resources, location.path);
  if (!resource) return null;
  const relative = location.path.slice(resource.path.length);
  const anchor = (location.onKey ? location.pair?.key : location.node) as Node | undefined;
  const range = anchor?.range ? { start: positionAt(document.yaml, anchor.range[0]), end: positionAt(document.yaml, anchor.range[1]) } : undefined;
  const markdown = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) });

  if (relative.length === 1 && (relative[0] === 'kind' || relative[0] === 'apiVersion')) {
    const { apiVersion, kind } = resource;
    const schema = schemaOf(service.store, resource);
    const lines = [`**${kind}** · \`${apiVersion}\``];
    const served = service.store.index.served[apiVersion]?.[kind];
    if (served?.length) lines.push('', l10n.t('Served by Kubernetes {0}.', servedRange(served)));
    else if (resource.resolution.status === 'schema') {
      const { group } = splitApiVersion(apiVersion);
      const versions = service.store.kindsOfGroup(ctx.minor, group).get(kind) ?? [];
      lines.push('', resource.resolution.kindSchema.origin === 'workspace'
        ? l10n.t('Custom resource (CRD in this workspace); versions: {0}.', versions.join(', '))
        : l10n.t('Custom resource (bundled schema); versions: {0}.', versions.join(', ')));
    }
    const description = schema ? deref(schema, resolve).description : undefined;
    if (description) lines.push('', description);
    return markdown(lines.join('\n'));
  }

  const root = schemaOf(service.store, resource);
  if (!root) return null;
  // The field is the last key of the path (a list item shows the list's field).
  let fieldIndex = relative.length - 1;
  while (fieldIndex >= 0 && typeof relative[fieldIndex] === 'number') fieldIndex--;
  if (fieldIndex < 0) return null;
  const name = relative[fieldIndex] as string;
  const parent = schemaAtPath(root, relative.slice(0, fieldIndex), resolve);
  const { properties, required } = propertiesOf(parent, resolve);
  const property = properties[name] ?? (parent && typeof deref(parent, resolve).additionalProperties === 'object' ? deref(parent, resolve).additionalProperties as typeof parent : undefined);
  if (!property) return null;
  return markdown(fieldDocumentation(name, property, required.has(name), relative.slice(0, fieldIndex + 1), resolve));
}
