// Bundles the e2e suite (test/e2e/suite/index.ts and every *.test.ts beside it) into out/e2e/suite/,
// as CommonJS modules the VS Code extension host can require: `vscode` comes from the host and
// `mocha` from the repo's node_modules (the suite runs from the repo either way).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, suiteOutDir } from './paths.mjs';

export async function bundleSuite() {
  const suiteDir = join(repoRoot, 'test', 'e2e', 'suite');
  const tests = readdirSync(suiteDir).filter((name) => name.endsWith('.test.ts')).sort();
  rmSync(suiteOutDir, { recursive: true, force: true });
  await build({
    entryPoints: [join(suiteDir, 'index.ts'), ...tests.map((name) => join(suiteDir, name))],
    outdir: join(suiteOutDir, 'suite'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return tests.map((name) => name.replace(/\.ts$/, '.js'));
}
