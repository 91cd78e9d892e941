import { Rule } from '../types';
import { POD_LABEL } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const automountServiceAccountToken: Rule = {
  meta: {
    id: 'automount-service-account-token',
    title: 'Pods should not mount a Kubernetes API token they do not use',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'all',
    rationale: 'Every pod gets its service account\'s API token mounted unless told otherwise; most applications never call the Kubernetes API, and a stolen token lets an attacker act with the pod\'s permissions.',
    howToFix: 'Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount), and set it to true only on the pods that call the Kubernetes API.',
    polaris: ['automountServiceAccountToken'],
    harden: true,
  },
  check(ctx) {
    for (const podSpec of ctx.podSpecs()) {
      const path = [...podSpec.path, 'automountServiceAccountToken'];
      const value = ctx.value(path);
      if (value === false) continue;
      ctx.report({
        path: value === undefined || value === null ? podSpec.path : path,
        at: value === undefined || value === null ? 'key' : 'value',
        message: value === true
          ? l10n.t('{0} mounts its service account\'s API token (`automountServiceAccountToken: true`); set it to false unless the application calls the Kubernetes API.', l10n.t(POD_LABEL))
          : l10n.t('{0} gets its service account\'s API token mounted; set `automountServiceAccountToken: false` unless the application calls the Kubernetes API.', l10n.t(POD_LABEL)),
        fix: { path },
      });
    }
    const { resource } = ctx;
    if (resource.kind === 'ServiceAccount' && resource.apiVersion === 'v1') {
      const path = [...resource.path, 'automountServiceAccountToken'];
      const value = ctx.value(path);
      if (value === false) return;
      const explicit = value !== undefined && value !== null;
      const anchor = ctx.has([...resource.path, 'metadata', 'name']) ? [...resource.path, 'metadata', 'name'] : [...resource.path, 'kind'];
      ctx.report({
        path: explicit ? path : anchor,
        at: 'value',
        message: resource.name
          ? l10n.t('ServiceAccount `{0}` lets every pod that uses it mount its API token; set `automountServiceAccountToken: false` and let the pods that need the token ask for it.', resource.name)
          : l10n.t('This ServiceAccount lets every pod that uses it mount its API token; set `automountServiceAccountToken: false` and let the pods that need the token ask for it.'),
        fix: { path },
      });
    }
  },
  fixTitle: () => l10n.t('Set `automountServiceAccountToken: false`'),
  fix(editor, args) {
    editor.set(args.path as (string | number)[], false);
  },
};

export const defaultServiceAccount: Rule = {
  meta: {
    id: 'default-service-account',
    title: 'Pods should run as a service account of their own',
    category: 'security',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Every pod of a namespace that does not name a service account shares the `default` one: any permission granted to it for one workload is granted to all of them.',
    howToFix: 'Create a ServiceAccount for the workload and set `serviceAccountName` in the pod spec. Which permissions it needs is yours to decide, so there is no automatic fix.',
    kubeLinter: ['default-service-account'],
    harden: false,
  },
  check(ctx) {
    for (const podSpec of ctx.podSpecs()) {
      // The deprecated field has a rule of its own.
      if (ctx.has([...podSpec.path, 'serviceAccount'])) continue;
      const path = [...podSpec.path, 'serviceAccountName'];
      const name = ctx.value(path);
      if (typeof name === 'string' && name !== '' && name !== 'default') continue;
      const present = name !== undefined && name !== null;
      ctx.report({
        path: present ? path : podSpec.path,
        at: present ? 'value' : 'key',
        message: l10n.t('{0} runs as the namespace\'s `default` service account; create a ServiceAccount for this workload and set `serviceAccountName`, so its permissions are its own.', l10n.t(POD_LABEL)),
      });
    }
  },
};

export const deprecatedServiceAccountField: Rule = {
  meta: {
    id: 'deprecated-service-account-field',
    title: 'Use `serviceAccountName`, not the deprecated `serviceAccount`',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: '`serviceAccount` is a deprecated alias of `serviceAccountName`; when both are set and differ, it is easy to believe the pod runs as one account while it runs as the other.',
    howToFix: 'Rename `serviceAccount` to `serviceAccountName` (or remove it when `serviceAccountName` already says the same).',
    kubeLinter: ['deprecated-service-account-field'],
    harden: false,
  },
  check(ctx) {
    for (const podSpec of ctx.podSpecs()) {
      const path = [...podSpec.path, 'serviceAccount'];
      if (!ctx.has(path)) continue;
      const deprecated = ctx.value(path);
      const current = ctx.value([...podSpec.path, 'serviceAccountName']);
      if (current === undefined || current === null) {
        ctx.report({
          path, at: 'key',
          message: l10n.t('`serviceAccount` is deprecated; rename it to `serviceAccountName`.'),
          fix: { podSpec: podSpec.path, action: 'rename' },
        });
      } else if (current === deprecated) {
        ctx.report({
          path, at: 'key',
          message: l10n.t('`serviceAccount` is deprecated and repeats `serviceAccountName`; remove it.'),
          fix: { podSpec: podSpec.path, action: 'remove' },
        });
      } else {
        ctx.report({
          path, at: 'key',
          message: l10n.t('`serviceAccount` is deprecated and says `{0}` while `serviceAccountName` says `{1}`; the pod runs as `{1}`. Remove `serviceAccount` once you have checked which one is meant (no automatic fix: the two disagree).', String(deprecated), String(current)),
        });
      }
    }
  },
  fixTitle: (args) => args.action === 'rename' ? l10n.t('Rename `serviceAccount` to `serviceAccountName`') : l10n.t('Remove the deprecated `serviceAccount`'),
  fix(editor, args) {
    const podSpec = args.podSpec as (string | number)[];
    if (args.action === 'rename') editor.renameKey(podSpec, 'serviceAccount', 'serviceAccountName');
    else editor.removeKey(podSpec, 'serviceAccount');
  },
};
