import type { Document, Node } from 'yaml';
import type { HardenSettings, Profile, RuleLevel } from '../../../../protocol/settings';
import type { ResourceInfo } from '../resource';
import type { DocumentEditor } from '../edits/documentEditor';
import type { PathSegment } from '../yaml/nodes';
import type { ContainerLocation, PodSpecLocation } from './workloads';

/**
 * The contract of a best-practice rule. One module per rule exports a `Rule`; the registry
 * (rules/registry.ts) lists them; docs/rules.md is generated from their metadata.
 */

export type RuleCategory = 'security' | 'reliability' | 'resources' | 'images' | 'network' | 'rbac' | 'batch' | 'istio';

/** Pod Security Standards level a rule enforces. */
export type PssLevel = 'baseline' | 'restricted';

export type Severity = Exclude<RuleLevel, 'off'>;

export interface RuleMeta {
  /** Stable id, used in diagnostics (`code`), settings and suppressions: `no-latest-tag`. */
  id: string;
  title: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /**
   * The smallest profile that turns the rule on: `baseline` rules are on in every profile,
   * `restricted` ones in restricted and all, `all` ones only in all.
   */
  profile: Profile;
  /** The Pod Security Standards level whose control this rule checks, if any. */
  pss?: PssLevel;
  /**
   * The kinds the rule looks at, when it looks at a few (the rule still checks their API group):
   * the engine does not run it on other resources. Absent: every resource (rules about pod specs
   * and containers find them through the context, whatever the kind).
   */
  kinds?: readonly string[];
  /** Why it matters, in a sentence or two. */
  rationale: string;
  /** What to do about it. */
  howToFix: string;
  /**
   * Peer tools' checks with the same concern, by their real ids (scripts/data/peer-checks.json
   * lists every check of each tool): they make the migration table of docs/rules.md, and the
   * tools' own exemption annotations switch this rule off (rules/suppressions.ts).
   * kube-linter: `ignore-check.kube-linter.io/<check>`.
   */
  kubeLinter?: string[];
  /** Polaris checks: `polaris.fairwinds.com/<check>-exempt: "true"`. */
  polaris?: string[];
  /** kube-score tests: `kube-score/ignore: "<test>,<test>"`. */
  kubeScore?: string[];
  /** Whether Harden Manifest applies this rule's fix. */
  harden?: boolean;
}

/** One finding of a rule. */
export interface Finding {
  /** Path (from the document root) of the node to highlight. */
  path: PathSegment[];
  /** Highlight the key of the last path segment (default) or its value. */
  at?: 'key' | 'value';
  message: string;
  /**
   * Severity of this finding when the rule runs at its default severity (a milder or graver case
   * of the same rule); a level the user sets for the rule applies to every finding.
   */
  severity?: Severity;
  /** Arguments for the rule's fix; present when this finding can be fixed mechanically. */
  fix?: Record<string, unknown>;
  /**
   * The fix changes nothing the cluster would run beyond what is evidently meant (it removes what
   * has no effect, or writes out what Kubernetes infers anyway): `kubesmith lint --fix` applies it
   * (the fix data's `safe` mark). Leave it out for fixes that take a judgement.
   */
  safeFix?: boolean;
}

export interface RuleContext {
  doc: Document;
  resource: ResourceInfo;
  /** The Kubernetes minor the manifests target (`1.36`), for rules whose advice depends on it. */
  kubernetesVersion: string;
  /** Node at a document path (aliases resolved). */
  node(path: readonly PathSegment[]): Node | undefined;
  /** Plain JS value at a document path (undefined when absent). */
  value(path: readonly PathSegment[]): unknown;
  has(path: readonly PathSegment[]): boolean;
  /** Pod specs of the resource (one for workloads, none for other kinds). */
  podSpecs(): PodSpecLocation[];
  /** Every container of every pod spec: containers, initContainers, ephemeralContainers. */
  containers(): ContainerLocation[];
  report(finding: Finding): void;
}

export interface FixContext {
  harden: HardenSettings;
  /** The resource as it is in the editor's current text (re-identified after each edit). */
  resourcePath: PathSegment[];
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
  /** The mechanical fix of a finding; `args` are the finding's `fix`. */
  fix?(editor: DocumentEditor, args: Record<string, unknown>, ctx: FixContext): void;
  /** Title of the quick fix ("Set `runAsNonRoot: true`"), for a finding's `fix` arguments. */
  fixTitle?(args: Record<string, unknown>, ctx: FixContext): string;
}
