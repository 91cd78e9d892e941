// Installs code-server (VS Code served to a browser, with the normal Node extension host) into
// the cache folder .vscode-test/code-server/, for the real-VS-Code e2e suite (scripts/e2e/run.mjs).
//
//   node scripts/e2e/install-code-server.mjs          install unless that version is already there
//   node scripts/e2e/install-code-server.mjs --force  reinstall
//
// Works without any network but the npm registry:
//   - @vscode/ripgrep's postinstall downloads `rg` from GitHub unless its cache already holds the
//     tarball, so the cache is seeded with a tarball of Debian's /usr/bin/rg (apt: ripgrep);
//   - the `kerberos` native module compiles against libkrb5 headers (apt: libkrb5-dev);
//   - as root code-server's postinstall refuses without npm_config_unsafe_perm, and node-pty's
//     postinstall runs `npx node-gyp`, which needs npm_config_yes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_VERSION, codeServerPrefix, codeServerBin, installMarker, installedCodeServerVersion,
} from './paths.mjs';

/** What @vscode/ripgrep (as pinned by VS Code 1.100) looks for in its cache before downloading. */
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_BUILD = 'ripgrep-v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

/**
 * npm 11 blocks dependency install scripts unless a project's package.json allows them, and
 * code-server's own postinstall runs `npm install` in lib/vscode and lib/vscode/extensions, whose
 * package.json files we do not control, and whose native modules (node-pty, kerberos, spdlog,
 * @parcel/watcher, ripgrep...) must build. A named list (`allow-scripts`) is refused for project
 * installs whenever it arrives through the command line or npm_config_* (and npm exports it to the
 * nested installs that way), so the one setting that reaches them is the blanket one. It is scoped
 * to this one npm process, for a pinned code-server whose dependency tree is fixed by its
 * npm-shrinkwrap.json, in a cache folder outside the project; npm 10 runs these scripts by default
 * and ignores the setting.
 */
const INSTALL_SCRIPTS_ENV = { npm_config_dangerously_allow_all_scripts: 'true' };

const force = process.argv.includes('--force');

function fail(message) {
  console.error(`\ne2e:install: ${message}\n`);
  process.exit(1);
}

function checkPrerequisites() {
  const missing = [];
  if (process.platform !== 'linux') fail(`this installer is written for Linux (found ${process.platform}); on a desktop use \`npm run test:e2e:electron\` instead.`);
  if (!RIPGREP_TARGETS[process.arch]) fail(`no known @vscode/ripgrep build for the ${process.arch} architecture.`);
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) fail(`code-server ${CODE_SERVER_VERSION} needs Node 20 (found ${process.version}).`);
  if (!existsSync('/usr/bin/rg')) missing.push('/usr/bin/rg (apt package: ripgrep)');
  if (!existsSync('/usr/include/gssapi/gssapi.h') || !existsSync('/usr/bin/krb5-config')) {
    missing.push('libkrb5 headers /usr/include/gssapi/gssapi.h and krb5-config (apt package: libkrb5-dev)');
  }
  if (spawnSync('tar', ['--version']).status !== 0) missing.push('tar');
  if (missing.length) {
    fail(`missing prerequisites:\n  - ${missing.join('\n  - ')}\n`
      + 'Install them with: apt-get update && apt-get install -y chromium libkrb5-dev ripgrep\n'
      + '(.ci/run does this before the e2e suite).');
  }
}

/** A tar.gz whose only member is `rg`, where @vscode/ripgrep looks before going to GitHub. */
function seedRipgrepCache(tmpDir) {
  const cacheDir = join(tmpDir, RIPGREP_CACHE_DIR);
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, `${RIPGREP_BUILD}-${RIPGREP_TARGETS[process.arch]}.tar.gz`);
  if (existsSync(tarball)) return;
  const staging = mkdtempSync(join(tmpDir, 'rg-'));
  try {
    copyFileSync('/usr/bin/rg', join(staging, 'rg'));
    chmodSync(join(staging, 'rg'), 0o755);
    const tar = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) fail(`could not write the ripgrep cache tarball ${tarball}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

checkPrerequisites();

const installed = installedCodeServerVersion();
if (installed === CODE_SERVER_VERSION && !force) {
  console.log(`code-server ${installed} is already installed in ${codeServerPrefix}`);
  process.exit(0);
}

console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${codeServerPrefix} (a few minutes: it compiles native modules)...`);
rmSync(installMarker, { force: true });
mkdirSync(codeServerPrefix, { recursive: true });
// Its own package.json, so npm treats the folder as a project and never walks up to the repo's.
writeFileSync(join(codeServerPrefix, 'package.json'), `${JSON.stringify({
  name: 'kubesmith-e2e-code-server',
  private: true,
  description: 'Cache for the e2e tests (scripts/e2e/install-code-server.mjs); not a project dependency.',
}, null, 2)}\n`);

// A temp dir of our own, so the seeded ripgrep cache is the one the postinstall sees.
const tmpDir = join(codeServerPrefix, '.tmp');
mkdirSync(tmpDir, { recursive: true });
seedRipgrepCache(tmpDir);

const started = Date.now();
const npm = spawnSync('npm', [
  'install', `code-server@${CODE_SERVER_VERSION}`, '--save-exact', '--no-audit', '--no-fund', '--loglevel=warn',
], {
  cwd: codeServerPrefix,
  stdio: 'inherit',
  env: {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    ...INSTALL_SCRIPTS_ENV,
    npm_config_update_notifier: 'false',
  },
});
if (npm.error) fail(`could not run npm: ${npm.error.message}`);
if (npm.status !== 0) {
  fail(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${npm.status}). Check the output above; `
    + 'native modules need python3, make, g++ and libkrb5-dev; the ripgrep download is served from the seeded cache.');
}
if (!existsSync(codeServerBin)) fail(`npm finished but ${codeServerBin} is missing.`);

// Its own config folder, so that `--version` does not write ~/.config/code-server/config.yaml.
const version = spawnSync(process.execPath, [codeServerBin, '--version'], {
  encoding: 'utf8',
  env: { ...process.env, XDG_CONFIG_HOME: tmpDir, XDG_DATA_HOME: tmpDir },
});
const versionLine = version.stdout.split('\n').find((line) => line.startsWith(CODE_SERVER_VERSION));
if (version.status !== 0 || !versionLine) {
  fail(`the installed code-server does not start or reports another version: ${version.stderr || version.stdout}`);
}
writeFileSync(installMarker, `${CODE_SERVER_VERSION}\n`);
rmSync(tmpDir, { recursive: true, force: true });
console.log(`code-server ${versionLine} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
