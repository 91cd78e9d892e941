import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Diagnostic } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { repoRoot } from '../helpers';
import { TestClient } from './lspClient';

/**
 * The editor and the CLI check the same files and say the same about them (#14 item 1): one tree —
 * nested `.kubesmith.yaml` files with their own excludes, `.gitignore` files, excluded and skipped
 * folders, a kustomization with a patch, references between files — through the language server
 * (its index, and every file opened over the real protocol) and through `kubesmith lint`.
 */

const DEPLOYMENT = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: ${name}
        image: nginx:latest
${extra}`;

const TREE: Record<string, string> = {
  '.gitignore': 'generated/\n*.local.yaml\n',
  'generated/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: generated\ndata:\n  A: 1\n',
  'scratch.local.yaml': DEPLOYMENT('scratch'),
  'node_modules/pkg/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: module\ndata:\n  A: 1\n',
  // `charts/**` in deploy/.kubesmith.yaml is relative to deploy/: this one is checked.
  'charts/top.yaml': DEPLOYMENT('top'),
  '.hidden/extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  A: "1"\n',
  'deploy/.kubesmith.yaml': 'files:\n  exclude: ["charts/**"]\nrules:\n  no-latest-tag: error\n',
  'deploy/charts/web.yaml': DEPLOYMENT('chart'),
  'deploy/apps/web.yaml': DEPLOYMENT('web', `        envFrom:
        - configMapRef:
            name: web-setings
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
`),
  'deploy/apps/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-settings\ndata:\n  MODE: production\n',
  'deploy/team/.kubesmith.yaml': 'profile: all\nfiles:\n  exclude: ["legacy/**"]\n',
  'deploy/team/legacy/old.yaml': DEPLOYMENT('old'),
  'deploy/team/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: team\nspec:\n  selector:\n    app: wbe\n  ports:\n  - port: 80\n',
  'deploy/team/sub/.gitignore': 'secret.yaml\n',
  'deploy/team/sub/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ignored\nstringData:\n  A: x\n',
  'deploy/team/sub/worker.yaml': DEPLOYMENT('worker', '        env:\n        - name: TOKEN\n          valueFrom:\n            secretKeyRef:\n              name: ignored\n              key: A\n'),
  'kustomize/kustomization.yaml': 'namespace: prod\nresources:\n- app.yaml\npatches:\n- path: patch.yaml\n',
  'kustomize/app.yaml': DEPLOYMENT('app'),
  'kustomize/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 3\n',
  'kustomize/hpa.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: app\n  namespace: prod\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ap\n  maxReplicas: 3\n',
};

interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
}

const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

describe('the editor and the CLI: the same files, the same findings', () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'kubesmith-parity-'));
    for (const [path, text] of Object.entries(TREE)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    client = new TestClient(repoRoot);
    client.settings = {};
    await client.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: URI.file(root).toString(), workspaceFolders: [{ uri: URI.file(root).toString(), name: 'parity' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    client.connection.sendNotification('initialized', {});
    await client.until('the end of indexing', () => ([...client.progress.values()].some((values) => values.some((value) => value.kind === 'end')) ? true : undefined));
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'lint', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    return result.stdout;
  };

  it('select the same files', async () => {
    const listed = cli('--list-files').trim().split('\n').sort();
    assert.deepEqual(listed, [
      '.hidden/extra.yaml', 'charts/top.yaml', 'deploy/.kubesmith.yaml', 'deploy/apps/config.yaml', 'deploy/apps/web.yaml', 'deploy/team/.kubesmith.yaml',
      'deploy/team/sub/worker.yaml', 'deploy/team/svc.yaml', 'kustomize/app.yaml', 'kustomize/hpa.yaml', 'kustomize/kustomization.yaml', 'kustomize/patch.yaml',
    ]);
    const indexed = (await client.connection.sendRequest('kubesmith/workspaceFiles') as string[]).map((uri) => relative(root, URI.parse(uri).fsPath)).sort();
    assert.deepEqual(indexed, listed);
  });

  it('report the same findings, file by file, those between resources included', async () => {
    const fromCli = new Map<string, Finding[]>();
    for (const finding of JSON.parse(cli('--format', 'json')) as (Finding & { file: string })[]) {
      const { file, ...rest } = finding;
      fromCli.set(file, [...(fromCli.get(file) ?? []), rest]);
    }
    // Every file of the tree, opened in the editor: excluded and ignored ones get nothing.
    const fromEditor = new Map<string, Finding[]>();
    for (const path of filesOf(root).map((file) => relative(root, file)).sort()) {
      const uri = URI.file(join(root, path)).toString();
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(join(root, path), 'utf8') } });
      const diagnostics: Diagnostic[] = await client.diagnosticsFor(uri, 1);
      if (diagnostics.length === 0) continue;
      fromEditor.set(path, diagnostics.map((d) => ({
        line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
        severity: SEVERITIES[d.severity ?? 1], rule: String(d.code), message: String(d.message),
      })));
    }
    const sort = (map: Map<string, Finding[]>) => [...map].sort(([a], [b]) => a.localeCompare(b)).map(([file, findings]) => [file, findings.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.rule} ${f.message}`).sort()]);
    assert.deepEqual(sort(fromEditor), sort(fromCli));
    // What the tree was built to show, so the comparison is not between two empty sets.
    const rules = [...fromCli.values()].flat().map((finding) => finding.rule);
    for (const rule of ['no-latest-tag', 'missing-configmap', 'selector-matches-nothing', 'missing-scale-target', 'unknown-target-port']) assert.ok(rules.includes(rule), rule);
    assert.ok(!fromCli.has('deploy/charts/web.yaml') && !fromCli.has('deploy/team/legacy/old.yaml') && fromCli.has('charts/top.yaml'));
    assert.ok(!fromCli.has('kustomize/patch.yaml'), 'a patch is partial');
  });
});
