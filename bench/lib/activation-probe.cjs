// Extension activation without VS Code: run by bench/lib/extras.ts as
//   node bench/lib/activation-probe.cjs <extension.js> <extension root> [<code cache file>]
// in a fresh process each time. It loads the bundled extension with a stub `vscode` module (every
// API is a no-op that returns another stub) and calls activate(), then prints JSON:
//   loadMs      require() of dist/extension.js (the bundle: vscode-languageclient and ours)
//   activateMs  activate(context) until its promise resolved (it calls languageClient.start() and
//               returns without waiting for the server, as in VS Code)
//   forkMs      from the start of the require until the client forked dist/server.js, if it got
//               that far on the stubs (the server process is killed at once)
//   cache       with a cache file: 'created' (none was there; compiled from source, then written,
//               after activation), 'used' or 'rejected'. VS Code's extension host loads extension
//               code with V8's code cache the same way (its CachedData folder), so runs that
//               find the cache are what a user sees from the second start on.
// What this cannot see: VS Code's own cost of loading an extension (reading package.json,
// the extension host's module loader, real API objects). See docs/performance.md.
'use strict';
const Module = require('node:module');
const childProcess = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const fs = require('node:fs');
const vm = require('node:vm');

const [extensionJs, root, cacheFile] = process.argv.slice(2);

/** require(), or with a cache file: compile through V8's code cache as VS Code does. */
function load() {
  if (!cacheFile) return { exports: require(extensionJs), cache: undefined, save: () => {} };
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(extensionJs, 'utf8')), { filename: extensionJs, ...(cachedData ? { cachedData } : {}) });
  const local = new Module(extensionJs, module);
  local.filename = extensionJs;
  local.paths = Module._nodeModulePaths(path.dirname(extensionJs));
  script.runInThisContext()(local.exports, Module.createRequire(extensionJs), local, extensionJs, path.dirname(extensionJs));
  const cache = !cachedData ? 'created' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: local.exports, cache, save: () => { if (cache !== 'used') fs.writeFileSync(cacheFile, script.createCachedData()); } };
}

function stub(name) {
  const target = function () {};
  const values = new Map();
  return new Proxy(target, {
    set(_, key, value) {
      values.set(key, value);
      return true;
    },
    defineProperty(_, key, descriptor) {
      values.set(key, descriptor.value);
      return true;
    },
    get(_, key) {
      if (values.has(key)) return values.get(key);
      if (key === 'then') return undefined; // not a thenable
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) return function* () {};
      if (key === 'toString' || key === 'toJSON') return () => '';
      return stub(`${name}.${String(key)}`);
    },
    apply() {
      return stub(`${name}()`);
    },
    construct() {
      return stub(`new ${name}`);
    },
  });
}

// The module's top-level names (classes, namespaces, enums...) from @types/vscode, each a stub,
// so that `__importStar(require('vscode'))` and `class extends vscode.CompletionItem` work.
const vscode = { version: '1.95.0' };
const typings = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts', { paths: [root] }), 'utf8');
for (const match of typings.matchAll(/^\texport (?:class|namespace|enum|const|function|let) (\w+)/gm)) {
  if (!(match[1] in vscode)) vscode[match[1]] = stub(`vscode.${match[1]}`);
}

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

let forkAt;
const children = [];
for (const method of ['fork', 'spawn']) {
  const original = childProcess[method];
  childProcess[method] = function patched(...args) {
    if (forkAt === undefined) forkAt = performance.now();
    const child = original.apply(this, args);
    children.push(child);
    try { child.kill('SIGKILL'); } catch { /* gone */ }
    return child;
  };
}

const context = {
  subscriptions: [],
  extensionPath: root,
  extensionUri: stub('extensionUri'),
  asAbsolutePath: (relative) => path.join(root, relative),
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  environmentVariableCollection: stub('environmentVariableCollection'),
  extensionMode: 1,
  logUri: stub('logUri'),
  storageUri: undefined,
  globalStorageUri: stub('globalStorageUri'),
};

(async () => {
  const t0 = performance.now();
  const loaded = load();
  const extension = loaded.exports;
  const t1 = performance.now();
  await extension.activate(context);
  const t2 = performance.now();
  loaded.save();
  // Let the client's start() run on until it forks the server (or gives up on the stubs); this
  // is after the timed activation and bounded.
  const deadline = performance.now() + 2000;
  while (forkAt === undefined && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, forkMs: forkAt === undefined ? null : forkAt - t0, cache: loaded.cache })}\n`);
  for (const child of children) try { child.kill('SIGKILL'); } catch { /* gone */ }
  process.exit(0);
})().catch((error) => {
  process.stdout.write(`${JSON.stringify({ error: String(error && error.stack || error) })}\n`);
  for (const child of children) try { child.kill('SIGKILL'); } catch { /* gone */ }
  process.exit(1);
});
