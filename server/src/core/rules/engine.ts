import { Document, Node, isMap, isPair, isScalar, isSeq } from 'yaml';
import { DEFAULT_SETTINGS, KubesmithSettings, PodSecurityEnforce, Profile } from '../../../../protocol/settings';
import type { ResourceInfo } from '../resource';
import { Codes, DiagnosticSeverity, Problem } from '../diagnostics';
import { PathSegment, getNodeAt, keyText, plainValue } from '../yaml/nodes';
import { HARDEN_RULE_IDS, RULES, ruleById } from './registry';
import { workMeter } from '../work';
import { Finding, Rule, RuleContext, Severity } from './types';
import { ContainerLocation, PodSpecLocation, containersOf, podSpecsOf } from './workloads';
import * as l10n from '@vscode/l10n';

/** Step 6 of the pipeline: best-practice rules on one resource. */

const PROFILE_ORDER: Profile[] = ['baseline', 'restricted', 'all'];

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The last few rule selections, by profile, Pod Security enforcement and overrides (files share a handful of settings). */
const enabledCache = new Map<string, Map<string, Severity>>();
const enabledKeys = new WeakMap<Map<string, Severity>, string>();
/** Each distinct selection of rules and severities seen, numbered. */
const enabledIds = new Map<string, string>();
type Selection = Pick<KubesmithSettings, 'profile' | 'rules' | 'podSecurity'>;
const enabledBySettings = new WeakMap<object, { profile: string; rules: object; enforce: string; enabled: Map<string, Severity> }>();

/** Whether a rule checks a control of the Pod Security level the cluster enforces (its violations are rejected). */
export function enforcedByPodSecurity(rule: Rule, enforce: PodSecurityEnforce): boolean {
  return rule.meta.pss !== undefined && (enforce === 'restricted' || (enforce === 'baseline' && rule.meta.pss === 'baseline'));
}

/**
 * The rules a settings object turns on, with their severity: the level set for the rule, else
 * error for a control of the enforced Pod Security level (on whatever the profile), else the
 * rule's default when the profile includes it. The map returned is shared by every caller with the
 * same selection: do not change it.
 */
export function enabledRules(settings: Selection): Map<string, Severity> {
  const enforce = settings.podSecurity?.enforce ?? 'none';
  // By the settings object first (a run or a server reuses one per folder), then by content.
  const known = enabledBySettings.get(settings);
  if (known && known.profile === settings.profile && known.rules === settings.rules && known.enforce === enforce) return known.enabled;
  const key = `${settings.profile}|${enforce}|${JSON.stringify(settings.rules)}`;
  let enabled = enabledCache.get(key);
  if (!enabled) {
    enabled = new Map<string, Severity>();
    const profileRank = PROFILE_ORDER.indexOf(settings.profile);
    for (const rule of RULES) {
      const override = settings.rules[rule.meta.id];
      if (override === 'off') continue;
      if (override) enabled.set(rule.meta.id, override);
      else if (enforcedByPodSecurity(rule, enforce)) enabled.set(rule.meta.id, 'error');
      else if (PROFILE_ORDER.indexOf(rule.meta.profile) <= profileRank) enabled.set(rule.meta.id, rule.meta.defaultSeverity);
    }
    if (enabledCache.size >= 32) enabledCache.delete(enabledCache.keys().next().value!);
    enabledCache.set(key, enabled);
  }
  enabledBySettings.set(settings, { profile: settings.profile, rules: settings.rules, enforce, enabled });
  return enabled;
}

const hardenBeyond = new WeakMap<Map<string, Severity>, Map<string, Severity>>();
const allHarden = new Map<string, Severity>();

/** The Harden rules an enabled-rules map leaves out (remembered per map). */
export function hardenRulesBeyond(enabled: Map<string, Severity> | undefined): Map<string, Severity> {
  if (allHarden.size === 0) for (const id of HARDEN_RULE_IDS) allHarden.set(id, 'warning');
  if (!enabled) return allHarden;
  let beyond = hardenBeyond.get(enabled);
  if (!beyond) {
    beyond = new Map(HARDEN_RULE_IDS.filter((id) => !enabled.has(id)).map((id) => [id, 'warning' as Severity]));
    hardenBeyond.set(enabled, beyond);
  }
  return beyond;
}

const enabledLists = new WeakMap<Map<string, Severity>, { rule: Rule; severity: Severity }[]>();

/** The rules of an enabled-rules map with their severity, as a list (remembered per map). */
function enabledList(enabled: Map<string, Severity>): { rule: Rule; severity: Severity }[] {
  let list = enabledLists.get(enabled);
  if (!list) {
    list = [];
    for (const [id, severity] of enabled) {
      const rule = ruleById(id);
      if (rule) list.push({ rule, severity });
    }
    enabledLists.set(enabled, list);
  }
  return list;
}

type EnabledRule = { rule: Rule; severity: Severity };
const byKind = new WeakMap<EnabledRule[], Map<string, EnabledRule[]>>();

/** The enabled rules that look at a kind: those without `kinds`, and those that name it (remembered per list). */
function rulesForKind(enabled: Map<string, Severity>, kind: string): EnabledRule[] {
  const list = enabledList(enabled);
  let perKind = byKind.get(list);
  if (!perKind) byKind.set(list, (perKind = new Map()));
  let rules = perKind.get(kind);
  if (!rules) {
    rules = list.filter(({ rule }) => rule.meta.kinds === undefined || rule.meta.kinds.includes(kind));
    if (perKind.size >= 256) perKind.clear();
    perKind.set(kind, rules);
  }
  return rules;
}

