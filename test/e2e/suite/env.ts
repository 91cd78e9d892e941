/** Environment variables through which the drivers (scripts/e2e/*.mjs) talk to the suite. */
export const E2E_ENV = {
  /** File the suite writes its results to (JSON, see index.ts). */
  results: 'KUBESMITH_E2E_RESULTS',
  /** `development` (the repo is the extension) or `vsix` (the packaged extension was installed). */
  mode: 'KUBESMITH_E2E_MODE',
  /** The extensions dir the .vsix was installed into (vsix mode). */
  extensionsDir: 'KUBESMITH_E2E_EXTENSIONS_DIR',
  /** Folder for UI questions answered by the browser driver (code-server runs only). */
  uiBridge: 'KUBESMITH_E2E_UI_BRIDGE',
  /** Only run the tests whose full title matches this regular expression. */
  grep: 'KUBESMITH_E2E_GREP',
} as const;

export type E2eMode = 'development' | 'vsix';

export function e2eMode(): E2eMode {
  return process.env[E2E_ENV.mode] === 'vsix' ? 'vsix' : 'development';
}
