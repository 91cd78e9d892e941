import { PathSegment } from '../../yaml/nodes';
import { Rule, RuleContext } from '../types';
import * as l10n from '@vscode/l10n';

/**
 * `outlierDetection.consecutiveErrors` is deprecated (istio/api). It once counted only gateway
 * errors (502, 503, 504; connect failures over TCP) and switched off the 5xx check; recent Istio
 * releases no longer translate it at all, so the proxy falls back to its default of ejecting
 * after 5 consecutive 5xx errors. Istio's own validation warns: use consecutiveGatewayErrors or
 * consecutive5xxErrors instead.
 */

/** Envoy's default for `consecutive_5xx`, which applies when `consecutiveErrors` is ignored. */
const DEFAULT_5XX_ERRORS = 5;

function isDestinationRule(ctx: RuleContext): boolean {
  return ctx.resource.kind === 'DestinationRule' && ctx.resource.apiVersion.startsWith('networking.istio.io/');
}

/** Every traffic policy of a DestinationRule: top level, per subset, and their port-level settings. */
function trafficPolicies(ctx: RuleContext): PathSegment[][] {
  const spec = [...ctx.resource.path, 'spec'];
  const policies: PathSegment[][] = [];
  const addPolicy = (path: PathSegment[]) => {
    if (!ctx.has(path)) return;
    policies.push(path);
    const ports = ctx.value([...path, 'portLevelSettings']);
    if (Array.isArray(ports)) ports.forEach((_, index) => policies.push([...path, 'portLevelSettings', index]));
  };
  addPolicy([...spec, 'trafficPolicy']);
  const subsets = ctx.value([...spec, 'subsets']);
  if (Array.isArray(subsets)) subsets.forEach((_, index) => addPolicy([...spec, 'subsets', index, 'trafficPolicy']));
  return policies;
}

export const istioConsecutiveErrors: Rule = {
  meta: {
    id: 'istio-consecutive-errors',
    title: 'Use `consecutive5xxErrors` instead of the deprecated `consecutiveErrors`',
    category: 'istio',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['DestinationRule'],
    rationale: '`outlierDetection.consecutiveErrors` is deprecated. It used to count only gateway errors (502, 503, 504), and recent Istio releases ignore it, so hosts are ejected after the default of 5 consecutive 5xx errors instead of the number written.',
    howToFix: 'Rename it to `consecutive5xxErrors` to count every 5xx error, or to `consecutiveGatewayErrors` to keep counting only 502, 503 and 504.',
  },
  check(ctx) {
    if (!isDestinationRule(ctx)) return;
    for (const policy of trafficPolicies(ctx)) {
      const outlier = [...policy, 'outlierDetection'];
      const key = [...outlier, 'consecutiveErrors'];
      if (!ctx.has(key)) continue;
      const value = ctx.value(key);
      const has5xx = ctx.has([...outlier, 'consecutive5xxErrors']);
      const effective = typeof value === 'number' && value > 0;
      let message: string;
      if (has5xx) {
        message = l10n.t('`consecutiveErrors` is deprecated and ignored; `consecutive5xxErrors` already sets the threshold here, so remove `consecutiveErrors`.');
      } else if (!effective) {
        message = l10n.t('`consecutiveErrors: {0}` is deprecated and has no effect; remove it (hosts are ejected after the default of {1} consecutive 5xx errors).', String(value), DEFAULT_5XX_ERRORS);
      } else if (value === DEFAULT_5XX_ERRORS) {
        message = l10n.t('`consecutiveErrors` is deprecated and recent Istio ignores it; hosts are still ejected after {0} consecutive 5xx errors, but only because that is the default. Say it with `consecutive5xxErrors: {0}` (or `consecutiveGatewayErrors: {0}` to count only 502, 503 and 504, as it once did).', value);
      } else {
        message = l10n.t('`consecutiveErrors` is deprecated and recent Istio ignores it, so hosts are ejected after the default of {0} consecutive 5xx errors, not {1}; use `consecutive5xxErrors: {1}` (or `consecutiveGatewayErrors: {1}` to count only 502, 503 and 504, as it once did).', DEFAULT_5XX_ERRORS, value);
      }
      // Removing a field that has no effect is safe; renaming it sets a threshold (a choice of two fields).
      const remove = has5xx || !effective;
      ctx.report({ path: key, message, fix: { outlier, remove }, safeFix: remove });
    }
  },
  fixTitle: (args) => (args.remove ? l10n.t('Remove `consecutiveErrors`') : l10n.t('Rename to `consecutive5xxErrors`')),
  fix(editor, args) {
    const outlier = args.outlier as PathSegment[];
    if (args.remove) editor.removeKey(outlier, 'consecutiveErrors');
    else editor.renameKey(outlier, 'consecutiveErrors', 'consecutive5xxErrors');
  },
};
