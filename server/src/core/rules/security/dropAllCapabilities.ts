import { isSeq } from 'yaml';
import { containerAnchor, containerLabel } from '../helpers';
import { Rule } from '../types';
import { MANIFEST_CONTAINERS, containersIn } from './podSecurity';
import * as l10n from '@vscode/l10n';

export const dropAllCapabilities: Rule = {
  meta: {
    id: 'drop-all-capabilities',
    title: 'Containers must drop all capabilities',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'restricted',
    pss: 'restricted',
    rationale: 'Containers start with a default set of capabilities (NET_RAW, CHOWN, SETUID...) that most applications never use and attackers do. The restricted Pod Security Standard requires dropping ALL and adding back at most NET_BIND_SERVICE.',
    howToFix: 'Add `ALL` to `securityContext.capabilities.drop` on every container, then add back only what the process needs (`NET_BIND_SERVICE` to listen below port 1024).',
    kubeLinter: ['drop-net-raw-capability'],
    polaris: ['insecureCapabilities', 'linuxHardening'],
    harden: true,
  },
  check(ctx) {
    for (const container of containersIn(ctx, MANIFEST_CONTAINERS)) {
      const dropPath = [...container.path, 'securityContext', 'capabilities', 'drop'];
      const drop = ctx.value(dropPath);
      if (Array.isArray(drop) && drop.includes('ALL')) continue;
      const hasList = isSeq(ctx.node(dropPath));
      ctx.report({
        path: hasList ? dropPath : containerAnchor(ctx, container),
        at: hasList ? 'key' : 'value',
        message: hasList
          ? l10n.t('{0} drops some capabilities but not all; add `ALL` to `capabilities.drop` and add back only what it needs.', containerLabel(container))
          : l10n.t('{0} keeps the runtime\'s default capabilities; set `securityContext.capabilities.drop: [ALL]` and add back only what it needs.', containerLabel(container)),
        fix: { container: container.path },
      });
    }
  },
  fixTitle: () => l10n.t('Drop ALL capabilities'),
  fix(editor, args) {
    const dropPath = [...(args.container as (string | number)[]), 'securityContext', 'capabilities', 'drop'];
    if (isSeq(editor.node(dropPath))) editor.appendItem(dropPath, 'ALL');
    else editor.set(dropPath, ['ALL']);
  },
};
