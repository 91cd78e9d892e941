import type { PathSegment } from '../yaml/nodes';

/**
 * What the workspace model knows of one resource: plain data, recorded while its document is
 * analyzed (step 3 of the pipeline, `facts.ts`) and cached with the analysis, so the workspace is
 * indexed without parsing anything twice. Offsets are relative to the document's text, like
 * problems; `entry.ts` places them in the file. A leaf module: types only.
 */

/** Offsets in the document's text: `[start, end)`. */
export type Span = [start: number, end: number];

/** What a reference points at. `Workload` references name their kind (`Deployment`...). */
export type TargetKind = 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'Role' | 'ClusterRole' | 'Service' | 'Workload';

/** A key of a ConfigMap or Secret, where it is defined or referenced. */
export interface KeyFact {
  name: string;
  span: Span;
}

/** A reference by name from one resource to another. */
export interface ReferenceFact {
  target: TargetKind;
  /** Workload references: the kind they name (`Deployment`, `StatefulSet`, `Rollout`...). */
  kind?: string;
  /** Workload references: the API group they name, when they name one. */
  group?: string;
  name: string;
  /** The name as written (inside quotes; for `api.shop.svc.cluster.local`, just `api`). */
  span: Span;
  /** A namespace the reference names (a subject's, a backendRef's, a host's); else the resource's own. */
  namespace?: string;
  /** Keys of a ConfigMap or Secret it reads. */
  keys?: KeyFact[];
  /** A port of a Service it sends traffic to (Ingress and route backends). */
  port?: { value: string | number; span: Span };
  /** `optional: true`: the pod starts without it, so it is never reported missing. */
  optional?: boolean;
  /** The field, for messages: `secretKeyRef`, `serviceAccountName`, `scaleTargetRef`... */
  field: string;
  /** HPA and KEDA ScaledObject targets: the reference sets the workload's scale. */
  scales?: boolean;
}

export interface LabelExpression {
  key: string;
  operator: string;
  values: string[];
}

/** A label selector of a resource, and what it selects. */
export interface SelectorFact {
  /** Pods (the labels of workload templates), or Services (a ServiceMonitor's selector). */
  selects: 'pods' | 'services';
  matchLabels: Record<string, string>;
  expressions: LabelExpression[];
  /** Where to report: the selector's key. */
  span: Span;
  /** The field, for messages: `selector`, `podSelector`, `ingress[0].from[1].podSelector`, `subsets[1]`. */
  field: string;
  /** Namespaces it looks in: the resource's own when absent; `*` for every namespace. */
  namespaces?: string[] | '*';
  /** A DestinationRule subset: its name (the pods are those of the rule's host Service). */
  subset?: string;
}

export interface ContainerPortFact {
  name?: string;
  port?: number;
}

/** The pod template of a workload (or a Pod itself). */
export interface PodFact {
  labels: Record<string, string>;
  ports: ContainerPortFact[];
  /** `serviceAccountName` (or the deprecated `serviceAccount`); absent: `default`. */
  serviceAccount?: string;
  /** The pod spec's `automountServiceAccountToken`, when set. */
  automount?: boolean;
}

export interface ServicePortFact {
  name?: string;
  port?: number;
  /** Absent: the same as `port`. */
  targetPort?: string | number;
  targetPortSpan?: Span;
}

/** A resource another one creates (a SealedSecret's Secret, a Certificate's Secret...). */
export interface ProvidedFact {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  span: Span;
  /** Its keys, when they can be known. */
  keys?: string[];
}

export interface ResourceFacts {
  /** The span of `metadata.name`'s value (for definition, rename and reports on the resource). */
  nameSpan?: Span;
  /** `metadata.labels` (kept for the kinds something selects by them: Services). */
  labels?: Record<string, string>;
  references: ReferenceFact[];
  selectors: SelectorFact[];
  pod?: PodFact;
  /** Deployment / StatefulSet / ReplicaSet / Rollout `spec.replicas`, when set. */
  replicas?: { value: unknown; span: Span; path: PathSegment[] };
  /** ConfigMap / Secret keys (`data`, `binaryData`, `stringData`). */
  keys?: KeyFact[];
  /** Service ports. */
  servicePorts?: ServicePortFact[];
  /** ServiceAccount `automountServiceAccountToken`, when set. */
  automount?: boolean;
  /** PodDisruptionBudget `minAvailable` / `maxUnavailable`, when set. */
  disruption?: { field: 'minAvailable' | 'maxUnavailable'; value: string | number; span: Span };
  provides?: ProvidedFact[];
}

/**
 * A document's suppressions as plain data (comments and annotations), kept with its analysis so
 * that findings made later (between resources) are suppressed like any other. Lines are relative
 * to the document.
 */
export interface SuppressionSet {
  /** `# kubesmith-disable-next-line ids`: the line it applies to, and the ids (`*`: all). */
  nextLine: [line: number, ids: string[]][];
  /** `# kubesmith-disable ids`: from this line to the end of the document. */
  fromLine: [line: number, ids: string[]][];
  /** `kubesmith.io/ignore` (and kube-linter's) annotations: the resource's span, and the ids. */
  resources: { span: Span; ids: string[] }[];
}
