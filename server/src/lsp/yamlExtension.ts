import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckedDocumentNotification, YamlExtensionState } from '../../../protocol/requests';
import { Codes, KubesmithDiagnostic } from '../core/diagnostics';
import type { FileAnalysis } from '../core/service';

/**
 * The server's side of living beside Red Hat's YAML extension (the client's side is
 * client/src/yamlExtension.ts). The client says what the YAML extension does (`YamlExtensionState`,
 * in the initialization options and then as `kubesmith/yamlExtension`); this module
 *
 * - leaves out the YAML syntax errors of `yaml` documents when the YAML extension reports them
 *   (the CLI, other editors and VS Code without it keep them: nothing changes for them), and
 * - tells the client, per open document, whether Kubesmith checks it as Kubernetes resources, so
 *   that the client can answer the YAML extension's schema requests without parsing anything.
 */

/** Problems the YAML extension reports too, on every YAML file it validates. */
const SYNTAX_CODES = new Set<string>([Codes.yamlSyntax, Codes.duplicateKey]);

/**
 * Whether Kubesmith checks a file as Kubernetes resources: some document holds a resource whose
 * apiVersion/kind it knows (a schema, a removed or not yet served API, a misspelt kind...).
 * Not: excluded or skipped files (`undefined`), tool configs in the Kubernetes style (a
 * kustomization), kinds with no known schema, YAML that is no resource at all.
 */
export function checksKubernetesResources(file: FileAnalysis | undefined): boolean {
  if (!file || file.skipped) return false;
  return file.documents.some((document) => document.analysis.resources.some((resource) =>
    resource.resolution.status !== 'not-a-resource' && resource.resolution.status !== 'no-schema'));
}

export function parseYamlExtensionState(value: unknown): YamlExtensionState {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return { leaveSyntaxErrors: record.leaveSyntaxErrors === true, reportChecked: record.reportChecked === true };
}

export class YamlExtensionCoexistence {
  private state: YamlExtensionState = { leaveSyntaxErrors: false, reportChecked: false };
  /** What the client was last told per document. */
  private readonly sent = new Map<string, boolean>();

  constructor(private readonly connection: Connection) {}

  /** A new state from the client; returns whether open documents must be published again. */
  update(value: unknown): boolean {
    const next = parseYamlExtensionState(value);
    const changed = next.leaveSyntaxErrors !== this.state.leaveSyntaxErrors || next.reportChecked !== this.state.reportChecked;
    this.state = next;
    // Tell the client everything again: it may have been restarted, or just started listening.
    this.sent.clear();
    return changed || next.reportChecked;
  }

  /** The diagnostics to publish: without the syntax errors the YAML extension reports itself. */
  diagnostics(document: TextDocument, diagnostics: KubesmithDiagnostic[]): KubesmithDiagnostic[] {
    if (!this.state.leaveSyntaxErrors || document.languageId !== 'yaml') return diagnostics;
    return diagnostics.filter((diagnostic) => !SYNTAX_CODES.has(diagnostic.code));
  }

  /** After a document was checked (`file`) or found excluded (`undefined`): tells the client when its answer changed. */
  checked(uri: string, file: FileAnalysis | undefined): void {
    if (!this.state.reportChecked) return;
    const checked = checksKubernetesResources(file);
    if (this.sent.get(uri) === checked) return;
    this.sent.set(uri, checked);
    void this.connection.sendNotification(CheckedDocumentNotification, { uri, checked });
  }

  closed(uri: string): void {
    this.sent.delete(uri);
  }
}
