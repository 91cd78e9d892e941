import { DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import { Node, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { KubesmithSettings } from '../../../../protocol/settings';
import { AnalyzedDocument, KubesmithService, positionAt } from '../service';
import { keyText, stringValue } from '../yaml/nodes';

/**
 * Outline and folding: one symbol per YAML document (`Deployment api-server`) with its keys nested
 * below, which VS Code also uses for breadcrumbs; folding per document and per multi-line block.
 */

const MAX_SYMBOLS_PER_DOCUMENT = 2000;

/** A range without the trailing whitespace and newlines a block value's range ends with. */
function rangeOf(document: AnalyzedDocument, start: number, end: number) {
  const text = document.yaml.text;
  let last = Math.max(end, start);
  while (last > start && /\s/.test(text[last - 1])) last--;
  return { start: positionAt(document.yaml, start), end: positionAt(document.yaml, last) };
}

/** The end offset of a document's content (without trailing blank lines). */
function contentEnd(document: AnalyzedDocument): number {
  // (A loop, not `replace(/\s+$/, '')`: that regex retries at every run of spaces, quadratic on a long indented text.)
  const text = document.yaml.text;
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}

function nodeSymbols(document: AnalyzedDocument, node: unknown, budget: { left: number }): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || budget.left-- <= 0) continue;
      const key = keyText(pair);
      const keyNode = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (key === undefined || !keyNode?.range) continue;
      const end = value?.range ? value.range[1] : keyNode.range[1];
      const kind = isMap(value) ? SymbolKind.Object : isSeq(value) ? SymbolKind.Array : SymbolKind.Field;
      symbols.push({
        name: key || '""',
        ...(isScalar(value) && value.value !== null && value.value !== undefined ? { detail: String(value.value).slice(0, 60) } : {}),
        kind,
        range: rangeOf(document, keyNode.range[0], end),
        selectionRange: rangeOf(document, keyNode.range[0], keyNode.range[1]),
        children: nodeSymbols(document, value, budget),
      });
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const itemNode = item as Node | null;
      if (!itemNode?.range || budget.left-- <= 0) return;
      const name = isMap(itemNode) ? stringValue(itemNode.get('name', true)) : undefined;
      const children = nodeSymbols(document, itemNode, budget);
      if (!isMap(itemNode) && !isSeq(itemNode)) return;
      symbols.push({
        name: name ? `- ${name}` : `[${index}]`,
        kind: SymbolKind.Object,
        range: rangeOf(document, itemNode.range[0], itemNode.range[1]),
        selectionRange: rangeOf(document, itemNode.range[0], itemNode.range[0]),
        children,
      });
    });
  }
  return symbols;
}

export function getDocumentSymbols(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings): DocumentSymbol[] {
  const file = service.analyze(uri, text, settings);
  const symbols: DocumentSymbol[] = [];
  for (const document of file.documents) {
    const contents = document.yaml.doc.contents as Node | null;
    if (!contents?.range) continue;
    const resource = document.analysis.resources[0];
    const kindPair = isMap(contents) ? contents.items.find((pair) => isPair(pair) && keyText(pair) === 'kind') : undefined;
    const selection = (kindPair?.value as Node | undefined)?.range ?? contents.range;
    const name = resource
      ? `${resource.kind}${resource.name ? ` ${resource.name}` : ''}`
      : `Document ${document.yaml.index + 1}`;
    symbols.push({
      name,
      ...(resource ? { detail: resource.namespace ? `${resource.apiVersion} · ${resource.namespace}` : resource.apiVersion } : {}),
      kind: resource ? SymbolKind.Class : SymbolKind.Module,
      range: rangeOf(document, 0, contentEnd(document)),
      selectionRange: rangeOf(document, selection[0], selection[1]),
      children: nodeSymbols(document, contents, { left: MAX_SYMBOLS_PER_DOCUMENT }),
    });
  }
  return symbols;
}

export function getFoldingRanges(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings): FoldingRange[] {
  const file = service.analyze(uri, text, settings);
  const ranges: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind) => {
    if (endLine > startLine) ranges.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  for (const document of file.documents) {
    const lineOf = (offset: number) => positionAt(document.yaml, offset).line;
    const end = contentEnd(document);
    if (end > 0) add(document.yaml.startLine, lineOf(end), FoldingRangeKind.Region);
    const visit = (node: unknown) => {
      if (isMap(node)) {
        for (const pair of node.items) {
          const keyNode = pair.key as Node | null;
          const value = pair.value as Node | null;
          if (keyNode?.range && value?.range && (isMap(value) || isSeq(value) || (isScalar(value) && (value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED')))) {
            add(lineOf(keyNode.range[0]), lineOf(Math.max(value.range[1] - 1, keyNode.range[0])));
          }
          visit(value);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) {
          const itemNode = item as Node | null;
          if (itemNode?.range && (isMap(itemNode) || isSeq(itemNode))) add(lineOf(itemNode.range[0]), lineOf(Math.max(itemNode.range[1] - 1, itemNode.range[0])));
          visit(item);
        }
      }
    };
    visit(document.yaml.doc.contents);
  }
  return ranges;
}
