import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { KubesmithSettings } from '../../../protocol/settings';
import { Codes, DiagnosticData, FixData, SOURCE } from './diagnostics';
import { DocumentEditor, isJsonDocument, minimalChange } from './edits/documentEditor';
import { schemaAtPath } from './schema/navigate';
import { skeletonValue } from './schema/skeleton';
import { applyRuleFixes } from './fixes';
import { ruleById } from './rules/registry';
import { IGNORE_ANNOTATION } from './rules/suppressions';
import { AnalyzedDocument, FileAnalysis, KubesmithService, offsetAt, positionAt } from './service';
import { normalizeWhitespace } from './validation/whitespace';
import { inLineEnd } from './lineEnds';
import { lineStartsOf, parseManifest, splitDocuments } from './yaml/documents';
import { PathSegment, formatPath } from './yaml/nodes';

/**
 * Quick fixes for the problems that carry fix data. Every fix is computed on the document it
 * belongs to with a DocumentEditor and returned as one minimal text edit, so the rest of the
 * file (other documents, comments, formatting) is untouched.
 */

export interface EditResult {
  title: string;
  edit: TextEdit;
}

function isOurs(diagnostic: Diagnostic): diagnostic is Diagnostic & { data: DiagnosticData } {
  return diagnostic.source === SOURCE && typeof diagnostic.data === 'object' && diagnostic.data !== null;
}

/** A document's full-text change as a file TextEdit (its line breaks written as the file's). */
export function documentEdit(file: FileAnalysis, document: AnalyzedDocument, newText: string): TextEdit | undefined {
  const change = documentChange(file, document, newText);
  if (!change) return undefined;
  return { range: { start: positionAt(document.yaml, change.start), end: positionAt(document.yaml, change.end) }, newText: change.text };
}

/**
 * A document's full-text change as one replacement (offsets in the document's text): what
 * `documentEdit` sends, for applying it to the file's text.
 */
export function documentChange(file: FileAnalysis, document: AnalyzedDocument, newText: string): { start: number; end: number; text: string } | undefined {
  const change = minimalChange(document.yaml.text, newText);
  if (!change) return undefined;
  const old = document.yaml.text;
  let { start, end, text } = change;
  // LSP has no position between the \r and \n of a line end: take the whole line end.
  if (start > 0 && old.charCodeAt(start - 1) === 13 && old.charCodeAt(start) === 10) {
    start--;
    text = `\r${text}`;
  }
  if (end > 0 && old.charCodeAt(end - 1) === 13 && old.charCodeAt(end) === 10) {
    end++;
    text = `${text}\n`;
  }
  return { start, end, text: inLineEnd(text, file.lineEnd, old[start - 1]) };
}

function label(path: readonly PathSegment[]): string {
  return formatPath(path) || 'the top level';
}

/** Whether an edit keeps what a document was: YAML that parses, and JSON if it was JSON. */
export function keepsForm(before: string, after: string): boolean {
  if (before === after) return true;
  if (parseManifest(before).errors.length === 0 && parseManifest(after).errors.length > 0) return false;
  return !isJsonDocument(before) || isJsonDocument(after);
}

