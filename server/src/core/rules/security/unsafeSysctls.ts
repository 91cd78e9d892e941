import { Rule } from '../types';
import { POD_LABEL, isRecord } from './podSecurity';
import * as l10n from '@vscode/l10n';

/**
 * Sysctls the kubelet treats as safe (namespaced, isolated from other pods), which are the ones
 * the baseline Pod Security Standard allows, with the Kubernetes minor that added each. Rules do
 * not see the targeted Kubernetes version, so every name safe as of 1.36 is accepted: a manifest
 * for an older cluster may still use one its cluster refuses (see SAFE_SINCE).
 */
export const SAFE_SINCE: Readonly<Record<string, string>> = {
  'kernel.shm_rmid_forced': '1.0',
  'net.ipv4.ip_local_port_range': '1.0',
  'net.ipv4.tcp_syncookies': '1.0',
  'net.ipv4.ping_group_range': '1.0',
  'net.ipv4.ip_unprivileged_port_start': '1.0',
  'net.ipv4.ip_local_reserved_ports': '1.27',
  'net.ipv4.tcp_keepalive_time': '1.29',
  'net.ipv4.tcp_fin_timeout': '1.29',
  'net.ipv4.tcp_keepalive_intvl': '1.29',
  'net.ipv4.tcp_keepalive_probes': '1.29',
  'net.ipv4.tcp_rmem': '1.32',
  'net.ipv4.tcp_wmem': '1.32',
};

export const unsafeSysctls: Rule = {
  meta: {
    id: 'unsafe-sysctls',
    title: 'Pods must set only safe sysctls',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'A sysctl outside the safe set is not isolated from other pods: it can change how the whole node behaves or starve its neighbours. The kubelet refuses such pods unless the node allows them, and the baseline Pod Security Standard forbids them.',
    howToFix: 'Remove the sysctl from `securityContext.sysctls`, or run the pod on nodes set up for it (kubelet `--allowed-unsafe-sysctls`) in a namespace that allows privileged pods.',
    kubeLinter: ['unsafe-sysctls'],
    harden: false,
  },
  check(ctx) {
    for (const podSpec of ctx.podSpecs()) {
      const listPath = [...podSpec.path, 'securityContext', 'sysctls'];
      const sysctls = ctx.value(listPath);
      if (!Array.isArray(sysctls)) continue;
      sysctls.forEach((sysctl: unknown, index) => {
        if (!isRecord(sysctl) || typeof sysctl.name !== 'string' || Object.hasOwn(SAFE_SINCE, sysctl.name)) return;
        ctx.report({
          path: [...listPath, index, 'name'],
          at: 'value',
          message: l10n.t('{0} sets the sysctl `{1}`, which is not in the safe set: it is not isolated from other pods, and the kubelet refuses it unless the node allows it. Remove it or run the pod on nodes set up for it.', l10n.t(POD_LABEL), sysctl.name),
        });
      });
    }
  },
};
