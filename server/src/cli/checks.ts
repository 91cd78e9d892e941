import { RULES } from '../core/rules/registry';
import type { Severity as RuleSeverity } from '../core/rules/types';
import { WORKSPACE_CHECKS } from '../core/workspace/checks';
import * as l10n from '@vscode/l10n';

/**
 * What every finding code means, for `kubesmith rules`, SARIF rule descriptors and the docs: the
 * best-practice rules and the checks between resources (from their metadata) and the schema
 * checks (described here).
 */

export interface CheckDoc {
  id: string;
  title: string;
  /** Why it matters. */
  description: string;
  howToFix: string;
  defaultSeverity: RuleSeverity;
  /** False for a check that is off until a level is set for it. */
  enabledByDefault?: boolean;
  kind: 'rule' | 'schema' | 'workspace';
  category: string;
}

const SCHEMA_CHECKS: Record<string, Omit<CheckDoc, 'id' | 'kind' | 'category'>> = {
  'yaml-syntax': {
    title: 'YAML syntax error',
    description: 'The file is not valid YAML, so Kubernetes cannot read it.',
    howToFix: 'Fix the indentation, quoting or missing `:` at the position shown.',
    defaultSeverity: 'error',
  },
  'duplicate-key': {
    title: 'Duplicate key',
    description: 'The same key appears twice in one map: only one value would be kept, and the API server rejects the object.',
    howToFix: 'Remove one of the two keys, or merge their values.',
    defaultSeverity: 'error',
  },
  'odd-whitespace': {
    title: 'Tabs or invisible whitespace',
    description: 'Tabs, non-breaking spaces or zero-width characters (often pasted from web pages) break YAML indentation or hide inside values.',
    howToFix: 'Replace them with plain spaces (the editor quick fix does it).',
    defaultSeverity: 'error',
  },
  'unknown-field': {
    title: 'Unknown field',
    description: 'The field is not part of the schema of this kind: a typo or a misplaced field, which the API server drops or rejects.',
    howToFix: 'Correct the field name or move it where it belongs; the message suggests the likely field.',
    defaultSeverity: 'error',
  },
  'wrong-type': {
    title: 'Wrong value type',
    description: 'The value has the wrong type for the field (a string where a number is expected, a map where a list is expected...).',
    howToFix: 'Write the value with the type the schema expects (for example `replicas: 3`, not `"3"`).',
    defaultSeverity: 'error',
  },
  'missing-required': {
    title: 'Missing required field',
    description: 'A field the schema requires is absent; the API server rejects the object.',
    howToFix: 'Add the missing field.',
    defaultSeverity: 'error',
  },
  'invalid-enum': {
    title: 'Value not allowed',
    description: 'The value is not one of those the field accepts.',
    howToFix: 'Use one of the values listed in the message.',
    defaultSeverity: 'error',
  },
  'invalid-value': {
    title: 'Invalid value',
    description: 'The value breaks a constraint of the schema (format, pattern, range, length, quantity syntax...).',
    howToFix: 'Change the value so that it meets the constraint the message names.',
    defaultSeverity: 'error',
  },
  'server-cel': {
    title: 'CEL rule of a custom resource fails',
    description: 'A validation rule of the CRD (`x-kubernetes-validations`, written in CEL) is false for this value, so the API server rejects the object. Kubesmith evaluates the rules of the bundled CRDs and of CRDs in the workspace.',
    howToFix: 'Change the value so that the rule holds; the message is the one the CRD gives for the rule.',
    defaultSeverity: 'error',
  },
  'api-removed': {
    title: 'API version removed',
    description: 'The targeted Kubernetes version no longer serves this apiVersion for this kind; applying the manifest fails.',
    howToFix: 'Move to the replacement apiVersion the message names (and adapt the fields that changed).',
    defaultSeverity: 'error',
  },
  'api-not-served': {
    title: 'API version not served yet',
    description: 'The targeted Kubernetes version does not serve this apiVersion/kind yet.',
    howToFix: 'Use an apiVersion the targeted version serves, or target a newer Kubernetes version.',
    defaultSeverity: 'error',
  },
  'api-deprecated': {
    title: 'API version deprecated',
    description: 'This apiVersion is deprecated and will be removed in a later Kubernetes version.',
    howToFix: 'Move to the replacement apiVersion the message names before upgrading the cluster.',
    defaultSeverity: 'warning',
  },
  'unknown-kind': {
    title: 'Unknown kind',
    description: 'The apiVersion is known, but it does not serve this kind.',
    howToFix: 'Correct the kind or the apiVersion; the message suggests the likely one.',
    defaultSeverity: 'error',
  },
  'no-schema': {
    title: 'No schema',
    description: 'Kubesmith has no schema for this apiVersion/kind (a custom resource whose CRD is neither bundled nor among the linted files), so it is not validated.',
    howToFix: 'Lint the CustomResourceDefinition together with the resources (same run), or ignore this note.',
    defaultSeverity: 'info',
  },
  'incomplete-resource': {
    title: 'Incomplete resource',
    description: 'The document looks like a Kubernetes resource but lacks `apiVersion` or `kind`.',
    howToFix: 'Add the missing `apiVersion` / `kind`.',
    defaultSeverity: 'error',
  },
  'invalid-config': {
    title: 'Invalid Kubesmith configuration',
    description: 'A `.kubesmith.yaml` file has an unknown setting, an unknown rule or a bad value.',
    howToFix: 'Correct the setting; the message suggests the likely name.',
    defaultSeverity: 'error',
  },
  'file-too-large': {
    title: 'File too large',
    description: 'The file is larger than Kubesmith checks; it was not validated.',
    howToFix: 'Split the file, or ignore this note.',
    defaultSeverity: 'info',
  },
  'too-complex': {
    title: 'Document too complex to check',
    description: 'The document nests maps and lists more than 256 levels deep, or expands through YAML aliases to more than Kubesmith checks; it was not, or not fully, checked.',
    howToFix: 'Flatten the structure or use fewer aliases; real manifests are far from these limits.',
    defaultSeverity: 'warning',
  },
  'binary-file': {
    title: 'Binary file',
    description: 'The file holds binary data (NUL characters), not YAML or JSON text; it was not checked.',
    howToFix: 'Leave binary files out of the linted paths (files.exclude), or ignore this note.',
    defaultSeverity: 'info',
  },
  'file-encoding': {
    title: 'UTF-16 without a byte order mark',
    description: 'The file is UTF-16 text without a byte order mark: kubectl reads it as UTF-8 and cannot parse it. It was not checked.',
    howToFix: 'Save the file as UTF-8 (or as UTF-16 with a byte order mark).',
    defaultSeverity: 'error',
  },
  'internal-error': {
    title: 'Kubesmith could not check a document',
    description: 'Kubesmith failed on this document; it was not (fully) checked.',
    howToFix: 'Please report the problem with the document.',
    defaultSeverity: 'warning',
  },
};

