import { asRecord, containerLabel } from '../helpers';
import { harmlessValue, looksSecret, secretFormatOf } from '../secrets';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const secretInEnv: Rule = {
  meta: {
    id: 'secret-in-env',
    title: 'Secrets must not be written into environment variables',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'A password or token written as a literal `value` is readable by anyone who can read the manifest, its Git history, or the workload in the cluster, and it cannot be rotated without editing the manifest. Kubesmith recognises a secret by the variable\'s name (`DB_PASSWORD`, `API_KEY`), and by the value itself whatever the name: private keys, URLs with a password, and the keys and tokens of AWS, Google Cloud, Azure, GitHub, GitLab, Slack, Stripe and other services, by their documented formats.',
    howToFix: 'Store the value in a Secret and reference it with `valueFrom.secretKeyRef` (or mount the Secret as a file). A secret that was committed should be rotated too.',
    kubeLinter: ['env-var-secret'],
    polaris: ['sensitiveContainerEnvVar'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const env = ctx.value([...container.path, 'env']);
      if (!Array.isArray(env)) continue;
      env.forEach((entry, index) => {
        const { name, value } = asRecord(entry);
        if (typeof name !== 'string' || value === undefined || value === null) return;
        const text = String(value);
        const format = secretFormatOf(text);
        if (format) {
          ctx.report({
            path: [...container.path, 'env', index, 'value'],
            at: 'value',
            message: l10n.t('{0} sets `{1}` to what looks like {2}, written into the manifest where anyone who can read it can use it. Put it in a Secret, use `valueFrom.secretKeyRef`, and rotate it.', containerLabel(container), name, format),
          });
        } else if (looksSecret(name) && !harmlessValue(text)) {
          ctx.report({
            path: [...container.path, 'env', index, 'value'],
            at: 'value',
            message: l10n.t('{0} sets `{1}` to a literal value, and the name says it is a secret: anyone who can read the manifest can read it. Put it in a Secret and use `valueFrom.secretKeyRef`.', containerLabel(container), name),
          });
        }
      });
    }
  },
};
