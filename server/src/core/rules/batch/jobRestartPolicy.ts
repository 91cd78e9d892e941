import { PathSegment } from '../../yaml/nodes';
import { Rule } from '../types';
import { resourceLabel, sentence, setField } from '../helpers';
import { isKind } from '../../resource';

export const jobRestartPolicy: Rule = {
  meta: {
    id: 'job-restart-policy',
    title: 'Job pods must not use `restartPolicy: Always`',
    category: 'batch',
    defaultSeverity: 'error',
    profile: 'baseline',
    rationale: 'A Job runs its pods to completion, so the API server accepts only `restartPolicy: OnFailure` or `Never` in its pod template; the pod default, `Always`, is rejected, and it applies when the field is left out.',
    howToFix: 'Set `restartPolicy: OnFailure` (retries in the same pod) or `Never` (a new pod per retry, required with a `podFailurePolicy`) in the pod template.',
  },
  check(ctx) {
    const { resource } = ctx;
    if (!isKind(resource, 'Job', 'CronJob')) return;
    for (const podSpec of ctx.podSpecs()) {
      const path = [...podSpec.path, 'restartPolicy'];
      const policy = ctx.value(path);
      if (policy !== undefined && policy !== null && policy !== 'Always') continue;
      // A pod failure policy cannot be combined with OnFailure.
      const jobSpec = podSpec.path.slice(0, -2);
      const value = ctx.has([...jobSpec, 'podFailurePolicy']) ? 'Never' : 'OnFailure';
      ctx.report({
        path: policy === 'Always' ? path : podSpec.path,
        at: policy === 'Always' ? 'value' : 'key',
        message: policy === 'Always'
          ? `${sentence(resourceLabel(resource))} runs its pods with \`restartPolicy: Always\`, which the API server rejects for Jobs; use \`${value}\`.`
          : `${sentence(resourceLabel(resource))} does not set the pod template's \`restartPolicy\`, so it defaults to \`Always\`, which the API server rejects for Jobs; set \`${value}\`.`,
        fix: { podSpec: podSpec.path, value },
      });
    }
  },
  fixTitle: (args) => `Set \`restartPolicy: ${String(args.value)}\``,
  fix(editor, args) {
    setField(editor, args.podSpec as PathSegment[], 'restartPolicy', args.value, ['initContainers', 'containers']);
  },
};
