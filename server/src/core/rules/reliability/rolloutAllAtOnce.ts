import { isKind } from '../../resource';
import { PathSegment } from '../../yaml/nodes';
import { at, resourceLabel, sentence } from '../helpers';
import { isRecord } from '../security/podSecurity';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** What Kubernetes uses when `maxUnavailable` is not set. */
const DEFAULT_MAX_UNAVAILABLE = '25%';

/** How many of `replicas` pods a `maxUnavailable` value lets go down at once (rounded down, as the controller does). */
function unavailable(value: unknown, replicas: number): number | undefined {
  if (typeof value === 'number') return value;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return percent ? Math.floor((Number(percent[1]) * replicas) / 100) : undefined;
}

export const rolloutAllAtOnce: Rule = {
  meta: {
    id: 'rollout-all-at-once',
    title: 'Rollouts should not take every pod down at once',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['Deployment'],
    rationale: 'A rolling update with `maxUnavailable` as large as the Deployment may stop every old pod before a new one is ready, and the `Recreate` strategy always does: each rollout is then an outage, however many replicas run. (`Recreate` on a Deployment that mounts a PersistentVolumeClaim is not reported: it is how a volume that one node at a time can mount changes hands.)',
    howToFix: 'Use a `RollingUpdate` with a `maxUnavailable` below the number of replicas (the default, 25%, keeps three quarters serving). Keep `Recreate` only when two versions must never run side by side.',
    kubeLinter: ['no-rolling-update-strategy'],
    kubeScore: ['deployment-strategy'],
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'Deployment')) return;
    const replicas = ctx.value(at(ctx, 'spec', 'replicas'));
    if (typeof replicas !== 'number' || replicas < 2) return; // one replica: single-replica's concern
    const strategy = at(ctx, 'spec', 'strategy');
    const type = ctx.value([...strategy, 'type']);
    const label = sentence(resourceLabel(ctx.resource));
    if (type === 'Recreate') {
      const volumes = ctx.value(at(ctx, 'spec', 'template', 'spec', 'volumes'));
      if (Array.isArray(volumes) && volumes.some((volume) => isRecord(volume) && 'persistentVolumeClaim' in volume)) return;
      ctx.report({
        path: [...strategy, 'type'],
        at: 'value',
        severity: 'info',
        message: l10n.t('{0} runs {1} replicas with the `Recreate` strategy: every rollout stops them all before the new ones start, an outage each time. Use `RollingUpdate` unless two versions must never run side by side.', label, replicas),
      });
      return;
    }
    const path = [...strategy, 'rollingUpdate', 'maxUnavailable'];
    const value = ctx.value(path);
    const down = unavailable(value, replicas);
    if (down === undefined || down < replicas) return;
    ctx.report({
      path,
      at: 'value',
      message: l10n.t('{0} lets `maxUnavailable: {1}` of its {2} pods go down during a rollout, which is all of them; use a smaller value such as the default, {3}.', label, String(value), replicas, DEFAULT_MAX_UNAVAILABLE),
      fix: { path },
    });
  },
  fixTitle: () => l10n.t('Set `maxUnavailable: {0}` (the default)', DEFAULT_MAX_UNAVAILABLE),
  fix(editor, args) {
    editor.replaceScalar(args.path as PathSegment[], DEFAULT_MAX_UNAVAILABLE);
  },
};