/** Computes the edit of one fix on one document (undefined when it no longer applies). */
export function applyFix(file: FileAnalysis, document: AnalyzedDocument, fix: FixData, service: KubesmithService, settings: KubesmithSettings): EditResult[] {
  const editor = () => new DocumentEditor(document.yaml.text);
  const done = (title: string, ed: DocumentEditor): EditResult[] => {
    // No fix rather than one that breaks the document: it parsed (and was JSON) before, so it must after.
    if (!keepsForm(document.yaml.text, ed.text)) return [];
    const edit = documentEdit(file, document, ed.text);
    return edit ? [{ title, edit }] : [];
  };
  switch (fix.fix) {
    case 'rename-key': {
      const ed = editor();
      ed.renameKey(fix.path, fix.from, fix.to);
      return done(`Change \`${fix.from}\` to \`${fix.to}\``, ed);
    }
    case 'set-value':
      return fix.values.slice(0, 12).flatMap((value) => {
        const ed = editor();
        ed.replaceScalar(fix.path, value);
        return done(`Change to \`${value}\``, ed);
      });
    case 'replace-api-version': {
      const ed = editor();
      ed.replaceScalar([...fix.resource, 'apiVersion'], fix.apiVersion);
      return done(`Change apiVersion to \`${fix.apiVersion}\``, ed);
    }
    case 'move-key': {
      const ed = editor();
      ed.moveKey(fix.path, fix.key, fix.to);
      return done(`Move \`${fix.key}\` under \`${label(fix.to.slice(fix.resource.length))}\``, ed);
    }
    case 'insert-required': {
      const resource = document.analysis.resources.find((r) => r.path.length === fix.resource.length && r.path.every((s, i) => fix.resource[i] === s));
      if (!resource || resource.resolution.status !== 'schema') return [];
      const resolve = service.store.version(service.optionsFor(file.uri, settings).kubernetesVersion).resolve;
      const objectSchema = schemaAtPath(resource.resolution.kindSchema.schema, fix.path.slice(resource.path.length), resolve);
      return fix.fields.flatMap((field) => {
        const ed = editor();
        const fieldSchema = objectSchema ? schemaAtPath(objectSchema, [field], resolve) : undefined;
        let value = fieldSchema ? skeletonValue(fieldSchema, resolve) : '';
        if (field === 'selector') {
          // A workload's selector must match its pod template's labels: take them from there.
          const labels = ed.value([...fix.path, 'template', 'metadata', 'labels']);
          if (labels && typeof labels === 'object' && Object.keys(labels).length > 0) value = { matchLabels: labels };
        }
        ed.insertPair(fix.path, field, value);
        return done(`Add missing field \`${field}\``, ed);
      });
    }
    case 'normalize-whitespace': {
      const normalized = normalizeWhitespace(file.text);
      // (A character such as U+00A0 before the first key reads as part of the key; as a space it
      // would indent the line: no fix rather than one that breaks a document.)
      const before = splitDocuments(file.text);
      const after = splitDocuments(normalized);
      if (before.length !== after.length || before.some((chunk, i) => !keepsForm(chunk.text, after[i].text))) return [];
      const change = minimalChange(file.text, normalized);
      if (!change) return [];
      const whole = { startLine: 0, lineStarts: lineStartsOf(file.text) };
      const range: Range = { start: positionAt(whole, change.start), end: positionAt(whole, change.end) };
      return [{ title: 'Replace all unusual whitespace in this file with normal spaces', edit: { range, newText: inLineEnd(change.text, file.lineEnd, file.text[change.start - 1]) } }];
    }
    case 'rule': {
      const rule = ruleById(fix.rule);
      if (!rule?.fix) return [];
      const ed = editor();
      const fixContext = { harden: settings.harden, resourcePath: fix.resource };
      rule.fix(ed, fix.args ?? {}, fixContext);
      return done(rule.fixTitle?.(fix.args ?? {}, fixContext) ?? `Fix: ${rule.meta.title}`, ed);
    }
  }
}

/**
 * "Fix all" is offered on files where at most this many documents have the rule's findings: it is
 * computed for each code action request, and must answer quickly (Harden Manifest, the CLI's
 * `kubesmith harden`, handles larger files).
 */
export const FIX_ALL_DOCUMENT_LIMIT = 200;

/** Codes a person cannot sensibly switch off: the file would not even be YAML. */
const NOT_SUPPRESSIBLE = new Set<string>([
  Codes.yamlSyntax, Codes.duplicateKey, Codes.oddWhitespace, Codes.internalError, Codes.fileTooLarge,
  Codes.binaryFile, Codes.fileEncoding, Codes.tooComplex,
]);

/** `# kubesmith-disable-next-line <code>` above the diagnostic's line (merged with an existing one). */
function disableLineEdit(file: FileAnalysis, diagnostic: Diagnostic, code: string): TextEdit {
  const lines = file.text.split('\n');
  const line = diagnostic.range.start.line;
  const previous = line > 0 ? lines[line - 1] : undefined;
  const existing = previous !== undefined ? /^(\s*)#\s*kubesmith-disable-next-line\s+(.*?)\s*\r?$/.exec(previous) : null;
  if (existing) {
    return {
      range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: previous!.replace(/\r$/, '').length } },
      newText: `${existing[1]}# kubesmith-disable-next-line ${existing[2]}, ${code}`,
    };
  }
  const indent = /^\s*/.exec(lines[line] ?? '')![0];
  // On a list item's line (`- name: x`) the comment belongs at the dash.
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: inLineEnd(`${indent}# kubesmith-disable-next-line ${code}\n`, file.lineEnd) };
}

