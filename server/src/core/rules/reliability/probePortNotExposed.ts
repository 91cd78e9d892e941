import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { asRecord } from '../helpers';

const PROBES = [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export const probePortNotExposed: Rule = {
  meta: {
    id: 'probe-port-not-exposed',
    title: "Probes must target one of the container's ports",
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'A probe on a port name the container does not declare cannot be resolved, so it fails every time and the container is restarted or never ready (an error). A probe on a port number the container does not list is often a typo for the port it serves on (a warning).',
    howToFix: "Point the probe at a port in the container's `ports` (by its name or its `containerPort`), or declare the port the probe checks.",
    kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const declared = ctx.value([...container.path, 'ports']);
      const ports = Array.isArray(declared) ? declared.map(asRecord) : [];
      const names = ports.map((port) => port.name).filter((name): name is string => typeof name === 'string' && name !== '');
      const numbers = ports.map((port) => Number(port.containerPort)).filter((port) => Number.isInteger(port));
      for (const [field, kind] of PROBES) {
        for (const handler of HANDLERS) {
          const path = [...container.path, field, handler, 'port'];
          const port = ctx.value(path);
          if (typeof port === 'string' && port !== '' && !/^\d+$/.test(port)) {
            if (names.includes(port)) continue;
            ctx.report({
              path,
              at: 'value',
              message: `${containerLabel(container)} has a ${kind} probe on port \`${port}\`, but no port of that name, so the kubelet cannot resolve it and the probe always fails; name the port in \`ports\` or use its number.`,
            });
          } else if ((typeof port === 'number' || (typeof port === 'string' && port !== '')) && numbers.length > 0) {
            if (numbers.includes(Number(port))) continue;
            ctx.report({
              path,
              at: 'value',
              message: `${containerLabel(container)} has a ${kind} probe on port ${String(port)}, which is not one of its ports (${numbers.join(', ')}); check the port, or declare it in \`ports\`.`,
            });
          }
        }
      }
    }
  },
};
