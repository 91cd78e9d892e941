import { currentLocale } from './l10n';
import { Document } from 'yaml';
import { KubesmithSettings } from '../../../protocol/settings';
import { AnalysisOptions, DocumentAnalysis, analyzeDocument } from './analysis';
import { unreadableTextDiagnostic } from './binaryText';
import { Codes, DiagnosticSeverity, KubesmithDiagnostic, Problem, SOURCE } from './diagnostics';
import { LineEnd, lineEndOf, withLfLineEnds } from './lineEnds';
import { enabledRules, enabledRulesKey } from './rules/engine';
import { SchemaStore } from './schema/store';
import { WhitespaceProblem, findOddWhitespace } from './validation/whitespace';
import { WorkspaceIndex } from './workspace/definitions';
import { parseConfig } from './config';
import { DocumentOutline, SHALLOW_DEPTH, outlineDepthFor, outlineOf } from './authoring/outline';
import { Chunk, YamlDocument, lineIndexAt, lineStartsOf, parseChunk, resplitDocuments, splitDocuments } from './yaml/documents';
import * as l10n from '@vscode/l10n';

/**
 * The language service: the whole pipeline for a file, with per-document caching.
 *
 *   split into documents → parse → identify apiVersion/kind → schema validation → diagnostics
 *
 * Each document's parse and analysis are cached by its text, so an edit re-parses and
 * re-validates only the document it touched. Nothing here knows about LSP connections or VS Code:
 * the language server, the CLI and the tests all drive this class.
 */

export interface AnalyzedDocument {
  yaml: YamlDocument;
  analysis: DocumentAnalysis;
}

export type SkipReason = 'helm-template' | 'binary' | 'too-large';

/**
 * How much of the pipeline an analysis runs: all of it (the default); `rules`, the rules' findings
 * only (no schema, CEL or server checks, and no facts for the checks between resources);
 * `structure`, the documents and their resources only (no findings beyond the syntax). For a batch
 * run that needs only part: Harden in the CLI.
 */
export type AnalysisScope = 'all' | 'rules' | 'structure';

export interface FileAnalysis {
  uri: string;
  /** The text checked: as given, except that a lone `\r` reads as `\n` (the same offsets and positions). */
  text: string;
  /** The line end the file's lines mostly use, for the edits written into it. */
  lineEnd: LineEnd;
  documents: AnalyzedDocument[];
  diagnostics: KubesmithDiagnostic[];
  /** Set when the file is deliberately not checked. */
  skipped?: SkipReason;
  /** Set when the analysis ran only part of the pipeline. */
  scope?: Exclude<AnalysisScope, 'all'>;
}

export interface ServiceOptions {
  /** Files longer than this (in characters) get one note instead of a check. */
  maxFileLength?: number;
  /**
   * How many documents' analyses to keep (and at most 64 files' last results and splits). 0: a
   * batch run, which sees each file once: nothing is kept (not even looked up).
   */
  cacheSize?: number;
  /** How many documents' syntax trees to keep (they are re-parsed on demand). */
  parsedCacheSize?: number;
}

/** What is kept of a chunk of text: its analyses per options (plain data), its outline and its line starts. */
interface CachedChunk {
  analyses: Map<string, DocumentAnalysis[]>;
  /** The outline of each of its documents (taken when they are parsed for analysis: it depends on the text alone). */
  outlines?: DocumentOutline[];
  lineStarts?: number[];
  /** Odd whitespace of the chunk (lines relative to it), when it does not start the file. */
  whitespace?: WhitespaceProblem[];
}

type ParsedChunk = Omit<YamlDocument, 'index'>[];

/**
 * How much work the service has done (documents parsed, analyzed, outlined; Harden runs), for
 * tests that prove a request reuses what is cached: counted, not timed.
 */
export interface WorkCounters {
  parses: number;
  analyses: number;
  outlines: number;
  hardenRuns: number;
}

const DEFAULT_MAX_FILE_LENGTH = 8 * 1024 * 1024;
const CONFIG_FILE = /(^|\/)\.kubesmith\.ya?ml$/;

