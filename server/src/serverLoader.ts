import { join } from 'node:path';
import { loadWithCodeCache } from './node/codeCacheLoader';

/** dist/server.js: starts the language server (dist/server-main.js) through V8's code cache. */
loadWithCodeCache(join(__dirname, 'server-main.js'));
