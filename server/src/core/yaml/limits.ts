/**
 * The bounds on what Kubesmith reads of a document, shared by the parsers and the walkers that
 * follow aliases (see reader.ts for why and how they are enforced).
 */

/**
 * The deepest nesting of maps and lists Kubesmith reads, in a document's text and through its
 * aliases. Real manifests and CRDs stay under 40 levels; the yaml library composes recursively and
 * overflows the stack between 500 and 1,000 levels.
 */
export const MAX_NESTING = 256;

/** Problems of one kind (syntax errors, duplicate keys) reported one by one in a document; the rest are counted in one summary. */
export const MAX_REPORTS = 100;
