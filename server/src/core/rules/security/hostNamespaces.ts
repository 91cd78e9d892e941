import { Rule } from '../types';
import { POD_LABEL } from './podSecurity';
import * as l10n from '@vscode/l10n';
import { phrase } from '../../l10n';

type HostField = 'hostNetwork' | 'hostPID' | 'hostIPC';

const DETAILS: Record<HostField, { id: string; title: string; what: string; rationale: string; kubeLinter: string; polaris: string }> = {
  hostNetwork: {
    id: 'host-network',
    title: phrase('Pods must not use the node\'s network'),
    what: phrase('uses the node\'s network namespace (`hostNetwork: true`): it can bind the node\'s ports and see its traffic, outside of network policies'),
    rationale: phrase('With `hostNetwork: true` the pod shares the node\'s network stack: it can listen on any node port, reach services bound to localhost and sniff traffic, and network policies do not apply to it.'),
    kubeLinter: 'host-network',
    polaris: 'hostNetworkSet',
  },
  hostPID: {
    id: 'host-pid',
    title: phrase('Pods must not share the node\'s process namespace'),
    what: phrase('shares the node\'s process namespace (`hostPID: true`): it can see, signal and inspect every process on the node'),
    rationale: phrase('With `hostPID: true` the pod sees every process of the node, can read their environment and, with enough privileges, attach to them.'),
    kubeLinter: 'host-pid',
    polaris: 'hostPIDSet',
  },
  hostIPC: {
    id: 'host-ipc',
    title: phrase('Pods must not share the node\'s IPC namespace'),
    what: phrase('shares the node\'s IPC namespace (`hostIPC: true`): it can read and write the shared memory of processes on the node'),
    rationale: phrase('With `hostIPC: true` the pod shares System V IPC and POSIX shared memory with the node, so it can read or tamper with other processes\' shared memory.'),
    kubeLinter: 'host-ipc',
    polaris: 'hostIPCSet',
  },
};

function hostNamespaceRule(field: HostField): Rule {
  const details = DETAILS[field];
  return {
    meta: {
      id: details.id,
      title: details.title,
      category: 'security',
      defaultSeverity: 'warning',
      profile: 'baseline',
      pss: 'baseline',
      rationale: `${details.rationale} The baseline Pod Security Standard forbids it.`,
      howToFix: `Remove \`${field}: true\` from the pod spec. Only node agents (CNI plugins, monitoring daemons) have a reason to set it, and they belong in a namespace that allows privileged pods.`,
      kubeLinter: [details.kubeLinter],
      polaris: [details.polaris],
      harden: false,
    },
    check(ctx) {
      for (const podSpec of ctx.podSpecs()) {
        const path = [...podSpec.path, field];
        if (ctx.value(path) !== true) continue;
        ctx.report({
          path,
          at: 'value',
          message: l10n.t('{0} {1}. Remove `{2}` unless this is a node agent.', l10n.t(POD_LABEL), l10n.t(details.what), field),
          fix: { podSpec: podSpec.path },
        });
      }
    },
    fixTitle: () => l10n.t('Remove `{0}: true`', field),
    fix(editor, args) {
      editor.removeKey(args.podSpec as (string | number)[], field);
    },
  };
}

export const hostNetwork = hostNamespaceRule('hostNetwork');
export const hostPid = hostNamespaceRule('hostPID');
export const hostIpc = hostNamespaceRule('hostIPC');
