// Bundles the extension, the language server and the CLI with esbuild.
//   node scripts/build.mjs               development build (source maps)
//   node scripts/build.mjs --production  minified, as packaged in the .vsix
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// The CEL engine (@bufbuild/cel with the Kubernetes libraries) and re2js are files of their own,
// required the first time a custom resource with CEL rules, or a schema pattern, is checked: the
// server and the CLI do not even parse them before (server/src/core/validation/cel/index.ts).
const LAZY_CHUNKS = {
  cel: { source: join(root, 'server/src/core/validation/cel/engine.ts'), file: 'kubesmith-cel.js' },
  re2: { source: 're2js', file: 'kubesmith-re2.js' },
};
const lazyChunks = (inside) => ({
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^(\.\/engine|re2js)$/ }, (args) => {
      const target = args.path === 're2js' ? 're2js' : join(args.resolveDir, `${args.path}.ts`);
      const chunk = Object.values(LAZY_CHUNKS).find((candidate) => candidate.source === target);
      return chunk && chunk.file !== inside ? { path: `./${chunk.file}`, external: true } : undefined;
    });
  },
});
common.plugins = [lazyChunks()];

const cliEntry = join(root, 'server/src/cli/main.ts');
const workerEntry = join(root, 'server/src/cli/worker.ts');

// Only what this build writes: no bundle, map or worker of an earlier build left behind.
const outputs = new Set(['extension.js', 'server.js', 'server-main.js', 'cli.js', 'cli-worker.js', ...Object.values(LAZY_CHUNKS).map((chunk) => chunk.file)]);
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
  build({ ...common, entryPoints: [LAZY_CHUNKS.cel.source], outfile: join(root, 'dist', LAZY_CHUNKS.cel.file), plugins: [lazyChunks(LAZY_CHUNKS.cel.file)] }),
  build({ ...common, entryPoints: [createRequire(import.meta.url).resolve('re2js')], outfile: join(root, 'dist', LAZY_CHUNKS.re2.file), plugins: [] }),
]);
