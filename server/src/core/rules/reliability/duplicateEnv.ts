import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { asRecord, removeSequenceItem } from '../helpers';
import * as l10n from '@vscode/l10n';

/** Indexes of the env entries with this name, in order. */
function entriesNamed(env: unknown[], name: string): number[] {
  return env.flatMap((entry, index) => (asRecord(entry).name === name ? [index] : []));
}

/**
 * Whether removing the earlier entries would change another variable: an entry between the first
 * and the last one that refers to `$(NAME)` sees the earlier value.
 */
function referencedBetween(env: unknown[], name: string, indexes: number[]): boolean {
  const reference = `$(${name})`;
  for (let index = indexes[0] + 1; index < indexes[indexes.length - 1]; index++) {
    const value = asRecord(env[index]).value;
    if (typeof value === 'string' && value.includes(reference)) return true;
  }
  return false;
}

export const duplicateEnv: Rule = {
  meta: {
    id: 'duplicate-env',
    title: 'Environment variables must be set once per container',
    category: 'reliability',
    defaultSeverity: 'warning',
    profile: 'baseline',
    rationale: 'When a container lists the same environment variable twice, the last entry silently wins: whoever edits the first one changes nothing.',
    howToFix: 'Keep one entry per name: remove the earlier ones (they have no effect), after checking that the last one holds the value you want.',
    kubeLinter: ['duplicate-env-var'],
    kubeScore: ['environment-variable-key-duplication'],
  },
  check(ctx) {
    for (const container of ctx.containers()) {
      const env = ctx.value([...container.path, 'env']);
      if (!Array.isArray(env)) continue;
      const seen = new Set<string>();
      env.forEach((entry) => {
        const name = asRecord(entry).name;
        if (typeof name !== 'string' || seen.has(name)) return;
        seen.add(name);
        const indexes = entriesNamed(env, name);
        if (indexes.length < 2) return;
        const last = indexes[indexes.length - 1];
        const fixable = !referencedBetween(env, name, indexes);
        for (const earlier of indexes.slice(0, -1)) {
          ctx.report({
            path: [...container.path, 'env', earlier, 'name'],
            at: 'value',
            message: fixable
              ? l10n.t('{0} sets `{1}` again later in `env` (entry {2}), and the last entry wins: this one has no effect. Remove it.', containerLabel(container), name, last + 1)
              : l10n.t('{0} sets `{1}` again later in `env` (entry {2}), and the last entry wins: this one has no effect. Remove it (another variable in between refers to it: check that first).', containerLabel(container), name, last + 1),
            // The earlier entries have no effect: removing them changes nothing the container sees.
            ...(fixable ? { fix: { container: container.path, name, count: indexes.length - 1 }, safeFix: true } : {}),
          });
        }
      });
    }
  },
  fixTitle: (args) => (args.count === 1
    ? l10n.t('Remove the earlier `{0}` entry (the last one wins)', String(args.name))
    : l10n.t('Remove the earlier `{0}` entries (the last one wins)', String(args.name))),
  fix(editor, args) {
    const envPath = [...(args.container as (string | number)[]), 'env'];
    const env = editor.value(envPath);
    if (!Array.isArray(env)) return;
    const indexes = entriesNamed(env, String(args.name));
    // From the end, so the indexes still to remove stay valid.
    for (const index of indexes.slice(0, -1).reverse()) {
      if (!removeSequenceItem(editor, envPath, index)) throw new Error('this list cannot be edited line by line');
    }
  },
};
