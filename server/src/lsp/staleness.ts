import { CancellationToken, LSPErrorCodes, Message, ResponseError, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as l10n from '@vscode/l10n';

/**
 * Requests answered about the text they were sent for, or not at all.
 *
 * The client numbers each version of a document. A request is about the version the server had
 * when the request's turn came (messages are handled in the order they were sent). If a newer
 * version has arrived since — the user typed on — the answer would be about a text the editor
 * no longer shows: the request is answered with LSP's ContentModified error instead, at once or
 * at the next step of its work, and `$/cancelRequest` is honoured the same way. So typing fast
 * never queues work behind stale requests.
 */

/** The newest version of each document received, as messages arrive (fed by the transport's tap). */
export class ReceivedVersions {
  private readonly versions = new Map<string, number>();

  observe(message: Message): void {
    if (!Message.isNotification(message)) return;
    const params = message.params as { textDocument?: { uri?: string; version?: number } } | undefined;
    const uri = params?.textDocument?.uri;
    if (typeof uri !== 'string') return;
    switch (message.method) {
      case 'textDocument/didOpen':
      case 'textDocument/didChange':
        if (typeof params!.textDocument!.version === 'number') this.versions.set(uri, params!.textDocument!.version);
        break;
      case 'textDocument/didClose':
        this.versions.delete(uri);
        break;
    }
  }

  /** The newest version received for a document (undefined when unknown: the transport has no tap). */
  latest(uri: string): number | undefined {
    return this.versions.get(uri);
  }
}

/** A request's hold on the version it is about. */
export interface RequestScope {
  document: TextDocument;
  /** Throws ContentModified if the document changed (or a change arrived) since, RequestCancelled if the client cancelled. */
  check(): void;
}

export const contentModified = () => new ResponseError(LSPErrorCodes.ContentModified, l10n.t('The document changed since this request was sent.'));
export const requestCancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, l10n.t('The request was cancelled.'));

export class StaleRequests {
  constructor(private readonly documents: TextDocuments<TextDocument>, readonly received: ReceivedVersions) {}

  /** Whether a newer version of the document than `version` has arrived (or it was closed). */
  superseded(uri: string, version: number): boolean {
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return true;
    const latest = this.received.latest(uri);
    return latest !== undefined && latest !== version;
  }

  /**
   * Starts a request about an open document: undefined when it is not open; throws when the
   * request is already stale or cancelled. Call `check()` again after every wait and between
   * steps of long work.
   */
  begin(uri: string, token?: CancellationToken, version?: number): RequestScope | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const expected = version ?? document.version;
    const check = () => {
      if (token?.isCancellationRequested) throw requestCancelled();
      if (this.superseded(uri, expected)) throw contentModified();
    };
    check();
    return { document, check };
  }
}
