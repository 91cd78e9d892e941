import { RequestType0 } from 'vscode-jsonrpc';

/** What the server reports about itself (`kubesmith/status`): shown by the client, used by tests. */
export interface ServerStatus {
  pid: number;
  version: string;
  kubernetesVersions: string[];
  /** group/kind of each CustomResourceDefinition found in the workspace. */
  workspaceCrds: string[];
}

export const ServerStatusRequest = new RequestType0<ServerStatus, void>('kubesmith/status');
