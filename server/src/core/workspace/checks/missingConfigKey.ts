import { closestMatch } from '../../validation/text';
import { codeList, format, referencesOf } from './helpers';
import { WorkspaceCheck } from './types';
import * as l10n from '@vscode/l10n';

export const missingConfigKey: WorkspaceCheck = {
  meta: {
    id: 'missing-config-key',
    title: 'A key its ConfigMap or Secret does not have',
    enabledByDefault: true,
    rationale: 'A pod whose `configMapKeyRef` / `secretKeyRef` (or a volume\'s `items`) names a key the ConfigMap or Secret does not have fails to start (`couldn\'t find key`). Checked when the workspace defines the ConfigMap or Secret with its keys (not for generated ones whose keys are unknown).',
    howToFix: 'Correct the key (the message suggests a near one), add it to the ConfigMap or Secret, or mark the reference `optional: true`.',
    kubeLinter: ['env-value-from'],
  },
  check({ model, resource, report }) {
    if (resource.uncertain) return;
    for (const reference of referencesOf(resource, 'ConfigMap', 'Secret')) {
      if (!reference.keys?.length) continue;
      const targets = model.resolve(reference);
      // Keys are known only when every definition lists them.
      if (targets.length === 0 || targets.some((target) => target.facts.keys === undefined)) continue;
      const known = [...new Set(targets.flatMap((target) => target.facts.keys!.map((key) => key.name)))];
      for (const key of reference.keys) {
        if (known.includes(key.name)) continue;
        const near = closestMatch(key.name, known);
        const values = { kind: reference.target, name: reference.name, key: key.name, near: near ?? '', keys: codeList(known.slice(0, 12)) };
        const template = near
          ? l10n.t('{kind} `{name}` has no key `{key}`; did you mean `{near}`?')
          : known.length === 0 ? l10n.t('{kind} `{name}` has no keys, so it has no key `{key}`; the pod does not start until it has.')
            : l10n.t('{kind} `{name}` has no key `{key}` (its keys: {keys}); the pod does not start until it has.');
        report({ span: key.span, message: format(template, values) });
      }
    }
  },
};
