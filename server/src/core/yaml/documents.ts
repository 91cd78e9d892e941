import { Document, DocumentOptions, ParseOptions, Schema, SchemaOptions, parseAllDocuments, parseDocument } from 'yaml';
import { FastParser } from './fastParse';

/**
 * Step 1 of the pipeline: a file's text → its YAML documents, each parsed with positions.
 *
 * The split is done on document markers (`---`, `...` at column 0), which YAML itself treats as
 * hard boundaries, so each piece can be parsed, cached and re-used on its own: an edit re-parses
 * only the document it touched.
 */

/** One YAML document of a file. Offsets in `doc` are relative to `text`. */
export interface YamlDocument {
  /** Position of the document in the file (0-based). */
  index: number;
  /** The document's own text (from its `---` line, if any, to the next document). */
  text: string;
  /** Offset and line of `text` in the file. */
  startOffset: number;
  startLine: number;
  /** The parsed document (yaml's AST with ranges and comments). */
  doc: Document.Parsed;
  /** Offsets within `text` where each line starts. */
  lineStarts: number[];
}

export interface Chunk {
  text: string;
  startOffset: number;
  startLine: number;
}

const DOCUMENT_START = /^---(?:[ \t]|\r?$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t]|\r?$)/;
const TRIVIA = /^(?:\s*(?:#.*)?|%.*)\r?$/;

/** Splits a file into document chunks on `---` and `...` lines. Cheap: one pass over the text. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  // Whether the chunk so far holds only comments, blank lines and directives: a `---` then
  // starts the chunk's own document rather than a new one.
  let onlyTrivia = true;
  let offset = 0;
  let line = 0;
  while (offset < text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const lineText = text.slice(offset, end);
    const first = lineText.charCodeAt(0);
    if (first === 45 /* - */ && DOCUMENT_START.test(lineText)) {
      if (!onlyTrivia) {
        chunks.push({ text: text.slice(chunkStart, offset), startOffset: chunkStart, startLine: chunkLine });
        chunkStart = offset;
        chunkLine = line;
      }
      onlyTrivia = false;
    } else if (first === 46 /* . */ && DOCUMENT_END.test(lineText)) {
      const next = Math.min(end + 1, text.length);
      chunks.push({ text: text.slice(chunkStart, next), startOffset: chunkStart, startLine: chunkLine });
      chunkStart = next;
      chunkLine = line + 1;
      onlyTrivia = true;
    } else if (onlyTrivia && !TRIVIA.test(lineText)) {
      onlyTrivia = false;
    }
    offset = end + 1;
    line++;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ text: text.slice(chunkStart), startOffset: chunkStart, startLine: chunkLine });
  }
  return chunks;
}

/**
 * Kubernetes reads YAML the way go-yaml v2 does (through sigs.k8s.io/yaml): YAML 1.1 scalars, so
 * `yes`/`no`/`on`/`off` are booleans and `0755` is octal, but timestamps stay strings and there
 * are no sexagesimal numbers. Parse the same way so that types agree with what the API server sees.
 */
const KUBERNETES_SCHEMA = new Schema({
  schema: 'yaml-1.1',
  resolveKnownTags: false,
  customTags: (tags) => tags.filter((tag) => {
    const { tag: name, format } = tag as { tag?: string; format?: string };
    return name !== 'tag:yaml.org,2002:timestamp' && format !== 'TIME';
  }),
});

/** Parse options for manifests. The schema is built once and shared by every parse (it is immutable). */
export const KUBERNETES_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: KUBERNETES_SCHEMA,
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
  strict: true,
};

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i >= 0) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** The line (0-based, within the text `lineStarts` describes) that holds `offset`. */
export function lineIndexAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

const fastParser = new FastParser(KUBERNETES_SCHEMA, KUBERNETES_YAML_OPTIONS);

/**
 * Parses one chunk: with the fast parser when the document is in the plain block style it reads
 * (nearly every manifest), else with the yaml library. A chunk normally holds one document;
 * stray extra ones are kept too.
 */
export function parseChunk(chunk: Chunk): Omit<YamlDocument, 'index'>[] {
  const fast = fastParser.parse(chunk.text);
  if (fast) return [{ ...chunk, doc: fast, lineStarts: lineStartsOf(chunk.text) }];
  const docs = parseAllDocuments(chunk.text, KUBERNETES_YAML_OPTIONS);
  const lineStarts = lineStartsOf(chunk.text);
  const list = Array.isArray(docs) && docs.length > 0 ? docs : [parseDocument(chunk.text, KUBERNETES_YAML_OPTIONS)];
  return list.map((doc) => ({ ...chunk, doc, lineStarts }));
}
