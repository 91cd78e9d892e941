// Runs the e2e tests inside a real VS Code: code-server (the VS Code workbench served to a
// browser, with the normal Node extension host) driven by Debian's Chromium through
// playwright-core. Works offline. See docs/testing.md.
//
// Two parts, one code-server: first the API suite (test/e2e/suite, mocha inside the extension
// host, real `vscode` API), then the UI test (scripts/e2e/ui-test.mjs: keys, clicks and what the
// screen shows, in a second window on a fresh copy of the workspace; it also writes the
// screenshots in docs/images/).
//
//   node scripts/e2e/run.mjs [--vsix] [--coexistence | --locale zh-cn] [--ui | --no-ui] [--no-build] [--grep <pattern>] [--timeout <seconds>] [--keep]
//
//   --vsix        package kubesmith.vsix, install it into the fresh extensions dir and test that
//                 installed copy (the repo is not loaded as a development extension)
//   --coexistence the run beside Red Hat's YAML extension: also installs every .vsix of
//                 ../shared/data/vscode-extensions (KUBESMITH_E2E_EXTENSIONS_FROM), and runs the
//                 test/e2e/coexistence suite on test/fixtures/e2e/coexistence and its UI steps
//                 (scripts/e2e/ui-coexistence.mjs)
//   --locale      the run in another display language: code-server started with `--locale zh-cn`
//                 and the UI steps of scripts/e2e/ui-l10n.mjs only. VS Code takes a display language
//                 only when a language pack provides it; offline there is none to install, so the
//                 run packs and installs test/fixtures/e2e/language-pack-zh-cn, a stand-in that
//                 translates nothing (VS Code's own words stay English) and makes zh-cn
//                 `vscode.env.language`, as Microsoft's Chinese language pack does for a user
//   --ui          only the UI test
//   --no-ui       only the API suite
//   --no-build    use the existing dist/ (or kubesmith.vsix with --vsix); the suite is always bundled
//   --grep        only the tests whose full title matches (passed to mocha; UI steps' titles start with "UI:")
//   --timeout     overall limit for the whole run, in seconds (default 300)
//   --keep        keep the temporary folder (user data, logs, workspace copy) and print its path
//
// The extension host inherits code-server's environment, which is how the suite learns where to
// write its results (KUBESMITH_E2E_RESULTS) and how this script answers its UI questions
// (KUBESMITH_E2E_UI_BRIDGE: the suite drops request files, this script answers from the page).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { bundleSuite } from './bundle.mjs';
import { printResults, printSummary, readJson } from './report.mjs';
import {
  CODE_SERVER_VERSION, bundledVscodeVersion, chromiumPath, codeServerBin, coexistenceSuiteEntry, coexistenceWorkspace, extensionId,
  fixtureWorkspace, installedCodeServerVersion, repoRoot, resultsDir, sharedExtensionsDir, suiteEntry,
} from './paths.mjs';
import { COEXISTENCE_UI_STEPS } from './ui-coexistence.mjs';
import { L10N_UI_STEPS } from './ui-l10n.mjs';
import { UI_STEPS, UI_THEME, runUiSteps } from './ui-test.mjs';

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

