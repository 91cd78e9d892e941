import { asRecord, containerLabel, probeName } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

const PROBES = [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const;
/** Probe handlers that name a port; all three connect over TCP (HTTP and gRPC run on TCP). */
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** A declared container port: its name, number and protocol (TCP when unset). */
interface DeclaredPort {
  name?: string;
  number?: number;
  protocol: string;
}

function declaredPorts(value: unknown): DeclaredPort[] {
  if (!Array.isArray(value)) return [];
  return value.map(asRecord).map((port) => {
    const number = Number(port.containerPort);
    return {
      ...(typeof port.name === 'string' && port.name !== '' ? { name: port.name } : {}),
      ...(Number.isInteger(number) ? { number } : {}),
      protocol: typeof port.protocol === 'string' && port.protocol !== '' ? port.protocol : 'TCP',
    };
  });
}

export const probePortNotExposed: Rule = {
  meta: {
    id: 'probe-port-not-exposed',
    title: "Probes must target one of the container's TCP ports",
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'A probe on a port name the container does not declare cannot be resolved, so it fails every time and the container is restarted or never ready. HTTP, TCP and gRPC probes connect over TCP, so a probe on a port the container declares only for UDP (or SCTP) fails the same way. A probe on a port number the container does not list is often a typo for the port it serves on.',
    howToFix: "Point the probe at a TCP port in the container's `ports` (by its name or its `containerPort`), or declare the port the probe checks.",
    kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const ports = declaredPorts(ctx.value([...container.path, 'ports']));
      const numbers = ports.map((port) => port.number).filter((port): port is number => port !== undefined);
      for (const [field, kind] of PROBES) {
        for (const handler of HANDLERS) {
          const path = [...container.path, field, handler, 'port'];
          const port = ctx.value(path);
          let matching: DeclaredPort[];
          if (typeof port === 'string' && port !== '' && !/^\d+$/.test(port)) {
            matching = ports.filter((declared) => declared.name === port);
            if (matching.length === 0) {
              ctx.report({
                path,
                at: 'value',
                message: l10n.t('{0} has a {1} on port `{2}`, but no port of that name, so the kubelet cannot resolve it and the probe always fails; name the port in `ports` or use its number.', containerLabel(container), probeName(kind), port),
              });
              continue;
            }
          } else if ((typeof port === 'number' || (typeof port === 'string' && port !== '')) && numbers.length > 0) {
            matching = ports.filter((declared) => declared.number === Number(port));
            if (matching.length === 0) {
              ctx.report({
                path,
                at: 'value',
                message: l10n.t('{0} has a {1} on port {2}, which is not one of its ports ({3}); check the port, or declare it in `ports`.', containerLabel(container), probeName(kind), String(port), numbers.join(', ')),
              });
              continue;
            }
          } else {
            continue;
          }
          if (matching.some((declared) => declared.protocol === 'TCP')) continue;
          const protocols = [...new Set(matching.map((declared) => declared.protocol))].join(', ');
          ctx.report({
            path,
            at: 'value',
            message: l10n.t('{0} has a {1} on port `{2}`, which it declares only for {3}; the probe connects over TCP, so it always fails. Probe a TCP port, or use an `exec` probe.', containerLabel(container), probeName(kind), String(port), protocols),
          });
        }
      }
    }
  },
};
