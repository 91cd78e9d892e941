import { asRecord, containerLabel } from '../helpers';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

export const secretAsEnvVar: Rule = {
  meta: {
    id: 'secret-as-env-var',
    title: 'Secrets should be mounted as files, not read into environment variables',
    category: 'security',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'Environment variables leak: into crash reports and debug endpoints, into every child process, and into `kubectl describe pod` when copied. A Secret mounted as a file is readable only by the process that opens it, and a changed Secret reaches the file without restarting the pod. (CIS Kubernetes Benchmark 5.4.1.)',
    howToFix: 'Mount the Secret as a volume (`secret:` volume and a `volumeMount`) and have the application read the file, instead of `valueFrom.secretKeyRef` or `envFrom.secretRef`.',
    kubeLinter: ['read-secret-from-env-var'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const env = ctx.value([...container.path, 'env']);
      if (Array.isArray(env)) {
        env.forEach((entry, index) => {
          const { name, valueFrom } = asRecord(entry);
          const ref = asRecord(asRecord(valueFrom).secretKeyRef);
          if (!('secretKeyRef' in asRecord(valueFrom))) return;
          ctx.report({
            path: [...container.path, 'env', index, 'valueFrom', 'secretKeyRef'],
            at: 'key',
            message: l10n.t('{0} reads key `{1}` of Secret `{2}` into the environment variable `{3}`, where crash reports and child processes can see it; mount the Secret as a file instead.', containerLabel(container), String(ref.key ?? ''), String(ref.name ?? ''), String(name ?? '')),
          });
        });
      }
      const envFrom = ctx.value([...container.path, 'envFrom']);
      if (Array.isArray(envFrom)) {
        envFrom.forEach((entry, index) => {
          if (!('secretRef' in asRecord(entry))) return;
          const ref = asRecord(asRecord(entry).secretRef);
          ctx.report({
            path: [...container.path, 'envFrom', index, 'secretRef'],
            at: 'key',
            message: l10n.t('{0} loads every key of Secret `{1}` into its environment, where crash reports and child processes can see them; mount the Secret as a file instead.', containerLabel(container), String(ref.name ?? '')),
          });
        });
      }
    }
  },
};
