import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { at, listAt } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

const SSH = 22;

function isTcp(protocol: unknown): boolean {
  return protocol === undefined || protocol === null || protocol === 'TCP';
}

export const sshPort: Rule = {
  meta: {
    id: 'ssh-port',
    title: 'Do not expose the SSH port',
    category: 'network',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'Port 22 usually means an SSH server runs in the container: one more way in, with its own keys and passwords to manage, next to `kubectl exec` which already covers debugging.',
    howToFix: 'Remove the SSH server from the image and debug with `kubectl exec` or `kubectl debug`. If the service on port 22 is not SSH, move it to another port.',
    kubeLinter: ['ssh-port'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      listAt(ctx, [...container.path, 'ports']).forEach((port, index) => {
        if (!port || typeof port !== 'object') return;
        const { containerPort, protocol } = port as Record<string, unknown>;
        if (containerPort !== SSH || !isTcp(protocol)) return;
        ctx.report({
          path: [...container.path, 'ports', index, 'containerPort'],
          at: 'value',
          message: l10n.t('{0} declares port 22, the SSH port; do not run an SSH server in a container (use `kubectl exec`), or move the service to another port.', containerLabel(container)),
        });
      });
    }
    if (!isKind(ctx.resource, 'Service')) return;
    listAt(ctx, at(ctx, 'spec', 'ports')).forEach((port, index) => {
      if (!port || typeof port !== 'object') return;
      const { port: number, targetPort, protocol } = port as Record<string, unknown>;
      if (!isTcp(protocol)) return;
      if (number === SSH) {
        ctx.report({
          path: at(ctx, 'spec', 'ports', index, 'port'),
          at: 'value',
          message: l10n.t('This Service exposes port 22, the SSH port; do not expose SSH from the cluster, or use another port if this is not SSH.'),
        });
      } else if (targetPort === SSH) {
        ctx.report({
          path: at(ctx, 'spec', 'ports', index, 'targetPort'),
          at: 'value',
          message: l10n.t('This Service forwards to port 22, the SSH port, of its pods; do not expose SSH from the cluster, or use another port if this is not SSH.'),
        });
      }
    });
  },
};
