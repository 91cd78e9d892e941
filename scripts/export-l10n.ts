// Writes l10n/bundle.l10n.json: every English message of the extension, the server and the CLI,
// the source from which the translations (l10n/bundle.l10n.<locale>.json) are made.
//   npx tsx scripts/export-l10n.ts           write it
//   npx tsx scripts/export-l10n.ts --check   exit 1 if the committed file is not current
//
// Two kinds of strings go in (docs/architecture.md, "Translations"):
// - the messages of the code, `l10n.t('...')` and `vscode.l10n.t('...')`, as @vscode/l10n-dev
//   exports them;
// - English text kept as data and translated where it is shown: the metadata of the rules and
//   of the checks (title, rationale, how to fix), the snippets' names and descriptions, and the
//   phrases of tables marked `phrase('...')` (core/l10n.ts).
import { getL10nJson } from '@vscode/l10n-dev';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import ts from 'typescript';
import { schemaCheckTexts } from '../server/src/cli/checks';
import { parseSnippetFile } from '../server/src/core/authoring/completion';
import { RULES } from '../server/src/core/rules/registry';
import { WORKSPACE_CHECKS } from '../server/src/core/workspace/checks';

const root = join(__dirname, '..');
export const SOURCE_FOLDERS = ['client/src', 'server/src'];
export const BUNDLE = join(root, 'l10n', 'bundle.l10n.json');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(root, folder, file))
    .sort();
}

/** The string literals of `phrase('...')` calls in a source file. */
function phrasesOf(file: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'phrase') {
      const [argument] = node.arguments;
      if (!argument || !(ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument))) {
        throw new Error(`${relative(root, file)}: phrase() takes one string literal`);
      }
      found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every English message, keyed by itself (the format of bundle.l10n.json). */
export async function exportMessages(): Promise<Record<string, string>> {
  const files = SOURCE_FOLDERS.flatMap(sourceFiles).map((path) => ({ path, contents: readFileSync(path, 'utf8') }));
  const fromCode = await getL10nJson(files.map(({ path, contents }) => ({ contents, extension: extname(path) })));
  const messages = new Set<string>();
  for (const [key, value] of Object.entries(fromCode)) {
    if (typeof value !== 'string') throw new Error(`"${key}": Kubesmith's messages carry no translator comment; say it in the code instead`);
    messages.add(key);
  }
  for (const { path, contents } of files) for (const text of phrasesOf(path, contents)) messages.add(text);
  for (const { meta } of [...RULES, ...WORKSPACE_CHECKS]) for (const text of [meta.title, meta.rationale, meta.howToFix]) messages.add(text);
  for (const text of schemaCheckTexts()) messages.add(text);
  for (const snippet of parseSnippetFile(readFileSync(join(root, 'snippets', 'kubernetes.code-snippets'), 'utf8'))) {
    messages.add(snippet.name);
    messages.add(snippet.description);
  }
  return Object.fromEntries([...messages].sort().map((message) => [message, message]));
}

export function bundleText(messages: Record<string, string>): string {
  return `${JSON.stringify(messages, null, 2)}\n`;
}

async function main(): Promise<void> {
  const text = bundleText(await exportMessages());
  if (process.argv.includes('--check')) {
    if (readFileSync(BUNDLE, 'utf8') !== text) {
      console.error('l10n/bundle.l10n.json is not current: run `npm run l10n:export`.');
      process.exit(1);
    }
  } else {
    writeFileSync(BUNDLE, text);
    console.log(`${relative(root, BUNDLE)}: ${Object.keys(JSON.parse(text)).length} messages`);
  }
}

if (process.argv[1] && __filename === process.argv[1]) void main();
