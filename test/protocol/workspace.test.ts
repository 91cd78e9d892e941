import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeLens, Diagnostic, DocumentLink, Location, Position, SymbolInformation, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { WORKSPACE_CHECKS } from '../../server/src/core/workspace/checks';
import { repoRoot } from '../helpers';
import { TestClient } from './lspClient';

/**
 * The workspace over the real protocol (`node dist/server.js --stdio`): the index built in the
 * background with progress, the findings between resources in each file's diagnostics (and
 * published again when another file changes them), definition, references, code lenses,
 * workspace symbols, document links and rename — on test/fixtures/workspace: a shop namespace, a
 * Deployment of the same name in `staging`, a kustomization (namespace `prod`, prefix `prod-`,
 * a generated ConfigMap) and a RoleBinding to a kind of role the workspace never defines.
 */

const CHECK_IDS = new Set(WORKSPACE_CHECKS.map((check) => check.meta.id));
const FILES = ['kustom/kustomization.yaml', 'kustom/web.yaml', 'shop/config.yaml', 'shop/deployment.yaml', 'shop/network.yaml', 'shop/scaling.yaml', 'staging/deployment.yaml'];

/** `line:col-line:col code message` (1-based) of the findings between resources. */
function between(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter((d) => CHECK_IDS.has(String(d.code))).map((d) => {
    const { start, end } = d.range;
    return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.code} ${d.message}`;
  });
}

describe('the workspace over the protocol', () => {
  let client: TestClient;
  let root: string;
  const texts = new Map<string, string>();
  const versions = new Map<string, number>();
  const uri = (path: string) => URI.file(join(root, path)).toString();
  const text = (path: string) => texts.get(path) ?? readFileSync(join(root, path), 'utf8');
  /** The position of the `occurrence`-th `needle` in a file (0-based line and character), plus `offset` characters. */
  const at = (path: string, needle: string, offset = 0, occurrence = 1): Position => {
    const content = text(path);
    let index = -1;
    for (let i = 0; i < occurrence; i++) index = content.indexOf(needle, index + 1);
    assert.ok(index >= 0, `no ${needle} in ${path}`);
    const document = TextDocument.create('x', 'yaml', 1, content);
    return document.positionAt(index + offset);
  };
  const where = (location: Location) => `${location.uri.slice(URI.file(root).toString().length + 1)}:${location.range.start.line + 1}:${location.range.start.character + 1}`;
  const open = async (path: string) => {
    texts.set(path, readFileSync(join(root, path), 'utf8'));
    versions.set(path, 1);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path), languageId: 'yaml', version: 1, text: texts.get(path) } });
    return client.diagnosticsFor(uri(path), 1);
  };
  const change = (path: string, newText: string) => {
    const version = (versions.get(path) ?? 1) + 1;
    versions.set(path, version);
    texts.set(path, newText);
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(path), version }, contentChanges: [{ text: newText }] });
    return version;
  };
  /** The last diagnostics published for a file once the `count`-th publication for it arrived. */
  const publication = async (path: string, count: number) => {
    await client.until(`publication ${count} of ${path}`, () => (client.publishedFor(uri(path)).length >= count ? true : undefined));
    return client.publishedFor(uri(path))[count - 1].diagnostics;
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'kubesmith-workspace-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'workspace'), root, { recursive: true });
    client = new TestClient(repoRoot);
    client.settings = {};
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: [{ uri: URI.file(root).toString(), name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('indexes the workspace folder in the background, showing progress, and watches its files', async () => {
    const ends = await client.until('the end of the indexing progress', () => {
      for (const values of client.progress.values()) if (values.some((value) => value.kind === 'end')) return values;
      return undefined;
    });
    assert.deepEqual(ends[0], { kind: 'begin', title: 'Kubesmith: indexing the workspace', message: 'looking for manifests', percentage: 0, cancellable: false });
    const status = await client.connection.sendRequest('kubesmith/status') as { index: { state: string; files: number; resources: number } };
    assert.equal(status.index.state, 'ready');
    assert.deepEqual(await client.connection.sendRequest('kubesmith/workspaceFiles'), FILES.map(uri).sort());
    const watchers = client.registrations.find((registration) => registration.method === 'workspace/didChangeWatchedFiles')?.registerOptions as { watchers: { globPattern: string }[] };
    assert.deepEqual(watchers.watchers.map((watcher) => watcher.globPattern), ['**/*.{yaml,yml,json}', '**/Kustomization', '**/.kubesmith.{yaml,yml}', '**/.gitignore', '**/*.yaml', '**/*.yml', '**/*.json']);
  });

  it('publishes the findings between resources with each file\'s own, at information severity', async () => {
    const deployment = await open('shop/deployment.yaml');
    assert.deepEqual(between(deployment), [
      '8:3-8:11 replicas-with-autoscaler HorizontalPodAutoscaler `api` scales this Deployment; `replicas: 3` here resets its scale at every apply. Remove `replicas`.',
      '34:20-34:28 missing-config-key ConfigMap `api-config` has no key `LOG_LEVL`; did you mean `LOG_LEVEL`?',
    ]);
    assert.ok(deployment.filter((d) => CHECK_IDS.has(String(d.code))).every((d) => d.severity === 3 && d.source === 'kubesmith'));
    assert.deepEqual(between(await open('shop/network.yaml')), [
      '12:17-12:20 unknown-target-port No pod this Service selects declares a container port named `htp`; did you mean `http`?',
      '21:3-21:11 selector-matches-nothing No pod in namespace `shop` matches this Service\'s selector (`app: apii`); did you mean `app: api`?',
      '42:23-42:27 unknown-service-port Service `api` has no port `8080` (it exposes `80` (`http`)); traffic sent here goes nowhere.',
    ]);
    assert.deepEqual(between(await open('shop/scaling.yaml')), [
      '23:11-23:15 missing-scale-target No Deployment `apii` is defined in namespace `shop`; did you mean `api`?',
    ], 'and nothing about the Role `reader`: the workspace defines no Role at all');
    assert.deepEqual(between(await open('staging/deployment.yaml')), [
      '21:19-21:29 missing-configmap No ConfigMap `api-config` is defined in namespace `staging` in this workspace; the pods that need it do not start until it exists.',
    ]);
    assert.deepEqual(between(await open('kustom/web.yaml')), []);
  });

  it('goes to the definition of a reference: the resource, or the key inside it', async () => {
    const definition = async (path: string, position: Position) => (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uri(path) }, position }) as Location[]).map(where);
    assert.deepEqual(await definition('shop/deployment.yaml', at('shop/deployment.yaml', 'api-secrets', 3)), ['shop/config.yaml:13:9']);
    assert.deepEqual(await definition('shop/deployment.yaml', at('shop/deployment.yaml', 'key: password', 7)), ['shop/config.yaml:16:3']);
    assert.deepEqual(await definition('shop/deployment.yaml', at('shop/deployment.yaml', 'serviceAccountName: api', 21)), ['shop/config.yaml:21:9']);
    assert.deepEqual(await definition('shop/scaling.yaml', at('shop/scaling.yaml', 'name: api', 7, 2)), ['shop/deployment.yaml:5:9']);
    // The same names in `staging`: nothing there.
    assert.deepEqual(await definition('staging/deployment.yaml', at('staging/deployment.yaml', 'name: api-config', 7)), []);
    // Kustomize: the generated ConfigMap, in the kustomization.
    assert.deepEqual(await definition('kustom/web.yaml', at('kustom/web.yaml', 'name: web-settings', 7)), ['kustom/kustomization.yaml:8:9']);
    // A selector: the pods it matches.
    assert.deepEqual(await definition('shop/network.yaml', at('shop/network.yaml', 'selector')), ['shop/deployment.yaml:5:9']);
  });

  it('finds the references of a resource, from its name or from a reference', async () => {
    const references = async (path: string, position: Position, includeDeclaration = false) =>
      (await client.connection.sendRequest('textDocument/references', { textDocument: { uri: uri(path) }, position, context: { includeDeclaration } }) as Location[]).map(where)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    assert.deepEqual(await references('shop/config.yaml', at('shop/config.yaml', 'api-config')), ['shop/deployment.yaml:33:21', 'shop/deployment.yaml:37:19', 'shop/deployment.yaml:44:17']);
    assert.deepEqual(await references('shop/deployment.yaml', at('shop/deployment.yaml', 'name: api-config', 6), true), [
      'shop/config.yaml:4:9', 'shop/deployment.yaml:33:21', 'shop/deployment.yaml:37:19', 'shop/deployment.yaml:44:17',
    ]);
    // A workload: what scales it, and what selects its pods.
    assert.deepEqual(await references('shop/deployment.yaml', at('shop/deployment.yaml', 'name: api', 6)), ['shop/network.yaml:7:3', 'shop/scaling.yaml:10:11']);
    assert.deepEqual(await references('shop/config.yaml', at('shop/config.yaml', 'name: api\n', 6)), ['shop/deployment.yaml:17:27', 'shop/scaling.yaml:39:9']);
  });

  it('counts in a code lens the resources that use a ConfigMap, Secret, Service, ServiceAccount or workload', async () => {
    const lenses = async (path: string) => {
      const found = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri(path) } }) as CodeLens[];
      assert.ok(found.every((lens) => lens.command === undefined), 'lenses are resolved lazily');
      const resolved = await Promise.all(found.map((lens) => client.connection.sendRequest('codeLens/resolve', lens) as Promise<CodeLens>));
      return resolved.map((lens) => `${lens.range.start.line + 1} ${lens.command?.title}`);
    };
    assert.deepEqual(await lenses('shop/config.yaml'), ['4 1 resource uses it', '13 1 resource uses it', '21 2 resources use it']);
    assert.deepEqual(await lenses('shop/deployment.yaml'), ['5 2 resources use it']);
    assert.deepEqual(await lenses('shop/network.yaml'), ['4 1 resource uses it', '18 No resource uses it']);
    const [lens] = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('shop/deployment.yaml') } }) as CodeLens[];
    const resolved = await client.connection.sendRequest('codeLens/resolve', lens) as CodeLens;
    assert.equal(resolved.command?.command, 'kubesmith.showReferences');
    assert.deepEqual((resolved.command?.arguments?.[2] as Location[]).map(where), ['shop/scaling.yaml:10:11', 'shop/network.yaml:7:3']);
  });

  it('finds resources by kind and name (workspace symbols), kustomize names included', async () => {
    const symbols = async (query: string) => (await client.connection.sendRequest('workspace/symbol', { query }) as SymbolInformation[])
      .map((symbol) => `${symbol.name} (${symbol.containerName}) ${where(symbol.location)}`).sort();
    assert.deepEqual(await symbols('Deployment api'), ['Deployment api (shop) shop/deployment.yaml:5:9', 'Deployment api (staging) staging/deployment.yaml:5:9']);
    assert.deepEqual(await symbols('dep prod-web'), ['Deployment prod-web (prod) kustom/web.yaml:5:9']);
    assert.deepEqual(await symbols('configmap'), ['ConfigMap api-config (shop) shop/config.yaml:4:9', 'ConfigMap prod-web-settings (prod) kustom/kustomization.yaml:8:9']);
  });

  it('links each reference to the resource it names', async () => {
    const links = await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri: uri('shop/deployment.yaml') } }) as DocumentLink[];
    assert.deepEqual(links.map((link) => `${link.range.start.line + 1}:${link.range.start.character + 1} ${link.target!.slice(URI.file(root).toString().length + 1)} ${link.tooltip}`)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })), [
      '17:27 shop/config.yaml#L21,9 Open ServiceAccount api',
      '28:21 shop/config.yaml#L13,9 Open Secret api-secrets',
      '33:21 shop/config.yaml#L4,9 Open ConfigMap api-config',
      '37:19 shop/config.yaml#L4,9 Open ConfigMap api-config',
      '44:17 shop/config.yaml#L4,9 Open ConfigMap api-config',
    ]);
  });

  it('renames a ConfigMap and every reference to it, across files, as one workspace edit', async () => {
    await open('shop/config.yaml');
    const position = at('shop/config.yaml', 'api-config', 2);
    const prepared = await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: uri('shop/config.yaml') }, position }) as { placeholder: string };
    assert.equal(prepared.placeholder, 'api-config');
    const edit = await client.connection.sendRequest('textDocument/rename', { textDocument: { uri: uri('shop/config.yaml') }, position, newName: 'api-settings' }) as WorkspaceEdit;
    const changes = edit.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((change) => [change.textDocument.uri.slice(URI.file(root).toString().length + 1), change.textDocument.version, change.edits.length]).sort(), [
      ['shop/config.yaml', 1, 1], ['shop/deployment.yaml', 1, 3],
    ]);
    // Applied, the files say `api-settings` where they said `api-config`, and nothing else changed.
    for (const change of changes) {
      const path = change.textDocument.uri.slice(URI.file(root).toString().length + 1);
      const after = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'yaml', 1, text(path)), change.edits as TextEdit[]);
      assert.equal(after, text(path).replaceAll('api-config', 'api-settings'));
    }
    await assert.rejects(client.connection.sendRequest('textDocument/rename', { textDocument: { uri: uri('shop/config.yaml') }, position, newName: 'Api_Settings' }),
      /`Api_Settings` is not a valid ConfigMap name/);
    await assert.rejects(client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: uri('shop/deployment.yaml') }, position: at('shop/deployment.yaml', 'key: password', 6) }),
      /Only the name of a ConfigMap, Secret, Service, ServiceAccount, Role or workload/);
  });

  it('publishes again the open files whose findings another file changed, and only those', async () => {
    await client.until('shop files open', () => (client.publishedFor(uri('shop/config.yaml')).length > 0 ? true : undefined));
    const before = {
      deployment: client.publishedFor(uri('shop/deployment.yaml')).length,
      network: client.publishedFor(uri('shop/network.yaml')).length,
      scaling: client.publishedFor(uri('shop/scaling.yaml')).length,
    };
    // The Secret is renamed in the editor: the Deployment's reference now names nothing.
    const original = text('shop/config.yaml');
    const version = change('shop/config.yaml', original.replace('name: api-secrets', 'name: api-secret'));
    await client.diagnosticsFor(uri('shop/config.yaml'), version);
    const deployment = await publication('shop/deployment.yaml', before.deployment + 1);
    assert.deepEqual(between(deployment).filter((line) => line.includes('missing-secret')), [
      '28:21-28:32 missing-secret No Secret `api-secrets` is defined in namespace `shop`; did you mean `api-secret`?',
    ]);
    // Back as it was: the finding goes.
    const back = change('shop/config.yaml', original);
    await client.diagnosticsFor(uri('shop/config.yaml'), back);
    assert.deepEqual(between(await publication('shop/deployment.yaml', before.deployment + 2)).filter((line) => line.includes('missing-secret')), []);
    // The other open files' findings did not change: nothing was published for them.
    assert.equal(client.publishedFor(uri('shop/network.yaml')).length, before.network);
    assert.equal(client.publishedFor(uri('shop/scaling.yaml')).length, before.scaling);
  });

  it('follows files changed on disk (file events), without reading the workspace again', async () => {
    const before = client.publishedFor(uri('staging/deployment.yaml')).length;
    writeFileSync(join(root, 'staging', 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\n  namespace: staging\ndata:\n  MODE: staging\n');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('staging/config.yaml'), type: 1 }] });
    assert.deepEqual(between(await publication('staging/deployment.yaml', before + 1)), []);
    assert.ok((await client.connection.sendRequest('kubesmith/workspaceFiles') as string[]).includes(uri('staging/config.yaml')));
    rmSync(join(root, 'staging', 'config.yaml'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('staging/config.yaml'), type: 3 }] });
    assert.deepEqual(between(await publication('staging/deployment.yaml', before + 2)).map((line) => line.split(' ')[1]), ['missing-configmap']);
  });

  it('follows a kustomization edited in the editor: the files it lists change namespace and names', async () => {
    const before = client.publishedFor(uri('staging/deployment.yaml')).length;
    await open('kustom/kustomization.yaml');
    // Namespace `staging`, no prefix, and a generated `api-config`: staging's reference is found.
    const version = change('kustom/kustomization.yaml', 'namespace: staging\nresources:\n- web.yaml\nconfigMapGenerator:\n- name: api-config\n  literals:\n  - MODE=staging\n');
    await client.diagnosticsFor(uri('kustom/kustomization.yaml'), version);
    assert.deepEqual(between(await publication('staging/deployment.yaml', before + 1)), []);
    const symbols = await client.connection.sendRequest('workspace/symbol', { query: 'Deployment web' }) as SymbolInformation[];
    assert.deepEqual(symbols.map((symbol) => `${symbol.name} (${symbol.containerName})`), ['Deployment web (staging)']);
    change('kustom/kustomization.yaml', readFileSync(join(root, 'kustom', 'kustomization.yaml'), 'utf8'));
    assert.deepEqual(between(await publication('staging/deployment.yaml', before + 2)).map((line) => line.split(' ')[1]), ['missing-configmap']);
  });

  it('offers to remove `replicas` when an autoscaler scales the workload', async () => {
    const diagnostics = client.publishedFor(uri('shop/deployment.yaml')).at(-1)!.diagnostics;
    const finding = diagnostics.find((d) => d.code === 'replicas-with-autoscaler')!;
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('shop/deployment.yaml') }, range: finding.range, context: { diagnostics: [finding], only: ['quickfix'] },
    }) as CodeAction[];
    assert.deepEqual(actions.map((action) => action.title), [
      'Remove `replicas` (the autoscaler sets the scale)', 'Disable `replicas-with-autoscaler` for this line', 'Disable `replicas-with-autoscaler` for this resource',
    ]);
    const edits = actions[0].edit!.changes![uri('shop/deployment.yaml')];
    assert.equal(TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, text('shop/deployment.yaml')), edits), text('shop/deployment.yaml').replace('  replicas: 3\n', ''));
  });

  it('does not report a pod\'s token when its ServiceAccount turns it off (automount-service-account-token)', async () => {
    client.settings = { profile: 'all' };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const automount = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'automount-service-account-token').map((d) => `${d.range.start.line + 1}`);
    const staging = client.publishedFor(uri('staging/deployment.yaml')).length;
    const shop = client.publishedFor(uri('shop/deployment.yaml')).length;
    // `staging`'s pod runs as `default`, which the workspace does not define: reported.
    assert.deepEqual(automount(await publication('staging/deployment.yaml', staging + 1)), ['15']);
    // `shop`'s runs as `api`, whose `automountServiceAccountToken: false` settles it.
    assert.deepEqual(automount(await publication('shop/deployment.yaml', shop + 1)), []);
    // The ServiceAccount changes its mind in the editor: the Deployment's file gets the finding.
    const original = text('shop/config.yaml');
    const version = change('shop/config.yaml', original.replace('automountServiceAccountToken: false', 'automountServiceAccountToken: true'));
    await client.diagnosticsFor(uri('shop/config.yaml'), version);
    assert.deepEqual(automount(await publication('shop/deployment.yaml', shop + 2)), ['16']);
    change('shop/config.yaml', original);
    client.settings = {};
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });
});
