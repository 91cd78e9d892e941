/** Command ids and custom LSP methods, in one place for the client and the server. */
export const Commands = {
  /** Client: Harden Manifest on the active editor (palette and editor context menu). */
  hardenManifest: 'kubesmith.hardenManifest',
  /** Client: choose the targeted Kubernetes version (status bar item). */
  selectKubernetesVersion: 'kubesmith.selectKubernetesVersion',
  /** Client: open the output channel. */
  showOutput: 'kubesmith.showOutput',
  /** Client: Apply and Discard in the title bar of Harden Manifest's diff preview. */
  hardenApply: 'kubesmith.harden.apply',
  hardenDiscard: 'kubesmith.harden.discard',
  /** Client: restart the language server. */
  restartServer: 'kubesmith.restartServer',
  /** Client: show locations in the references peek view (the code lenses' command): [uri, position, locations], in LSP form. */
  showReferences: 'kubesmith.showReferences',
} as const;

/**
 * Server commands (`workspace/executeCommand`), for any LSP client.
 * `kubesmith.harden` [documentUri]: hardens the document and sends the edit with `workspace/applyEdit`.
 */
export const ServerCommands = {
  harden: 'kubesmith.harden',
} as const;
