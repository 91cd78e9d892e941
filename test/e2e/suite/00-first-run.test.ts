/**
 * First run: what a person sees when they open a YAML file in a fresh VS Code with Kubesmith
 * installed. Runs first (file order), before any other scenario opens a YAML file.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { E2E_ENV, e2eMode } from './env';
import { kubesmithApi, kubesmithExtension, openFixture, waitFor } from './helpers';
import { outputView, statusBarItems, uiBridgeAvailable } from './ui';

const isInside = (child: string, parent: string) => {
  const path = relative(parent, child);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
};

describe('First run', () => {
  it('activates when a YAML file is opened, and its language server starts', async () => {
    const extension = kubesmithExtension();
    const yamlOpen = vscode.workspace.textDocuments.some((document) => document.languageId === 'yaml');
    // Activation is on `onLanguage:yaml`: nothing YAML is open yet, so nothing has activated it.
    if (!yamlOpen) assert.equal(extension.isActive, false, 'active before any YAML file was opened');

    const editor = await openFixture('manifests/service.yaml');
    assert.equal(editor.document.languageId, 'yaml');
    await waitFor('the extension to activate', () => extension.isActive);

    const api = await kubesmithApi();
    const status = await api.status();
    assert.equal(status.version, extension.packageJSON.version);
    assert.ok(Number.isInteger(status.pid) && status.pid > 0, `server pid ${status.pid}`);
    assert.notEqual(status.pid, process.pid, 'the language server runs in its own process');
    for (const version of ['1.28', '1.34', '1.36']) assert.ok(status.kubernetesVersions.includes(version), `Kubernetes ${version} in ${status.kubernetesVersions}`);
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['kubesmith.selectKubernetesVersion', 'kubesmith.showOutput', 'kubesmith.restartServer']) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
    }
  });

  it('shows the Kubernetes version in the status bar while a YAML editor is active', async function () {
    if (!uiBridgeAvailable()) this.skip(); // needs the browser driver (code-server runs)
    await openFixture('manifests/service.yaml');
    const item = await waitFor('a visible "K8s 1.36" status bar item', async () =>
      (await statusBarItems()).find((entry) => entry.visible && entry.text.includes('K8s 1.36')));
    assert.match(item.id, /kubesmith/i, `status bar item id ${item.id}`);
  });

  it('has a "Kubesmith" output channel with the server\'s log, opened by Kubesmith: Show Output', async function () {
    if (!uiBridgeAvailable()) this.skip(); // the extension API cannot list output channels
    await kubesmithApi();
    try {
      await vscode.commands.executeCommand('kubesmith.showOutput');
      const view = await waitFor('the Output view to show the Kubesmith channel and its log', async () => {
        const shown = await outputView();
        return shown.channels.includes('Kubesmith') && shown.lines.some((line) => line.includes('The Kubesmith language server is running.')) ? shown : undefined;
      });
      assert.ok(view.options.includes('Kubesmith'), `channels offered: ${view.options.join(', ')}`);
      assert.ok(view.lines.some((line) => /Kubesmith \d+\.\d+\.\d+\S* ready \(Kubernetes 1\.28/.test(line)), `no "ready" line in: ${view.lines.join(' / ')}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }
  });

  it('runs the extension under test from where this run installed it', async () => {
    const extension = kubesmithExtension();
    const extensionPath = extension.extensionPath;
    assert.ok(existsSync(join(extensionPath, 'dist', 'server.js')), `no dist/server.js in ${extensionPath}`);
    const extensionsDir = process.env[E2E_ENV.extensionsDir];
    if (e2eMode() === 'vsix') {
      assert.ok(extensionsDir, `${E2E_ENV.extensionsDir} is not set in vsix mode`);
      assert.ok(isInside(extensionPath, extensionsDir), `extension loaded from ${extensionPath}, not from the .vsix installed in ${extensionsDir}`);
      assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
    } else if (extensionsDir) {
      assert.ok(!isInside(extensionPath, extensionsDir), `development run, but the extension came from ${extensionsDir}`);
    }
    // The running language server is the one shipped in that folder.
    const { pid } = await (await kubesmithApi()).status();
    const cmdline = `/proc/${pid}/cmdline`;
    if (existsSync(cmdline)) {
      const args = readFileSync(cmdline, 'utf8').split('\0');
      const server = join(extensionPath, 'dist', 'server.js');
      assert.ok(args.includes(server) || args.some((arg) => arg.endsWith(`${sep}dist${sep}server.js`) && isInside(arg, extensionPath)),
        `language server process ${pid} runs ${args.join(' ')}, not ${server}`);
    }
  });
});
