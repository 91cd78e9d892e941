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
  /** Client, from the getting-started walkthrough: open the sample manifest as a new file. */
  openSample: 'kubesmith.walkthrough.openSample',
  /** Client, internal: run by VS Code after it applied one of Kubesmith's quick fixes (walkthrough step). */
  quickFixApplied: 'kubesmith.walkthrough.quickFixApplied',
} as const;

/** Context keys the client sets, for the walkthrough's steps (`completionEvents: onContext:`). */
export const ContextKeys = {
  /** A Kubesmith quick fix was applied in this window. */
  quickFixApplied: 'kubesmith.walkthrough.quickFixApplied',
} as const;

/**
 * Server commands (`workspace/executeCommand`), for any LSP client.
 * `kubesmith.harden` [documentUri]: hardens the document and sends the edit with `workspace/applyEdit`.
 */
export const ServerCommands = {
  harden: 'kubesmith.harden',
} as const;
