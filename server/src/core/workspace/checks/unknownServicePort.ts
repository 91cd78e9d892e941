import { closestMatch } from '../../validation/text';
import { format } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const unknownServicePort: WorkspaceCheck = {
  meta: {
    id: 'unknown-service-port',
    title: 'An Ingress or route port its Service does not expose',
    enabledByDefault: true,
    rationale: 'An Ingress backend, a Gateway API route `backendRef` or an Istio destination that names a port (by number or name) the Service does not expose sends its traffic nowhere.',
    howToFix: 'Use a port the Service exposes (the message lists them), or add the port to the Service.',
    kubeLinter: ['dangling-ingress'],
  },
  check({ model, resource, report }) {
    if (resource.uncertain) return;
    for (const reference of resource.references) {
      if (reference.target !== 'Service' || !reference.port) continue;
      const services = model.resolve(reference);
      if (services.length === 0 || services.some((service) => service.uncertain || !service.facts.servicePorts)) continue;
      const ports = services.flatMap((service) => service.facts.servicePorts!);
      const { value } = reference.port;
      const byName = typeof value === 'string' && !/^\d+$/.test(value);
      if (ports.some((port) => (byName ? port.name === value : port.port === Number(value)))) continue;
      const exposed = ports.flatMap((port) => (port.port === undefined ? [] : [port.name ? `\`${port.port}\` (\`${port.name}\`)` : `\`${port.port}\``]));
      const near = byName ? closestMatch(String(value), ports.flatMap((port) => (port.name ? [port.name] : []))) : undefined;
      const values = { service: reference.name, port: String(value), near: near ?? '', ports: exposed.join(', ') };
      const template = near
        ? l10n.t('Service `{service}` has no port named `{port}`; did you mean `{near}`?')
        : exposed.length === 0 ? l10n.t('Service `{service}` exposes no port, so not `{port}`; traffic sent here goes nowhere.')
          : byName ? l10n.t('Service `{service}` has no port named `{port}` (it exposes {ports}); traffic sent here goes nowhere.')
            : l10n.t('Service `{service}` has no port `{port}` (it exposes {ports}); traffic sent here goes nowhere.');
      report({ span: reference.port.span, message: format(template, values) });
    }
  },
};
