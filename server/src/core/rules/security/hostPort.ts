import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { ALL_CONTAINERS, containersIn } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const hostPort: Rule = {
  meta: {
    id: 'host-port',
    title: 'Containers should not bind host ports',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'A `hostPort` opens the port on the node\'s own address, outside Services and network policies, and limits the pod to nodes where that port is free (one replica per node).',
    howToFix: 'Remove `hostPort` and reach the container through a Service (NodePort or LoadBalancer if it must be reachable from outside the cluster).',
    polaris: ['hostPortSet'],
    harden: false,
  },
  check(ctx) {
    for (const container of containersIn(ctx, ALL_CONTAINERS)) {
      const ports = ctx.value([...container.path, 'ports']);
      if (!Array.isArray(ports)) continue;
      ports.forEach((port: unknown, index) => {
        if (typeof port !== 'object' || port === null) return;
        const value = (port as Record<string, unknown>).hostPort;
        if (value === undefined || value === null || value === 0 || value === '0') return;
        const portPath = [...container.path, 'ports', index];
        ctx.report({
          path: [...portPath, 'hostPort'],
          at: 'value',
          message: l10n.t('{0} binds port {1} on the node (`hostPort`), outside Services and network policies; remove `hostPort` and expose the port with a Service.', containerLabel(container), String(value)),
          fix: { port: portPath, hostPort: value },
        });
      });
    }
  },
  fixTitle: (args) => l10n.t('Remove `hostPort: {0}`', String(args.hostPort)),
  fix(editor, args) {
    editor.removeKey(args.port as (string | number)[], 'hostPort');
  },
};