/** A short key for an enabled-rules map, the same for maps of the same content, for cache keys. */
export function enabledRulesKey(enabled: Map<string, Severity>): string {
  let key = enabledKeys.get(enabled);
  if (key === undefined) {
    const text = [...enabled].map(([id, severity]) => `${id}=${severity[0]}`).join(',');
    let id = enabledIds.get(text);
    if (id === undefined) enabledIds.set(text, (id = `r${enabledIds.size}`));
    key = id;
    enabledKeys.set(enabled, key);
  }
  return key;
}

/** The node a finding points at: the key of the last path segment, or the value. */
export function findingNode(doc: Document, finding: Pick<Finding, 'path' | 'at'>): Node | undefined {
  const { path } = finding;
  if (finding.at !== 'value' && path.length > 0) {
    const last = path[path.length - 1];
    const parent = getNodeAt(doc.contents, path.slice(0, -1), doc);
    if (typeof last === 'string' && isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && keyText(item) === last);
      if (pair?.key) return pair.key as Node;
    }
    if (typeof last === 'number' && isSeq(parent)) {
      const item = parent.items[last] as Node | undefined;
      // A list item: its first key, so the whole (possibly long) item is not underlined.
      if (isMap(item) && item.items[0]?.key) return item.items[0].key as Node;
      return item;
    }
  }
  return getNodeAt(doc.contents, path, doc);
}

function spanOf(node: Node): [number, number] {
  const range = node.range ?? [0, 0, 0];
  if (isScalar(node)) return [range[0], range[1]];
  return [range[0], range[0] + 1];
}

function createContext(doc: Document, resource: ResourceInfo, kubernetesVersion: string, report: (finding: Finding) => void): RuleContext {
  let podSpecs: PodSpecLocation[] | undefined;
  let containers: ContainerLocation[] | undefined;
  // Rules read plain values: the resource is converted once, and paths are walked in it.
  let plain: unknown;
  let converted = false;
  const base = resource.path;
  const node = (path: readonly PathSegment[]) => getNodeAt(doc.contents, path, doc);
  const inResource = (path: readonly PathSegment[]): boolean => {
    if (path.length < base.length) return false;
    for (let i = 0; i < base.length; i++) if (path[i] !== base[i]) return false;
    return true;
  };
  const value = (path: readonly PathSegment[]): unknown => {
    if (!inResource(path)) {
      const found = node(path);
      return found === undefined ? undefined : plainValue(found, doc);
    }
    if (!converted) {
      plain = plainValue(resource.root, doc);
      converted = true;
    }
    let current = plain;
    for (let i = base.length; i < path.length; i++) {
      const segment = path[i];
      if (current === null || typeof current !== 'object') return undefined;
      if (Array.isArray(current)) current = typeof segment === 'number' ? current[segment] : undefined;
      else current = typeof segment === 'string' && Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
    }
    return current;
  };
  return {
    doc,
    resource,
    kubernetesVersion,
    node,
    value,
    has: (path) => value(path) !== undefined,
    podSpecs: () => (podSpecs ??= podSpecsOf(resource.apiVersion, resource.kind, resource.path, doc)),
    containers: () => (containers ??= (podSpecs ??= podSpecsOf(resource.apiVersion, resource.kind, resource.path, doc)).flatMap((spec) => containersOf(spec, doc))),
    report,
  };
}

/** Runs the enabled rules on a resource; each finding becomes a problem with the rule id as code. */
export function runRules(
  doc: Document, resource: ResourceInfo, enabled: Map<string, Severity>, problems: Problem[] = [], kubernetesVersion = DEFAULT_SETTINGS.kubernetesVersion,
): Problem[] {
  let findings: Finding[] = [];
  const ctx = createContext(doc, resource, kubernetesVersion, (finding) => findings.push(finding));
  for (const { rule, severity } of rulesForKind(enabled, resource.kind)) {
    workMeter.steps++;
    const id = rule.meta.id;
    findings = [];
    try {
      rule.check(ctx);
    } catch (error) {
      problems.push({
        code: Codes.internalError, severity: DiagnosticSeverity.Warning, start: 0, end: 1,
        message: l10n.t('The rule {0} failed on this document ({1}). Please report this.', id, error instanceof Error ? error.message : String(error)),
      });
      continue;
    }
    for (const finding of findings) {
      const level = finding.severity && severity === rule.meta.defaultSeverity ? finding.severity : severity;
      const node = findingNode(doc, finding) ?? (resource.root as Node);
      const [start, end] = spanOf(node);
      problems.push({
        code: id, rule: id, severity: SEVERITY[level], message: finding.message, start, end,
        ...(finding.fix && rule.fix ? { fixes: [{ fix: 'rule' as const, resource: resource.path, rule: id, path: finding.path, args: finding.fix, ...(finding.safeFix ? { safe: true as const } : {}) }] } : {}),
      });
    }
  }
  return problems;
}

/** Findings of one rule on a resource (for fixes and hardening), regardless of settings. */
export function findingsOf(rule: Rule, doc: Document, resource: ResourceInfo, kubernetesVersion = DEFAULT_SETTINGS.kubernetesVersion): Finding[] {
  const findings: Finding[] = [];
  rule.check(createContext(doc, resource, kubernetesVersion, (finding) => findings.push(finding)));
  return findings;
}

export type { PathSegment };
