import { ResponseError } from 'vscode-languageserver';
import { FileAnalysis } from '../core/service';
import { hasPodSpec } from '../core/rules/workloads';
import * as l10n from '@vscode/l10n';

/**
 * What one editor request may cost. Every request is answered quickly; work that grows with a
 * large file is bounded, and a request above the bound is declined with a message that says what
 * to do instead, rather than blocking the server (the CLI has no such bounds: it is not answering
 * an editor).
 */

/** Harden Manifest from the editor: files with up to this many workloads (about a second of work). */
export const HARDEN_WORKLOAD_LIMIT = 1000;

function workloadCount(file: FileAnalysis): number {
  let count = 0;
  for (const document of file.documents) for (const resource of document.analysis.resources) if (hasPodSpec(resource)) count++;
  return count;
}

/** The reason Harden Manifest is declined on a file, if it is. */
export function hardenDeclined(file: FileAnalysis): string | undefined {
  const workloads = workloadCount(file);
  if (workloads <= HARDEN_WORKLOAD_LIMIT) return undefined;
  return l10n.t('This file has {0} workloads; Harden Manifest in the editor hardens files of up to {1}. Split the file, or run `kubesmith harden <file> --write` in a terminal.', workloads.toLocaleString('en-US'), HARDEN_WORKLOAD_LIMIT.toLocaleString('en-US'));
}

/** Declines a request with a message the client shows. */
export function decline(message: string): ResponseError<void> {
  return new ResponseError(-32803 /* RequestFailed */, message);
}