/** Adds the code to the resource's `kubesmith.io/ignore` annotation. */
function disableResourceEdit(file: FileAnalysis, document: AnalyzedDocument, diagnostic: Diagnostic, code: string): TextEdit | undefined {
  const offset = offsetAt(document.yaml, diagnostic.range.start);
  const resource = document.analysis.resources
    .filter((candidate) => offset >= candidate.range[0] && offset <= candidate.range[1])
    .pop() ?? document.analysis.resources[0];
  if (!resource) return undefined;
  const editor = new DocumentEditor(document.yaml.text);
  const path = [...resource.path, 'metadata', 'annotations', IGNORE_ANNOTATION];
  const current = editor.value(path);
  const ids = typeof current === 'string' ? current.split(',').map((id) => id.trim()).filter(Boolean) : [];
  if (ids.includes(code)) return undefined;
  try {
    editor.set(path, [...ids, code].join(','));
  } catch {
    return undefined; // (`metadata` is not an object: nowhere to put the annotation)
  }
  if (!keepsForm(document.yaml.text, editor.text)) return undefined;
  return documentEdit(file, document, editor.text);
}

/** "Fix all": every fixable finding of one rule, in every document of the file. */
export function fixAllEdits(service: KubesmithService, file: FileAnalysis, settings: KubesmithSettings, ruleIds: readonly string[]): TextEdit[] {
  const options = service.optionsFor(file.uri, settings);
  const edits: TextEdit[] = [];
  for (const document of file.documents) {
    if (!document.analysis.problems.some((problem) => problem.rule && ruleIds.includes(problem.rule) && problem.fixes?.length)) continue;
    const run = applyRuleFixes(document.yaml.text, service.store, options, ruleIds, settings.harden);
    const edit = documentEdit(file, document, run.text);
    if (edit) edits.push(edit);
  }
  return edits;
}

/** Code actions for the given diagnostics (as the client sent them back, with their data). */
export function getCodeActions(
  service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, diagnostics: Diagnostic[],
): CodeAction[] {
  const file = service.analyze(uri, text, settings);
  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const fixAllDone = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (!isOurs(diagnostic)) continue;
    const document = file.documents[diagnostic.data.document];
    if (!document) continue;
    const code = String(diagnostic.code ?? '');
    for (const fix of diagnostic.data.fixes ?? []) {
      let results: EditResult[] = [];
      try {
        results = applyFix(file, document, fix, service, settings);
      } catch {
        results = []; // The document changed under the diagnostic: no fix rather than a wrong one.
      }
      results.forEach((result, i) => fixes.push({
        title: result.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0 && fix.fix !== 'normalize-whitespace' ? true : undefined,
        edit: { changes: { [uri]: [result.edit] } },
      }));
      if (fix.fix === 'rule' && !fixAllDone.has(fix.rule)) {
        fixAllDone.add(fix.rule);
        const fixable = file.diagnostics.filter((d) => d.code === fix.rule && d.data.fixes?.length);
        const count = fixable.length;
        // (Bounded: each code action request would fix the whole file again.)
        if (count > 1 && new Set(fixable.map((d) => d.data.document)).size <= FIX_ALL_DOCUMENT_LIMIT) {
          const edits = fixAllEdits(service, file, settings, [fix.rule]);
          if (edits.length > 0) {
            fixes.push({ title: `Fix all \`${fix.rule}\` problems in this file (${count})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: edits } } });
          }
        }
      }
    }
    if (code && !NOT_SUPPRESSIBLE.has(code) && document.analysis.wellFormed) {
      // (JSON has no comments: a JSON manifest is suppressed by its annotation only.)
      if (!isJsonDocument(document.yaml.text)) {
        suppressions.push({
          title: `Disable \`${code}\` for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [uri]: [disableLineEdit(file, diagnostic, code)] } },
        });
      }
      const resourceEdit = disableResourceEdit(file, document, diagnostic, code);
      if (resourceEdit) {
        suppressions.push({
          title: `Disable \`${code}\` for this resource`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [uri]: [resourceEdit] } },
        });
      }
    }
  }
  return [...fixes, ...suppressions];
}
