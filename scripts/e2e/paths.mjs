// Paths and versions shared by the e2e scripts (install-code-server.mjs, run.mjs, electron.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** code-server 4.100.3 bundles VS Code 1.100.3 and is the last line that accepts Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

/** A cache folder (gitignored), not a project dependency: users of the extension never need it. */
export const codeServerPrefix = join(repoRoot, '.vscode-test', 'code-server');
export const codeServerPackageDir = join(codeServerPrefix, 'node_modules', 'code-server');
export const codeServerBin = join(codeServerPackageDir, 'out', 'node', 'entry.js');
/** Written last by install-code-server.mjs, so a half-finished install is not taken for a finished one. */
export const installMarker = join(codeServerPrefix, '.kubesmith-installed');

export const chromiumPath = process.env.KUBESMITH_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Where the bundled suite goes (gitignored). */
export const suiteOutDir = join(repoRoot, 'out', 'e2e');
export const suiteEntry = join(suiteOutDir, 'suite', 'index.js');
export const fixtureWorkspace = join(repoRoot, 'test', 'fixtures', 'e2e', 'workspace');
/** The coexistence run (run.mjs --coexistence): its suite, its workspace, and the other extensions it installs. */
export const coexistenceSuiteEntry = join(suiteOutDir, 'coexistence', 'index.js');
export const coexistenceWorkspace = join(repoRoot, 'test', 'fixtures', 'e2e', 'coexistence');
/** Third-party extensions packaged for offline tests (Red Hat's YAML extension; see its README there). */
export const sharedExtensionsDir = process.env.KUBESMITH_E2E_EXTENSIONS_FROM ?? join(repoRoot, '..', 'shared', 'data', 'vscode-extensions');
export const resultsDir = join(repoRoot, 'test-results');
/** Screenshots for the documentation, written by the UI test on every code-server run. */
export const imagesDir = join(repoRoot, 'docs', 'images');

/** The extension's id as VS Code knows it (publisher.name from package.json). */
export const extensionId = (() => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}`.toLowerCase();
})();

/** The VS Code version code-server bundles (1.100.3 for 4.100.3), or undefined. */
export function bundledVscodeVersion() {
  try {
    return JSON.parse(readFileSync(join(codeServerPackageDir, 'lib', 'vscode', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The installed code-server version, or undefined when it is missing or half-installed. */
export function installedCodeServerVersion() {
  if (!existsSync(installMarker) || !existsSync(codeServerBin)) return undefined;
  try {
    return JSON.parse(readFileSync(join(codeServerPackageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
