import { Document, DocumentOptions, ParseOptions, Schema, SchemaOptions } from 'yaml';
import { FastParser } from './fastParse';
import { markIndirect, parseBounded } from './reader';

/**
 * Steps 1 and 2 of the pipeline: a file's text → its YAML documents (split), each parsed with
 * positions (by the fast parser for plain block-style manifests, else by the `yaml` library).
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
  splitFrom(text, 0, 0, chunks);
  return chunks;
}

/**
 * The split of `text` from `from` (the start of a chunk, on line `fromLine`) onwards, appended
 * to `chunks`. `realign` is asked at each new chunk start; when it answers true, the split stops
 * there (the caller has the rest) and this returns true.
 */
function splitFrom(text: string, from: number, fromLine: number, chunks: Chunk[], realign?: (offset: number, line: number) => boolean): boolean {
  let chunkStart = from;
  let chunkLine = fromLine;
  // Whether the chunk so far holds only comments, blank lines and directives: a `---` then
  // starts the chunk's own document rather than a new one.
  let onlyTrivia = true;
  let offset = from;
  let line = fromLine;
  while (offset < text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const first = text.charCodeAt(offset);
    if (first === 45 /* - */ && DOCUMENT_START.test(text.slice(offset, end))) {
      if (!onlyTrivia) {
        chunks.push({ text: text.slice(chunkStart, offset), startOffset: chunkStart, startLine: chunkLine });
        chunkStart = offset;
        chunkLine = line;
        if (realign?.(offset, line)) return true;
      }
      onlyTrivia = false;
    } else if (first === 46 /* . */ && DOCUMENT_END.test(text.slice(offset, end))) {
      const next = Math.min(end + 1, text.length);
      chunks.push({ text: text.slice(chunkStart, next), startOffset: chunkStart, startLine: chunkLine });
      chunkStart = next;
      chunkLine = line + 1;
      onlyTrivia = true;
      if (next < text.length && realign?.(next, line + 1)) return true;
    } else if (onlyTrivia && !TRIVIA.test(text.slice(offset, end))) {
      onlyTrivia = false;
    }
    offset = end + 1;
    line++;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ text: text.slice(chunkStart), startOffset: chunkStart, startLine: chunkLine });
  }
  return false;
}

/** Length of the common start of two strings (compared a block at a time, then a character). */
function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  for (let block = 4096; block >= 1; block >>= 4) {
    while (at + block <= limit && a.slice(at, at + block) === b.slice(at, at + block)) at += block;
  }
  return at;
}

/** Length of the common end of two strings, not reaching into the first `limit` characters of either. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  for (let block = 4096; block >= 1; block >>= 4) {
    while (length + block <= limit && a.slice(a.length - length - block, a.length - length) === b.slice(b.length - length - block, b.length - length)) length += block;
  }
  return length;
}

/**
 * The split of `text`, knowing the split of an earlier version of it: the chunks before the
 * change are kept, the text around the change is split again until a chunk starts where one
 * started before (in the unchanged end), and the rest are the old chunks moved. The same result
 * as `splitDocuments(text)` (test/unit/documents.test.ts checks it on random edits), in time
 * proportional to the change, and unchanged chunks keep their very strings (cache keys).
 */
