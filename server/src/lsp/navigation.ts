import {
  CancellationToken, CodeLens, Connection, DocumentLink, Location, ResponseError, ServerCapabilities, SymbolInformation, SymbolKind, TextDocumentEdit, TextDocuments, WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Commands } from '../../../protocol/commands';
import { WorkspaceModel } from '../core/workspace/model';
import {
  RenameError, definition, documentLinks, lensResources, prepareRename, references, rename, usesOf, usersOf, workspaceSymbols,
} from '../core/workspace/navigation';
import * as l10n from '@vscode/l10n';

/**
 * Navigation between resources over LSP: go to definition, find references, code lenses counting
 * the resources that use a ConfigMap, Secret, Service, ServiceAccount or workload (resolved
 * lazily), workspace symbols, document links on references, and rename across files as one
 * workspace edit. The answers come from the workspace model (core/workspace/navigation.ts).
 */

export const NAVIGATION_CAPABILITIES: ServerCapabilities = {
  definitionProvider: true,
  referencesProvider: true,
  codeLensProvider: { resolveProvider: true },
  workspaceSymbolProvider: true,
  documentLinkProvider: { resolveProvider: false },
  renameProvider: { prepareProvider: true },
};

const SYMBOL_KINDS: Record<string, SymbolKind> = {
  Deployment: SymbolKind.Class, StatefulSet: SymbolKind.Class, DaemonSet: SymbolKind.Class, ReplicaSet: SymbolKind.Class, Job: SymbolKind.Class,
  CronJob: SymbolKind.Class, Pod: SymbolKind.Class, Service: SymbolKind.Interface, Ingress: SymbolKind.Interface, ConfigMap: SymbolKind.Object,
  Secret: SymbolKind.Key, ServiceAccount: SymbolKind.Constructor, Role: SymbolKind.Namespace, ClusterRole: SymbolKind.Namespace, Namespace: SymbolKind.Package,
};

interface LensData {
  uri: string;
  /** The resource's place among the file's lens resources, and its name (to find it again). */
  index: number;
  name: string;
}

/**
 * Called first by every request about a document: throws ContentModified when the document has
 * changed since the request was sent, RequestCancelled when the client cancelled it (lsp/staleness.ts).
 */
export type RequestGuard = (uri: string, token: CancellationToken) => void;

export function registerNavigation(connection: Connection, documents: TextDocuments<TextDocument>, model: WorkspaceModel, guard: RequestGuard): void {
  connection.onDefinition((params, token) => {
    guard(params.textDocument.uri, token);
    return definition(model, params.textDocument.uri, params.position).map((location) => Location.create(location.uri, location.range));
  });

  connection.onReferences((params, token) => {
    guard(params.textDocument.uri, token);
    return references(model, params.textDocument.uri, params.position, params.context.includeDeclaration).map((location) => Location.create(location.uri, location.range));
  });

  connection.onCodeLens((params, token): CodeLens[] => {
    guard(params.textDocument.uri, token);
    return lensResources(model, params.textDocument.uri).map((resource, index) => ({
      range: model.nameLocation(resource).range,
      data: { uri: params.textDocument.uri, index, name: resource.name } satisfies LensData,
    }));
  });

  connection.onCodeLensResolve((lens): CodeLens => {
    const data = lens.data as LensData;
    const resource = lensResources(model, data.uri)[data.index];
    if (!resource || resource.name !== data.name) return { ...lens, command: { title: '', command: '' } };
    const users = usersOf(model, resource).length;
    const title = users === 0 ? l10n.t('No resource uses it') : users === 1 ? l10n.t('1 resource uses it') : l10n.t('{0} resources use it', users);
    const locations = usesOf(model, resource).map((use) => Location.create(use.location.uri, use.location.range));
    return { ...lens, command: { title, command: users === 0 ? '' : Commands.showReferences, arguments: [data.uri, lens.range.start, locations] } };
  });

  connection.onWorkspaceSymbol((params): SymbolInformation[] => workspaceSymbols(model, params.query).map((symbol) => ({
    name: symbol.name, kind: SYMBOL_KINDS[symbol.kind] ?? SymbolKind.Object, location: Location.create(symbol.location.uri, symbol.location.range),
    ...(symbol.container ? { containerName: symbol.container } : {}),
  })));

  connection.onDocumentLinks((params, token): DocumentLink[] => {
    guard(params.textDocument.uri, token);
    return documentLinks(model, params.textDocument.uri).map((link) => ({
      range: link.range,
      // `#L<line>,<column>` opens the file at the resource's name (VS Code and most editors read it).
      target: `${link.target.uri}#L${link.target.range.start.line + 1},${link.target.range.start.character + 1}`,
      tooltip: `Open ${link.label}`,
    }));
  });

  connection.onPrepareRename((params, token) => {
    guard(params.textDocument.uri, token);
    try {
      const target = prepareRename(model, params.textDocument.uri, params.position);
      return { range: target.range, placeholder: target.placeholder };
    } catch (error) {
      if (error instanceof RenameError) throw new ResponseError(0, error.message);
      throw error;
    }
  });

  connection.onRenameRequest((params, token): WorkspaceEdit => {
    guard(params.textDocument.uri, token);
    let edits;
    try {
      edits = rename(model, params.textDocument.uri, params.position, params.newName);
    } catch (error) {
      if (error instanceof RenameError) throw new ResponseError(0, error.message);
      throw error;
    }
    // One edit across files: open documents at their version, the others as they are on disk.
    const documentChanges: TextDocumentEdit[] = [...edits.changes].map(([uri, changes]) => ({
      textDocument: { uri, version: documents.get(uri)?.version ?? null },
      edits: changes.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character),
    }));
    return { documentChanges };
  });
}