function parseArgs(argv) {
  const options = { vsix: false, coexistence: false, locale: undefined, build: true, grep: undefined, timeoutSeconds: 300, keep: false, api: true, ui: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--vsix') options.vsix = true;
    else if (arg === '--coexistence') options.coexistence = true;
    else if (arg === '--locale') options.locale = value();
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--grep') options.grep = value();
    else if (arg.startsWith('--grep=')) options.grep = arg.slice('--grep='.length);
    else if (arg === '--timeout') options.timeoutSeconds = Number(value());
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--ui') options.api = false;
    else if (arg === '--no-ui') options.ui = false;
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  if (!(options.timeoutSeconds > 0)) usage('--timeout must be a positive number of seconds');
  if (options.locale !== undefined) {
    if (options.locale !== 'zh-cn') usage('--locale takes zh-cn (the language Kubesmith is translated to)');
    if (options.coexistence) usage('--locale and --coexistence are separate runs');
    options.api = false; // (the UI steps in that language only)
  }
  if (!options.api && !options.ui) usage('--ui and --no-ui together leave nothing to run');
  // A --grep that names no UI step leaves the UI test out (and one naming only UI steps, the suite).
  const steps = options.coexistence ? COEXISTENCE_UI_STEPS : options.locale ? L10N_UI_STEPS : UI_STEPS;
  if (options.grep && options.ui && !steps.some(([title]) => new RegExp(options.grep).test(title))) options.ui = false;
  return options;
}

/** The .vsix files of a folder (the other extensions of the coexistence run). */
function vsixFiles(dir) {
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.vsix')).sort().map((name) => join(dir, name)) : [];
  if (files.length === 0) throw new Error(`no .vsix in ${dir}: the coexistence run installs the extensions found there (set KUBESMITH_E2E_EXTENSIONS_FROM)`);
  return files;
}

/** Packs the stand-in language pack of a locale (see --locale) into `temp`; returns the .vsix. */
function packLanguagePack(locale, temp) {
  const source = join(repoRoot, 'test', 'fixtures', 'e2e', `language-pack-${locale}`);
  const dir = join(temp, `language-pack-${locale}`);
  cpSync(source, dir, { recursive: true });
  const vsix = join(temp, `language-pack-${locale}.vsix`);
  const packed = spawnSync(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`packing ${source} failed:\n${packed.stdout}\n${packed.stderr}`);
  return vsix;
}

/**
 * Lists the installed stand-in language pack in the user data's languagepacks.json, as VS Code
 * does when a language pack is installed in a running window (`code-server --install-extension`
 * does not): the server reads it to accept the display language asked with --locale.
 */
function registerLanguagePack(locale, extensionsDir, userDataDir) {
  const folder = readdirSync(extensionsDir).find((name) => name.startsWith(`kubesmith-test.kubesmith-test-language-pack-${locale}-`));
  if (!folder) throw new Error(`the ${locale} language pack is not in ${extensionsDir}`);
  const manifest = JSON.parse(readFileSync(join(extensionsDir, folder, 'package.json'), 'utf8'));
  const localization = manifest.contributes.localizations[0];
  writeFileSync(join(userDataDir, 'languagepacks.json'), `${JSON.stringify({
    [localization.languageId]: {
      hash: `${manifest.publisher}.${manifest.name}-${manifest.version}`,
      extensions: [{ extensionIdentifier: { id: `${manifest.publisher}.${manifest.name}` }, version: manifest.version }],
      translations: Object.fromEntries(localization.translations.map((translation) => [translation.id, join(extensionsDir, folder, translation.path)])),
      label: localization.localizedLanguageName,
    },
  }, null, 2)}\n`);
}

function usage(error) {
  if (error) console.error(`e2e: ${error}`);
  console.error('usage: node scripts/e2e/run.mjs [--vsix] [--coexistence | --locale zh-cn] [--ui | --no-ui] [--no-build] [--grep <pattern>] [--timeout <seconds>] [--keep]');
  process.exit(error ? 2 : 0);
}

const log = (message) => console.log(`[e2e] ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.signal})`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns something other than undefined, or throws after `timeoutMs`. */
async function poll(check, { timeoutMs, intervalMs = 100, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}`);
    await delay(intervalMs);
  }
}

/**
 * Kills a whole process group (the process was spawned detached, so its pid is the group id):
 * SIGTERM first, so code-server can stop its extension host and that the language server, then
 * SIGKILL for whatever is left after a few seconds. `firstSignal` SIGKILL skips the courtesy.
 */
async function killGroup(pid, name, firstSignal = 'SIGTERM') {
  if (!pid) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pid, firstSignal);
  } catch { /* already gone */ }
  const deadline = Date.now() + 5000;
  while (alive() && Date.now() < deadline) await delay(100);
  if (alive()) {
    log(`${name} (process group ${pid}) did not stop on SIGTERM; sending SIGKILL`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch { /* already gone */ }
  }
}

function writeJsonAtomically(file, value) {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

/** Answers the suite's UI questions (see test/e2e/suite/ui.ts) from the live page. */
async function answerUiRequests(bridgeDir, page, state) {
  for (const name of readdirSync(bridgeDir)) {
    if (!name.endsWith('.request.json')) continue;
    const id = name.slice(0, -'.request.json'.length);
    if (state.answered.has(id)) continue;
    const request = readJson(join(bridgeDir, name));
    if (!request) continue; // still being written
    state.answered.add(id);
    let response;
    try {
      response = { ok: true, value: await uiQuery(page, request) };
    } catch (error) {
      response = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    writeJsonAtomically(join(bridgeDir, `${id}.response.json`), response);
  }
}

async function uiQuery(page, request) {
  switch (request.type) {
    case 'statusBarItems':
      return page.$$eval('.part.statusbar .statusbar-item', (items) => items.map((item) => ({
        id: item.id,
        text: (item.textContent ?? '').trim(),
        ariaLabel: item.querySelector('[aria-label]')?.getAttribute('aria-label') ?? item.getAttribute('aria-label') ?? '',
        visible: item.getClientRects().length > 0 && getComputedStyle(item).display !== 'none',
      })));
    case 'outputView':
      // The Output view of the panel: the channel its picker shows, and the lines it renders.
      return page.evaluate(() => {
        const panel = document.querySelector('.part.panel');
        const visible = (element) => element.getClientRects().length > 0;
        const pickers = [...(panel?.querySelectorAll('select.monaco-select-box') ?? [])].filter(visible);
        const lines = [...(panel?.querySelectorAll('.monaco-editor .view-lines .view-line') ?? [])].filter(visible)
          .map((line) => ({ top: Number.parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
          .sort((a, b) => a.top - b.top).map((line) => line.text);
        return { channels: pickers.map((picker) => picker.value), options: pickers.flatMap((picker) => [...picker.options].map((option) => option.text)), lines };
      });
    case 'screenshot': {
      mkdirSync(resultsDir, { recursive: true });
      const path = join(resultsDir, `${String(request.name).replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path });
      return path;
    }
    default:
      throw new Error(`unknown UI request ${JSON.stringify(request.type)}`);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const mode = `${options.vsix ? 'vsix' : 'development'}${options.coexistence ? ', beside the YAML extension' : ''}${options.locale ? `, display language ${options.locale}` : ''}`;
  const startedAt = Date.now();
  // The scenario: the main suite, or the one beside Red Hat's YAML extension.
  const suite = options.coexistence
    ? { name: 'coexistence', entry: coexistenceSuiteEntry, workspace: coexistenceWorkspace, steps: COEXISTENCE_UI_STEPS }
    : { name: 'suite', entry: suiteEntry, workspace: fixtureWorkspace, steps: options.locale ? L10N_UI_STEPS : UI_STEPS };
  const otherExtensions = options.coexistence ? vsixFiles(sharedExtensionsDir) : [];

  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: apt-get install -y chromium (never \`playwright install\`), or set KUBESMITH_E2E_CHROMIUM`);
  }
  if (installedCodeServerVersion() !== CODE_SERVER_VERSION) {
    log(`code-server ${CODE_SERVER_VERSION} is not installed in .vscode-test/; installing it (npm run e2e:install)`);
    run(process.execPath, [join(repoRoot, 'scripts', 'e2e', 'install-code-server.mjs')], 'installing code-server');
  }

  const vsixPath = join(repoRoot, 'kubesmith.vsix');
  if (options.build) {
    if (options.vsix) run('npm', ['run', '--silent', 'package'], 'npm run package');
    else run('npm', ['run', '--silent', 'build'], 'npm run build');
  }
  if (options.vsix ? !existsSync(vsixPath) : !existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error(options.vsix ? 'kubesmith.vsix is missing: run without --no-build' : 'dist/extension.js is missing: run without --no-build');
  }
  if (options.api) {
    const testFiles = await bundleSuite(suite.name);
    log(`bundled ${testFiles.length} test files into out/e2e/${suite.name}/`);
  }

  const temp = mkdtempSync(join(tmpdir(), 'kubesmith-e2e-'));
  const userDataDir = join(temp, 'user-data');
  const extensionsDir = join(temp, 'extensions');
  const workspaceDir = join(temp, 'workspace');
  const bridgeDir = join(temp, 'ui-bridge');
  const resultsFile = join(temp, 'results.json');
  const codeServerLog = join(temp, 'code-server.log');
  const browserLog = join(temp, 'browser-console.log');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, bridgeDir, join(temp, 'xdg')]) mkdirSync(dir, { recursive: true });
  const userSettingsFile = join(userDataDir, 'User', 'settings.json');
  writeFileSync(userSettingsFile, `${JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    // Steady screenshots: no blinking cursor.
    'editor.cursorBlinking': 'solid',
    // Desktop VS Code's default (VS Code for the web saves a second after each change): an edit
    // leaves the file modified until it is saved, as a person on the desktop sees it.
    'files.autoSave': 'off',
    // Red Hat's extensions (the YAML extension, in the coexistence run) ask about telemetry in a toast.
    'redhat.telemetry.enabled': false,
  }, null, 2)}\n`);
  cpSync(suite.workspace, workspaceDir, { recursive: true });

  let codeServer;
  let browserServer;
  let browser;
  let page;
  let installedExtensionDir;
  let exitCode = 1;
  let cleaning;
  const cleanup = () => {
    cleaning ??= (async () => {
      await browserServer?.close().catch(() => {});
      // Asked to quit above; its renderers can take a second more, and nothing of it is kept.
      await killGroup(browserServer?.process().pid, 'chromium', 'SIGKILL');
      await killGroup(codeServer?.pid, 'code-server');
      if (options.keep) log(`kept ${temp}`);
      else rmSync(temp, { recursive: true, force: true });
    })();
    return cleaning;
  };
  let interrupted = false;
  const onSignal = (signal) => {
    interrupted = true;
    log(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const saveArtifacts = async (reason) => {
    mkdirSync(resultsDir, { recursive: true });
    const stamp = `e2e-${options.vsix ? 'vsix' : 'dev'}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (page) {
      const shot = join(resultsDir, `${stamp}.png`);
      await page.screenshot({ path: shot }).then(() => log(`screenshot of the workbench: ${shot}`), () => {});
    }
    for (const [file, suffix] of [[codeServerLog, 'code-server.log'], [browserLog, 'browser-console.log']]) {
      if (existsSync(file)) cpSync(file, join(resultsDir, `${stamp}-${suffix}`));
    }
    log(`${reason}; logs in ${resultsDir}/${stamp}-*`);
    // The extension host's own errors (a suite that does not load, say) surface in the page.
    const errors = existsSync(browserLog)
      ? readFileSync(browserLog, 'utf8').split('\n').filter((line) => line.startsWith('[error]') && /Error\b/.test(line) && !/Failed to load resource/.test(line))
      : [];
    if (errors.length) {
      log('errors the workbench logged (last 10):');
      for (const line of errors.slice(-10)) console.log(`    ${line.slice(0, 300)}`);
    }
  };

  try {
    const bin = [codeServerBin];
    const commonArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const installVsix = (path) => {
      const install = spawnSync(process.execPath, [...bin, ...commonArgs, '--install-extension', path], {
        encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: join(temp, 'xdg'), XDG_DATA_HOME: join(temp, 'xdg'), EXTENSIONS_GALLERY: '{}' },
      });
      if (install.status !== 0) throw new Error(`code-server --install-extension ${path} failed:\n${install.stdout}\n${install.stderr}`);
    };
    if (options.locale) otherExtensions.push(packLanguagePack(options.locale, temp));
    for (const path of otherExtensions) {
      log(`installing ${path} into the fresh extensions dir`);
      installVsix(path);
    }
    if (options.locale) registerLanguagePack(options.locale, extensionsDir, userDataDir);
    if (options.vsix) {
      log(`installing ${vsixPath} into a fresh extensions dir`);
      installVsix(vsixPath);
      const installed = readdirSync(extensionsDir).filter((name) => name.toLowerCase().startsWith(`${extensionId}-`));
      if (installed.length !== 1) throw new Error(`expected one ${extensionId} folder in ${extensionsDir}, found: ${readdirSync(extensionsDir).join(', ')}`);
      installedExtensionDir = join(extensionsDir, installed[0]);
    }

    // In vsix mode the development path is an empty folder: VS Code only runs extensionTestsPath
    // for an extension development session, and an empty folder contributes no extension, so the
    // extension under test is the installed one.
    const developmentPath = options.vsix ? join(temp, 'no-development-extension') : repoRoot;
    mkdirSync(developmentPath, { recursive: true });

    const port = await freePort();
    const authority = `127.0.0.1:${port}`;
    const out = createWriteStream(codeServerLog);
    codeServer = spawn(process.execPath, [
      ...bin, ...commonArgs,
      '--auth', 'none', '--bind-addr', authority, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--config', join(temp, 'xdg', 'config.yaml'),
      ...(options.locale ? ['--locale', options.locale] : []),
      workspaceDir,
    ], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: join(temp, 'xdg'),
        XDG_DATA_HOME: join(temp, 'xdg'),
        // No extension gallery: nothing to look up on this offline machine, and no noise about it.
        EXTENSIONS_GALLERY: '{}',
        KUBESMITH_E2E_RESULTS: resultsFile,
        KUBESMITH_E2E_MODE: options.vsix ? 'vsix' : 'development',
        KUBESMITH_E2E_EXTENSIONS_DIR: extensionsDir,
        KUBESMITH_E2E_UI_BRIDGE: bridgeDir,
        ...(options.grep ? { KUBESMITH_E2E_GREP: options.grep } : {}),
      },
    });
    codeServer.stdout.pipe(out);
    codeServer.stderr.pipe(out);
    let codeServerExit;
    codeServer.on('exit', (code, signal) => { codeServerExit = `code-server exited (${code ?? signal})`; });
    // The extension host quits once the suite's run() settles; if it quits and no results come,
    // the suite never ran (or crashed the host): fail now rather than at the overall time-out.
    let extensionHostExitedAt;
    const watchLog = (chunk) => {
      if (!extensionHostExitedAt && /Extension Host Process exited/.test(chunk.toString())) extensionHostExitedAt = Date.now();
    };
    codeServer.stdout.on('data', watchLog);
    codeServer.stderr.on('data', watchLog);
    const spawnedAt = Date.now();

    const deadline = startedAt + options.timeoutSeconds * 1000;
    const remaining = () => Math.max(1000, deadline - Date.now());
    await poll(async () => {
      if (codeServerExit) throw new Error(`${codeServerExit} before it served the workbench; see ${codeServerLog}`);
      const ok = await fetch(`http://${authority}/healthz`).then((response) => response.ok, () => false);
      return ok ? true : undefined;
    }, { timeoutMs: Math.min(60_000, remaining()), intervalMs: 200, what: 'code-server to listen' });
    log(`code-server ${CODE_SERVER_VERSION} listening on ${authority} after ${seconds(Date.now() - spawnedAt)}`);

    // Signals are handled here (cleanup kills code-server too), not by Playwright.
    browserServer = await chromium.launchServer({
      executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
    browser = await chromium.connect(browserServer.wsEndpoint());
    const consoleLog = createWriteStream(browserLog);
    const newPage = async (contextOptions) => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...contextOptions });
      const created = await context.newPage();
      created.on('console', (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
      created.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));
      return created;
    };
    const remote = (path) => `vscode-remote://${authority}${path}`;
    const workbenchUrl = (folder, payload) => `http://${authority}/?folder=${encodeURIComponent(folder)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const add = ({ passed, failed, skipped }) => {
      counts.passed += passed;
      counts.failed += failed;
      counts.skipped += skipped;
    };

    if (options.api) {
      page = await newPage();
      const payload = [
        ['extensionDevelopmentPath', remote(developmentPath)],
        ['extensionTestsPath', remote(suite.entry)],
      ];
      await page.goto(workbenchUrl(workspaceDir, payload), { waitUntil: 'domcontentloaded', timeout: remaining() });
      log(`workbench opened; waiting for the suite (${mode})`);

      const bridgeState = { answered: new Set() };
      const results = await poll(async () => {
        if (codeServerExit) throw new Error(`${codeServerExit} while the suite ran`);
        await answerUiRequests(bridgeDir, page, bridgeState);
        const found = existsSync(resultsFile) ? readJson(resultsFile) : undefined;
        if (!found && extensionHostExitedAt && Date.now() - extensionHostExitedAt > 5000) {
          throw new Error('the extension host exited without results: the suite did not load, or it crashed the host');
        }
        return found;
      }, { timeoutMs: remaining(), intervalMs: 100, what: `the suite's results (${resultsFile})` });
      // A --grep that only names UI steps selects no suite test: not a failure when UI steps ran.
      const nothingSelected = options.ui && options.grep && (results.tests ?? []).length === 0 && /no e2e test matches --grep/.test(results.error ?? '');
      if (!nothingSelected) add(printResults(results, 'code-server', { summary: false }));
      await page.context().close();
      page = undefined;
    }

    if (options.ui) {
      // A second window: a fresh copy of the workspace, the extension under test (the repo as a
      // development extension, or the installed .vsix), no test module; driven from here.
      const uiWorkspace = join(temp, 'ui', 'k8s-manifests'); // its name is in the screenshots' title bar
      cpSync(suite.workspace, uiWorkspace, { recursive: true });
      // Device scale 2: the docs' screenshots stay sharp when zoomed.
      page = await newPage({ deviceScaleFactor: 2 });
      const payload = options.vsix ? [] : [['extensionDevelopmentPath', remote(developmentPath)]];
      const uiStarted = Date.now();
      await page.goto(workbenchUrl(uiWorkspace, payload), { waitUntil: 'domcontentloaded', timeout: remaining() });
      log(`UI test: workbench opened on a fresh workspace copy (${mode})`);
      const serverJs = join(installedExtensionDir ?? repoRoot, 'dist', 'server.js');
      const tests = await runUiSteps(page, {
        steps: suite.steps,
        workspaceDir: uiWorkspace,
        serverJs,
        mode: options.vsix ? 'vsix' : 'dev',
        grep: options.grep,
        log: (message) => log(`UI test: ${message}`),
        // Written once the workbench is up (see ui-test.mjs: the theme in the settings it starts
        // with is ignored); the workspace's settings, which code-server applies as they change.
        applyTheme: async () => {
          mkdirSync(join(uiWorkspace, '.vscode'), { recursive: true });
          const settingsFile = join(uiWorkspace, '.vscode', 'settings.json');
          const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
          writeFileSync(settingsFile, `${JSON.stringify({ ...settings, 'workbench.colorTheme': UI_THEME, 'workbench.iconTheme': 'vs-minimal' }, null, 2)}\n`);
        },
      });
      add(printResults({ mode, vscodeVersion: bundledVscodeVersion(), tests }, 'code-server, UI test', { summary: false }));
      log(`UI test finished in ${seconds(Date.now() - uiStarted)}`);
    }

    printSummary(counts);
    if (counts.failed > 0) await saveArtifacts(`${counts.failed} failed`);
    exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
  } catch (error) {
    if (interrupted) return;
    console.error(`\n[e2e] ${error instanceof Error ? error.message : String(error)}`);
    await saveArtifacts('the run did not complete');
    console.log('0 passed, 1 failed');
    exitCode = 1;
  } finally {
    await cleanup();
  }
  log(`${mode} run finished in ${seconds(Date.now() - startedAt)}`);
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(`[e2e] ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
