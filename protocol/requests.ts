import { RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { TextEdit } from 'vscode-languageserver-types';

/** What the server reports about itself (`kubesmith/status`): shown by the client, used by tests. */
export interface ServerStatus {
  pid: number;
  version: string;
  kubernetesVersions: string[];
  /** group/kind of each CustomResourceDefinition found in the workspace. */
  workspaceCrds: string[];
  /** Documents open in the server. */
  open?: number;
  /** What the server's caches hold: files, document analyses, syntax trees, per-document settings and pending checks. */
  caches?: { files: number; analyses: number; parsed: number; settings: number; pending: number };
}

export const ServerStatusRequest = new RequestType0<ServerStatus, void>('kubesmith/status');

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