/** Problems of a `.kubesmith.yaml` file itself, shown while it is edited. */
function configDiagnostics(text: string): KubesmithDiagnostic[] {
  const whole = { startLine: 0, lineStarts: lineStartsOf(text) };
  return parseConfig(text).problems.map((problem) => ({
    range: { start: positionAt(whole, problem.start), end: positionAt(whole, Math.max(problem.end, problem.start)) },
    severity: DiagnosticSeverity.Error, code: Codes.invalidConfig, source: SOURCE, message: problem.message, data: { document: 0 },
  }));
}

export class KubesmithService {
  readonly workspace: WorkspaceIndex;
  private readonly chunks = new Map<string, CachedChunk>();
  /** Syntax trees, parsed again on demand: far fewer are kept than analyses (they are large). */
  private readonly parsed = new Map<string, ParsedChunk>();
  private readonly parsedLimit: number;
  private readonly lastResults = new Map<string, { optionsKey: string; result: FileAnalysis }>();
  /** The last split of each file, from which the next version's split starts. */
  private readonly splits = new Map<string, { text: string; chunks: Chunk[] }>();
  private readonly placed = new WeakMap<DocumentAnalysis, { startLine: number; index: number; diagnostics: KubesmithDiagnostic[] }>();
  private readonly maxFileLength: number;
  private readonly cacheSize: number;
  readonly counters: WorkCounters = { parses: 0, analyses: 0, outlines: 0, hardenRuns: 0 };
  /** A batch run (no caches): each file is seen once, so nothing is checked for later. */
  readonly batch: boolean;

  constructor(readonly store: SchemaStore, options: ServiceOptions = {}) {
    this.workspace = new WorkspaceIndex(store);
    this.maxFileLength = options.maxFileLength ?? DEFAULT_MAX_FILE_LENGTH;
    this.cacheSize = options.cacheSize ?? 20_000;
    this.parsedLimit = options.parsedCacheSize ?? 256;
    this.batch = this.cacheSize === 0;
  }

  /** The analysis options that apply to a file. */
  optionsFor(uri: string, settings: KubesmithSettings): AnalysisOptions {
    return {
      kubernetesVersion: this.store.version(settings.kubernetesVersion).minor,
      partial: this.workspace.isKustomizePatch(uri),
      rules: enabledRules(settings),
      // The editor offers Harden Manifest from this; a batch run (the CLI) has no use for it.
      hardenCheck: this.cacheSize !== 0,
    };
  }

  /**
   * Cache key of the options (and of the workspace CRDs they are checked against), and of the
   * language the messages are written in (core/l10n.ts): an analysis keeps its messages, so one
   * made in another language is never served.
   */
  private optionsKey(options: AnalysisOptions): string {
    return `${currentLocale()}|${options.kubernetesVersion}|${options.partial ? 1 : 0}|${this.store.generation}|${enabledRulesKey(options.rules ?? new Map())}`;
  }

