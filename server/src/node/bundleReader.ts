import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BundleReader } from '../core/schema/store';

/** Reads the schema bundle from a `schemas/` folder on disk. */
export class FileBundleReader implements BundleReader {
  constructor(readonly directory: string) {}

  read(relativePath: string): string {
    return readFileSync(join(this.directory, relativePath), 'utf8');
  }
}

/**
 * The `schemas/` folder shipped next to the code: `dist/../schemas` for the bundles (extension,
 * server, CLI), `<repo>/schemas` when running from source.
 */
export function findSchemasDirectory(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'index.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`Kubesmith's schema bundle (schemas/index.json) was not found above ${start}`);
  }
}
