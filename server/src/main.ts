import { SchemaStore } from './core/schema/store';
import { startServer } from './lsp/server';
import { ReceivedVersions } from './lsp/staleness';
import { createServerConnection } from './lsp/transport';
import { FileBundleReader, findSchemasDirectory } from './node/bundleReader';
import { useLocale } from './node/l10nBundle';
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

// The transport sees each message as it arrives, so requests overtaken by an edit are known.
const received = new ReceivedVersions();
const connection = createServerConnection((message) => received.observe(message));
const version = typeof KUBESMITH_VERSION === 'string' ? KUBESMITH_VERSION : 'dev';
const schemas = findSchemasDirectory(__dirname);
startServer(connection, { store: new SchemaStore(new FileBundleReader(schemas)), version, snippets: () => loadSnippets(schemas), received, useLocale: (locale) => useLocale(locale, schemas) });
