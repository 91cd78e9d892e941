import type { ResourceInfo } from '../resource';
import { AnalyzedDocument, FileAnalysis, KubesmithService, documentAtLine } from '../service';
import { RefResolver, SchemaStore } from '../schema/store';
import { Schema } from '../schema/types';
import { PathSegment } from '../yaml/nodes';

/** The document, resource and schema an editor position falls in (shared by hover and completion). */
export interface PositionContext {
  file: FileAnalysis;
  document: AnalyzedDocument;
  resolve: RefResolver;
  minor: string;
}

export function positionContext(service: KubesmithService, file: FileAnalysis, line: number, kubernetesVersion: string): PositionContext | undefined {
  const document = documentAtLine(file.documents, line);
  if (!document) return undefined;
  const minor = service.store.version(kubernetesVersion).minor;
  return { file, document, resolve: service.store.version(minor).resolve, minor };
}

/** The resource of a document that a path lies in (the innermost, for List items). */
export function resourceAt<T extends { path: PathSegment[] }>(resources: T[], path: readonly PathSegment[]): T | undefined {
  let found: T | undefined;
  for (const resource of resources) {
    if (resource.path.length <= path.length && resource.path.every((segment, i) => path[i] === segment)) {
      if (!found || resource.path.length > found.path.length) found = resource;
    }
  }
  return found;
}

export function schemaOf(store: SchemaStore, resource: Pick<ResourceInfo, 'resolution'> | undefined): Schema | undefined {
  return resource?.resolution.status === 'schema' ? store.documented(resource.resolution.kindSchema) : undefined;
}
