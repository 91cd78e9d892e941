// Bundles an e2e suite (test/e2e/suite/index.ts and every *.test.ts of test/e2e/<name>/) into
// out/e2e/<name>/, as CommonJS modules the VS Code extension host can require: `vscode` comes from
// the host and `mocha` from the repo's node_modules (the suite runs from the repo either way).
// `suite` is the main suite; `coexistence` runs beside Red Hat's YAML extension (run.mjs --coexistence).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, suiteOutDir } from './paths.mjs';

export async function bundleSuite(name = 'suite') {
  const suiteDir = join(repoRoot, 'test', 'e2e', name);
  const tests = readdirSync(suiteDir).filter((file) => file.endsWith('.test.ts')).sort();
  rmSync(join(suiteOutDir, name), { recursive: true, force: true });
  await build({
    // The runner (index.ts, which runs every *.test.js beside it) and the tests, side by side.
    entryPoints: [
      { in: join(repoRoot, 'test', 'e2e', 'suite', 'index.ts'), out: 'index' },
      ...tests.map((file) => ({ in: join(suiteDir, file), out: file.replace(/\.ts$/, '') })),
    ],
    outdir: join(suiteOutDir, name),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return tests.map((file) => file.replace(/\.ts$/, '.js'));
}
