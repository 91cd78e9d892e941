import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { parseImage } from './noLatestTag';
import * as l10n from '@vscode/l10n';

export const pullPolicyNotAlways: Rule = {
  meta: {
    id: 'pull-policy-not-always',
    title: 'Images with a mutable tag should be pulled every time',
    category: 'images',
    defaultSeverity: 'info',
    profile: 'all',
    rationale: 'A tag can be pushed again. With `IfNotPresent` (the default for a tag other than `latest`) a node keeps the image it pulled first, so nodes can run different code under one tag, and a pod reuses an image already on the node without its `imagePullSecrets` being checked. A digest cannot change, so images pinned by digest are not reported.',
    howToFix: 'Set `imagePullPolicy: Always` (the registry is asked only for the digest when the image is present), or pin the image by digest (`app@sha256:...`).',
    polaris: ['pullPolicyNotAlways'],
    kubeScore: ['container-image-pull-policy'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const image = ctx.value([...container.path, 'image']);
      if (typeof image !== 'string' || image.trim() === '') continue;
      const { tag, digest } = parseImage(image.trim());
      if (digest !== undefined) continue;
      const policy = ctx.value([...container.path, 'imagePullPolicy']);
      if (policy === 'Always') continue;
      // `latest` or no tag: Always by default, and pull-policy-with-latest reports any other policy.
      if (tag === undefined || tag === 'latest') continue;
      const explicit = policy !== undefined && policy !== null;
      ctx.report({
        path: explicit ? [...container.path, 'imagePullPolicy'] : [...container.path, 'image'],
        at: 'value',
        message: explicit
          ? l10n.t('{0} runs `{1}` with `imagePullPolicy: {2}`, so a node keeps the image it pulled first even if the tag is pushed again; set `imagePullPolicy: Always`, or pin the image by digest.', containerLabel(container), image, String(policy))
          : l10n.t('{0} runs `{1}` with the default `imagePullPolicy: IfNotPresent`, so a node keeps the image it pulled first even if the tag is pushed again; set `imagePullPolicy: Always`, or pin the image by digest.', containerLabel(container), image),
        fix: { container: container.path },
      });
    }
  },
  fixTitle: () => l10n.t('Set `imagePullPolicy: Always`'),
  fix(editor, args) {
    editor.set([...(args.container as (string | number)[]), 'imagePullPolicy'], 'Always');
  },
};