/**
 * The server checks (step 5, core/validation/server/): what the API server's own validation
 * rejects beyond the schema. docs/validation.md lists every check with the Kubernetes code it follows.
 */
const SERVER_CHECKS: Record<string, Omit<CheckDoc, 'id' | 'kind' | 'category'>> = {
  'server-name': {
    title: 'Invalid name',
    description: 'A name the API server rejects: an object name in the format its kind requires (DNS subdomain, DNS label or DNS-1035 label), a `generateName`, a namespace, or the name of a container, volume, environment variable, finalizer or referenced object.',
    howToFix: 'Use the characters and length the message names; the quick fix proposes a lowercase name where it can.',
    defaultSeverity: 'error',
  },
  'server-label': {
    title: 'Invalid label or annotation',
    description: 'A label key or value, or an annotation key, the API server rejects (keys are qualified names, values at most 63 characters), or annotations over 256 KiB in all.',
    howToFix: 'Change the key or value as the message says.',
    defaultSeverity: 'error',
  },
  'server-selector': {
    title: 'Invalid selector',
    description: 'A label selector the API server rejects: an operator without the values it needs, an empty selector for a workload, a selector that does not match the pod template, or a selector where the server generates it.',
    howToFix: 'Make the selector and the pod template labels agree, or fix the expression the message names.',
    defaultSeverity: 'error',
  },
  'server-port': {
    title: 'Invalid port',
    description: 'A port number outside 1–65535, a port name the API server rejects (at most 15 characters, lowercase letters, digits and `-`, with a letter), or a Service port without the name it needs.',
    howToFix: 'Use a port number from 1 to 65535 and a valid port name; the quick fix proposes one.',
    defaultSeverity: 'error',
  },
  'server-duplicate': {
    title: 'Duplicate name',
    description: 'Two items with the same name or key where the API server requires them unique: containers, volumes, ports, mount paths, host ports, Service ports...',
    howToFix: 'Rename or remove one of them; for ports the quick fix renames the second.',
    defaultSeverity: 'error',
  },
  'server-reference': {
    title: 'Broken reference inside the resource',
    description: 'A reference to something the resource does not define, which the API server rejects: a volume mount or device naming no volume of the pod, a resource claim not in `resourceClaims`.',
    howToFix: 'Add what is referred to (the quick fix adds a missing volume as an emptyDir), or correct the name.',
    defaultSeverity: 'error',
  },
  'server-resources': {
    title: 'Invalid resource requirements',
    description: 'Container resources the API server rejects: requests above limits, a resource name a container cannot use, a negative quantity, extended resources and huge pages that are not whole or not equal to their limit.',
    howToFix: 'Keep each request at most its limit (equal for extended resources and huge pages) and use the resource names the message lists.',
    defaultSeverity: 'error',
  },
  'server-probe': {
    title: 'Invalid probe or lifecycle hook',
    description: 'A probe or hook the API server rejects: no handler or more than one, a negative number, a liveness or startup probe with `successThreshold` other than 1.',
    howToFix: 'Give the probe exactly one handler (`httpGet`, `tcpSocket`, `exec` or `grpc`) and the values the message names.',
    defaultSeverity: 'error',
  },
  'server-restart-policy': {
    title: 'Restart policy not allowed',
    description: 'A `restartPolicy` the controller does not accept: Deployments, ReplicaSets, StatefulSets and DaemonSets need `Always`, Jobs `OnFailure` or `Never` (the default, `Always`, is rejected); init containers take only `Always`.',
    howToFix: 'Set the restart policy the message names (the quick fix does).',
    defaultSeverity: 'error',
  },
  'server-required': {
    title: 'Field required by the API server',
    description: 'A field the schema leaves optional but the API server requires: a container `image`, a Service port, a claim\'s access modes and storage request, an Ingress rule or backend...',
    howToFix: 'Add the field the message names.',
    defaultSeverity: 'error',
  },
  'server-value': {
    title: 'Value rejected by the API server',
    description: 'A value the API server rejects though the schema allows it: a negative count, a number out of range, an invalid IP address or CIDR, a relation between fields such as `minReplicas` above `maxReplicas`.',
    howToFix: 'Change the value as the message says.',
    defaultSeverity: 'error',
  },
  'server-conflict': {
    title: 'Fields that cannot go together',
    description: 'A field that the API server does not allow here or together with another: `nodePort` on a ClusterIP Service, both `minAvailable` and `maxUnavailable`, probes on a plain init container...',
    howToFix: 'Remove one of the fields, or change the setting that forbids it.',
    defaultSeverity: 'error',
  },
  'server-schedule': {
    title: 'Invalid CronJob schedule or time zone',
    description: 'A CronJob `schedule` that the API server\'s cron parser rejects (five fields or an `@` shortcut), `TZ=` in the schedule, or a `timeZone` that is not an IANA time zone.',
    howToFix: 'Write a five-field schedule such as `*/5 * * * *` and an IANA time zone such as `Europe/Paris`.',
    defaultSeverity: 'error',
  },
  'server-data': {
    title: 'Invalid ConfigMap or Secret data',
    description: 'ConfigMap or Secret data the API server rejects: an invalid key, more than 1 MiB, a key in both `data` and `binaryData`, or a Secret type without the keys it requires.',
    howToFix: 'Correct the key, split the data, or add the keys the Secret type needs.',
    defaultSeverity: 'error',
  },
};

