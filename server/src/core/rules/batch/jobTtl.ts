import { PathSegment } from '../../yaml/nodes';
import { Rule } from '../types';
import { anchorPath, isSet, resourceLabel, sentence, setField } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

export const JOB_TTL_SECONDS = 86400;

export const jobTtl: Rule = {
  meta: {
    id: 'job-ttl',
    title: 'Jobs should be cleaned up after they finish',
    category: 'batch',
    defaultSeverity: 'info',
    profile: 'baseline',
    kinds: ['Job'],
    rationale: 'A finished Job and its pods stay in the cluster until someone deletes them, piling up in listings and in etcd. `ttlSecondsAfterFinished` lets Kubernetes delete them some time after they finish.',
    howToFix: 'Set `spec.ttlSecondsAfterFinished` (for example 86400, one day: long enough to read the logs). Jobs created by a CronJob are cleaned up by its history limits instead.',
    kubeLinter: ['job-ttl-seconds-after-finished'],
  },
  check(ctx) {
    const { resource } = ctx;
    if (!isKind(resource, 'Job')) return;
    const spec = [...resource.path, 'spec'];
    if (isSet(ctx.value([...spec, 'ttlSecondsAfterFinished']))) return;
    ctx.report({
      path: anchorPath(ctx, spec),
      message: l10n.t('{0} has no `ttlSecondsAfterFinished`, so it and its pods stay in the cluster after it finishes until someone deletes them; set it (for example {1}, one day).', sentence(resourceLabel(resource)), JOB_TTL_SECONDS),
      fix: { spec },
    });
  },
  fixTitle: () => l10n.t('Set `ttlSecondsAfterFinished: {0}` (1 day)', JOB_TTL_SECONDS),
  fix(editor, args) {
    setField(editor, args.spec as PathSegment[], 'ttlSecondsAfterFinished', JOB_TTL_SECONDS, ['template']);
  },
};
