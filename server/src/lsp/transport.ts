import { inspect } from 'node:util';
import {
  Connection, DataCallback, Disposable, IPCMessageReader, IPCMessageWriter, LSPErrorCodes, Message, MessageReader, MessageWriter,
  ProposedFeatures, RequestMessage, ResponseError, ResponseMessage, StreamMessageReader, StreamMessageWriter, createConnection,
} from 'vscode-languageserver/node';
import * as l10n from '@vscode/l10n';

/**
 * The server's connection, with a tap on what arrives: `onReceive` sees each message as soon as it
 * is read, before it waits its turn in vscode-jsonrpc's queue (which hands the server one message
 * at a time). That is how a request learns that an edit sent after it is already here
 * (lsp/staleness.ts answers it with ContentModified instead of working on a text the editor has
 * left). A `$/cancelRequest` for a request still in the queue is answered at once, without the
 * request ever running.
 *
 * `--stdio` and `--node-ipc` (how VS Code starts the server) get the tap; `--socket` and `--pipe`
 * are left to vscode-languageserver as they were, without it (cancellation still works there).
 */

/** A message reader that shows each message to `onReceive` before the connection gets it. */
class TappedReader implements MessageReader {
  constructor(private readonly inner: MessageReader, private readonly onReceive: (message: Message) => void) {}

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      try {
        this.onReceive(message);
      } finally {
        callback(message);
      }
    });
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** Answers a cancelled request that has not started yet, so it never runs. */
const connectionStrategy = {
  cancelUndispatched: (message: Message): ResponseMessage | undefined => {
    const request = message as RequestMessage;
    return { jsonrpc: '2.0', id: request.id, error: new ResponseError(LSPErrorCodes.RequestCancelled, l10n.t('The request was cancelled.')).toJson() };
  },
};

export function createServerConnection(onReceive: (message: Message) => void): Connection {
  const argv = process.argv.slice(2);
  let reader: MessageReader;
  let writer: MessageWriter;
  const stdio = argv.includes('--stdio');
  if (stdio) {
    reader = new StreamMessageReader(process.stdin);
    writer = new StreamMessageWriter(process.stdout);
  } else if (argv.includes('--node-ipc')) {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
  } else {
    return createConnection(ProposedFeatures.all, { connectionStrategy });
  }
  let shutdown = false;
  const connection = createConnection(ProposedFeatures.all, new TappedReader(reader, (message) => {
    if (Message.isRequest(message) && message.method === 'shutdown') shutdown = true;
    onReceive(message);
  }), writer, { connectionStrategy });
  if (stdio) {
    // What vscode-languageserver does for `--stdio` when it makes the transport itself: stdout
    // carries the protocol, so the console writes to the client's log; the server ends with its input.
    const log = (write: (message: string) => void) => (...args: unknown[]) => write(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' '));
    console.log = log((message) => connection.console.log(message));
    console.info = log((message) => connection.console.info(message));
    console.warn = log((message) => connection.console.warn(message));
    console.error = log((message) => connection.console.error(message));
    console.debug = log((message) => connection.console.debug(message));
    const end = () => process.exit(shutdown ? 0 : 1);
    process.stdin.on('end', end);
    process.stdin.on('close', end);
  }
  return connection;
}
