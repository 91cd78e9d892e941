import * as vscode from 'vscode';
import { Commands } from '../../protocol/commands';

const SECTION = 'kubesmith';
const KEY = 'kubernetesVersion';

/**
 * Status bar item with the Kubernetes version manifests are checked against; a click switches it.
 * Shown while a YAML or JSON editor is active.
 */
export class KubernetesVersionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubesmith.kubernetesVersion', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.item.name = vscode.l10n.t('Kubesmith: Kubernetes version');
    this.item.command = Commands.selectKubernetesVersion;
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(`${SECTION}.${KEY}`) && this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
    );
    this.refresh();
  }

  private current(): string {
    return vscode.workspace.getConfiguration(SECTION).get<string>(KEY) ?? '1.36';
  }

  /** The versions the setting accepts, as contributed in package.json. */
  private versions(): string[] {
    const extension = vscode.extensions.getExtension('kubesmith.kubesmith');
    const property = extension?.packageJSON?.contributes?.configuration?.properties?.[`${SECTION}.${KEY}`];
    return Array.isArray(property?.enum) ? (property.enum as string[]) : [this.current()];
  }

  refresh(): void {
    const version = this.current();
    this.item.text = `$(check-all) K8s ${version}`;
    this.item.tooltip = vscode.l10n.t('Kubesmith checks manifests against Kubernetes {0}. Click to choose another version.', version);
    const language = vscode.window.activeTextEditor?.document.languageId;
    if (language === 'yaml' || language === 'json') this.item.show();
    else this.item.hide();
  }

  async pick(): Promise<void> {
    const current = this.current();
    const items = this.versions().slice().reverse().map((version) => ({
      label: version,
      description: version === current ? 'current' : undefined,
    }));
    const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Kubernetes version to check manifests against'), placeHolder: current });
    if (!choice || choice.label === current) return;
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update(KEY, choice.label, target);
  }

  dispose(): void {
    this.item.dispose();
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
