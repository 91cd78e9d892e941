import { Rule } from '../types';
import { at } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

export const nodePortService: Rule = {
  meta: {
    id: 'nodeport-service',
    title: 'Avoid NodePort Services',
    category: 'network',
    defaultSeverity: 'warning',
    profile: 'restricted',
    kinds: ['Service'],
    rationale: 'A NodePort Service opens a port on every node\'s IP address, outside any load balancer, Ingress or TLS termination, and ties clients to node addresses that change.',
    howToFix: 'Use a ClusterIP Service behind an Ingress (or a Gateway), or a LoadBalancer Service when the traffic is not HTTP.',
    kubeLinter: ['exposed-services'],
    kubeScore: ['service-type'],
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'Service') || ctx.value(at(ctx, 'spec', 'type')) !== 'NodePort') return;
    ctx.report({
      path: at(ctx, 'spec', 'type'),
      at: 'value',
      message: l10n.t('A NodePort Service opens its port on every node\'s IP address; put a ClusterIP Service behind an Ingress, or use a LoadBalancer, instead.'),
    });
  },
};