  analyze(uri: string, given: string, settings: KubesmithSettings, scope: AnalysisScope = 'all'): FileAnalysis {
    const steps = this.analysisSteps(uri, given, settings, scope);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * `analyze`, step by step: the generator pauses after each chunk of the text it analyzed
   * (yielding how many documents that was), and returns the file's analysis, the very result
   * `analyze` gives, kept in the same caches. A language server checks a large file so, giving
   * other requests their turn between steps; what it analyzed before it stops (a newer version
   * came) stays cached for the next check.
   */
  *analysisSteps(uri: string, given: string, settings: KubesmithSettings, scope: AnalysisScope = 'all'): Generator<number, FileAnalysis, void> {
    const text = withLfLineEnds(given);
    const lineEnd = text === given ? lineEndOf(text) : lineEndOf(given);
    // Hover, completion, code actions and outline all ask about the text just checked.
    let options = this.optionsFor(uri, settings);
    if (scope !== 'all') options = { ...options, rulesOnly: true, hardenCheck: false, ...(scope === 'structure' ? { rules: new Map() } : {}) };
    const optionsKey = scope === 'all' ? this.optionsKey(options) : `${this.optionsKey(options)}|${scope}`;
    // (Part of the pipeline: not kept as the file's last result, which requests read.)
    if (scope !== 'all') return { ...(yield* this.analyzeText(uri, text, lineEnd, options, optionsKey)), scope };
    if (this.cacheSize === 0) return yield* this.analyzeText(uri, text, lineEnd, options, optionsKey);
    const last = this.lastResults.get(uri);
    if (last && last.optionsKey === optionsKey && last.result.text === text && last.result.lineEnd === lineEnd) return last.result;
    const result = yield* this.analyzeText(uri, text, lineEnd, options, optionsKey);
    this.lastResults.set(uri, { optionsKey, result });
    if (this.lastResults.size > Math.min(64, this.cacheSize)) this.lastResults.delete(this.lastResults.keys().next().value!);
    return result;
  }

  private *analyzeText(uri: string, text: string, lineEnd: LineEnd, options: AnalysisOptions, optionsKey: string): Generator<number, FileAnalysis, void> {
    if (text.length > this.maxFileLength) {
      return {
        uri, text, lineEnd, documents: [], skipped: 'too-large',
        diagnostics: [fileNote(Codes.fileTooLarge, l10n.t('This file is {0}; Kubesmith checks files up to {1}.', formatSize(text.length), formatSize(this.maxFileLength)))],
      };
    }
    if (text.includes('\u0000')) return { uri, text, lineEnd, documents: [], diagnostics: [unreadableTextDiagnostic(text)], skipped: 'binary' };
    if (CONFIG_FILE.test(uri)) return { uri, text, lineEnd, documents: [], diagnostics: configDiagnostics(text) };

    const documents: AnalyzedDocument[] = [];
    const whitespace: WhitespaceProblem[] = [];
    for (const chunk of this.split(uri, text)) {
      const cached = this.chunk(chunk.text);
      let analyses = cached.analyses.get(optionsKey);
      let analyzed = false;
      if (!analyses) {
        const parsed = this.parse(chunk.text);
        analyses = parsed.map((yaml) => safeAnalyze(yaml.doc, yaml.text, this.store, options));
        this.counters.analyses += parsed.length;
        cached.analyses.set(optionsKey, analyses);
        // The top of the outline, while the syntax trees are at hand (a batch run keeps nothing).
        if (this.cacheSize !== 0) cached.outlines ??= this.outlines(parsed, outlineDepthFor(text.length));
        analyzed = true;
      }
      analyses.forEach((analysis, i) => {
        documents.push({ yaml: new LazyYamlDocument(this, chunk, cached, i, documents.length), analysis });
      });
      // (The file's first line may start with a byte order mark: not cached with the chunk.)
      const odd = chunk.startOffset === 0 ? findOddWhitespace(chunk.text, true) : (cached.whitespace ??= findOddWhitespace(chunk.text, false));
      for (const problem of odd) whitespace.push(chunk.startLine === 0 ? problem : { ...problem, line: problem.line + chunk.startLine });
      if (analyzed) yield analyses.length;
    }

    if (documents.some((document) => document.analysis.templated)) {
      return { uri, text, lineEnd, documents, diagnostics: [], skipped: 'helm-template' };
    }
    return { uri, text, lineEnd, documents, diagnostics: this.diagnosticsOf(documents, whitespace) };
  }

  /** The file's documents, split again only around what changed since its last version. */
  private split(uri: string, text: string): Chunk[] {
    if (this.cacheSize === 0) return splitDocuments(text);
    const last = this.splits.get(uri);
    const chunks = last ? resplitDocuments(last.text, last.chunks, text) : splitDocuments(text);
    this.splits.delete(uri);
    this.splits.set(uri, { text, chunks });
    if (this.splits.size > Math.min(64, this.cacheSize)) this.splits.delete(this.splits.keys().next().value!);
    return chunks;
  }

  /** The parsed documents of a chunk of text (from the bounded cache, or parsed now). */
  parse(text: string): ParsedChunk {
    if (this.parsedLimit === 0) return this.parseNow(text);
    let docs = this.parsed.get(text);
    if (docs) {
      this.parsed.delete(text);
    } else {
      docs = this.parseNow(text);
      if (this.parsed.size >= this.parsedLimit) this.parsed.delete(this.parsed.keys().next().value!);
    }
    this.parsed.set(text, docs);
    return docs;
  }

  private parseNow(text: string): ParsedChunk {
    const docs = parseChunk({ text, startOffset: 0, startLine: 0 });
    this.counters.parses += docs.length;
    return docs;
  }

  private outlines(parsed: ParsedChunk, depth?: number): DocumentOutline[] {
    this.counters.outlines += parsed.length;
    return parsed.map((yaml) => outlineOf(yaml.doc, yaml.text, depth));
  }

  /**
   * The outline of a document of a file just analyzed, at least `depth` levels deep (default: as
   * taken when it was analyzed), kept with its text's cache entry: its syntax tree is needed only
   * for a deeper outline than kept (the first time), or when that entry was dropped.
   */
  outline(document: AnalyzedDocument, depth = SHALLOW_DEPTH): DocumentOutline {
    if (document.yaml instanceof LazyYamlDocument) return document.yaml.outline(depth);
    return this.outlines([document.yaml], Number.POSITIVE_INFINITY)[0];
  }

  /** The outline of a chunk's document `within`, at least `depth` levels deep, for its cache entry. */
  chunkOutline(text: string, cached: CachedChunk, within: number, depth: number): DocumentOutline {
    const kept = cached.outlines?.[within];
    if (kept && (kept.complete || kept.depth >= depth)) return kept;
    // Deeper than kept: the whole outline (parsed again unless the tree is still cached).
    cached.outlines = this.outlines(this.parse(text), kept ? Number.POSITIVE_INFINITY : Math.max(depth, SHALLOW_DEPTH));
    return cached.outlines[within];
  }

  private diagnosticsOf(documents: AnalyzedDocument[], whitespace: WhitespaceProblem[]): KubesmithDiagnostic[] {
    const diagnostics: KubesmithDiagnostic[] = [];
    // Odd whitespace breaks the structure where it sits: report it, and not the confusing
    // syntax and schema errors that follow from it in the same document.
    const brokenDocuments = new Set<number>();
    for (const problem of whitespace) {
      const document = documentAtLine(documents, problem.line);
      if (problem.structural && document) brokenDocuments.add(document.yaml.index);
      diagnostics.push({
        range: { start: { line: problem.line, character: problem.startCharacter }, end: { line: problem.line, character: problem.endCharacter } },
        severity: problem.severity, code: problem.code, source: SOURCE, message: problem.message,
        data: { document: document?.yaml.index ?? 0, fixes: [{ fix: 'normalize-whitespace', safe: true }] },
      });
    }
    for (const document of documents) {
      if (brokenDocuments.has(document.yaml.index)) continue;
      // A document's diagnostics only change when it moves (an edit above it) or is checked again.
      const { startLine, index } = document.yaml;
      let placed = this.cacheSize === 0 ? undefined : this.placed.get(document.analysis);
      if (!placed || placed.startLine !== startLine || placed.index !== index) {
        placed = { startLine, index, diagnostics: document.analysis.problems.map((problem) => toDiagnostic(problem, document.yaml)) };
        if (this.cacheSize !== 0) this.placed.set(document.analysis, placed);
      }
      for (const diagnostic of placed.diagnostics) {
        if (whitespace.length > 0 && diagnostic.code === Codes.yamlSyntax && /tab/i.test(diagnostic.message)) continue;
        diagnostics.push(diagnostic);
      }
    }
    return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  private chunk(text: string): CachedChunk {
    if (this.cacheSize === 0) return { analyses: new Map() };
    let cached = this.chunks.get(text);
    if (cached) {
      // Refresh its place in the LRU order.
      this.chunks.delete(text);
    } else {
      cached = { analyses: new Map() };
      if (this.chunks.size >= this.cacheSize) {
        const oldest = this.chunks.keys().next().value;
        if (oldest !== undefined) this.chunks.delete(oldest);
      }
    }
    this.chunks.set(text, cached);
    return cached;
  }

  /**
   * Forgets what is kept for a file that is closed: its last result and split, and the analyses and
   * parses of its documents that no other file kept here shares. Over thousands of open/close
   * cycles, closed documents would otherwise fill the caches to their bounds.
   */
  release(uri: string): void {
    const split = this.splits.get(uri);
    this.splits.delete(uri);
    this.lastResults.delete(uri);
    if (!split) return;
    const shared = new Set<string>();
    for (const other of this.splits.values()) for (const chunk of other.chunks) shared.add(chunk.text);
    for (const chunk of split.chunks) {
      if (shared.has(chunk.text)) continue;
      this.chunks.delete(chunk.text);
      this.parsed.delete(chunk.text);
    }
  }

  /** How much the caches hold (files, document analyses, syntax trees): for tests and the server's status. */
  cacheSizes(): { files: number; analyses: number; parsed: number } {
    return { files: Math.max(this.lastResults.size, this.splits.size), analyses: this.chunks.size, parsed: this.parsed.size };
  }

  /** Forgets cached analyses (settings or workspace CRDs changed); parses are kept. */
  invalidateAnalyses(): void {
    this.lastResults.clear();
    for (const cached of this.chunks.values()) cached.analyses.clear();
  }
}

/** A document of a file whose syntax tree (and line table) is computed only when asked for. */
class LazyYamlDocument implements YamlDocument {
  readonly text: string;
  readonly startOffset: number;
  readonly startLine: number;

  constructor(private readonly service: KubesmithService, chunk: Chunk, private readonly cached: CachedChunk, private readonly within: number, readonly index: number) {
    this.text = chunk.text;
    this.startOffset = chunk.startOffset;
    this.startLine = chunk.startLine;
  }

  get lineStarts(): number[] {
    return (this.cached.lineStarts ??= lineStartsOf(this.text));
  }

  get doc(): Document.Parsed {
    return this.service.parse(this.text)[this.within].doc;
  }

  outline(depth: number): DocumentOutline {
    return this.service.chunkOutline(this.text, this.cached, this.within, depth);
  }
}

/** A failure inside one document becomes a diagnostic on that document, never a dead server. */
function safeAnalyze(doc: Document.Parsed, text: string, store: SchemaStore, options: AnalysisOptions): DocumentAnalysis {
  try {
    return analyzeDocument(doc, text, store, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      resources: [], wellFormed: false, templated: false,
      problems: [{ code: Codes.internalError, severity: DiagnosticSeverity.Warning, start: 0, end: 1,
        message: l10n.t('Kubesmith could not check this document ({0}). Please report this with the document.', message) }],
    };
  }
}

function formatSize(characters: number): string {
  return characters >= 1024 * 1024 ? `${(characters / (1024 * 1024)).toFixed(1)} MB` : `${(characters / 1024).toFixed(1)} KB`;
}

function fileNote(code: string, message: string): KubesmithDiagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information, code, source: SOURCE, message, data: { document: 0 },
  };
}

