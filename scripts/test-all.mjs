// `npm test`: every test, in order — type check, unit, protocol (the built server over stdio),
// CLI (the built CLI as a process), then the real-VS-Code suite in code-server, in development
// mode and from the packaged .vsix, and the packaged .vsix beside Red Hat's YAML extension.
// Installs what the tests need when it is missing: npm dependencies, Debian's chromium,
// libkrb5-dev, ripgrep and fonts-wqy-microhei (as root, with apt-get), and code-server (into .vscode-test/, never a
// dependency of the extension).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();

function run(title, command, args, options = {}) {
  const step = Date.now();
  console.log(`\n=== ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - step) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed (${seconds}s)`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${title} (${seconds}s)`);
}

function missingSystemPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/bin/rg')) missing.push('ripgrep');
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  // A font with Chinese characters, for the run in Simplified Chinese (its screenshot in the README).
  if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) missing.push('fonts-wqy-microhei');
  return missing;
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) run('Install npm dependencies', npm, ['ci', '--no-audit', '--no-fund']);

const missing = missingSystemPackages();
if (missing.length > 0) {
  if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    run('Update Debian package lists', 'apt-get', ['update', '-qq']);
    run(`Install Debian packages for the VS Code suite (${missing.join(', ')})`, 'apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing],
      { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`The real-VS-Code suite needs these Debian packages: ${missing.join(' ')}.\nInstall them (sudo apt-get install ${missing.join(' ')}) and run npm test again.`);
    process.exit(1);
  }
}

run('Type check (tsc, strict)', npm, ['run', '-s', 'typecheck']);
run('Build (esbuild)', npm, ['run', '-s', 'build']);
run('Unit tests (core, fixtures)', npm, ['run', '-s', 'test:unit']);
run('Protocol tests (node dist/server.js --stdio)', 'npx', ['mocha', '--config', 'test/.mocharc.protocol.json']);
if (existsSync(join(root, 'server/src/cli/main.ts'))) run('CLI tests (node dist/cli.js)', 'npx', ['mocha', '--config', 'test/.mocharc.cli.json']);
run('Install code-server for the VS Code suite (cached in .vscode-test/)', npm, ['run', '-s', 'e2e:install']);
run('VS Code suite in code-server (development mode)', npm, ['run', '-s', 'test:e2e', '--', '--no-build']);
run('VS Code suite in code-server (packaged .vsix)', npm, ['run', '-s', 'test:e2e:vsix']);
// The same .vsix with VS Code's display language Simplified Chinese (code-server --locale zh-cn).
run('VS Code in Simplified Chinese (packaged .vsix, code-server --locale zh-cn)', npm, ['run', '-s', 'test:e2e:l10n', '--', '--no-build']);
// The kubesmith.vsix just packaged, beside Red Hat's YAML extension (../shared/data/vscode-extensions).
run('VS Code suite beside Red Hat\'s YAML extension (packaged .vsix files)', npm, ['run', '-s', 'test:e2e:coexistence', '--', '--no-build']);
console.log(`\nAll tests passed in ${((Date.now() - started) / 60000).toFixed(1)} min.`);
