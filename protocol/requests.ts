import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { TextEdit } from 'vscode-languageserver-types';

/** What the server reports about itself (`kubesmith/status`): shown by the client, used by tests. */
export interface ServerStatus {
  pid: number;
  version: string;
  kubernetesVersions: string[];
  /** group/kind of each CustomResourceDefinition found in the workspace. */
  workspaceCrds: string[];
  /** YAML documents parsed, analyzed and outlined, and Harden runs, since the start: tests count work with them. */
  work?: { parses: number; analyses: number; outlines: number; hardenRuns: number };
  /** The workspace index: `indexing` until the files of the workspace folders have all been read once. */
  index: { state: 'waiting' | 'indexing' | 'ready'; files: number; resources: number };
  /** Documents open in the server. */
  open?: number;
  /** What the server's caches hold: files, document analyses, syntax trees, per-document settings and pending checks. */
  caches?: { files: number; analyses: number; parsed: number; settings: number; pending: number };
}

export const ServerStatusRequest = new RequestType0<ServerStatus, void>('kubesmith/status');

/** The files of the workspace folders Kubesmith checks (URIs, sorted): what `kubesmith lint --list-files` lists there. Used by tests. */
export const WorkspaceFilesRequest = new RequestType0<string[], void>('kubesmith/workspaceFiles');

export interface HardenParams {
  uri: string;
}

/** The hardening of a document, computed but not applied (the VS Code client shows it in the refactor preview). */
export interface HardenEditResult {
  uri: string;
  /** Edits on the document as the server has it (one per changed YAML document). */
  edits: TextEdit[];
  /** One line per hardened resource: "Deployment web: run-as-non-root, missing-memory-limit (2)". */
  summary: string[];
  /** Findings that remain because no mechanical fix can settle them. */
  remaining: { line: number; rule: string; message: string }[];
}

export const HardenEditRequest = new RequestType<HardenParams, HardenEditResult, void>('kubesmith/hardenEdit');

/**
 * Beside Red Hat's YAML extension (client/src/yamlExtension.ts, server/src/lsp/yamlExtension.ts).
 * The client sends this state in `initializationOptions.yamlExtension` and, when it changes
 * (the extension activated later, removed, the setting changed), as `kubesmith/yamlExtension`.
 */
export interface YamlExtensionState {
  /** The YAML extension reports the YAML syntax errors of `yaml` documents: leave them out. */
  leaveSyntaxErrors: boolean;
  /** Send `kubesmith/checkedDocument` for every open document (the client answers the YAML extension's schema requests from it). */
  reportChecked: boolean;
}

export const YamlExtensionNotification = new NotificationType<YamlExtensionState>('kubesmith/yamlExtension');

/** Server → client, while `reportChecked`: whether Kubesmith checks a document as Kubernetes resources (sent when it changes). */
export interface CheckedDocumentParams {
  uri: string;
  checked: boolean;
}

export const CheckedDocumentNotification = new NotificationType<CheckedDocumentParams>('kubesmith/checkedDocument');
