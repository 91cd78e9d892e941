/**
 * Beside Red Hat's YAML extension (redhat.vscode-yaml 1.24.0, installed from its .vsix by
 * `run.mjs --coexistence`, with Kubesmith's own .vsix): with `kubesmith.yamlExtension: defer` (the
 * default) no problem is reported twice, with and without a Kubernetes schema for the YAML
 * extension (`yaml.schemas` → kubernetes-schema.json of the workspace, strict, one schema per kind
 * like Kubernetes Tools' contribution); completion lists no item twice, a hover comes once; the
 * YAML extension keeps its schema for what Kubesmith does not check (the kustomization, a kind
 * Kubesmith does not know, an excluded file). With `keep`, the same files show what `defer`
 * prevents, so these tests can fail.
 *
 * A second contributor, registered like Kubernetes Tools' (no label), pins that Kubesmith's labelled
 * contributor is asked alone for the documents Kubesmith checks (the YAML extension does not
 * document it) and that the other is still asked for the others.
 *
 * Which documents the YAML extension validates with which schema is its business: the tests look
 * at what it publishes. A publication is proven by a sentinel: a duplicate top-level `kind:` line
 * appended to the file, which the YAML extension always reports (a YAML problem, whatever the
 * schema), so its diagnostics on the other lines are those of that very version.
 */
import * as assert from 'node:assert/strict';
import { isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import { E2E_ENV, e2eMode } from '../suite/env';
import { codeOf, kubesmithApi, openFixture, replaceText, saveAll, waitFor } from '../suite/helpers';
import { outputView, uiBridgeAvailable } from '../suite/ui';

const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
const SCHEMA_SETTING = { './kubernetes-schema.json': '**/*.yaml' };

type Source = 'kubesmith' | 'yaml';

interface Published {
  /** Line (0-based) of the sentinel; its problems are left out of the lists below. */
  sentinel: number;
  kubesmith: vscode.Diagnostic[];
  yaml: vscode.Diagnostic[];
}

const sourceOf = (diagnostic: vscode.Diagnostic): Source => (diagnostic.source === 'kubesmith' ? 'kubesmith' : 'yaml');
const describe1 = (diagnostic: vscode.Diagnostic) => `${diagnostic.range.start.line + 1} ${diagnostic.source}${codeOf(diagnostic) ? ` ${codeOf(diagnostic)}` : ''}: ${diagnostic.message}`;
const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
const hoverTexts = (hovers: vscode.Hover[]) => hovers.map((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : '')).join('\n'));

/** Lines (1-based) where both extensions report a problem: the same problem shown twice. */
function reportedTwice(published: Published): number[] {
  const lines = new Map<number, Set<Source>>();
  for (const diagnostic of [...published.kubesmith, ...published.yaml]) {
    const line = diagnostic.range.start.line;
    lines.set(line, (lines.get(line) ?? new Set()).add(sourceOf(diagnostic)));
  }
  return [...lines].filter(([, sources]) => sources.size > 1).map(([line]) => line + 1).sort((a, b) => a - b);
}

let sentinels = 0;

/**
 * Appends a sentinel (a second top-level `kind:` line) to the file, waits until the YAML extension
 * has published for that version (it reports the sentinel) and until Kubesmith's diagnostics pass
 * `kubesmithReady`, returns both without the sentinel's, and restores the text.
 */
async function publishedFor(document: vscode.TextDocument, kubesmithReady: (diagnostics: vscode.Diagnostic[]) => boolean = () => true): Promise<Published> {
  const original = document.getText();
  const kind = /^kind:\s*(\S+)\s*$/m.exec(original.slice(original.lastIndexOf('\n---\n') + 1))?.[1];
  assert.ok(kind, `no top-level kind in the last document of ${vscode.workspace.asRelativePath(document.uri)}`);
  // On another line each time: a publication for an earlier sentinel is never taken for this one's.
  const padding = '# sentinel\n'.repeat(++sentinels);
  const base = `${original.endsWith('\n') ? original : `${original}\n`}${padding}`;
  const sentinel = base.split('\n').length - 1;
  await replaceText(document, `${base}kind: ${kind}\n`);
  try {
    const all = await waitFor(`the YAML extension and Kubesmith to publish for ${vscode.workspace.asRelativePath(document.uri)} with its sentinel`, () => {
      const diagnostics = vscode.languages.getDiagnostics(document.uri);
      const yamlSawIt = diagnostics.some((diagnostic) => sourceOf(diagnostic) === 'yaml' && diagnostic.range.start.line === sentinel);
      const kubesmith = diagnostics.filter((diagnostic) => sourceOf(diagnostic) === 'kubesmith' && diagnostic.range.start.line !== sentinel);
      return yamlSawIt && kubesmithReady(kubesmith) ? diagnostics : undefined;
    }, { timeout: 30_000 });
    const others = all.filter((diagnostic) => diagnostic.range.start.line !== sentinel);
    return { sentinel, kubesmith: others.filter((d) => sourceOf(d) === 'kubesmith'), yaml: others.filter((d) => sourceOf(d) === 'yaml') };
  } finally {
    await replaceText(document, original);
  }
}