export function resplitDocuments(previousText: string, previous: readonly Chunk[], text: string): Chunk[] {
  if (previous.length === 0) return splitDocuments(text);
  const prefix = commonPrefix(previousText, text);
  if (prefix === text.length && prefix === previousText.length) return [...previous];
  const suffix = commonSuffix(previousText, text, prefix);
  const delta = text.length - previousText.length;
  // The first chunk the change can reach: the first one ending at or after it, or the one
  // before when the change touches its first line (a `---` line that may stop being one).
  let first = 0;
  while (first < previous.length - 1 && previous[first].startOffset + previous[first].text.length < prefix) first++;
  if (first > 0) {
    const lineEnd = previousText.indexOf('\n', previous[first].startOffset);
    if (lineEnd < 0 || lineEnd >= prefix) first--;
  }
  const chunks = previous.slice(0, first);
  const unchangedFrom = previousText.length - suffix; // in the old text
  let next = first + 1;
  splitFrom(text, previous[first].startOffset, previous[first].startLine, chunks, (offset, line) => {
    const old = offset - delta;
    if (old < unchangedFrom) return false;
    while (next < previous.length && previous[next].startOffset < old) next++;
    if (next >= previous.length || previous[next].startOffset !== old) return false;
    const lines = line - previous[next].startLine;
    // From here on, the old chunks from `next`, moved.
    for (let i = next; i < previous.length; i++) {
      const chunk = previous[i];
      chunks.push(delta === 0 && lines === 0 ? chunk : { text: chunk.text, startOffset: chunk.startOffset + delta, startLine: chunk.startLine + lines });
    }
    return true;
  });
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

/**
 * Parse options for manifests. The schema is built once and shared by every parse (it is
 * immutable). Duplicate keys are found by `parseBounded` (reader.ts) in linear time, not by the
 * library (whose check is quadratic in a map's size).
 */
export const KUBERNETES_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: KUBERNETES_SCHEMA,
  uniqueKeys: false,
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

/** A chunk's line table, made when first asked for and shared by the chunk's documents. */
class ChunkLines {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  get(): number[] {
    return (this.starts ??= lineStartsOf(this.text));
  }
}

/** A parsed document of a chunk (a class: made for every document checked, so one shape and no per-object getter). */
class ParsedDocument implements Omit<YamlDocument, 'index'> {
  readonly text: string;
  readonly startOffset: number;
  readonly startLine: number;

  constructor(readonly doc: Document.Parsed, chunk: Chunk, private readonly lines: ChunkLines) {
    this.text = chunk.text;
    this.startOffset = chunk.startOffset;
    this.startLine = chunk.startLine;
  }

  get lineStarts(): number[] {
    return this.lines.get();
  }
}

const fastParser = new FastParser(KUBERNETES_SCHEMA, KUBERNETES_YAML_OPTIONS);

/**
 * Parses one chunk: with the fast parser when the document is in the plain block style it reads
 * (nearly every manifest), else with the yaml library. A chunk normally holds one document;
 * stray extra ones are kept too.
 */
export function parseChunk(chunk: Chunk): Omit<YamlDocument, 'index'>[] {
  const lines = new ChunkLines(chunk.text);
  const withLines = (doc: Document.Parsed) => new ParsedDocument(doc, chunk, lines);
  const fast = parseFast(chunk.text);
  if (fast) return [withLines(fast)];
  const docs = parseBounded(chunk.text, KUBERNETES_YAML_OPTIONS);
  const list = docs.length > 0 ? docs : parseBounded(chunk.text, KUBERNETES_YAML_OPTIONS, true);
  return list.map(withLines);
}

function parseFast(text: string): Document.Parsed | undefined {
  const doc = fastParser.parse(text);
  if (doc && fastParser.sawMergeKey) markIndirect(doc);
  return doc;
}

/**
 * One document's text parsed with comments (the yaml library, within the bounds of reader.ts):
 * what edits work on, and what checks that an edit left YAML that parses.
 */
export function parseManifest(text: string): Document.Parsed {
  return parseBounded(text, KUBERNETES_YAML_OPTIONS, true)[0];
}

/**
 * One document's text parsed, without comments when the fast parser reads it: for questions
 * about structure and positions (completion, and the document editor, which changes text and
 * never writes a node back).
 */
export function parseStructure(text: string): Document.Parsed {
  return parseFast(text) ?? parseManifest(text);
}

/**
 * `doc`, from `parseStructure`, after its text changed (`start`..`oldEnd` of the text it was
 * parsed from is now `start`..`newEnd` of `text`): the parse of `text`. Where the fast parser made
 * `doc`, it reads again only what the change touched and updates `doc` in place (nodes taken from
 * it before may move); otherwise `text` is parsed whole.
 */
export function reparseStructure(doc: Document.Parsed, text: string, start: number, oldEnd: number, newEnd: number): Document.Parsed {
  return fastParser.reparseAfterEdit(doc, text, start, oldEnd, newEnd) ? doc : parseStructure(text);
}
