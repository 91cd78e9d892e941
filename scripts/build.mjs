// Bundles the extension, the language server and the CLI with esbuild.
//   node scripts/build.mjs               development build (source maps)
//   node scripts/build.mjs --production  minified, as packaged in the .vsix
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  define: { KUBESMITH_VERSION: JSON.stringify(version) },
  // vscode-languageserver and -client pick their transport implementation at run time.
  mainFields: ['module', 'main'],
  // yaml's ES module build: bundled as ESM its functions are called directly, where its CommonJS
  // build is reached through a getter on every call (measured: a tenth of the checking time).
  alias: { yaml: join(root, 'node_modules/yaml/browser/index.js') },
};

const cliEntry = join(root, 'server/src/cli/main.ts');
const workerEntry = join(root, 'server/src/cli/worker.ts');

// Only what this build writes: no bundle, map or worker of an earlier build left behind.
const outputs = new Set(['extension.js', 'server.js', 'server-main.js', 'cli.js', 'cli-worker.js']);
for (const name of existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')) : []) {
  const bundle = name.replace(/\.map$/, '');
  if (!outputs.has(bundle) || (production && name.endsWith('.map'))) rmSync(join(root, 'dist', name), { force: true });
}

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/extension.js'), external: ['vscode'] }),
  // The server is dist/server-main.js, started by the small dist/server.js through V8's code cache.
  build({ ...common, entryPoints: [join(root, 'server/src/main.ts')], outfile: join(root, 'dist/server-main.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/serverLoader.ts')], outfile: join(root, 'dist/server.js') }),
  ...(existsSync(cliEntry) ? [build({ ...common, entryPoints: [cliEntry], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } })] : []),
  ...(existsSync(workerEntry) ? [build({ ...common, entryPoints: [workerEntry], outfile: join(root, 'dist/cli-worker.js') })] : []),
]);
