import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { Diagnostic } from 'vscode-languageserver-types';
import { fixture, repoRoot } from '../helpers';
import { TestClient } from './lspClient';

const short = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);

/**
 * Workspace trust (package.json's untrustedWorkspaces): in Restricted Mode (`trusted: false`) the
 * server checks the open files with its bundled schemas only — no CRD of the workspace, no scan,
 * no `.kubesmith.yaml` outside the workspace folders; trusted, it reads them.
 */
describe('language server in an untrusted workspace', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kubesmith-trust-'));
    mkdirSync(join(root, 'ws'));
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'ws', 'crontab-crd.yaml'), fixture('workspace-crd/crontab-crd.yaml'));
    // A config file above the workspace folder, which governs a file opened from outside the workspace.
    writeFileSync(join(root, '.kubesmith.yaml'), 'kubernetesVersion: "1.28"\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  async function session(trusted: boolean): Promise<{ crontab: string[]; outside: string[]; crds: string[] }> {
    const client = new TestClient(repoRoot);
    client.settings = { profile: 'baseline', rules: {} };
    try {
      await client.initialize(URI.file(join(root, 'ws')).toString(), { trusted });
      const crontab = URI.file(join(root, 'ws', 'crontab.yaml')).toString();
      const outside = URI.file(join(root, 'elsewhere', 'dra.yaml')).toString();
      // The workspace scan runs in the background: wait for its report in the log.
      const deadline = Date.now() + 20_000;
      while (!client.logs.some((line) => /Workspace indexed|Restricted Mode/.test(line)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      client.open(crontab, fixture('workspace-crd/crontab.yaml'));
      client.open(outside, 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu\nspec: {}\n');
      const status = await client.connection.sendRequest('kubesmith/status') as { workspaceCrds: string[] };
      return { crontab: short(await client.diagnosticsFor(crontab, 1)), outside: short(await client.diagnosticsFor(outside, 1)), crds: status.workspaceCrds };
    } finally {
      await client.stop();
    }
  }

  it('trusted: the workspace CRD validates its custom resource, and the config above applies to a file outside', async () => {
    const { crontab, outside, crds } = await session(true);
    assert.deepEqual(crds, ['stable.example.com/CronTab']);
    assert.deepEqual(crontab, ['5:1 missing-required', '6:13 invalid-value', '7:13 invalid-value', '8:3 unknown-field']);
    assert.deepEqual(outside, ['1:13 api-not-served']);
  });

  it('untrusted: no workspace CRD, no config file outside the workspace', async () => {
    const { crontab, outside, crds } = await session(false);
    assert.deepEqual(crds, []);
    assert.deepEqual(crontab, ['1:13 no-schema']);
    assert.deepEqual(outside, []);
  });
});
