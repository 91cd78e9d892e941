import { isSeq } from 'yaml';
import { Rule } from '../types';
import { at } from '../helpers';
import { isKind } from '../../resource';
import * as l10n from '@vscode/l10n';

export const networkPolicyNoPolicyTypes: Rule = {
  meta: {
    id: 'networkpolicy-no-policy-types',
    title: 'NetworkPolicies should say which directions they isolate',
    category: 'network',
    defaultSeverity: 'warning',
    profile: 'baseline',
    kinds: ['NetworkPolicy'],
    rationale: 'Without `policyTypes`, Kubernetes guesses: every policy isolates ingress, and egress only while it has at least one egress rule. So `egress: []` meant as "deny all egress" does nothing, and deleting the last egress rule silently opens all egress.',
    howToFix: 'Set `spec.policyTypes` to the directions the policy isolates: `[Ingress]`, `[Egress]` or `[Ingress, Egress]`.',
    harden: false,
  },
  check(ctx) {
    if (!isKind(ctx.resource, 'NetworkPolicy')) return;
    const spec = ctx.value(at(ctx, 'spec'));
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return;
    const { policyTypes, ingress, egress } = spec as Record<string, unknown>;
    if (Array.isArray(policyTypes) ? policyTypes.length > 0 : policyTypes !== undefined && policyTypes !== null) return;

    const egressRules = Array.isArray(egress) ? egress.length : 0;
    const emptyEgress = Array.isArray(egress) && egress.length === 0;
    const ingressRules = Array.isArray(ingress) ? ingress.length : 0;
    // Kubernetes' default, plus Egress when an egress section is written at all: `egress: []`
    // states an intent (deny all egress) that the default silently drops.
    const types = egressRules > 0 || emptyEgress ? ['Ingress', 'Egress'] : ['Ingress'];
    const none = Array.isArray(policyTypes) ? l10n.t('an empty `policyTypes`') : l10n.t('no `policyTypes`');
    let message: string;
    if (emptyEgress && ingressRules > 0) {
      message = l10n.t('This NetworkPolicy has `egress: []` but {0}, so Kubernetes reads it as `[Ingress]` and egress is not restricted at all; set `policyTypes: [Ingress, Egress]` to deny all egress as written, or remove `egress: []`.', none);
    } else if (emptyEgress) {
      message = l10n.t('This NetworkPolicy has `egress: []` but {0}, so Kubernetes reads it as `[Ingress]`: it denies all ingress and does not restrict egress. Set `policyTypes` to what you mean: `[Egress]` to deny only egress, `[Ingress, Egress]` to deny both.', none);
    } else if (egressRules > 0) {
      message = l10n.t('This NetworkPolicy has {0}; Kubernetes reads it as `[Ingress, Egress]` only because it has egress rules. Set `policyTypes: [Ingress, Egress]` so removing the last egress rule does not silently open all egress.', none);
    } else {
      message = l10n.t('This NetworkPolicy has {0}; Kubernetes reads it as `[Ingress]`, so it does not restrict egress. Set `policyTypes` to say which directions it isolates.', none);
    }
    const anchor = ctx.has(at(ctx, 'spec', 'policyTypes')) ? at(ctx, 'spec', 'policyTypes') : emptyEgress ? at(ctx, 'spec', 'egress') : at(ctx, 'spec');
    // Safe where the types written are those Kubernetes infers now; with `egress: []` they change what the policy does.
    ctx.report({ path: anchor, message, fix: { spec: at(ctx, 'spec'), types }, safeFix: !emptyEgress });
  },
  fixTitle: (args) => l10n.t('Set `policyTypes: [{0}]`', (args.types as string[]).join(', ')),
  fix(editor, args) {
    const spec = args.spec as (string | number)[];
    const types = args.types as string[];
    const path = [...spec, 'policyTypes'];
    if (isSeq(editor.node(path))) {
      // `policyTypes: []`: fill the list in place (its line and comment stay).
      for (const type of types) editor.appendItem(path, type);
      return;
    }
    if (editor.has(path)) editor.removeKey(spec, 'policyTypes');
    // Before the rules, where people look for it (after podSelector).
    editor.insertPair(spec, 'policyTypes', types, { before: ['ingress', 'egress'] });
  },
};
