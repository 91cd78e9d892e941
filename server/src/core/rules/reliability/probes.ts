import { containerAnchor, containerLabel, isBatch, isLongRunning, probeName } from '../helpers';
import { Rule, RuleContext } from '../types';
import { ContainerLocation } from '../workloads';
import * as l10n from '@vscode/l10n';

/** The port a mechanical probe can use: the container's first declared port (by name if named). */
function probePort(ctx: RuleContext, container: ContainerLocation): string | number | undefined {
  const ports = ctx.value([...container.path, 'ports']);
  if (!Array.isArray(ports)) return undefined;
  for (const port of ports as Record<string, unknown>[]) {
    if (port && typeof port === 'object' && (port.protocol === undefined || port.protocol === 'TCP')) {
      if (typeof port.name === 'string' && port.name) return port.name;
      if (typeof port.containerPort === 'number') return port.containerPort;
    }
  }
  return undefined;
}

function probeRule(kind: 'liveness' | 'readiness'): Rule {
  const field = `${kind}Probe`;
  return {
    meta: {
      id: `missing-${kind}-probe`,
      title: `Long-running containers need a ${kind} probe`,
      category: 'reliability',
      defaultSeverity: 'warning',
      profile: 'baseline',
      rationale: kind === 'liveness'
        ? 'Without a liveness probe, a container that hangs (deadlock, stuck event loop) keeps its place and never restarts.'
        : 'Without a readiness probe, traffic reaches a pod as soon as its process starts, before it can serve, and keeps reaching it when it cannot.',
      howToFix: `Add \`${field}\`: an HTTP check of a health endpoint is best. Harden Manifest adds a TCP check of the container's declared port, the one probe that is right without knowing the application.`,
      kubeLinter: [`no-${kind}-probe`],
      polaris: [`${kind}ProbeMissing`],
      kubeScore: ['pod-probes'],
      harden: true,
    },
    check(ctx) {
      for (const container of ctx.containers()) {
        if (!isLongRunning(ctx, container) || isBatch(ctx, container.podSpec)) continue;
        if (ctx.has([...container.path, field])) continue;
        const port = probePort(ctx, container);
        ctx.report({
          path: containerAnchor(ctx, container),
          at: 'value',
          message: port === undefined
            ? l10n.t('{0} has no {1} (and declares no TCP port, so none can be added mechanically).', containerLabel(container), probeName(kind))
            : l10n.t('{0} has no {1}.', containerLabel(container), probeName(kind)),
          ...(port === undefined ? {} : { fix: { container: container.path, port } }),
        });
      }
    },
    fixTitle: (args) => l10n.t('Add a TCP {0} on port {1}', probeName(kind), String(args.port)),
    fix(editor, args) {
      const container = args.container as (string | number)[];
      const probe = kind === 'liveness'
        ? { tcpSocket: { port: args.port }, initialDelaySeconds: 15, periodSeconds: 20 }
        : { tcpSocket: { port: args.port }, periodSeconds: 10 };
      editor.set([...container, field], probe);
    },
  };
}

export const missingLivenessProbe = probeRule('liveness');
export const missingReadinessProbe = probeRule('readiness');
