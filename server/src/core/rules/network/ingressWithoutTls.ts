import { Rule } from '../types';
import { at, listAt, names } from '../helpers';
import * as l10n from '@vscode/l10n';

/** Whether a TLS host (exact, or `*.example.com` for exactly one more label) covers a rule host. */
export function tlsCovers(tlsHost: string, host: string): boolean {
  const pattern = tlsHost.toLowerCase();
  const name = host.toLowerCase();
  if (pattern === name) return true;
  if (!pattern.startsWith('*.') || name.startsWith('*.')) return false;
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot) === pattern.slice(1);
}

export const ingressWithoutTls: Rule = {
  meta: {
    id: 'ingress-without-tls',
    title: 'Ingresses should serve their hosts over TLS',
    category: 'network',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['Ingress'],
    rationale: 'A host with no TLS entry is served over plain HTTP: credentials, cookies and data cross the network readable by anyone on the path.',
    howToFix: 'Add `spec.tls` entries whose `hosts` list every host of the rules, each with a `secretName` holding a certificate for them (cert-manager can issue it).',
    polaris: ['tlsSettingsMissing'],
  },
  check(ctx) {
    if (ctx.resource.kind !== 'Ingress' || ctx.resource.apiVersion !== 'networking.k8s.io/v1') return;
    const spec = ctx.value(at(ctx, 'spec'));
    if (!spec || typeof spec !== 'object') return;

    const hosts: { host: string; index: number }[] = [];
    listAt(ctx, at(ctx, 'spec', 'rules')).forEach((rule, index) => {
      const host = rule && typeof rule === 'object' ? (rule as Record<string, unknown>).host : undefined;
      if (typeof host === 'string' && host !== '' && !hosts.some((seen) => seen.host === host)) hosts.push({ host, index });
    });

    const tls = listAt(ctx, at(ctx, 'spec', 'tls')).filter((entry) => entry && typeof entry === 'object') as Record<string, unknown>[];
    if (tls.length === 0) {
      ctx.report({
        path: at(ctx, 'spec'),
        message: hosts.length > 0
          ? hosts.length === 1
            ? l10n.t('This Ingress has no `tls` section, so {0} is served over plain HTTP; add `spec.tls` with the hosts and a certificate Secret.', names(hosts.map((entry) => entry.host)))
            : l10n.t('This Ingress has no `tls` section, so {0} are served over plain HTTP; add `spec.tls` with the hosts and a certificate Secret.', names(hosts.map((entry) => entry.host)))
          : l10n.t('This Ingress has no `tls` section, so it serves plain HTTP; add `spec.tls` with a certificate Secret.'),
      });
      return;
    }
    // An entry without hosts takes the controller's default certificate for every host.
    if (tls.some((entry) => !Array.isArray(entry.hosts) || entry.hosts.length === 0)) return;
    const tlsHosts = tls.flatMap((entry) => (entry.hosts as unknown[]).filter((host): host is string => typeof host === 'string'));
    for (const { host, index } of hosts) {
      if (tlsHosts.some((tlsHost) => tlsCovers(tlsHost, host))) continue;
      ctx.report({
        path: at(ctx, 'spec', 'rules', index, 'host'),
        at: 'value',
        message: l10n.t('Host `{0}` is in no `tls` entry, so it is served over plain HTTP; add it to the `hosts` of a `spec.tls` entry whose certificate covers it.', host),
      });
    }
  },
};
