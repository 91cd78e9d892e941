import { Rule } from '../types';
import { isRecord, securityScopes } from './podSecurity';
import * as l10n from '@vscode/l10n';

/**
 * SELinux types the baseline Pod Security Standard allows. `container_engine_t` is allowed from
 * Kubernetes 1.31; rules do not see the targeted version, so it is always accepted.
 */
export const ALLOWED_SELINUX_TYPES: ReadonlySet<string> = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export const selinuxCustomOptions: Rule = {
  meta: {
    id: 'selinux-custom-options',
    title: 'Pods must not set custom SELinux users, roles or types',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'On SELinux nodes the label decides what a container may touch; a custom user, role or a type such as `spc_t` (super-privileged container) lifts that confinement. The baseline Pod Security Standard allows only the container types.',
    howToFix: 'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and leave `type` unset or use `container_t`, `container_init_t`, `container_kvm_t` or `container_engine_t`. Setting only `level` is fine.',
    harden: false,
  },
  check(ctx) {
    for (const scope of securityScopes(ctx)) {
      const optionsPath = [...scope.path, 'seLinuxOptions'];
      const options = ctx.value(optionsPath);
      if (!isRecord(options)) continue;
      for (const field of ['user', 'role'] as const) {
        const value = options[field];
        if (value === undefined || value === null || value === '') continue;
        ctx.report({
          path: [...optionsPath, field],
          at: 'value',
          message: l10n.t('{0} sets a custom SELinux {1} (`{2}`), which can lift the container\'s confinement; remove `seLinuxOptions.{1}`.', scope.label, field, String(value)),
        });
      }
      const type = options.type;
      if (type !== undefined && type !== null && type !== '' && !ALLOWED_SELINUX_TYPES.has(String(type))) {
        ctx.report({
          path: [...optionsPath, 'type'],
          at: 'value',
          message: l10n.t('{0} runs with the SELinux type `{1}`, which is not a confined container type; use `container_t` (or leave `type` unset).', scope.label, String(type)),
        });
      }
    }
  },
};
