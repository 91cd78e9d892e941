import { isScalar, isSeq } from 'yaml';
import type { DocumentEditor } from '../edits/documentEditor';
import { ResourceInfo, isKind } from '../resource';
import { PathSegment } from '../yaml/nodes';
import { RuleContext } from './types';
import { ContainerLocation, PodSpecLocation } from './workloads';
import * as l10n from '@vscode/l10n';

/** The helpers rule modules share (one place for each: look here before writing one). */

// Containers and pods

/** A container's effective security setting: its own securityContext, else the pod's. */
export function effectiveSecurity(ctx: RuleContext, container: ContainerLocation, field: string): unknown {
  const own = ctx.value([...container.path, 'securityContext', field]);
  return own !== undefined && own !== null ? own : ctx.value([...container.podSpec.path, 'securityContext', field]);
}

/** Where to point for a container-level finding: its `name`, or the item itself. */
export function containerAnchor(ctx: RuleContext, container: ContainerLocation): PathSegment[] {
  return ctx.has([...container.path, 'name']) ? [...container.path, 'name'] : container.path;
}

export function containerLabel(container: ContainerLocation): string {
  const name = container.name;
  switch (container.list) {
    case 'initContainers': return name ? l10n.t('Init container `{0}`', name) : l10n.t('Init container');
    case 'ephemeralContainers': return name ? l10n.t('Ephemeral container `{0}`', name) : l10n.t('Ephemeral container');
    default: return name ? l10n.t('Container `{0}`', name) : l10n.t('Container');
  }
}

/** Containers that run for the life of the pod (regular ones and restartable init "sidecars"). */
export function isLongRunning(ctx: RuleContext, container: ContainerLocation): boolean {
  if (container.list === 'containers') return true;
  return container.list === 'initContainers' && ctx.value([...container.path, 'restartPolicy']) === 'Always';
}

/** Whether the pod runs to completion (Job, CronJob, or a Pod with restartPolicy Never/OnFailure). */
export function isBatch(ctx: RuleContext, podSpec: PodSpecLocation): boolean {
  if (podSpec.kind === 'Job' || podSpec.kind === 'CronJob') return true;
  const restart = ctx.value([...podSpec.path, 'restartPolicy']);
  return podSpec.kind === 'Pod' && (restart === 'Never' || restart === 'OnFailure');
}

// Resources, fields and values

/** "Deployment `web`" (or "this Deployment" when it has no name). */
export function resourceLabel(resource: ResourceInfo): string {
  return resource.name ? l10n.t('{0} `{1}`', resource.kind, resource.name) : l10n.t('this {0}', resource.kind);
}

/** "liveness probe", "readiness probe", "startup probe": a probe as the messages name it. */
export function probeName(kind: 'liveness' | 'readiness' | 'startup'): string {
  switch (kind) {
    case 'liveness': return l10n.t('liveness probe');
    case 'readiness': return l10n.t('readiness probe');
    default: return l10n.t('startup probe');
  }
}

/** The text with its first letter in upper case, to start a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Containers that have resources: regular and init containers (ephemeral ones cannot set any). */
export function resourceContainers(ctx: RuleContext): ContainerLocation[] {
  return ctx.containers().filter((container) => container.list !== 'ephemeralContainers');
}

/**
 * Whether a container's `requests` or `limits` of a resource are set, on the container or for the
 * whole pod (pod-level `resources`, Kubernetes 1.32+, covers every container of the pod).
 */
export function resourceSet(ctx: RuleContext, container: ContainerLocation, section: 'requests' | 'limits', resource: string): boolean {
  return isSet(ctx.value([...container.path, 'resources', section, resource])) || isSet(ctx.value([...container.podSpec.path, 'resources', section, resource]));
}

/** Whether a field has a value (absent, null and empty strings do not count). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Where to point for a missing field: the field when present, else the nearest parent that is. */
export function anchorPath(ctx: RuleContext, path: PathSegment[]): PathSegment[] {
  for (let length = path.length; length > 0; length--) {
    if (ctx.has(path.slice(0, length))) return path.slice(0, length);
  }
  return [];
}

/** Structural equality of plain JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => Object.prototype.hasOwnProperty.call(y, key) && deepEqual(x[key], y[key]));
}

/** A record, or an empty one for anything else. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Removes one item of a list, unless it is the last one (removing it would leave the key without
 * a list). Returns whether it was removed.
 */
export function removeSequenceItem(editor: DocumentEditor, seqPath: readonly PathSegment[], index: number): boolean {
  const seq = editor.node(seqPath);
  if (!isSeq(seq) || seq.items.length < 2) return false;
  return editor.removeItem(seqPath, index);
}

/**
 * Sets `key: value` in the object at `mapPath`: in place when it has a value already, else as a
 * new entry placed before the first of `before` that exists (at the end when none does).
 */
