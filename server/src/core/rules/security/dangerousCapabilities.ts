import { isMap } from 'yaml';
import { containerLabel } from '../helpers';
import { Rule } from '../types';
import { ALL_CONTAINERS, containersIn, isRecord, listText, removeKeyAndEmptyParent } from './podSecurity';
import * as l10n from '@vscode/l10n';
import { phrase } from '../../l10n';

/** The capabilities the baseline Pod Security Standard lets a container add. */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Why some capabilities are especially bad, for the message. */
const WHY: Record<string, string> = {
  ALL: phrase('every capability, as good as privileged'),
  SYS_ADMIN: phrase('nearly root on the node'),
  NET_ADMIN: phrase('full control of the pod\'s network'),
  SYS_MODULE: phrase('loads kernel modules'),
  SYS_PTRACE: phrase('can trace and alter other processes'),
  SYS_RAWIO: phrase('raw access to memory and devices'),
  BPF: phrase('loads programs into the kernel'),
  NET_RAW: phrase('can forge network packets'),
  DAC_READ_SEARCH: phrase('can read any file'),
};

/**
 * `cap_sys_admin` → `SYS_ADMIN`: entries are judged by the capability they name, however they are
 * spelled. Pod Security admission compares the exact names, so a harmless capability spelled
 * differently (`cap_chown`) is reported too, to be written the standard way.
 */
export function capabilityName(entry: string): string {
  return entry.trim().toUpperCase().replace(/^CAP_/, '');
}

/** `` `SYS_ADMIN` (nearly root on the node) ``, `` `cap_net_admin` (NET_ADMIN, full control...) ``. */
function describe(entry: string): string {
  const name = capabilityName(entry);
  const notes = [name !== entry ? name : undefined, WHY[name] === undefined ? undefined : l10n.t(WHY[name])].filter((note): note is string => note !== undefined);
  return notes.length > 0 ? `\`${entry}\` (${notes.join(', ')})` : `\`${entry}\``;
}

export const dangerousCapabilities: Rule = {
  meta: {
    id: 'dangerous-capabilities',
    title: 'Containers must not add capabilities beyond the baseline set',
    category: 'security',
    defaultSeverity: 'warning',
    profile: 'baseline',
    pss: 'baseline',
    rationale: 'Capabilities split root\'s powers; some of them (SYS_ADMIN, NET_ADMIN, ALL...) are enough to escape the container or take over the node\'s network. The baseline Pod Security Standard allows adding only a short list of harmless ones.',
    howToFix: 'Remove the capabilities that are not in the baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) from `securityContext.capabilities.add`.',
    polaris: ['dangerousCapabilities', 'insecureCapabilities'],
    harden: false,
  },
  check(ctx) {
    for (const container of containersIn(ctx, ALL_CONTAINERS)) {
      const addPath = [...container.path, 'securityContext', 'capabilities', 'add'];
      const add = ctx.value(addPath);
      if (!Array.isArray(add)) continue;
      const entries = add.map((entry: unknown, index) => ({ entry, index }))
        .filter((item): item is { entry: string; index: number } => typeof item.entry === 'string');
      const offending = entries.filter((item) => !BASELINE_CAPABILITIES.has(capabilityName(item.entry)));
      const misspelled = entries.filter((item) => BASELINE_CAPABILITIES.has(capabilityName(item.entry)) && item.entry !== capabilityName(item.entry));
      if (offending.length + misspelled.length === 0) continue;
      const single = offending.length + misspelled.length === 1 ? [...offending, ...misspelled][0] : undefined;
      const parts: string[] = [];
      if (offending.length > 0) {
        const described = listText(offending.map((item) => describe(item.entry)));
        parts.push(offending.length === 1
          ? l10n.t('{0} adds a capability outside the baseline set: {1}. Remove it and grant only what the process needs.', containerLabel(container), described)
          : l10n.t('{0} adds capabilities outside the baseline set: {1}. Remove them and grant only what the process needs.', containerLabel(container), described));
      }
      if (misspelled.length > 0) {
        const spelled = listText(misspelled.map((item) => l10n.t('`{0}` as `{1}`', item.entry, capabilityName(item.entry))));
        parts.push(offending.length > 0
          ? l10n.t('Also write {0}: Pod Security admission compares the names exactly.', spelled)
          : misspelled.length === 1
            ? l10n.t('{0} adds a capability under a name Pod Security admission does not accept; write {1}.', containerLabel(container), spelled)
            : l10n.t('{0} adds capabilities under names Pod Security admission does not accept; write {1}.', containerLabel(container), spelled));
      }
      ctx.report({
        // One entry in question: that entry; several: the `add` key.
        path: single ? [...addPath, single.index] : addPath,
        at: single ? 'value' : 'key',
        message: parts.join(' '),
        ...(isMap(ctx.node(addPath.slice(0, -1))) ? {
          fix: { container: container.path, remove: offending.map((item) => item.entry), rename: misspelled.map((item) => item.entry) },
        } : {}),
      });
    }
  },
  fixTitle: (args) => {
    const remove = (args.remove as string[]).map((name) => `\`${name}\``);
    const rename = listText((args.rename as string[]).map((name) => l10n.t('`{0}` as `{1}`', name, capabilityName(name))));
    if (remove.length === 0) return l10n.t('Write {0}', rename);
    return rename ? l10n.t('Remove {0} from `capabilities.add` and write {1}', listText(remove), rename) : l10n.t('Remove {0} from `capabilities.add`', listText(remove));
  },
  fix(editor, args) {
    const capsPath = [...(args.container as (string | number)[]), 'securityContext', 'capabilities'];
    const caps = editor.value(capsPath);
    if (!isRecord(caps) || !Array.isArray(caps.add)) return;
    const allowed = (entry: unknown) => typeof entry !== 'string' || BASELINE_CAPABILITIES.has(capabilityName(entry));
    const canonical = (entry: unknown) => (typeof entry === 'string' ? capabilityName(entry) : entry);
    if (caps.add.every(allowed)) {
      // Only spellings to correct: each entry in place, comments kept.
      caps.add.forEach((entry: unknown, index) => {
        if (typeof entry === 'string' && entry !== capabilityName(entry)) editor.replaceScalar([...capsPath, 'add', index], capabilityName(entry));
      });
      return;
    }
    const keep = caps.add.filter(allowed).map(canonical);
    const keys = Object.keys(caps);
    if (keep.length === 0 && keys.length === 1) {
      // Nothing left in `capabilities`: remove it rather than leave `capabilities: {}`.
      removeKeyAndEmptyParent(editor, capsPath.slice(0, -1), 'capabilities');
      return;
    }
    if (keep.length === 0) {
      editor.removeKey(capsPath, 'add');
      return;
    }
    // Drop the offending entries one by one (last first, so indexes stay valid), then correct the
    // spelling of the ones kept: comments on the other entries stay where they are.
    for (let index = caps.add.length - 1; index >= 0; index--) {
      if (!allowed(caps.add[index])) editor.removeItem([...capsPath, 'add'], index);
    }
    const remaining = editor.value([...capsPath, 'add']);
    if (Array.isArray(remaining)) remaining.forEach((entry: unknown, index) => {
      if (typeof entry === 'string' && entry !== capabilityName(entry)) editor.replaceScalar([...capsPath, 'add', index], capabilityName(entry));
    });
  },
};
