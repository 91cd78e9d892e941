import { KubesmithSettings } from '../../../protocol/settings';
import { FileAnalysis, KubesmithService } from '../core/service';

/**
 * A file's check in slices, so the server never stops answering while it checks a large file.
 *
 * The service analyzes a file document by document (`analysisSteps`); here the event loop gets a
 * turn after every slice of `SLICE_DOCUMENTS` newly analyzed documents (a few milliseconds each),
 * so requests and edits about any file are handled between slices. After each turn the check goes
 * on only if it is still wanted (`abandoned`: a newer version of the document arrived, it was
 * closed, or a newer check of it started); what it analyzed stays cached for the next check. The
 * result is the one `service.analyze` gives, from the same caches. An edit of a large file, which
 * analyzes only the documents it changed, ends in its first slice. Files below
 * `SLICED_CHECK_LENGTH` are not checked here but with `service.analyze` (lsp/server.ts), with no
 * `await` between their settings and their diagnostics: checked here, even in one slice, the
 * protocol tests that expect their diagnostics in order with the messages after them failed.
 */

/** Files from this length on (in UTF-16 units) are checked in slices; smaller ones at once, as before. */
export const SLICED_CHECK_LENGTH = 256 * 1024;

/** At most this many documents are analyzed between two turns of the event loop. */
export const SLICE_DOCUMENTS = 50;

export async function analyzeInSlices(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, abandoned: () => boolean): Promise<FileAnalysis | undefined> {
  const steps = service.analysisSteps(uri, text, settings);
  let documents = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    documents += step.value;
    if (documents < SLICE_DOCUMENTS) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (abandoned()) return undefined;
    documents = 0;
  }
}
