import { CodeAction, CodeActionKind, Diagnostic, Position, TextEdit } from 'vscode-languageserver-types';
import { KubesmithSettings } from '../../../protocol/settings';
import { Codes, DiagnosticData, EditStep, FixData, SOURCE } from './diagnostics';
import { DocumentEditor, isJsonDocument, minimalChange } from './edits/documentEditor';
import { schemaAtPath } from './schema/navigate';
import { skeletonValue } from './schema/skeleton';
import { applyRuleFixes } from './fixes';
import { ruleById } from './rules/registry';
import { IGNORE_ANNOTATION } from './rules/suppressions';
import { AnalyzedDocument, FileAnalysis, KubesmithService, documentAtLine, offsetAt, positionAt } from './service';
import { normalizeWhitespace } from './validation/whitespace';
import { workspaceCheckById } from './workspace/checks';
import { inLineEnd } from './lineEnds';
import { lineStartsOf, parseManifest, splitDocuments } from './yaml/documents';
import { PathSegment, formatPath } from './yaml/nodes';
import * as l10n from '@vscode/l10n';

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

/** Whether an edit keeps what a document was: YAML that parses, and JSON if it was JSON. */
export function keepsForm(before: string, after: string): boolean {
  if (before === after) return true;
  if (parseManifest(before).errors.length === 0 && parseManifest(after).errors.length > 0) return false;
  return !isJsonDocument(before) || isJsonDocument(after);
}

function label(path: readonly PathSegment[]): string {
  return formatPath(path) || l10n.t('the top level');
}

/** One way to apply a fix: its title now, its edit only when asked for (undefined when it no longer applies). */
export interface FixChoice {
  title: string;
  edit: () => TextEdit | undefined;
}

/** The choices a fix offers (one per suggested value or missing field), titled from its data alone. */
export function fixChoices(file: FileAnalysis, document: AnalyzedDocument, fix: FixData, service: KubesmithService, settings: KubesmithSettings): FixChoice[] {
  const editor = () => new DocumentEditor(document.yaml.text);
  const choice = (title: string, change: (ed: DocumentEditor) => void): FixChoice => ({
    title,
    edit: () => {
      const ed = editor();
      change(ed);
      // No fix rather than one that breaks the document: it parsed (and was JSON) before, so it must after.
      if (!keepsForm(document.yaml.text, ed.text)) return undefined;
      return documentEdit(file, document, ed.text);
    },
  });
  switch (fix.fix) {
    case 'rename-key':
      return [choice(l10n.t('Change `{0}` to `{1}`', fix.from, fix.to), (ed) => ed.renameKey(fix.path, fix.from, fix.to))];
    case 'set-value':
      return fix.values.slice(0, 12).map((value) => choice(l10n.t('Change to `{0}`', value), (ed) => ed.replaceScalar(fix.path, value)));
    case 'replace-api-version':
      return [choice(l10n.t('Change apiVersion to `{0}`', fix.apiVersion), (ed) => ed.replaceScalar([...fix.resource, 'apiVersion'], fix.apiVersion))];
    case 'move-key':
      return [choice(l10n.t('Move `{0}` under `{1}`', fix.key, label(fix.to.slice(fix.resource.length))), (ed) => ed.moveKey(fix.path, fix.key, fix.to))];
    case 'insert-required': {
      const resource = document.analysis.resources.find((r) => r.path.length === fix.resource.length && r.path.every((s, i) => fix.resource[i] === s));
      if (!resource || resource.resolution.status !== 'schema') return [];
      const { kindSchema } = resource.resolution;
      return fix.fields.map((field) => choice(l10n.t('Add missing field `{0}`', field), (ed) => {
        const resolve = service.store.version(service.optionsFor(file.uri, settings).kubernetesVersion).resolve;
        const objectSchema = schemaAtPath(kindSchema.schema, fix.path.slice(resource.path.length), resolve);
        const fieldSchema = objectSchema ? schemaAtPath(objectSchema, [field], resolve) : undefined;
        let value = fieldSchema ? skeletonValue(fieldSchema, resolve) : '';
        if (field === 'selector') {
          // A workload's selector must match its pod template's labels: take them from there.
          const labels = ed.value([...fix.path, 'template', 'metadata', 'labels']);
          if (labels && typeof labels === 'object' && Object.keys(labels).length > 0) value = { matchLabels: labels };
        }
        ed.insertPair(fix.path, field, value);
      }));
    }
    case 'normalize-whitespace': {
      // Worked out now, not when chosen: a character such as U+00A0 before the first key reads as
      // part of the key, and as a space it would indent the line; then the fix is not offered at all.
      const normalized = normalizeWhitespace(file.text);
      const before = splitDocuments(file.text);
      const after = splitDocuments(normalized);
      if (before.length !== after.length || before.some((chunk, i) => !keepsForm(chunk.text, after[i].text))) return [];
      const change = minimalChange(file.text, normalized);
      if (!change) return [];
      const whole = { startLine: 0, lineStarts: lineStartsOf(file.text) };
      const edit: TextEdit = { range: { start: positionAt(whole, change.start), end: positionAt(whole, change.end) }, newText: inLineEnd(change.text, file.lineEnd, file.text[change.start - 1]) };
      return [{ title: l10n.t('Replace all unusual whitespace in this file with normal spaces'), edit: () => edit }];
    }
    case 'rule': {
      const rule = ruleById(fix.rule);
      if (!rule?.fix) return [];
      const fixContext = { harden: settings.harden, resourcePath: fix.resource };
      return [choice(rule.fixTitle?.(fix.args ?? {}, fixContext) ?? l10n.t('Fix: {0}', l10n.t(rule.meta.title)), (ed) => rule.fix!(ed, fix.args ?? {}, fixContext))];
    }
    case 'workspace': {
      const check = workspaceCheckById(fix.check);
      if (!check?.fix) return [];
      return [choice(check.fixTitle?.(fix.args ?? {}) ?? l10n.t('Fix: {0}', l10n.t(check.meta.title)), (ed) => check.fix!(ed, fix.path, fix.args ?? {}))];
    }
    case 'edit':
      return [choice(fix.title, (ed) => applyEditSteps(ed, fix.steps))];
  }
}

