/**
 * The label Kubesmith gives Red Hat's YAML extension with its schema contributor (see
 * yamlExtension.ts). The YAML extension tests a contributor's label against the text of the
 * document it wants a schema for, and a contributor whose label matches is asked alone, ahead of
 * `yaml.schemas` and of the other contributors (Kubernetes Tools'). Kubesmith's label matches a
 * top-level `kind:` line naming a kind Kubesmith knows. No vscode import: unit-tested on its own.
 */

/** What the schema bundle's index says (schemas/index.json, schemas/api-lifecycle.json), as far as kinds go. */
export interface BundleKinds {
  index: { served?: Record<string, Record<string, unknown>>; crds?: Record<string, Record<string, unknown>> };
  lifecycle: { removed?: { kind: string }[]; deprecated?: { kind: string }[] };
}

/**
 * Every kind Kubesmith has a schema or an API lifecycle entry for, in any bundled version:
 * built-in kinds, the bundled custom resources, removed kinds. Not `List` (a container whose items
 * are the resources). Custom resources of the workspace's own CRDs are not known in advance.
 */
export function knownKinds({ index, lifecycle }: BundleKinds): string[] {
  const kinds = new Set<string>();
  for (const byKind of Object.values(index.served ?? {})) for (const kind of Object.keys(byKind)) kinds.add(kind);
  for (const byKind of Object.values(index.crds ?? {})) for (const kind of Object.keys(byKind)) kinds.add(kind);
  for (const entry of [...(lifecycle.removed ?? []), ...(lifecycle.deprecated ?? [])]) kinds.add(entry.kind);
  kinds.delete('List');
  return [...kinds].filter((kind) => /^[A-Za-z][A-Za-z0-9]*$/.test(kind)).sort();
}

export interface ContributorLabel {
  /** Given to `registerContributor`, in its documented `key:value` form. */
  label: string;
  /** The regular expression the YAML extension makes of it, to test documents as it does. */
  pattern: RegExp;
}

/**
 * `(^|\n)kind:` then one of the kinds, optionally quoted, then the end of the value. The YAML
 * extension (1.24) turns a `key:value` label into `key:[\t ]+value` with the value's dots
 * escaped, and uses it as a regular expression; so the label has one colon only (no `(?:`
 * groups) and the kinds have no dots.
 */
export function contributorLabel(kinds: readonly string[]): ContributorLabel {
  const key = '(^|\\n)kind';
  const value = `["']?(${kinds.join('|')})["']?(?=[\\s#]|$)`;
  return { label: `${key}:${value}`, pattern: new RegExp(`${key}:[\t ]+${value}`) };
}