export function setField(editor: DocumentEditor, mapPath: readonly PathSegment[], key: string, value: unknown, before: string[] = []): void {
  const pair = editor.pair([...mapPath, key]);
  if (pair && isScalar(pair.value) && pair.value.value !== null) {
    editor.set([...mapPath, key], value);
    return;
  }
  if (pair) editor.removeKey(mapPath, key);
  editor.insertPair(mapPath, key, value, { before });
}

// Paths and lists

/** A path below the resource (the resource may be an item of a `kind: List`). */
export function at(ctx: RuleContext, ...path: PathSegment[]): PathSegment[] {
  return [...ctx.resource.path, ...path];
}

/** The items of a list at a path, or none when it is absent or not a list. */
export function listAt(ctx: RuleContext, path: PathSegment[]): unknown[] {
  const value = ctx.value(path);
  return Array.isArray(value) ? value : [];
}

/** `a`, `a` and `b`, `a`, `b` and `c`: backticked names for messages. */
export function names(items: readonly string[]): string {
  const quoted = items.map((item) => `\`${item}\``);
  return quoted.length <= 1 ? quoted.join('') : l10n.t('{0} and {1}', quoted.slice(0, -1).join(l10n.t(', ')), quoted[quoted.length - 1]);
}

// RBAC: the rules of a Role or ClusterRole

export interface PolicyRule {
  path: PathSegment[];
  apiGroups: unknown[];
  resources: unknown[];
  verbs: unknown[];
  resourceNames: unknown[];
}

export function policyRules(ctx: RuleContext): PolicyRule[] {
  if (!isKind(ctx.resource, 'Role', 'ClusterRole')) return [];
  const rules: PolicyRule[] = [];
  listAt(ctx, at(ctx, 'rules')).forEach((rule, index) => {
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return;
    const path = at(ctx, 'rules', index);
    rules.push({
      path,
      apiGroups: listAt(ctx, [...path, 'apiGroups']),
      resources: listAt(ctx, [...path, 'resources']),
      verbs: listAt(ctx, [...path, 'verbs']),
      resourceNames: listAt(ctx, [...path, 'resourceNames']),
    });
  });
  return rules;
}

/** Whether the rule applies to the core API group (`""`), where pods and secrets live. */
export function coversCoreGroup(rule: PolicyRule): boolean {
  return rule.apiGroups.some((group) => group === '' || group === '*');
}

/** The verbs of a rule among `wanted` (`*` stands for all of them). */
export function grantedVerbs(rule: PolicyRule, wanted: readonly string[]): string[] {
  if (rule.verbs.includes('*')) return ['*'];
  return wanted.filter((verb) => rule.verbs.includes(verb));
}


/** `get` and `list`, or "every verb (`*`)", for messages. */
export function verbsText(verbs: readonly string[]): string {
  return verbs.includes('*') ? l10n.t('every verb (`*`)') : names(verbs);
}

/** Where a role's grants apply, for messages. */
export function grantScope(ctx: RuleContext, what: string): string {
  return ctx.resource.kind === 'ClusterRole'
    ? l10n.t('{0} wherever it is bound (in every namespace through a ClusterRoleBinding)', what)
    : l10n.t('{0} in its namespace', what);
}

// Versions

/** Whether the targeted Kubernetes version is at least `minor` (`1.30`). */
export function targetsAtLeast(ctx: RuleContext, minor: string): boolean {
  const parse = (version: string) => {
    const match = /^(\d+)\.(\d+)/.exec(version);
    return match ? Number(match[1]) * 1000 + Number(match[2]) : Number.NaN;
  };
  const target = parse(ctx.kubernetesVersion);
  return Number.isNaN(target) || target >= parse(minor);
}

// Labels and selectors

/** A record of string labels (other values dropped), or none. */
export function labelsOf(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(asRecord(value))) {
    if (typeof label === 'string') labels[key] = label;
    else if (typeof label === 'number' || typeof label === 'boolean') labels[key] = String(label);
  }
  return labels;
}

/**
 * Whether a label selector (`matchLabels` and `matchExpressions`, as in a Deployment's selector or
 * an affinity term) selects an object with these labels. An empty selector selects everything; a
 * malformed one (an unknown operator) selects nothing.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const { matchLabels, matchExpressions } = asRecord(selector);
  for (const [key, value] of Object.entries(labelsOf(matchLabels))) {
    if (labels[key] !== value) return false;
  }
  if (matchExpressions === undefined || matchExpressions === null) return true;
  if (!Array.isArray(matchExpressions)) return false;
  return matchExpressions.every((expression) => {
    const { key, operator, values } = asRecord(expression);
    if (typeof key !== 'string') return false;
    const list = Array.isArray(values) ? values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In': return has && list.includes(labels[key]);
      case 'NotIn': return !has || !list.includes(labels[key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}