/** Offset in a document's text → file position. */
export function positionAt(yaml: Pick<YamlDocument, 'startLine' | 'lineStarts'>, offset: number): { line: number; character: number } {
  const line = lineIndexAt(yaml.lineStarts, offset);
  return { line: yaml.startLine + line, character: offset - yaml.lineStarts[line] };
}

/** File position → offset in a document's text (clamped to the document). */
export function offsetAt(yaml: Pick<YamlDocument, 'startLine' | 'lineStarts' | 'text'>, position: { line: number; character: number }): number {
  const index = Math.min(Math.max(position.line - yaml.startLine, 0), yaml.lineStarts.length - 1);
  return Math.min(yaml.lineStarts[index] + position.character, yaml.text.length);
}

/**
 * An offset as an LSP position that stays inside its line: not past the text's end, and not
 * between the \r and \n of a CRLF line end (which LSP does not count as a position of the line).
 */
function linePositionAt(yaml: YamlDocument, offset: number): { line: number; character: number } {
  let at = Math.max(0, Math.min(offset, yaml.text.length));
  if (at > 0 && yaml.text.charCodeAt(at) === 10 && yaml.text.charCodeAt(at - 1) === 13) at--;
  return positionAt(yaml, at);
}

export function toDiagnostic(problem: Problem, yaml: YamlDocument): KubesmithDiagnostic {
  const start = linePositionAt(yaml, problem.start);
  const end = linePositionAt(yaml, Math.max(problem.end, problem.start));
  return {
    range: { start, end },
    severity: problem.severity,
    code: problem.code,
    source: SOURCE,
    message: problem.message,
    data: { document: yaml.index, ...(problem.fixes ? { fixes: problem.fixes } : {}), ...(problem.rule ? { rule: problem.rule } : {}) },
  };
}

export function documentAtLine(documents: AnalyzedDocument[], line: number): AnalyzedDocument | undefined {
  let found: AnalyzedDocument | undefined;
  for (const document of documents) {
    if (document.yaml.startLine <= line) found = document;
    else break;
  }
  return found;
}
