import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { CheckedDocumentNotification, CheckedDocumentParams, YamlExtensionNotification, YamlExtensionState } from '../../protocol/requests';
import { DEFAULT_SETTINGS, YamlExtensionMode } from '../../protocol/settings';
import { ContributorLabel, contributorLabel, knownKinds } from './yamlLabel';

/**
 * Living beside Red Hat's YAML extension (`redhat.vscode-yaml`), per `kubesmith.yamlExtension`.
 *
 * `defer` (the default): Kubesmith registers a schema contributor with the YAML extension
 * (its exported `registerContributor`). For every document Kubesmith checks as Kubernetes
 * resources (the language server says which, `kubesmith/checkedDocument`), the contributor answers
 * with an empty schema named Kubesmith; its label (yamlLabel.ts) makes the YAML extension ask it
 * alone, ahead of `yaml.schemas` and Kubernetes Tools' contributor. So the YAML extension stops
 * validating, completing and describing those documents' Kubernetes fields, and keeps its schemas
 * for every other file (kustomizations, kinds Kubesmith does not know, excluded files, Helm
 * templates, other YAML). The language server leaves YAML syntax errors of YAML files to it
 * (unless `yaml.validate` is off), so none is reported twice.
 *
 * `keep`: both extensions check the manifests, as without this module.
 *
 * The YAML extension's settings are never written. What was done is said once in the output
 * channel. The YAML extension may be missing, disabled, installed or enabled later.
 */

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
/** The contributor's name: the YAML extension routes schema URIs of this scheme to it. */
const CONTRIBUTOR = 'kubesmith';
const SCHEMA_URI = `${CONTRIBUTOR}://schemas/kubesmith.json`;
/** Permissive: the YAML extension then offers no field, value or description of its own. */
const SCHEMA = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $id: SCHEMA_URI, title: 'Kubesmith' });

/** What the YAML extension (1.24) exports. */
interface YamlExtensionApi {
  registerContributor(
    schema: string,
    requestSchema: (resource: string) => string | undefined,
    requestSchemaContent: (uri: string) => string,
    label?: string,
  ): boolean;
}

/** What the tests ask (through the extension's API). */
export interface YamlExtensionStatus {
  /** The YAML extension is installed and enabled. */
  present: boolean;
  mode: YamlExtensionMode;
  /** Kubesmith's contributor is registered with it. */
  registered: boolean;
  /** The state last sent to the language server. */
  server: YamlExtensionState;
}

