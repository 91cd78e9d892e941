import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { RULES } from '../../server/src/core/rules/registry';
import { repoRoot } from '../helpers';

/**
 * The shape docs/architecture.md promises, checked: no import cycles (type imports included), the
 * core free of editor and protocol connections, one folder per rule category.
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const FILES = ['server/src', 'protocol', 'client/src'].flatMap((dir) => sourceFiles(join(repoRoot, dir)));
const KNOWN = new Set(FILES);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g;

function importsOf(file: string): { specifier: string; resolved?: string }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => {
    const specifier = match[1];
    if (!specifier.startsWith('.')) return { specifier };
    const base = normalize(join(dirname(file), specifier));
    const resolved = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => KNOWN.has(candidate));
    return { specifier, resolved };
  });
}

/** The strongly connected components of more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.map((file) => relative(repoRoot, file)).sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('architecture', () => {
  it('has no import cycle, type imports included', () => {
    const graph = new Map(FILES.map((file) => [file, importsOf(file).flatMap((entry) => (entry.resolved ? [entry.resolved] : []))]));
    assert.deepEqual(cycles(graph), []);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    assert.deepEqual(cycles(new Map([['/a.ts', ['/b.ts']], ['/b.ts', ['/a.ts']], ['/c.ts', ['/a.ts']]])).length, 1);
  });

  it('keeps the core free of VS Code and of LSP connections', () => {
    const offenders = FILES.filter((file) => relative(repoRoot, file).startsWith('server/src/core/'))
      .flatMap((file) => importsOf(file).filter(({ specifier }) => specifier === 'vscode' || specifier === 'vscode-languageserver' || specifier.startsWith('node:'))
        .map(({ specifier }) => `${relative(repoRoot, file)} imports ${specifier}`));
    assert.deepEqual(offenders, []);
  });

  it('keeps each rule in the folder of its category, one module per rule', () => {
    const rulesDir = join(repoRoot, 'server/src/core/rules');
    const misplaced: string[] = [];
    for (const file of sourceFiles(rulesDir)) {
      const folder = relative(rulesDir, dirname(file));
      for (const match of readFileSync(file, 'utf8').matchAll(/\bcategory: '([a-z]+)'/g)) {
        if (match[1] !== folder) misplaced.push(`${relative(repoRoot, file)} holds a rule of category ${match[1]}`);
      }
    }
    assert.deepEqual(misplaced, []);
    const folders = readdirSync(rulesDir).filter((name) => statSync(join(rulesDir, name)).isDirectory()).sort();
    assert.deepEqual(folders, [...new Set(RULES.map((rule) => rule.meta.category))].sort());
  });
});
