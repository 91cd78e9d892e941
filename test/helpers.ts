import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, KubesmithSettings, RuleLevel } from '../protocol/settings';
import { RULES } from '../server/src/core/rules/registry';
import { strict as assert } from 'node:assert';
import { WORKSPACE_CHECKS } from '../server/src/core/workspace/checks';
import { LazyActionData, getCodeActions, resolveCodeAction } from '../server/src/core/codeActions';
import { Codes } from '../server/src/core/diagnostics';
import { SchemaStore } from '../server/src/core/schema/store';
import { FileAnalysis, KubesmithService } from '../server/src/core/service';
import { FileBundleReader, findSchemasDirectory } from '../server/src/node/bundleReader';
import { minimalChange } from '../server/src/core/edits/documentEditor';

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

/** Every best-practice rule and every check between resources switched off: what the schema tests see. */
export const NO_RULES: Record<string, RuleLevel> = Object.fromEntries([...RULES.map((rule) => rule.meta.id), ...WORKSPACE_CHECKS.map((check) => check.meta.id)].map((id) => [id, 'off' as const]));

/**
 * Settings for a test: the defaults, with best-practice rules off unless the overrides set
 * `profile` or `rules` (schema tests then see only schema problems).
 */
export function settings(overrides: Partial<KubesmithSettings> = {}): KubesmithSettings {
  const withRules = overrides.profile !== undefined || overrides.rules !== undefined;
  return { ...DEFAULT_SETTINGS, ...(withRules ? {} : { rules: NO_RULES }), ...overrides };
}

export const TEST_URI = 'file:///workspace/manifest.yaml';

/**
 * Fails on any `internal-error` diagnostic: the service turns an exception inside a document's
 * analysis into one (so the editor survives it), and a test that accepted it could never fail.
 */
export function assertNoInternalError(result: Pick<FileAnalysis, 'uri' | 'diagnostics'>): void {
  const internal = result.diagnostics.filter((diagnostic) => diagnostic.code === Codes.internalError);
  if (internal.length > 0) throw new Error(`internal-error in ${result.uri}: ${internal.map((diagnostic) => diagnostic.message).join(' | ')}`);
}

export function analyze(text: string, overrides: Partial<KubesmithSettings> = {}, uri = TEST_URI, svc = service()): FileAnalysis {
  const result = svc.analyze(uri, text, settings(overrides));
  assertNoInternalError(result);
  return result;
}

/**
 * A path under `../shared/data`, the source data beside the repository. When it is missing, a
 * test that needs it fails in CI (CI=true) and is skipped with the reason printed elsewhere.
 */
export function sharedData(path: string, test: Mocha.Context): string {
  const full = join(repoRoot, '..', 'shared', 'data', path);
  if (existsSync(full)) return full;
  if (process.env.CI) throw new Error(`${full} is missing: this test needs ../shared/data next to the repository`);
  console.log(`      (skipped: ${full} is missing)`);
  test.skip();
  return full;
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

/**
 * The code actions for every diagnostic of a text, with their edits. Each is also offered without
 * its edit, as to a client that resolves code actions (VS Code), and resolved: that must give the
 * very same actions and edits.
 */
export function codeActions(text: string, overrides: Partial<KubesmithSettings> = {}, uri = TEST_URI): CodeAction[] {
  const file = analyze(text, overrides, uri);
  const actions = getCodeActions(service(), uri, text, settings(overrides), file.diagnostics);
  const resolved = getCodeActions(service(), uri, text, settings(overrides), file.diagnostics, { resolveLater: { uri } }).flatMap(({ data, ...action }) => {
    assert.equal(action.edit, undefined, `"${action.title}" offered for resolving later, with its edit`);
    const edits = resolveCodeAction(service(), uri, text, settings(overrides), (data as LazyActionData).recipe);
    return edits ? [{ ...action, edit: { changes: { [uri]: edits } } }] : [];
  });
  assert.deepEqual(resolved, actions, 'the actions resolved later differ from those computed at once');
  return actions;
}

/** Applies the code action with this title and returns the new text. */
export function applyAction(text: string, title: string, overrides: Partial<KubesmithSettings> = {}, uri = TEST_URI): string {
  const actions = codeActions(text, overrides, uri);
  const action = actions.find((candidate) => candidate.title === title);
  if (!action) throw new Error(`no code action "${title}"; got: ${actions.map((a) => a.title).join(' | ')}`);
  const edits = action.edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}

/** Only one rule on (at its default severity, or the given one): what a rule test sees. */
export function onlyRule(id: string, level?: RuleLevel): Partial<KubesmithSettings> {
  const rule = RULES.find((candidate) => candidate.meta.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return { rules: { ...NO_RULES, [id]: level ?? rule.meta.defaultSeverity } };
}

/** The findings of one rule, as `line:col-line:col rule message`. */
export function lintRule(text: string, id: string, overrides: Partial<KubesmithSettings> = {}): string[] {
  return lint(text, { ...onlyRule(id), ...overrides });
}

/** Applies the first quick fix of a rule finding (not a suppression) and returns the new text. */
export function fixRule(text: string, id: string, overrides: Partial<KubesmithSettings> = {}): string {
  const all = { ...onlyRule(id), ...overrides };
  const action = codeActions(text, all).find((candidate) => !candidate.title.startsWith('Disable') && !candidate.title.startsWith('Fix all')
    && candidate.diagnostics?.some((d) => d.code === id));
  if (!action) throw new Error(`no quick fix for ${id}; actions: ${codeActions(text, all).map((a) => a.title).join(' | ')}`);
  return applyAction(text, action.title, all);
}

/**
 * Asserts that `after` differs from `before` only inside one contiguous region that `expected`
 * describes: the text before and after that region is byte-for-byte the same.
 */
export function changedRegion(before: string, after: string): { removed: string; added: string } {
  const change = minimalChange(before, after);
  return change ? { removed: before.slice(change.start, change.end), added: change.text } : { removed: '', added: '' };
}

/**
 * The commented Deployment `web` the rule tests build on: `container` is the rest of its one
 * container, after `- name: web # main container`; `pod`, `spec` and `templateMetadata` are added
 * at the end of the lines `spec:` (pod), `spec:` (Deployment) and `app: web` (template labels).
 */
export function webDeployment(container: string, extra: { pod?: string; spec?: string; templateMetadata?: string } = {}): string {
  return `# The web tier.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:${extra.spec ?? ''}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web${extra.templateMetadata ?? ''}
    spec:${extra.pod ?? ''}
      containers:
      - name: web # main container
${container}`;
}

/** `line:col-line:col` (1-based) of the first `needle` in `text` that follows the first `after`, for exact ranges. */
export function rangeOf(text: string, needle: string, after = ''): string {
  const found = after ? text.indexOf(after) : 0;
  if (found < 0) throw new Error(`${after} not in the text`);
  const from = found + after.length;
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`${needle} not in the text after ${after}`);
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1].length + 1}`;
  };
  return `${position(start)}-${position(start + needle.length)}`;
}
