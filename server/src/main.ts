import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { SchemaStore } from './core/schema/store';
import { startServer } from './lsp/server';
import { FileBundleReader, findSchemasDirectory } from './node/bundleReader';
import { loadSnippets } from './node/snippets';

declare const KUBESMITH_VERSION: string;

/**
 * The language server (dist/server-main.js, started by dist/server.js through V8's code cache):
 * `node dist/server.js --stdio` for any LSP client, `--node-ipc` as the VS Code extension starts it.
 */
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!process.argv.some((arg) => transports.some((transport) => arg.startsWith(transport)))) {
  process.stderr.write('Usage: node server.js --stdio\n  Kubesmith language server; speaks LSP over stdio (or --node-ipc, --socket=PORT, --pipe=NAME).\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
const version = typeof KUBESMITH_VERSION === 'string' ? KUBESMITH_VERSION : 'dev';
const schemas = findSchemasDirectory(__dirname);
startServer(connection, { store: new SchemaStore(new FileBundleReader(schemas)), version, snippets: () => loadSnippets(schemas) });
