import { labelsMatch } from '../model';
import { format, labelsOf, nearLabel, nearPodLabel, selectorCandidates, selectorText } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';
import { phrase } from '../../l10n';

/** Per selecting kind: the message when nothing matches, and when a near label is known. */
const MESSAGES: Record<string, { none: string; near: string }> = {
  Service: {
    none: phrase('No pod in namespace `{namespace}` matches this Service\'s selector (`{labels}`); its traffic goes nowhere.'),
    near: phrase('No pod in namespace `{namespace}` matches this Service\'s selector (`{labels}`); did you mean `{near}`?'),
  },
  NetworkPolicy: {
    none: phrase('No pod in namespace `{namespace}` matches this NetworkPolicy\'s `podSelector` (`{labels}`); it applies to no pod.'),
    near: phrase('No pod in namespace `{namespace}` matches this NetworkPolicy\'s `podSelector` (`{labels}`); did you mean `{near}`?'),
  },
  peer: {
    none: phrase('No pod in namespace `{namespace}` matches the peer `{field}` (`{labels}`); that peer lets no traffic through.'),
    near: phrase('No pod in namespace `{namespace}` matches the peer `{field}` (`{labels}`); did you mean `{near}`?'),
  },
  PodDisruptionBudget: {
    none: phrase('No pod in namespace `{namespace}` matches this PodDisruptionBudget\'s selector (`{labels}`); it protects nothing.'),
    near: phrase('No pod in namespace `{namespace}` matches this PodDisruptionBudget\'s selector (`{labels}`); did you mean `{near}`?'),
  },
  PodMonitor: {
    none: phrase('No pod in {namespaces} matches this PodMonitor\'s selector (`{labels}`); nothing is scraped.'),
    near: phrase('No pod in {namespaces} matches this PodMonitor\'s selector (`{labels}`); did you mean `{near}`?'),
  },
  ServiceMonitor: {
    none: phrase('No Service in {namespaces} matches this ServiceMonitor\'s selector (`{labels}`); nothing is scraped.'),
    near: phrase('No Service in {namespaces} matches this ServiceMonitor\'s selector (`{labels}`); did you mean `{near}`?'),
  },
  DestinationRule: {
    none: phrase('No pod of host `{host}` matches subset `{subset}` (`{labels}`); requests routed to this subset fail.'),
    near: phrase('No pod of host `{host}` matches subset `{subset}` (`{labels}`); did you mean `{near}`?'),
  },
};

export const selectorMatchesNothing: WorkspaceCheck = {
  meta: {
    id: 'selector-matches-nothing',
    title: 'A selector that matches no pod (or no Service)',
    enabledByDefault: true,
    rationale: 'A Service whose selector matches no pod template sends traffic nowhere; a NetworkPolicy (or one of its peers), a PodDisruptionBudget or a PodMonitor that matches no pod does nothing; an Istio DestinationRule subset whose labels match none of its host\'s pods fails the requests routed to it; a ServiceMonitor that matches no Service scrapes nothing. Usually a label misspelt on one side. Pods are the templates of the workspace\'s workloads; a namespace where the workspace has no pod at all gets no finding (its pods are made elsewhere), nor do empty selectors, which select everything.',
    howToFix: 'Make the selector and the pod template\'s labels agree (the message suggests a near label).',
    kubeLinter: ['dangling-service', 'dangling-networkpolicy', 'dangling-networkpolicypeer-podselector', 'dangling-servicemonitor'],
    kubeScore: ['service-targets-pod', 'networkpolicy-targets-pod'],
  },
  check({ model, resource, report }) {
    if (resource.uncertain) return;
    for (const selector of resource.selectors) {
      const namespaces = model.selectorNamespaces(selector);
      // The common case first: some pod matches (looked up by label).
      if (selector.selects === 'pods' && selector.subset === undefined && model.matchingPods(namespaces, selector.matchLabels, selector.expressions, 1).length > 0) continue;
      // Nothing to match against: these pods are clearly made elsewhere.
      const candidates = selectorCandidates(model, selector);
      if (!candidates) continue;
      const byLabel = selector.selects === 'pods' && selector.subset === undefined;
      if (!byLabel && candidates.some((candidate) => labelsMatch(labelsOf(candidate), selector.matchLabels, selector.expressions))) continue;
      const key = selector.subset !== undefined ? 'DestinationRule' : resource.kind === 'NetworkPolicy' && selector.field !== 'podSelector' ? 'peer' : resource.kind;
      const messages = MESSAGES[key];
      if (!messages) continue;
      const near = byLabel && namespaces !== '*' ? nearPodLabel(model, namespaces, selector.matchLabels) : nearLabel(selector.matchLabels, candidates);
      const host = resource.references.find((reference) => reference.field === 'host');
      const values = {
        namespace: namespaces === '*' ? '*' : namespaces[0], namespaces: namespaces === '*' ? l10n.t('any namespace') : namespaces.map((namespace) => `namespace \`${namespace}\``).join(', '),
        labels: selectorText(selector.matchLabels, selector.expressions), field: selector.field, near: near ?? '', subset: selector.subset ?? '', host: host?.name ?? '',
      };
      report({ span: selector.span, message: format(l10n.t(near ? messages.near : messages.none), values) });
    }
  },
};