const errors = (diagnostics: vscode.Diagnostic[]) => diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
const summary = (diagnostics: vscode.Diagnostic[]) => errors(diagnostics).map((d) => `${d.range.start.line + 1} ${codeOf(d)}`).sort();

/** Kubesmith's errors in the fixtures (the YAML syntax error only when Kubesmith reports it). */
const DEPLOYMENT_ERRORS = ['15 missing-required', '16 unknown-field', '7 wrong-type'];
const SYNTAX_FILE_ERRORS = ['19 unknown-field'];
const SYNTAX_LINE = 7;

async function setWorkspace(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function completionLabels(document: vscode.TextDocument, afterLine: string): Promise<{ labels: string[]; restore: () => Promise<void> }> {
  const original = document.getText();
  const lines = original.split('\n');
  const at = lines.findIndex((line) => line === afterLine) + 1;
  assert.ok(at > 0, `no line \`${afterLine}\``);
  await replaceText(document, [...lines.slice(0, at), '  ', ...lines.slice(at)].join('\n'));
  const labels = await waitFor('completion items of the Deployment\'s spec', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(at, 2));
    const found = list.items.map(labelOf);
    return found.includes('minReadySeconds') ? found : undefined;
  });
  return { labels, restore: () => replaceText(document, original) };
}

const duplicates = (labels: string[]) => [...new Set(labels.filter((label, i) => labels.indexOf(label) !== i))].sort();

async function hoversOn(document: vscode.TextDocument, key: string): Promise<string[]> {
  const line = document.getText().split('\n').findIndex((text) => text.trimStart().startsWith(`${key}:`));
  const position = new vscode.Position(line, document.lineAt(line).text.indexOf(key) + 2);
  return hoverTexts(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)).filter((text) => text.trim() !== '');
}

/** What the YAML extension exports (the part these tests use). */
interface YamlApi {
  registerContributor(schema: string, requestSchema: (resource: string) => string | undefined, requestSchemaContent: (uri: string) => string, label?: string): boolean;
}