export class YamlExtensionCoexistence implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Whether Kubesmith checks each open document, as the language server last said. */
  private readonly checked = new Map<string, boolean>();
  private client: LanguageClient | undefined;
  private label: ContributorLabel | undefined;
  private registered = false;
  /** The YAML extension did not start: it reports nothing, so Kubesmith reports everything. */
  private failed = false;
  private registering: Promise<void> | undefined;
  private sent: string | undefined;
  private said: string | undefined;

  constructor(private readonly output: vscode.LogOutputChannel, private readonly extensionPath: string) {
    this.disposables.push(
      vscode.extensions.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('kubesmith.yamlExtension') || event.affectsConfiguration('yaml.validate')) void this.refresh();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.checked.delete(document.uri.toString())),
    );
  }

  private mode(): YamlExtensionMode {
    const value = vscode.workspace.getConfiguration('kubesmith').get<string>('yamlExtension');
    return value === 'keep' || value === 'defer' ? value : DEFAULT_SETTINGS.yamlExtension;
  }

  private extension(): vscode.Extension<YamlExtensionApi> | undefined {
    return vscode.extensions.getExtension<YamlExtensionApi>(YAML_EXTENSION_ID);
  }

  /** What the language server is to do (its initialization options, and each change). */
  state(): YamlExtensionState {
    const defer = this.extension() !== undefined && !this.failed && this.mode() === 'defer';
    const validates = vscode.workspace.getConfiguration('yaml', { languageId: 'yaml' }).get<boolean>('validate') !== false;
    return { leaveSyntaxErrors: defer && validates, reportChecked: defer };
  }

  status(): YamlExtensionStatus {
    return { present: this.extension() !== undefined, mode: this.mode(), registered: this.registered, server: this.state() };
  }

  /** Connects to the language client; call before it starts. */
  attach(client: LanguageClient): void {
    this.client = client;
    this.disposables.push(
      client.onNotification(CheckedDocumentNotification, (params: CheckedDocumentParams) => {
        this.checked.set(params.uri, params.checked);
      }),
      client.onDidChangeState((event) => {
        // A new server is told everything again through its initialization options.
        if (event.newState === State.Running) this.sent = JSON.stringify(this.state());
      }),
    );
    this.sent = JSON.stringify(this.state());
    void this.refresh();
  }

  /** Brings everything in line with the YAML extension's presence and the settings. */
  async refresh(): Promise<void> {
    const state = this.state();
    const text = JSON.stringify(state);
    if (text !== this.sent && this.client?.state === State.Running) {
      this.sent = text;
      await this.client.sendNotification(YamlExtensionNotification, state);
    }
    const extension = this.extension();
    if (extension && this.mode() === 'defer') {
      this.registering ??= this.register(extension).finally(() => {
        this.registering = undefined;
      });
      await this.registering;
    }
    this.tell(extension, state);
  }

  private async register(extension: vscode.Extension<YamlExtensionApi>): Promise<void> {
    if (this.registered) return;
    let api: YamlExtensionApi | undefined;
    try {
      api = extension.isActive ? extension.exports : await extension.activate();
    } catch (error) {
      this.failed = true;
      this.output.warn(vscode.l10n.t('Red Hat\'s YAML extension did not start ({0}); Kubesmith reports YAML syntax errors itself.', error instanceof Error ? error.message : String(error)));
      void this.refresh();
      return;
    }
    if (typeof api?.registerContributor !== 'function') {
      this.output.warn(vscode.l10n.t('Red Hat\'s YAML extension {0} offers no registerContributor; both extensions check the Kubernetes manifests.', String(extension.packageJSON?.version ?? '')));
      return;
    }
    this.label = await this.readLabel();
    this.registered = api.registerContributor(CONTRIBUTOR, (resource) => this.requestSchema(resource), () => SCHEMA, this.label?.label);
    if (!this.registered) this.output.warn(vscode.l10n.t('Red Hat\'s YAML extension already has a schema contributor named `{0}`; reload the window if Kubernetes fields are checked twice.', CONTRIBUTOR));
  }

  /** The label, from the kinds the schema bundle knows (empty: no label, the contributor is then asked with the others). */
  private async readLabel(): Promise<ContributorLabel | undefined> {
    try {
      const [index, lifecycle] = await Promise.all(['index.json', 'api-lifecycle.json'].map(async (name) =>
        JSON.parse(await readFile(`${this.extensionPath}/schemas/${name}`, 'utf8')) as Record<string, never>));
      const kinds = knownKinds({ index, lifecycle });
      return kinds.length > 0 ? contributorLabel(kinds) : undefined;
    } catch (error) {
      this.output.warn(vscode.l10n.t('Kubesmith could not read its schema index for the YAML extension ({0}).', error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  }

  /**
   * The YAML extension asks which schema a document has. Kubesmith's (the empty one) when it
   * checks the document (or, before the language server has said, when the label matches). When
   * the label matches but Kubesmith does not check the document (an excluded file, say), the
   * contributor declines by throwing: the YAML extension then asks its other contributors and uses
   * its own settings, as it does for documents the label does not match (answered `undefined`).
   */
  private requestSchema(resource: string): string | undefined {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === resource);
    const labelled = document !== undefined && this.label !== undefined && this.label.pattern.test(document.getText());
    if (this.mode() === 'defer' && (this.checked.get(resource) ?? labelled)) return SCHEMA_URI;
    if (labelled) throw new Error(`Kubesmith does not check ${resource} as Kubernetes resources; the YAML extension's own schemas apply.`);
    return undefined;
  }

  /** Says once in the output channel what is done, each time that changes. */
  private tell(extension: vscode.Extension<unknown> | undefined, state: YamlExtensionState): void {
    let message: string | undefined;
    const version = String(extension?.packageJSON?.version ?? '');
    if (!extension) {
      message = this.said === undefined ? undefined : vscode.l10n.t('Red Hat\'s YAML extension is no longer enabled: Kubesmith reports YAML syntax errors itself again.');
    } else if (this.mode() === 'keep') {
      const kubernetes = `${vscode.workspace.getConfiguration('kubesmith').get<string>('kubernetesVersion') ?? DEFAULT_SETTINGS.kubernetesVersion}.0`;
      message = vscode.l10n.t('Red Hat\'s YAML extension {0} is enabled and kubesmith.yamlExtension is keep: both extensions check the Kubernetes manifests, so a problem may be reported twice. For both to check the same Kubernetes version, set yaml.kubernetesVersion to {1}.', version, kubernetes);
    } else if (!this.registered) {
      message = undefined; // said by register()
    } else if (state.leaveSyntaxErrors) {
      message = vscode.l10n.t('Red Hat\'s YAML extension {0} is enabled: for the Kubernetes manifests Kubesmith checks, it now gets an empty schema named Kubesmith, so it no longer validates, completes or describes their Kubernetes fields (nor what Kubernetes Tools or yaml.schemas give it). It keeps its schemas for every other file, and the YAML syntax errors, which Kubesmith leaves to it. Files already open are checked again by the YAML extension when they change. Set kubesmith.yamlExtension to keep to let both check the manifests.', version);
    } else {
      message = vscode.l10n.t('Red Hat\'s YAML extension {0} is enabled: for the Kubernetes manifests Kubesmith checks, it now gets an empty schema named Kubesmith, so it no longer validates, completes or describes their Kubernetes fields (nor what Kubernetes Tools or yaml.schemas give it). It keeps its schemas for every other file. yaml.validate is off, so Kubesmith reports YAML syntax errors itself. Set kubesmith.yamlExtension to keep to let both check the manifests.', version);
    }
    if (message === undefined || message === this.said) return;
    this.said = message;
    this.output.info(message);
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
