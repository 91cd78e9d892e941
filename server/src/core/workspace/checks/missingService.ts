import { reportMissing } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingService: WorkspaceCheck = {
  meta: {
    id: 'missing-service',
    title: 'A Service the workspace does not define',
    enabledByDefault: true,
    rationale: 'Traffic an Ingress backend, a Gateway API route, an Istio VirtualService or DestinationRule host (short name or `name.namespace.svc.cluster.local`) sends to a Service that does not exist goes nowhere, and a StatefulSet\'s pods get no stable network names without their headless Service (`serviceName`). A workspace that defines no Service at all gets no finding.',
    howToFix: 'Correct the name (the message suggests a near one in the same namespace) or add the Service.',
    kubeLinter: ['dangling-ingress'],
    kubeScore: ['ingress-targets-service', 'statefulset-has-servicename'],
  },
  check(ctx) {
    reportMissing(ctx, ['Service'], {
      near: l10n.t('No Service `{name}` is defined in namespace `{namespace}`; did you mean `{near}`?'),
      missing: l10n.t('No Service `{name}` is defined in namespace `{namespace}` in this workspace; traffic sent to it goes nowhere.'),
      missingByField: { serviceName: l10n.t('No Service `{name}` is defined in namespace `{namespace}` in this workspace; the StatefulSet\'s pods get no stable network names without this headless Service.') },
    });
  },
};
