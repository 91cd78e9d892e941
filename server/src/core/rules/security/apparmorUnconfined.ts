import { Rule } from '../types';
import { ALL_CONTAINERS, containersIn, isRecord, securityScopes } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * The fix replaces `Unconfined` with the runtime's default profile, which is exactly what the
 * baseline standard asks for and what a pod without any setting gets. It is a quick fix, not part
 * of Harden Manifest: a workload that turned AppArmor off usually did it on purpose (a profile
 * blocked something it needs), so changing it should be a decision made while looking at it.
 */
export const apparmorUnconfined: Rule = {
  meta: {
    id: 'apparmor-unconfined',
    title: 'AppArmor must not be turned off',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'On nodes with AppArmor, the runtime\'s default profile stops a container from writing to /proc and /sys, mounting file systems and similar escape steps; `Unconfined` removes that net. The baseline Pod Security Standard forbids it.',
    howToFix: 'Set `appArmorProfile.type: RuntimeDefault` (or `Localhost` with a profile loaded on the nodes), or, with the older annotation, `runtime/default` instead of `unconfined`.',
    harden: false,
  },
  check(ctx) {
    for (const scope of securityScopes(ctx)) {
      const path = [...scope.path, 'appArmorProfile', 'type'];
      if (ctx.value(path) !== 'Unconfined') continue;
      ctx.report({
        path,
        at: 'value',
        message: l10n.t('{0} turns AppArmor off (`appArmorProfile.type: Unconfined`); use `RuntimeDefault`.', scope.label),
        fix: { path, value: 'RuntimeDefault' },
      });
    }
    for (const podSpec of ctx.podSpecs()) {
      const annotationsPath = [...podSpec.metadataPath, 'annotations'];
      const annotations = ctx.value(annotationsPath);
      if (!isRecord(annotations)) continue;
      const names = new Set(containersIn(ctx, ALL_CONTAINERS)
        .filter((container) => container.podSpec === podSpec).map((container) => container.name));
      for (const [key, value] of Object.entries(annotations)) {
        if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || value !== 'unconfined') continue;
        const container = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
        ctx.report({
          path: [...annotationsPath, key],
          at: 'value',
          message: names.has(container)
            ? l10n.t('The AppArmor annotation turns AppArmor off for container `{0}` (`unconfined`); use `runtime/default`, or better, `appArmorProfile.type: RuntimeDefault` in its securityContext.', container)
            : l10n.t('The AppArmor annotation turns AppArmor off for a container named `{0}` (`unconfined`); use `runtime/default`, or better, `appArmorProfile.type: RuntimeDefault` in its securityContext.', container),
          fix: { path: [...annotationsPath, key], value: 'runtime/default' },
        });
      }
    }
  },
  fixTitle: (args) => l10n.t('Use the runtime\'s default AppArmor profile (`{0}`)', String(args.value)),
  fix(editor, args) {
    editor.replaceScalar(args.path as (string | number)[], args.value);
  },
};
