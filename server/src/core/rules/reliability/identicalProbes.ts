import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { asRecord, deepEqual } from '../helpers';
import * as l10n from '@vscode/l10n';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
/** Probe timings with the values Kubernetes uses when they are not written. */
const TIMINGS: Record<string, number> = { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

/** What decides a probe's outcome: its handler and timings, with defaults filled in. */
function behaviour(probe: unknown): Record<string, unknown> | undefined {
  const record = asRecord(probe);
  const handlers = HANDLERS.filter((handler) => record[handler] !== undefined && record[handler] !== null);
  if (handlers.length === 0) return undefined;
  const result: Record<string, unknown> = {};
  for (const handler of handlers) {
    const value = record[handler];
    result[handler] = handler === 'httpGet' ? { scheme: 'HTTP', ...asRecord(value) } : value;
  }
  for (const [timing, fallback] of Object.entries(TIMINGS)) result[timing] = record[timing] ?? fallback;
  return result;
}

export const identicalProbes: Rule = {
  meta: {
    id: 'identical-probes',
    title: 'Liveness and readiness probes should differ',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'Readiness failing takes a pod out of its Services; liveness failing restarts it. When both are the same check, a slow dependency makes every pod restart at once instead of just leaving the load balancer until it recovers.',
    howToFix: 'Make the liveness probe more lenient than the readiness probe: a higher `failureThreshold` or `periodSeconds`, or an endpoint that only checks that the process itself responds.',
    kubeScore: ['pod-probes-identical'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const liveness = behaviour(ctx.value([...container.path, 'livenessProbe']));
      const readiness = behaviour(ctx.value([...container.path, 'readinessProbe']));
      if (!liveness || !readiness || !deepEqual(liveness, readiness)) continue;
      ctx.report({
        path: [...container.path, 'livenessProbe'],
        message: l10n.t('{0} has the same liveness and readiness probe: when a dependency is slow, its pods are restarted instead of only leaving the load balancer. Make the liveness probe more lenient (a higher `failureThreshold`, or a check of the process alone).', containerLabel(container)),
      });
    }
  },
};
