import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, KubesmithSettings } from '../protocol/settings';
import { getCodeActions } from '../server/src/core/codeActions';
import { SchemaStore } from '../server/src/core/schema/store';
import { FileAnalysis, KubesmithService } from '../server/src/core/service';
import { FileBundleReader, findSchemasDirectory } from '../server/src/node/bundleReader';

/** Shared helpers for core tests: one service over the committed bundle, compact diagnostics. */

export const repoRoot = join(__dirname, '..');

export function newService(): KubesmithService {
  return new KubesmithService(new SchemaStore(new FileBundleReader(findSchemasDirectory(repoRoot))));
}

let shared: KubesmithService | undefined;
export function service(): KubesmithService {
  return (shared ??= newService());
}

export function fixture(path: string): string {
  return readFileSync(join(repoRoot, 'test', 'fixtures', path), 'utf8');
}

export function settings(overrides: Partial<KubesmithSettings> = {}): KubesmithSettings {
  return { ...DEFAULT_SETTINGS, ...overrides };
}

export const TEST_URI = 'file:///workspace/manifest.yaml';

export function analyze(text: string, overrides: Partial<KubesmithSettings> = {}, uri = TEST_URI, svc = service()): FileAnalysis {
  return svc.analyze(uri, text, settings(overrides));
}

/** `line:col-line:col code message` with 1-based lines and columns, for exact comparisons. */
export function describe(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${diagnostic.code} ${diagnostic.message}`;
}

export function lint(text: string, overrides: Partial<KubesmithSettings> = {}, uri = TEST_URI, svc = service()): string[] {
  return analyze(text, overrides, uri, svc).diagnostics.map(describe);
}

export function severities(text: string, overrides: Partial<KubesmithSettings> = {}): string[] {
  return analyze(text, overrides).diagnostics.map((d) => `${d.code}:${d.severity}`);
}

export function codeActions(text: string, overrides: Partial<KubesmithSettings> = {}, uri = TEST_URI): CodeAction[] {
  const file = analyze(text, overrides, uri);
  return getCodeActions(service(), uri, text, settings(overrides), file.diagnostics);
}

/** Applies the code action with this title and returns the new text. */
export function applyAction(text: string, title: string, overrides: Partial<KubesmithSettings> = {}, uri = TEST_URI): string {
  const actions = codeActions(text, overrides, uri);
  const action = actions.find((candidate) => candidate.title === title);
  if (!action) throw new Error(`no code action "${title}"; got: ${actions.map((a) => a.title).join(' | ')}`);
  const edits = action.edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}
