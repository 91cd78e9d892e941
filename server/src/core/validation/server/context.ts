import { Document, Node, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { Codes, DiagnosticSeverity, FixData, Problem } from '../../diagnostics';
import type { ResourceInfo } from '../../resource';
import { PathSegment, getNodeAt, keyText } from '../../yaml/nodes';

/**
 * What every server check shares: where the resource is, the targeted minor, whether it is a
 * kustomize patch, and how a problem is reported (an error at a document path). Checks read the
 * resource as plain values (converted once, in index.ts) and look nodes up only to report.
 */

export type ServerCode = Extract<(typeof Codes)[keyof typeof Codes], `server-${string}`>;

export type PlainObject = Record<string, unknown>;

export interface ReportOptions {
  /** Highlight the value at the path (default) or the key of its last segment. */
  at?: 'key' | 'value';
  fixes?: FixData[];
}

export class CheckContext {
  readonly problems: Problem[] = [];

  constructor(
    readonly doc: Document,
    readonly resource: ResourceInfo,
    /** The targeted Kubernetes minor as a number: 1.33 → 33. */
    readonly minor: number,
    /** A kustomize patch: only what the base cannot complete or change is checked. */
    readonly partial: boolean,
    /**
     * Keys the schema check's fixes would put in place (`path|key`): a misspelt or misplaced
     * `image` the schema check points out is not also reported missing.
     */
    private readonly pendingKeys: ReadonlySet<string> = new Set(),
  ) {}

  /** Whether a fix the schema check offers would add `key` to the object at `path`. */
  schemaWillAdd(path: readonly PathSegment[], key: string): boolean {
    return this.pendingKeys.size > 0 && this.pendingKeys.has(pendingKey(path, key));
  }

  /** The resource's own path followed by `path` (checks work with paths relative to the resource). */
  at(...path: PathSegment[]): PathSegment[] {
    return this.resource.path.length === 0 ? path : [...this.resource.path, ...path];
  }

  /** Reports an error at a document path. */
  report(code: ServerCode, path: readonly PathSegment[], message: string, options: ReportOptions = {}): void {
    const node = locate(this.doc, path, options.at ?? 'value') ?? (this.resource.root as Node);
    const range = node.range ?? [0, 0, 0];
    const start = range[0];
    const end = isScalar(node) || isAlias(node) ? range[1] : start + 1;
    this.problems.push({
      code, severity: DiagnosticSeverity.Error, message, start, end: Math.max(end, start),
      ...(options.fixes?.length ? { fixes: options.fixes } : {}),
    });
  }

  /** "Deployment `web`", or "this Deployment" when it has no name. */
  get label(): string {
    const name = this.resource.name;
    return name ? `${this.resource.kind} \`${name}\`` : `this ${this.resource.kind}`;
  }

  /** The label to start a sentence with: "Deployment `web`", "This Deployment". */
  get subject(): string {
    const label = this.label;
    return label.charAt(0).toUpperCase() + label.slice(1);
  }
}

/** How a key the schema check would add is remembered. */
export function pendingKey(path: readonly PathSegment[], key: string): string {
  return `${path.join('\u0000')}|${key}`;
}

/**
 * The node a problem points at: the key of the last segment (`at: 'key'`; a list item's first key
 * for an index), else the value; the nearest existing parent when the path is absent.
 */
function locate(doc: Document, path: readonly PathSegment[], at: 'key' | 'value'): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const prefix = path.slice(0, length);
    const wantKey = at === 'key' || length < path.length;
    if (wantKey && prefix.length > 0) {
      const last = prefix[prefix.length - 1];
      const parent = getNodeAt(doc.contents, prefix.slice(0, -1), doc);
      if (typeof last === 'string' && isMap(parent)) {
        const pair = parent.items.find((item) => isPair(item) && keyText(item) === last);
        if (pair?.key) return pair.key as Node;
        continue;
      }
      if (typeof last === 'number' && isSeq(parent)) {
        const item = parent.items[last] as Node | undefined;
        if (isMap(item) && item.items[0]?.key) return item.items[0].key as Node;
        if (item) return item;
        continue;
      }
    }
    const node = getNodeAt(doc.contents, prefix, doc);
    if (node) return node;
  }
  return undefined;
}

// Plain values: what checks read (the YAML value as JSON, with numbers and booleans as YAML 1.1 reads them).

export function isObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown): PlainObject | undefined {
  return isObject(value) ? value : undefined;
}

export function listAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An integer value (YAML `8080`; not `"8080"`, not `1.5`). */
export function integerAt(value: unknown): number | undefined {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** Whether a field is set: present and not null (an explicit null is "not set" for the API server). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