/** The steps of an `edit` fix (the server checks' fixes), in order, each on the text the previous left. */
export function applyEditSteps(ed: DocumentEditor, steps: readonly EditStep[]): void {
  for (const step of steps) {
    const parent = step.path.slice(0, -1);
    const last = step.path[step.path.length - 1];
    if (step.op === 'append') ed.appendItem(step.path, step.value);
    else if (step.op === 'remove') {
      if (typeof last === 'number') ed.removeItem(parent, last);
      else ed.removeKey(parent, last);
    } else if (ed.has(step.path) || typeof last === 'number') ed.set(step.path, step.value);
    else ed.insertPair(parent, last, step.value, { before: step.before });
  }
}

/** Computes the edits of one fix on one document (none when it no longer applies). */
export function applyFix(file: FileAnalysis, document: AnalyzedDocument, fix: FixData, service: KubesmithService, settings: KubesmithSettings): EditResult[] {
  return fixChoices(file, document, fix, service, settings).flatMap((choice) => {
    const edit = choice.edit();
    return edit ? [{ title: choice.title, edit }] : [];
  });
}

/** Codes a person cannot sensibly switch off: the file would not even be YAML. */
const NOT_SUPPRESSIBLE = new Set<string>([
  Codes.yamlSyntax, Codes.duplicateKey, Codes.oddWhitespace, Codes.internalError, Codes.fileTooLarge,
  Codes.binaryFile, Codes.fileEncoding, Codes.tooComplex,
]);

/**
 * "Fix all" is offered on files where at most this many documents have the rule's findings: its
 * edit is computed for every document with a finding, and must come quickly (Harden Manifest, the
 * CLI's `kubesmith harden`, handles larger files).
 */
export const FIX_ALL_DOCUMENT_LIMIT = 200;

/** The text of a line of the file (without its line break), from the document that holds it. */
function lineOfFile(file: FileAnalysis, line: number): string | undefined {
  const document = documentAtLine(file.documents, line);
  if (!document) {
    if (file.documents.length > 0 || line < 0) return undefined;
    return file.text.split('\n')[line];
  }
  const { lineStarts, text, startLine } = document.yaml;
  const index = line - startLine;
  if (index >= lineStarts.length) return undefined;
  const end = index + 1 < lineStarts.length ? lineStarts[index + 1] - 1 : text.length;
  return text.slice(lineStarts[index], end);
}

