// Runs the same e2e suite (test/e2e/suite) in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code (a developer's desktop, a CI with internet access). On the
// project's offline machines use scripts/e2e/run.mjs (code-server) instead. See docs/testing.md.
//
//   node scripts/e2e/electron.mjs [--vsix] [--no-build] [--grep <pattern>] [--vscode <version>] [--code <executable>]
//
//   --vsix        package kubesmith.vsix, install it into a fresh extensions dir and test that copy
//   --no-build    use the existing dist/ (or kubesmith.vsix with --vsix); the suite is always bundled
//   --grep        only the tests whose full title matches (passed to mocha)
//   --vscode      VS Code version to download: `stable` (default), `insiders`, `minimum` (the
//                 package.json engines.vscode floor) or a number such as 1.100.3
//   --code        an installed VS Code executable to use instead of downloading one
//                 (also KUBESMITH_E2E_VSCODE)
//
// On Linux without a display, run it under a virtual one: xvfb-run -a npm run test:e2e:electron
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { bundleSuite } from './bundle.mjs';
import { extensionId, fixtureWorkspace, repoRoot, suiteEntry } from './paths.mjs';
import { printResults, readJson } from './report.mjs';

function parseArgs(argv) {
  const options = { vsix: false, build: true, grep: undefined, version: 'stable', code: process.env.KUBESMITH_E2E_VSCODE };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--vsix') options.vsix = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--grep') options.grep = value();
    else if (arg.startsWith('--grep=')) options.grep = arg.slice('--grep='.length);
    else if (arg === '--vscode') options.version = value();
    else if (arg === '--code') options.code = value();
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  if (options.version === 'minimum') {
    const { engines } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    options.version = String(engines.vscode).replace(/^[\^~>=\s]+/, '');
  }
  return options;
}

function usage(error) {
  if (error) console.error(`e2e: ${error}`);
  console.error('usage: node scripts/e2e/electron.mjs [--vsix] [--no-build] [--grep <pattern>] [--vscode <version>] [--code <executable>]');
  process.exit(error ? 2 : 0);
}

const log = (message) => console.log(`[e2e:electron] ${message}`);

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.signal})`);
}

async function vscodeExecutable(options) {
  if (options.code) {
    if (!existsSync(options.code)) throw new Error(`no VS Code executable at ${options.code}`);
    return options.code;
  }
  try {
    // Cached in .vscode-test/ (gitignored) after the first download.
    return await downloadAndUnzipVSCode({ version: options.version, cachePath: join(repoRoot, '.vscode-test') });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error([
      '',
      `[e2e:electron] Could not download VS Code ${options.version}: ${reason}`,
      '',
      '  @vscode/test-electron downloads a VS Code build at test time, and this machine cannot reach',
      '  that download (the project\'s own machines reach only the npm registry and Debian\'s packages).',
      '  Here, run the same suite in code-server instead:   npm run test:e2e   (or npm run test:e2e:vsix)',
      '  With a VS Code already installed, point at it:      npm run test:e2e:electron -- --code /path/to/code',
      '',
    ].join('\n'));
    process.exit(1);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const vsixPath = join(repoRoot, 'kubesmith.vsix');
  if (options.build) {
    if (options.vsix) run('npm', ['run', '--silent', 'package'], 'npm run package');
    else run('npm', ['run', '--silent', 'build'], 'npm run build');
  }
  if (options.vsix ? !existsSync(vsixPath) : !existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error(options.vsix ? 'kubesmith.vsix is missing: run without --no-build' : 'dist/extension.js is missing: run without --no-build');
  }
  await bundleSuite();

  const executable = await vscodeExecutable(options);
  const temp = mkdtempSync(join(tmpdir(), 'kubesmith-e2e-electron-'));
  const userDataDir = join(temp, 'user-data');
  const extensionsDir = join(temp, 'extensions');
  const workspaceDir = join(temp, 'workspace');
  const resultsFile = join(temp, 'results.json');
  mkdirSync(extensionsDir, { recursive: true });
  cpSync(fixtureWorkspace, workspaceDir, { recursive: true });

  let exitCode = 1;
  try {
    let developmentPath = repoRoot;
    const launchArgs = [workspaceDir, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'];
    if (options.vsix) {
      // reuseMachineInstall: leave out the shared .vscode-test profile dirs; ours come next.
      const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable, { reuseMachineInstall: true });
      log(`installing ${vsixPath} into a fresh extensions dir`);
      const install = spawnSync(cli, [...cliArgs, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsixPath], {
        encoding: 'utf8', shell: process.platform === 'win32',
      });
      if (install.status !== 0) throw new Error(`--install-extension failed:\n${install.stdout}\n${install.stderr}`);
      if (!readdirSync(extensionsDir).some((name) => name.toLowerCase().startsWith(`${extensionId}-`))) {
        throw new Error(`${extensionId} is not in ${extensionsDir} after --install-extension`);
      }
      // An empty development folder: the tests run, and the extension under test is the installed one.
      developmentPath = join(temp, 'no-development-extension');
      mkdirSync(developmentPath, { recursive: true });
    } else {
      // Only the extension under development: nothing the user happened to install interferes.
      launchArgs.push('--disable-extensions');
    }

    let runError;
    try {
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: developmentPath,
        extensionTestsPath: suiteEntry,
        launchArgs,
        extensionTestsEnv: {
          KUBESMITH_E2E_RESULTS: resultsFile,
          KUBESMITH_E2E_MODE: options.vsix ? 'vsix' : 'development',
          KUBESMITH_E2E_EXTENSIONS_DIR: extensionsDir,
          ...(options.grep ? { KUBESMITH_E2E_GREP: options.grep } : {}),
        },
      });
    } catch (error) {
      runError = error;
    }
    const results = readJson(resultsFile);
    if (results) {
      const { failed } = printResults(results, 'test-electron');
      exitCode = failed > 0 || runError ? 1 : 0;
    } else {
      console.error(`[e2e:electron] VS Code exited without results${runError ? `: ${runError instanceof Error ? runError.message : String(runError)}` : ''}`);
      console.log('0 passed, 1 failed');
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(`[e2e:electron] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
