import { RULES } from '../core/rules/registry';
import type { Severity as RuleSeverity } from '../core/rules/types';

/**
 * What every finding code means, for `kubesmith rules`, SARIF rule descriptors and the docs: the
 * best-practice rules (from their metadata) and the schema checks (described here).
 */

export interface CheckDoc {
  id: string;
  title: string;
  /** Why it matters. */
  description: string;
  howToFix: string;
  defaultSeverity: RuleSeverity;
  kind: 'rule' | 'schema';
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

/** Schema check ids Kubesmith documents, in documentation order. */
export const SCHEMA_CHECK_IDS: readonly string[] = Object.keys(SCHEMA_CHECKS);

export function ruleDocs(): CheckDoc[] {
  return RULES.map(({ meta }) => ({
    id: meta.id, title: meta.title, description: meta.rationale, howToFix: meta.howToFix,
    defaultSeverity: meta.defaultSeverity, kind: 'rule', category: meta.category,
  }));
}

export function schemaCheckDoc(id: string): CheckDoc {
  const known = SCHEMA_CHECKS[id];
  if (known) return { id, ...known, kind: 'schema', category: 'schema' };
  return {
    id, title: id, description: `Kubesmith check \`${id}\`.`, howToFix: 'See the message.', defaultSeverity: 'warning',
    kind: 'schema', category: 'schema',
  };
}