/** `# kubesmith-disable-next-line <code>` above the diagnostic's line (merged with an existing one). */
function disableLineEdit(file: FileAnalysis, line: number, code: string): TextEdit {
  const previous = line > 0 ? lineOfFile(file, line - 1) : undefined;
  const existing = previous !== undefined ? /^(\s*)#\s*kubesmith-disable-next-line\s+(.*?)\s*\r?$/.exec(previous) : null;
  if (existing) {
    return {
      range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: previous!.replace(/\r$/, '').length } },
      newText: `${existing[1]}# kubesmith-disable-next-line ${existing[2]}, ${code}`,
    };
  }
  const indent = /^\s*/.exec(lineOfFile(file, line) ?? '')![0];
  // On a list item's line (`- name: x`) the comment belongs at the dash.
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: inLineEnd(`${indent}# kubesmith-disable-next-line ${code}\n`, file.lineEnd) };
}

/** The resource of a document a diagnostic sits in (the innermost, for a List's items). */
function resourceAt(document: AnalyzedDocument, position: Position) {
  const offset = offsetAt(document.yaml, position);
  return document.analysis.resources
    .filter((candidate) => offset >= candidate.range[0] && offset <= candidate.range[1])
    .pop() ?? document.analysis.resources[0];
}

/** Adds the code to the resource's `kubesmith.io/ignore` annotation. */
function disableResourceEdit(file: FileAnalysis, document: AnalyzedDocument, position: Position, code: string): TextEdit | undefined {
  const resource = resourceAt(document, position);
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
export function fixAllEdits(service: KubesmithService, file: FileAnalysis, settings: KubesmithSettings, ruleIds: readonly string[], checkpoint?: () => void): TextEdit[] {
  const options = service.optionsFor(file.uri, settings);
  const edits: TextEdit[] = [];
  for (const document of file.documents) {
    if (!document.analysis.problems.some((problem) => problem.rule && ruleIds.includes(problem.rule) && problem.fixes?.length)) continue;
    checkpoint?.();
    const run = applyRuleFixes(document.yaml.text, service.store, options, ruleIds, settings.harden);
    const edit = documentEdit(file, document, run.text);
    if (edit) edits.push(edit);
  }
  return edits;
}

/**
 * What a code action offered without its edit needs to compute it when resolved: the action is
 * identified by the diagnostic data it came from, never by its title.
 */
export type ActionRecipe =
  | { action: 'fix'; document: number; fix: FixData; choice: number }
  | { action: 'fix-all'; rule: string }
  | { action: 'disable-line'; line: number; code: string }
  | { action: 'disable-resource'; document: number; position: Position; code: string };

export interface CodeActionOptions {
  /**
   * Offer the actions without their edits, each with `data` (this object's fields and the
   * recipe), for a client that resolves them (`codeAction/resolve`); else edits are computed now.
   */
  resolveLater?: Record<string, unknown>;
  /** Called between documents of a "fix all"; throws to abandon the request. */
  checkpoint?: () => void;
}

/** The data of an action offered for resolving later. */
export interface LazyActionData {
  recipe: ActionRecipe;
  [key: string]: unknown;
}

/**
 * Code actions for the given diagnostics (as the client sent them back, with their data): the
 * quick fixes their fix data describes, "fix all" for a rule with several fixable findings, and
 * switching the code off for the line or the resource.
 */
export function getCodeActions(
  service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, diagnostics: Diagnostic[], options: CodeActionOptions = {},
): CodeAction[] {
  const file = service.analyze(uri, text, settings);
  const fixes: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const fixAllDone = new Set<string>();
  const lazy = options.resolveLater;
  /** An action with its edit now, or with the recipe to make it later; none when the edit is empty. */
  const offer = (list: CodeAction[], base: Omit<CodeAction, 'edit' | 'data'>, recipe: ActionRecipe, edits: () => TextEdit[] | TextEdit | undefined) => {
    if (lazy) {
      list.push({ ...base, data: { ...lazy, recipe } satisfies LazyActionData });
      return;
    }
    const made = edits();
    const list2 = made === undefined ? [] : Array.isArray(made) ? made : [made];
    if (list2.length > 0) list.push({ ...base, edit: { changes: { [uri]: list2 } } });
  };
  for (const diagnostic of diagnostics) {
    if (!isOurs(diagnostic)) continue;
    const document = file.documents[diagnostic.data.document];
    if (!document) continue;
    const code = String(diagnostic.code ?? '');
    for (const fix of diagnostic.data.fixes ?? []) {
      let choices: FixChoice[] = [];
      try {
        choices = fixChoices(file, document, fix, service, settings);
      } catch {
        choices = []; // The document changed under the diagnostic: no fix rather than a wrong one.
      }
      let first = true;
      choices.forEach((choice, i) => {
        const before = fixes.length;
        offer(fixes, {
          title: choice.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          ...(first && fix.fix !== 'normalize-whitespace' ? { isPreferred: true } : {}),
        }, { action: 'fix', document: diagnostic.data.document, fix, choice: i }, () => {
          try {
            return choice.edit();
          } catch {
            return undefined;
          }
        });
        if (fixes.length > before) first = false;
      });
      if (fix.fix === 'rule' && !fixAllDone.has(fix.rule)) {
        fixAllDone.add(fix.rule);
        const { count, documents } = countFixable(file, fix.rule);
        // (Bounded: the edit fixes every document with a finding.)
        if (count > 1 && documents <= FIX_ALL_DOCUMENT_LIMIT) {
          offer(fixes, { title: l10n.t('Fix all `{0}` problems in this file ({1})', fix.rule, count), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] },
            { action: 'fix-all', rule: fix.rule }, () => fixAllEdits(service, file, settings, [fix.rule], options.checkpoint));
        }
      }
    }
    if (code && !NOT_SUPPRESSIBLE.has(code) && document.analysis.wellFormed) {
      const line = diagnostic.range.start.line;
      // (JSON has no comments: a JSON manifest is suppressed by its annotation only.)
      if (!isJsonDocument(document.yaml.text)) {
        offer(suppressions, { title: l10n.t('Disable `{0}` for this line', code), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] },
          { action: 'disable-line', line, code }, () => disableLineEdit(file, line, code));
      }
      // (The code cannot already be in the resource's ignore list: the diagnostic would not be there.)
      if (resourceAt(document, diagnostic.range.start)) {
        offer(suppressions, { title: l10n.t('Disable `{0}` for this resource', code), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] },
          { action: 'disable-resource', document: diagnostic.data.document, position: diagnostic.range.start, code },
          () => disableResourceEdit(file, document, diagnostic.range.start, code));
      }
    }
  }
  return [...fixes, ...suppressions];
}