describe('Beside Red Hat\'s YAML extension', () => {
  let yamlExtension: vscode.Extension<unknown>;
  /**
   * A schema contributor registered the way Kubernetes Tools registers its own (no label, a schema
   * for every Kubernetes-looking document): the Kubernetes schema of the workspace, while on.
   */
  let toolsContributorOn = false;

  before(async () => {
    const found = vscode.extensions.getExtension(YAML_EXTENSION_ID);
    assert.ok(found, `${YAML_EXTENSION_ID} is not installed (run.mjs --coexistence installs it)`);
    yamlExtension = found;
    const yamlApi = await yamlExtension.activate() as YamlApi;
    const schema = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'kubernetes-schema.json'))).toString('utf8');
    const registered = yamlApi.registerContributor('kubesmith-e2e-tools',
      (resource) => (toolsContributorOn && /\.ya?ml$/.test(resource) ? 'kubesmith-e2e-tools://schemas/kubernetes.json' : undefined), () => schema);
    assert.ok(registered, 'the Kubernetes-Tools-like contributor was not registered');
  });

  afterEach(() => {
    toolsContributorOn = false;
  });

  after(async () => {
    await setWorkspace('yaml', 'schemas', undefined);
    await setWorkspace('kubesmith', 'yamlExtension', undefined);
    await saveAll();
  });

  it('runs the packaged extensions: Kubesmith\'s .vsix and the YAML extension 1.24.0', () => {
    assert.equal(yamlExtension.packageJSON.version, '1.24.0');
    const extensionsDir = process.env[E2E_ENV.extensionsDir];
    assert.ok(extensionsDir, `${E2E_ENV.extensionsDir} is not set`);
    for (const extension of [yamlExtension, vscode.extensions.getExtension('kubesmith.kubesmith')!]) {
      const path = relative(extensionsDir, extension.extensionPath);
      if (extension.id !== 'kubesmith.kubesmith' || e2eMode() === 'vsix') {
        assert.ok(path && !path.startsWith('..') && !isAbsolute(path), `${extension.id} runs from ${extension.extensionPath}, not from ${extensionsDir}`);
      }
    }
  });

  it('registers its schema contributor with the YAML extension and says so once in its output', async () => {
    await openFixture('manifests/web.yaml');
    const api = await kubesmithApi();
    const status = await waitFor('Kubesmith to register with the YAML extension', () => (api.yamlExtension().registered ? api.yamlExtension() : undefined));
    assert.deepEqual(status, { present: true, mode: 'defer', registered: true, server: { leaveSyntaxErrors: true, reportChecked: true } });
    if (!uiBridgeAvailable()) return;
    try {
      await vscode.commands.executeCommand('kubesmith.showOutput');
      // Room for the whole log (the line is long and wraps).
      await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
      const said = 'Red Hat\'s YAML extension 1.24.0 is enabled: for the Kubernetes manifests Kubesmith checks';
      let last: Awaited<ReturnType<typeof outputView>> | undefined;
      const view = await waitFor('the Kubesmith output to say what was done', async () => {
        last = await outputView();
        // (Long lines wrap: each wrapped part is a line of the view.)
        return last.lines.join('').includes(said) ? last : undefined;
      }).catch((error: Error) => {
        throw new Error(`${error.message}; the Output view shows ${JSON.stringify(last)}`);
      });
      assert.equal(view.lines.join('').split(said).length - 1, 1, `said more than once: ${view.lines.join(' / ')}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });

  describe('kubesmith.yamlExtension: defer (the default)', () => {
    it('without a Kubernetes schema: the YAML syntax error is reported once (by the YAML extension), Kubesmith\'s problems once', async () => {
      await setWorkspace('yaml', 'schemas', undefined);
      const deployment = (await openFixture('manifests/web.yaml')).document;
      const published = await publishedFor(deployment, (kubesmith) => summary(kubesmith).join() === DEPLOYMENT_ERRORS.join());
      assert.deepEqual(published.yaml.map(describe1), [], 'the YAML extension reports problems on the Deployment');
      assert.deepEqual(reportedTwice(published), []);

      const syntax = (await openFixture('manifests/syntax-error.yaml')).document;
      const both = await publishedFor(syntax, (kubesmith) => summary(kubesmith).join() === SYNTAX_FILE_ERRORS.join());
      assert.ok(both.yaml.some((d) => d.range.start.line + 1 === SYNTAX_LINE && d.severity === vscode.DiagnosticSeverity.Error),
        `the YAML extension does not report the syntax error on line ${SYNTAX_LINE}: ${both.yaml.map(describe1).join(' | ')}`);
      assert.ok(!both.kubesmith.some((d) => codeOf(d) === 'yaml-syntax'), 'Kubesmith reports the syntax error too');
      assert.deepEqual(reportedTwice(both), []);
    });

    it('with a Kubernetes schema in yaml.schemas: still each problem once, and no false error on the kustomize patch', async () => {
      await setWorkspace('yaml', 'schemas', SCHEMA_SETTING);
      for (const [file, expected] of [['manifests/web.yaml', DEPLOYMENT_ERRORS], ['manifests/syntax-error.yaml', SYNTAX_FILE_ERRORS]] as const) {
        const { document } = await openFixture(file);
        const published = await publishedFor(document, (kubesmith) => summary(kubesmith).join() === expected.join());
        assert.deepEqual(published.yaml.filter((d) => d.range.start.line + 1 !== SYNTAX_LINE).map(describe1), [], `the YAML extension checks the Kubernetes fields of ${file}`);
        assert.deepEqual(reportedTwice(published), [], file);
      }
      const patch = (await openFixture('kustomize/replicas-patch.yaml')).document;
      const onPatch = await publishedFor(patch);
      assert.deepEqual([...onPatch.yaml, ...errors(onPatch.kubesmith)].map(describe1), [], 'problems on a valid kustomize patch');
    });

    it('with a Kubernetes schema: the YAML extension keeps it for the kustomization, a kind Kubesmith does not know and an excluded file', async () => {
      await setWorkspace('yaml', 'schemas', SCHEMA_SETTING);
      const kustomization = (await openFixture('kustomize/kustomization.yaml')).document;
      const onKustomization = await publishedFor(kustomization);
      assert.deepEqual([...onKustomization.yaml, ...onKustomization.kubesmith].map(describe1), [], 'problems on a valid kustomization');
      // Its schema (the kustomization part of kubernetes-schema.json) completes it.
      const end = new vscode.Position(kustomization.lineCount - 1, 0);
      const items = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', kustomization.uri, end);
      assert.ok(items.items.some((item) => labelOf(item) === 'namePrefix'), `the YAML extension does not complete the kustomization: ${items.items.map(labelOf).join(', ')}`);

      const widget = (await openFixture('crds/widget.yaml')).document;
      const onWidget = await publishedFor(widget);
      assert.ok(onWidget.yaml.some((d) => d.range.start.line + 1 === 7), `the YAML extension does not check the Widget's spec.size: ${onWidget.yaml.map(describe1).join(' | ')}`);
      assert.deepEqual(errors(onWidget.kubesmith).map(describe1), []);

      // Excluded from Kubesmith, though the contributor's label (kind: Deployment) matches it.
      const excluded = (await openFixture('excluded/legacy-web.yaml')).document;
      const onExcluded = await publishedFor(excluded);
      assert.ok(onExcluded.yaml.some((d) => d.range.start.line + 1 === 7), `the YAML extension does not check the excluded Deployment: ${onExcluded.yaml.map(describe1).join(' | ')}`);
      assert.deepEqual(onExcluded.kubesmith.map(describe1), []);
    });

    it('with a schema contributor like Kubernetes Tools\': it is not asked for the documents Kubesmith checks, and is for the others', async () => {
      await setWorkspace('yaml', 'schemas', undefined);
      toolsContributorOn = true;
      const deployment = (await openFixture('manifests/web.yaml')).document;
      const published = await publishedFor(deployment, (kubesmith) => summary(kubesmith).join() === DEPLOYMENT_ERRORS.join());
      assert.deepEqual(published.yaml.map(describe1), [], 'the other contributor\'s schema checks the Deployment');
      assert.deepEqual(reportedTwice(published), []);
      const widget = (await openFixture('crds/widget.yaml')).document;
      const onWidget = await publishedFor(widget);
      assert.ok(onWidget.yaml.some((d) => d.range.start.line + 1 === 7), `the other contributor's schema does not check the Widget: ${onWidget.yaml.map(describe1).join(' | ')}`);
    });

    it('with a Kubernetes schema: completion lists no item twice, and a hover comes once, from Kubesmith', async () => {
      await setWorkspace('yaml', 'schemas', SCHEMA_SETTING);
      const { document } = await openFixture('manifests/web.yaml');
      await publishedFor(document);
      const { labels, restore } = await completionLabels(document, 'spec:');
      await restore();
      assert.deepEqual(duplicates(labels), [], `completion items: ${labels.join(', ')}`);
      const hovers = await hoversOn(document, 'replicas');
      assert.equal(hovers.length, 1, `hovers: ${hovers.join(' | ')}`);
      assert.match(hovers[0], /spec\.replicas/);
    });
  });

  describe('kubesmith.yamlExtension: keep (both check, as before)', () => {
    before(async () => {
      await setWorkspace('kubesmith', 'yamlExtension', 'keep');
      const api = await kubesmithApi();
      await waitFor('the language server to be told', () => !api.yamlExtension().server.reportChecked);
    });

    it('with a Kubernetes schema: problems twice, false errors on the kustomize patch, completion items twice, two hovers', async () => {
      await setWorkspace('yaml', 'schemas', SCHEMA_SETTING);
      const deployment = (await openFixture('manifests/web.yaml')).document;
      const published = await publishedFor(deployment, (kubesmith) => summary(kubesmith).join() === DEPLOYMENT_ERRORS.join());
      assert.deepEqual(reportedTwice(published), [7, 15, 16], `problems: ${[...published.kubesmith, ...published.yaml].map(describe1).join(' | ')}`);

      const patch = (await openFixture('kustomize/replicas-patch.yaml')).document;
      const onPatch = await publishedFor(patch);
      assert.ok(onPatch.yaml.length > 0, 'the YAML extension finds nothing wrong with the patch (it should: the schema wants a whole Deployment)');

      const { labels, restore } = await completionLabels(deployment, 'spec:');
      await restore();
      assert.ok(duplicates(labels).includes('minReadySeconds'), `no item twice: ${labels.join(', ')}`);
      assert.equal((await hoversOn(deployment, 'replicas')).length, 2);
    });

    it('with a schema contributor like Kubernetes Tools\': its schema checks the Deployment too', async () => {
      await setWorkspace('yaml', 'schemas', undefined);
      toolsContributorOn = true;
      const deployment = (await openFixture('manifests/web.yaml')).document;
      const published = await publishedFor(deployment, (kubesmith) => summary(kubesmith).join() === DEPLOYMENT_ERRORS.join());
      assert.deepEqual(reportedTwice(published), [7, 15, 16], `problems: ${[...published.kubesmith, ...published.yaml].map(describe1).join(' | ')}`);
    });

    it('without a Kubernetes schema: the YAML syntax error is reported twice', async () => {
      await setWorkspace('yaml', 'schemas', undefined);
      const syntax = (await openFixture('manifests/syntax-error.yaml')).document;
      const both = await publishedFor(syntax, (kubesmith) => summary(kubesmith).includes(`${SYNTAX_LINE} yaml-syntax`));
      assert.ok(reportedTwice(both).includes(SYNTAX_LINE), `problems: ${[...both.kubesmith, ...both.yaml].map(describe1).join(' | ')}`);
    });
  });
});
