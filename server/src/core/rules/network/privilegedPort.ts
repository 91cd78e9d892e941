import { asRecord, containerLabel, effectiveSecurity, listAt } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** Ports below this one need `NET_BIND_SERVICE` (or root) unless the pod lowers it with a sysctl. */
const FIRST_UNPRIVILEGED = 1024;
const SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

export const privilegedPort: Rule = {
  meta: {
    id: 'privileged-port',
    title: 'Non-root containers should listen on ports of 1024 or more',
    category: 'network',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Linux lets only root, or a process with the `NET_BIND_SERVICE` capability, listen below port 1024. A container that runs as a non-root user and declares such a port either cannot open it (on runtimes that keep that limit) or depends on the runtime lifting it; either way the port says the image was built to run as root.',
    howToFix: 'Make the application listen on a port of 1024 or more (8080 instead of 80); the Service can still expose 80 with `port: 80, targetPort: 8080`. Otherwise add `NET_BIND_SERVICE` to the container\'s capabilities.',
    kubeLinter: ['privileged-ports'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const nonRoot = effectiveSecurity(ctx, container, 'runAsNonRoot') === true;
      const user = effectiveSecurity(ctx, container, 'runAsUser');
      if (!nonRoot && !(typeof user === 'number' && user > 0)) continue;
      const added = listAt(ctx, [...container.path, 'securityContext', 'capabilities', 'add']);
      if (added.some((capability) => capability === 'NET_BIND_SERVICE' || capability === 'CAP_NET_BIND_SERVICE' || capability === 'ALL')) continue;
      const sysctl = listAt(ctx, [...container.podSpec.path, 'securityContext', 'sysctls']).map(asRecord).find((entry) => entry.name === SYSCTL);
      const firstUnprivileged = sysctl && /^\d+$/.test(String(sysctl.value)) ? Number(sysctl.value) : FIRST_UNPRIVILEGED;
      listAt(ctx, [...container.path, 'ports']).forEach((port, index) => {
        const number = asRecord(port).containerPort;
        if (typeof number !== 'number' || number <= 0 || number >= firstUnprivileged) return;
        ctx.report({
          path: [...container.path, 'ports', index, 'containerPort'],
          at: 'value',
          message: l10n.t('{0} runs as a non-root user but declares port {1}, below 1024, which only root or the `NET_BIND_SERVICE` capability may open; listen on a port of 1024 or more (the Service can still expose {1}).', containerLabel(container), number),
        });
      });
    }
  },
};
