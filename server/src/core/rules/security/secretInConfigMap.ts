import { Node, isMap, isScalar } from 'yaml';
import { isKind } from '../../resource';
import { keyText, mapEntries, resolveAlias } from '../../yaml/nodes';
import { at } from '../helpers';
import { harmlessValue, looksSecret, secretFormatOf } from '../secrets';
import { Rule } from '../types';
import * as l10n from '@vscode/l10n';

/** A key that names a file (`app.properties`, `tls.key`): its name says what the file is for, not that its content is a secret. */
const FILE_NAME = /\.[A-Za-z][A-Za-z0-9]{0,9}$/;

export const secretInConfigMap: Rule = {
  meta: {
    id: 'secret-in-configmap',
    title: 'Secrets must not be kept in ConfigMaps',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['ConfigMap'],
    rationale: 'A ConfigMap is plain configuration: it is shown by `kubectl describe`, readable by every role that may read configuration, and left out of encryption at rest, which clusters usually set up for Secrets only. Passwords, keys and tokens belong in Secrets, which RBAC, encryption at rest and audit treat as secrets. Kubesmith recognises a secret by its key (`DB_PASSWORD`, `apiKey`) and, in any value, file contents included, by the formats of private keys, URLs with a password, and the keys and tokens of AWS, Google Cloud, Azure, GitHub, GitLab, Slack, Stripe and other services.',
    howToFix: 'Move the entry to a Secret (same key) and read it from there: `secretKeyRef` instead of `configMapKeyRef`, a `secret` volume instead of a `configMap` one. A secret that was committed should be rotated too.',
    polaris: ['sensitiveConfigmapContent'],
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'ConfigMap')) return;
    // The data is read from the syntax tree: ConfigMaps can be large, and converting them for the
    // rules would cost more than this check.
    const data = ctx.node(at(ctx, 'data'));
    if (!isMap(data)) return;
    const name = ctx.resource.name;
    for (const pair of mapEntries(data, ctx.doc)) {
      const key = keyText(pair);
      const value = resolveAlias(pair.value as Node | null, ctx.doc);
      if (key === undefined || !isScalar(value) || value.value === null || value.value === undefined) continue;
      const text = String(value.value);
      const format = secretFormatOf(text);
      if (format) {
        ctx.report({
          path: at(ctx, 'data', key),
          at: 'value',
          message: l10n.t('The key `{0}` holds what looks like {1}, and a ConfigMap is readable by anyone who may read configuration. Move it to a Secret, and rotate it.', key, format),
        });
      } else if (!FILE_NAME.test(key) && !text.includes('\n') && looksSecret(key) && !harmlessValue(text)) {
        ctx.report({
          path: at(ctx, 'data', key),
          at: 'key',
          message: name
            ? l10n.t('ConfigMap `{0}` keeps `{1}`, which its name says is a secret, in plain configuration; move it to a Secret.', name, key)
            : l10n.t('This ConfigMap keeps `{0}`, which its name says is a secret, in plain configuration; move it to a Secret.', key),
        });
      }
    }
  },
};