/** The English texts of the schema and server checks (scripts/export-l10n.ts puts them in the message bundle). */
export function schemaCheckTexts(): string[] {
  return Object.values({ ...SCHEMA_CHECKS, ...SERVER_CHECKS }).flatMap((check) => [check.title, check.description, check.howToFix]);
}

/** Schema check ids Kubesmith documents, in documentation order. */
export const SCHEMA_CHECK_IDS: readonly string[] = [...Object.keys(SCHEMA_CHECKS), ...Object.keys(SERVER_CHECKS)];

export function ruleDocs(): CheckDoc[] {
  return RULES.map(({ meta }) => ({
    id: meta.id, title: l10n.t(meta.title), description: l10n.t(meta.rationale), howToFix: l10n.t(meta.howToFix),
    defaultSeverity: meta.defaultSeverity, kind: 'rule', category: meta.category,
  }));
}

/** The checks between resources (docs/workspace.md), at their default level (information). */
export function workspaceCheckDocs(): CheckDoc[] {
  return WORKSPACE_CHECKS.map(({ meta }) => ({
    id: meta.id, title: l10n.t(meta.title), description: l10n.t(meta.rationale), howToFix: l10n.t(meta.howToFix), defaultSeverity: 'info',
    ...(meta.enabledByDefault ? {} : { enabledByDefault: false }), kind: 'workspace', category: 'references',
  }));
}

export function schemaCheckDoc(id: string): CheckDoc {
  const known = SCHEMA_CHECKS[id] ?? SERVER_CHECKS[id];
  if (known) return { id, ...known, title: l10n.t(known.title), description: l10n.t(known.description), howToFix: l10n.t(known.howToFix), kind: 'schema', category: 'schema' };
  return {
    id, title: id, description: l10n.t('Kubesmith check `{0}`.', id), howToFix: l10n.t('See the message.'), defaultSeverity: 'warning',
    kind: 'schema', category: 'schema',
  };
}
