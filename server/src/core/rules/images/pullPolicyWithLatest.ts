import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { parseImage } from './noLatestTag';
import * as l10n from '@vscode/l10n';

export const pullPolicyWithLatest: Rule = {
  meta: {
    id: 'pull-policy-with-latest',
    title: 'A `latest` image must be pulled every time',
    category: 'images',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'With `imagePullPolicy: IfNotPresent` or `Never`, a node that already has some `latest` image keeps running it, so different nodes run different code under the same name.',
    howToFix: 'Set `imagePullPolicy: Always` (or remove it: that is the default for `latest`), or better, pin the image to a version or digest.',
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const image = ctx.value([...container.path, 'image']);
      const policy = ctx.value([...container.path, 'imagePullPolicy']);
      if (typeof image !== 'string' || image.trim() === '' || (policy !== 'IfNotPresent' && policy !== 'Never')) continue;
      const { tag, digest } = parseImage(image.trim());
      if (digest !== undefined || (tag !== undefined && tag !== 'latest')) continue;
      ctx.report({
        path: [...container.path, 'imagePullPolicy'],
        at: 'value',
        message: tag === undefined
          ? l10n.t('{0} runs `{1}` (no tag: `latest`) with `imagePullPolicy: {2}`, so a node keeps whatever `latest` it pulled first; set `imagePullPolicy: Always`, or pin a version.', containerLabel(container), image, policy)
          : l10n.t('{0} runs `{1}` with `imagePullPolicy: {2}`, so a node keeps whatever `latest` it pulled first; set `imagePullPolicy: Always`, or pin a version.', containerLabel(container), image, policy),
        fix: { container: container.path },
      });
    }
  },
  fixTitle: () => l10n.t('Set `imagePullPolicy: Always`'),
  fix(editor, args) {
    editor.set([...(args.container as (string | number)[]), 'imagePullPolicy'], 'Always');
  },
};
