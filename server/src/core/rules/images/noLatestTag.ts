import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** `registry:5000/team/app:1.2@sha256:...` → its tag and digest. */
export function parseImage(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  return { ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

export const noLatestTag: Rule = {
  meta: {
    id: 'no-latest-tag',
    title: 'Images must be pinned to a version',
    category: 'images',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'An image without a tag, or tagged `latest`, changes under you: two nodes can run different code, and a rollback does not roll back.',
    howToFix: 'Use a version tag (`nginx:1.27.3`) or a digest (`nginx@sha256:...`). Kubesmith cannot choose the version for you.',
    kubeLinter: ['latest-tag'],
    polaris: ['tagNotSpecified'],
    kubeScore: ['container-image-tag'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const image = ctx.value([...container.path, 'image']);
      if (typeof image !== 'string' || image.trim() === '') continue;
      const { tag, digest } = parseImage(image.trim());
      if (digest) continue;
      if (tag === undefined) {
        ctx.report({ path: [...container.path, 'image'], at: 'value', message: l10n.t('Image `{0}` has no tag, so it means `latest`; pin a version such as `{0}:1.2.3` or a digest.', image) });
      } else if (tag === 'latest') {
        ctx.report({ path: [...container.path, 'image'], at: 'value', message: l10n.t('Image `{0}` uses the `latest` tag; pin a version or a digest so every node runs the same code.', image) });
      }
    }
  },
};
