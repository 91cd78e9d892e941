/** Command ids and custom LSP methods, in one place for the client and the server. */
export const Commands = {
  /** Client: choose the targeted Kubernetes version (status bar item). */
  selectKubernetesVersion: 'kubesmith.selectKubernetesVersion',
  /** Client: open the output channel. */
  showOutput: 'kubesmith.showOutput',
  /** Client: restart the language server. */
  restartServer: 'kubesmith.restartServer',
} as const;
