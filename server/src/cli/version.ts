declare const KUBESMITH_VERSION: string;

/** The package version, set by the build (scripts/build.mjs); `dev` when running from source. */
export const VERSION: string = typeof KUBESMITH_VERSION === 'string' ? KUBESMITH_VERSION : 'dev';

export const HOMEPAGE = 'https://github.com/kubesmith/kubesmith';
export const RULES_DOC = `${HOMEPAGE}/blob/main/docs/rules.md`;
export const CLI_DOC = `${HOMEPAGE}/blob/main/docs/cli.md`;
export const WORKSPACE_DOC = `${HOMEPAGE}/blob/main/docs/workspace.md`;