/** How many diagnostics of a rule in the file carry a fix, and in how many documents (placed diagnostics, not recomputed). */
function countFixable(file: FileAnalysis, rule: string): { count: number; documents: number } {
  let count = 0;
  const documents = new Set<number>();
  for (const diagnostic of file.diagnostics) {
    if (diagnostic.code === rule && diagnostic.data.fixes?.length) {
      count++;
      documents.add(diagnostic.data.document);
    }
  }
  return { count, documents: documents.size };
}

/**
 * The edits of an action offered without them, computed on the file as it is now (the caller
 * checks it is the text the action was offered on). Undefined when it no longer applies.
 */
export function resolveCodeAction(
  service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, recipe: ActionRecipe, checkpoint?: () => void,
): TextEdit[] | undefined {
  const file = service.analyze(uri, text, settings);
  const document = 'document' in recipe ? file.documents[recipe.document] : undefined;
  let edits: TextEdit | TextEdit[] | undefined;
  switch (recipe.action) {
    case 'fix':
      if (document) edits = fixChoices(file, document, recipe.fix, service, settings)[recipe.choice]?.edit();
      break;
    case 'fix-all':
      edits = fixAllEdits(service, file, settings, [recipe.rule], checkpoint);
      break;
    case 'disable-line':
      edits = disableLineEdit(file, recipe.line, recipe.code);
      break;
    case 'disable-resource':
      if (document) edits = disableResourceEdit(file, document, recipe.position, recipe.code);
      break;
  }
  const list = edits === undefined ? [] : Array.isArray(edits) ? edits : [edits];
  return list.length > 0 ? list : undefined;
}
