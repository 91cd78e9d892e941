import { closestMatch } from '../../validation/text';
import { format, podsOfService } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const unknownTargetPort: WorkspaceCheck = {
  meta: {
    id: 'unknown-target-port',
    title: 'A Service `targetPort` name its pods do not declare',
    enabledByDefault: true,
    rationale: 'A Service port whose `targetPort` is a name sends traffic to the container port of that name; when none of the pods it selects declares it, the Service has no endpoints for that port and connections fail. Checked when the Service selects pods of the workspace.',
    howToFix: 'Use the name of a container port of the selected pods (the message suggests a near one), or the port number.',
  },
  check({ model, resource, report }) {
    if (resource.uncertain || resource.kind !== 'Service' || !resource.facts.servicePorts) return;
    const pods = podsOfService(model, resource);
    if (pods.length === 0) return;
    const names = new Set(pods.flatMap((pod) => pod.facts.pod!.ports.flatMap((port) => (port.name ? [port.name] : []))));
    for (const port of resource.facts.servicePorts) {
      if (typeof port.targetPort !== 'string' || !port.targetPortSpan || names.has(port.targetPort)) continue;
      const near = closestMatch(port.targetPort, names);
      const values = { name: port.targetPort, near: near ?? '' };
      report({
        span: port.targetPortSpan,
        message: format(near
          ? l10n.t('No pod this Service selects declares a container port named `{name}`; did you mean `{near}`?')
          : l10n.t('No pod this Service selects declares a container port named `{name}`; connections to this port fail.'), values),
      });
    }
  },
};
