import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServerSpec } from './lsp';

/** Kubesmith's language server: the production bundle, default settings (rules on). */
export function kubesmithSpec(repoRoot: string, serverJs = join(repoRoot, 'dist', 'server.js')): ServerSpec {
  return {
    name: 'kubesmith',
    command: process.execPath,
    args: [serverJs, '--stdio'],
    // `kubesmith` is answered with {}: every setting at its default.
    configuration: () => ({}),
    pullsConfigurationOnInitialized: false,
  };
}

/**
 * yaml-language-server with the per-kind Kubernetes schema for `*.yaml`; everything that would
 * reach the network (the SchemaStore catalog, the CRD store) is off, as it would be offline.
 */
export function yamlLanguageServerSpec(binPath: string, schemaPath: string): ServerSpec {
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemas: { [pathToFileURL(schemaPath).href]: '*.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    maxItemsComputed: 5000,
  };
  return {
    name: 'yaml-language-server',
    command: process.execPath,
    args: [binPath, '--stdio'],
    configuration: (section) => {
      if (section === 'yaml') return yaml;
      if (section === 'http') return { proxy: '', proxyStrictSSL: false };
      return null; // '[yaml]', 'editor': nothing set
    },
    pullsConfigurationOnInitialized: true,
  };
}

/** Installs yaml-language-server@version into `<cache>/yaml-language-server-<version>` once; returns its bin script. */
export function installYamlLanguageServer(cacheDir: string, version: string, log: (message: string) => void): string {
  const prefix = join(cacheDir, `yaml-language-server-${version}`);
  const packageDir = join(prefix, 'node_modules', 'yaml-language-server');
  const bin = join(packageDir, 'bin', 'yaml-language-server');
  if (existsSync(bin)) {
    const installed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    if (installed.version === version) return bin;
  }
  log(`Installing yaml-language-server@${version} into ${prefix} (npm registry)...`);
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `yaml-language-server@${version}`], { stdio: 'inherit' });
  if (!existsSync(bin)) throw new Error(`yaml-language-server@${version} installed, but ${bin} is missing`);
  return bin;
}
