import { Document } from 'yaml';
import { DocumentEditor } from '../../server/src/core/edits/documentEditor';
import { parseStructure } from '../../server/src/core/yaml/documents';

/**
 * The document editor updates its syntax tree in place after each change where it can
 * (yaml/fastParse.ts, `reparseAfterEdit`) instead of parsing the whole text again. While
 * `checkingEditorTrees` runs a function, every change the editor makes is followed by a fresh
 * parse of its new text, and the two trees must be the same: the same node classes and
 * prototypes, the same own properties (values, types, sources, ranges...) all the way down. A
 * difference throws, naming where.
 */

interface EditorInternals {
  current: string;
  parsed: Document.Parsed;
  splice(start: number, end: number, replacement: string): void;
}

export interface TreeCheck<T> {
  result: T;
  /** Changes the editor made. */
  edits: number;
  /** Of which the tree was updated in place (the rest parsed whole). */
  inPlace: number;
}

/** Where two values differ (undefined when they do not): classes, own properties, recursively. */
export function treeDifference(a: unknown, b: unknown, path = 'tree'): string | undefined {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return undefined;
  if (typeof a === 'symbol' && typeof b === 'symbol' && a.description === b.description) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: another class (${a.constructor?.name} vs ${b.constructor?.name})`;
  const keys = (value: object) => Object.keys(value).filter((key) => typeof (value as Record<string, unknown>)[key] !== 'function').sort();
  const [ka, kb] = [keys(a), keys(b)];
  if (ka.join() !== kb.join()) return `${path}: properties ${ka.join()} vs ${kb.join()}`;
  for (const key of ka) {
    const found = treeDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

export function checkingEditorTrees<T>(run: () => T): TreeCheck<T> {
  const prototype = DocumentEditor.prototype as unknown as EditorInternals;
  const splice = prototype.splice;
  let edits = 0;
  let inPlace = 0;
  let failure: string | undefined;
  prototype.splice = function (this: EditorInternals, start: number, end: number, replacement: string) {
    const before = this.parsed;
    splice.call(this, start, end, replacement);
    edits++;
    if (this.parsed === before) inPlace++;
    const fresh = parseStructure(this.current);
    const found = treeDifference(this.parsed.contents, fresh.contents, 'contents')
      ?? treeDifference(this.parsed.range, fresh.range, 'range')
      ?? treeDifference(this.parsed.errors.map((error) => error.message), fresh.errors.map((error) => error.message), 'errors');
    if (found) {
      // (Kept, as well as thrown: the fix loop catches what a fix throws.)
      failure ??= `The editor's tree after replacing ${start}..${end} with ${JSON.stringify(replacement)} is not the tree of its text: ${found}\n--- text\n${this.current}`;
      throw new Error(failure);
    }
  };
  let result: T;
  try {
    result = run();
  } finally {
    prototype.splice = splice;
  }
  if (failure) throw new Error(failure);
  return { result, edits, inPlace };
}
