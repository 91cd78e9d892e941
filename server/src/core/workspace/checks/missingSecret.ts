import { reportMissing } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingSecret: WorkspaceCheck = {
  meta: {
    id: 'missing-secret',
    title: 'A Secret the workspace does not define',
    enabledByDefault: true,
    rationale: 'A pod that reads a Secret (`secretKeyRef`, `secretRef`, a `secret` volume or projected source, `imagePullSecrets`) does not start (or cannot pull its image) until it exists, and an Ingress without its TLS Secret serves the controller\'s default certificate. Secrets made by a SealedSecret, an ExternalSecret, a cert-manager Certificate or a kustomize `secretGenerator` count as defined; a workspace that defines no Secret at all gets no finding.',
    howToFix: 'Correct the name (the message suggests a near one in the same namespace), add the Secret (or what makes it), or mark the reference `optional: true` when the pod can do without it.',
    kubeLinter: ['env-value-from'],
  },
  check(ctx) {
    reportMissing(ctx, ['Secret'], {
      near: l10n.t('No Secret `{name}` is defined in namespace `{namespace}`; did you mean `{near}`?'),
      missing: l10n.t('No Secret `{name}` is defined in namespace `{namespace}` in this workspace; the pods that need it do not start until it exists.'),
      missingByField: {
        imagePullSecrets: l10n.t('No Secret `{name}` is defined in namespace `{namespace}` in this workspace; pulling images from a private registry fails until it exists.'),
        'tls[].secretName': l10n.t('No Secret `{name}` is defined in namespace `{namespace}` in this workspace; until it exists, the Ingress serves its controller\'s default certificate.'),
      },
    });
  },
};
