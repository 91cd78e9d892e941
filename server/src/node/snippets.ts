import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SnippetDefinition, parseSnippetFile } from '../core/authoring/completion';

/** The extension's snippets (snippets/kubernetes.code-snippets, next to schemas/), for completion. */
export function loadSnippets(schemasDirectory: string): SnippetDefinition[] {
  const path = join(dirname(schemasDirectory), 'snippets', 'kubernetes.code-snippets');
  if (!existsSync(path)) return [];
  try {
    return parseSnippetFile(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
