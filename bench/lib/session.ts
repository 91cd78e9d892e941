import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BenchClient, PublishedDiagnostic, ServerSpec } from './lsp';

/** What one fresh server process measured on one file. */
export interface RunResult {
  server: string;
  documents: number;
  /** spawn → initialize response (ms). */
  startMs: number;
  /** didOpen → first diagnostics of version 1 (ms). */
  firstDiagnosticsMs: number;
  /** didChange (one scalar, incremental) → diagnostics of version 2 (ms). */
  editDiagnosticsMs: number;
  /** documentSymbol request → response, right after the first diagnostics (ms): the outline of a file just opened. */
  documentSymbolOpenMs: number;
  /** documentSymbol request → response after the edit (ms): what VS Code asks after every edit (outline, breadcrumbs, sticky scroll). */
  documentSymbolMs: number;
  /** foldingRange request → response after the edit (ms). */
  foldingRangeMs: number;
  /** codeAction for the diagnostic under the cursor, as the light bulb asks on every cursor move (automatic trigger) (ms). */
  codeActionCursorMs: number;
  /** codeAction/resolve of the first quick fix of that answer, when it came without its edit (ms; Kubesmith computes edits when resolved). */
  codeActionResolveMs: number;
  /** codeAction explicitly invoked with `only: ["refactor"]` (Ctrl+Shift+R, the Refactor menu) in a Deployment (ms). */
  codeActionInvokedMs: number;
  /** completion request → response (ms), at a deep position. */
  completionMs: number;
  /** hover request → response (ms), at a deep position. */
  hoverMs: number;
  /** CPU time of the server process (all threads) from spawn to the initialize response, while opening and while editing (ms). */
  startCpuMs: number;
  firstDiagnosticsCpuMs: number;
  editDiagnosticsCpuMs: number;
  /** CPU time of the server process (all threads) during each request (ms): steadier than the wall-clock time on a busy machine. */
  documentSymbolOpenCpuMs: number;
  documentSymbolCpuMs: number;
  foldingRangeCpuMs: number;
  codeActionCursorCpuMs: number;
  codeActionResolveCpuMs: number;
  codeActionInvokedCpuMs: number;
  completionCpuMs: number;
  hoverCpuMs: number;
  /** Peak RSS of the server process (VmHWM), MB. */
  peakRssMb: number;
  diagnosticsCount: number;
  errorCount: number;
  editDiagnosticsCount: number;
  completionItems: number;
  hoverChars: number;
  /** What the other requests answered (to check that both servers answered something comparable). */
  symbolCount: number;
  symbolBytes: number;
  foldingRanges: number;
  cursorActions: string[];
  resolvedEdit: boolean;
  invokedActions: string[];
  /** 0-based lines of the error diagnostics of the first publication. */
  errorLines: number[];
  /** Publications for the file ignored before the awaited one (e.g. an empty set). */
  skippedPublications: number;
  /** When each measured step ran, in µs of the monotonic clock (`process.hrtime`, the clock of V8's CPU profiles). */
  phases: Phase[];
}

export interface Phase {
  name: string;
  startUs: number;
  endUs: number;
}

export interface FileUnderTest {
  path: string;
  text: string;
  documents: number;
  workspaceFolder: string;
  edit: { line: number; character: number; oldText: string; newText: string };
  hover: { line: number; character: number };
  /** Typed (version 3) just before the completion request: a new line where a key goes. */
  completionInsert: { line: number; character: number; text: string };
  completion: { line: number; character: number };
}

/** What VS Code 1.100 announces for the requests measured here. */
const clientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { rangeLimit: 5000, lineFoldingOnly: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports'] } },
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
  },
};

function countItems(result: unknown): number {
  if (!result) return 0;
  if (Array.isArray(result)) return result.length;
  const list = result as { items?: unknown[] };
  return list.items?.length ?? 0;
}

function countSymbols(result: unknown): number {
  if (!Array.isArray(result)) return 0;
  let count = 0;
  const visit = (symbols: { children?: unknown[] }[]) => {
    for (const symbol of symbols) {
      count++;
      if (Array.isArray(symbol.children)) visit(symbol.children as { children?: unknown[] }[]);
    }
  };
  visit(result as { children?: unknown[] }[]);
  return count;
}

function hoverLength(result: unknown): number {
  if (!result) return 0;
  const contents = (result as { contents?: unknown }).contents;
  if (typeof contents === 'string') return contents.length;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : (c as { value: string }).value)).join('').length;
  return (contents as { value?: string } | undefined)?.value?.length ?? 0;
}

/** The error diagnostic nearest the middle of the file: where the benchmark puts the cursor for the light bulb. */
function diagnosticNearMiddle(diagnostics: PublishedDiagnostic[], lines: number): PublishedDiagnostic | undefined {
  const middle = lines / 2;
  const errors = diagnostics.filter((d) => d.severity === 1);
  return (errors.length ? errors : diagnostics).reduce<PublishedDiagnostic | undefined>(
    (best, d) => (!best || Math.abs(d.range.start.line - middle) < Math.abs(best.range.start.line - middle) ? d : best), undefined);
}

/** The diagnostics VS Code sends with a code action request: those whose range touches the cursor's line span. */
function diagnosticsAt(diagnostics: PublishedDiagnostic[], range: PublishedDiagnostic['range']): PublishedDiagnostic[] {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);
  return diagnostics.filter((d) => !before(d.range.end, range.start) && !before(range.end, d.range.start));
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export interface RunOptions {
  extraNodeArgs?: string[];
  timeoutMs?: number;
  /** Skip every request after the edit (completion, hover, outline, folding, code actions). */
  skipRequests?: boolean;
}

/**
 * One fresh process, as an editor drives it: start, open (and the outline asked right after), one
 * edit, then the requests VS Code sends around an edit and a cursor move (outline, folding, the
 * light bulb's code actions for the diagnostic under the cursor and the resolve of its first quick
 * fix, the Refactor menu), then typing a new line with completion, and hover; peak memory at the
 * end. Each request is sent once the previous one is answered, so each time is that request's own.
 */
export async function measureRun(spec: ServerSpec, file: FileUnderTest, options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const client = new BenchClient(spec, file.workspaceFolder, options.extraNodeArgs);
  const phases: Phase[] = [];
  /** Sends a request and times it (ms, to the parsed response; the server's CPU time meanwhile), recording the phase. */
  const request = async <T>(phase: string, method: string, params: unknown): Promise<{ ms: number; cpuMs: number; result: T }> => {
    const startUs = nowUs();
    const cpuBefore = client.cpuMs();
    const at = performance.now();
    const result = await client.connection.sendRequest(method, params) as T;
    const ms = performance.now() - at;
    const cpuMs = client.cpuMs() - cpuBefore;
    phases.push({ name: phase, startUs, endUs: nowUs() });
    return { ms, cpuMs, result };
  };
  const cpu: Record<string, number> = {};
  try {
    const folderUri = pathToFileURL(file.workspaceFolder).href;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'bench' }],
      capabilities: clientCapabilities,
      locale: 'en',
    });
    const initialized = performance.now();
    const startMs = initialized - client.spawnedAt;
    const startCpuMs = client.cpuMs();
    client.connection.sendNotification('initialized', {});
    // yaml-language-server pulls its settings (the schema association) once after `initialized`;
    // an editor that opened the file before it has them would see it validated twice. Waiting for
    // our answer is an event, not a sleep, and is not part of any timed section.
    if (spec.pullsConfigurationOnInitialized) await client.until(() => (client.configurationAnswered.length > 0 ? true : undefined), 'the configuration request', timeoutMs);

    const uri = pathToFileURL(file.path).href;
    const textDocument = { uri };
    const cpuBeforeOpen = client.cpuMs();
    let startUs = nowUs();
    const openedAt = performance.now();
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: file.text } });
    const first = await client.diagnostics(uri, 1, openedAt, timeoutMs);
    const firstDiagnosticsMs = first.publication.at - openedAt;
    const firstDiagnosticsCpuMs = client.cpuMs() - cpuBeforeOpen;
    phases.push({ name: 'open → diagnostics', startUs, endUs: nowUs() });

    let documentSymbolOpenMs = Number.NaN;
    if (!options.skipRequests) {
      const answer = await request('documentSymbol (after open)', 'textDocument/documentSymbol', { textDocument });
      documentSymbolOpenMs = answer.ms;
      cpu.documentSymbolOpen = answer.cpuMs;
    }

    const cpuBeforeEdit = client.cpuMs();
    startUs = nowUs();
    const editedAt = performance.now();
    const { line, character, oldText, newText } = file.edit;
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + oldText.length } }, rangeLength: oldText.length, text: newText }],
    });
    const edit = await client.diagnostics(uri, 2, editedAt, timeoutMs);
    const editDiagnosticsMs = edit.publication.at - editedAt;
    const editDiagnosticsCpuMs = client.cpuMs() - cpuBeforeEdit;
    phases.push({ name: 'edit → diagnostics', startUs, endUs: nowUs() });

    let documentSymbolMs = Number.NaN;
    let foldingRangeMs = Number.NaN;
    let codeActionCursorMs = Number.NaN;
    let codeActionResolveMs = Number.NaN;
    let codeActionInvokedMs = Number.NaN;
    let completionMs = Number.NaN;
    let hoverMs = Number.NaN;
    let completionItems = 0;
    let hoverChars = 0;
    let symbolCount = 0;
    let symbolBytes = 0;
    let foldingRanges = 0;
    let cursorActions: string[] = [];
    let resolvedEdit = false;
    let invokedActions: string[] = [];
    if (!options.skipRequests) {
      // The outline and folding of the edited version.
      const symbols = await request<unknown>('documentSymbol (after the edit)', 'textDocument/documentSymbol', { textDocument });
      documentSymbolMs = symbols.ms;
      cpu.documentSymbol = symbols.cpuMs;
      symbolCount = countSymbols(symbols.result);
      symbolBytes = Buffer.byteLength(JSON.stringify(symbols.result ?? null));
      const folding = await request<unknown>('foldingRange', 'textDocument/foldingRange', { textDocument });
      foldingRangeMs = folding.ms;
      cpu.foldingRange = folding.cpuMs;
      foldingRanges = countItems(folding.result);

      // The cursor moves onto an error near the middle of the file: the light bulb asks for the
      // code actions of the diagnostics there (automatic trigger), with their data.
      const lines = file.text.split('\n').length;
      const target = diagnosticNearMiddle(edit.publication.diagnostics, lines);
      if (target) {
        const cursor = await request<{ title: string; edit?: unknown; data?: unknown }[] | null>('codeAction (diagnostic under the cursor)', 'textDocument/codeAction', {
          textDocument, range: target.range, context: { diagnostics: diagnosticsAt(edit.publication.diagnostics, target.range), triggerKind: 2 },
        });
        codeActionCursorMs = cursor.ms;
        cpu.codeActionCursor = cursor.cpuMs;
        const actions = cursor.result ?? [];
        cursorActions = actions.map((action) => action.title);
        // The user picks the first one: a client that supports resolving asks for its edit now.
        const picked = actions[0];
        if (picked && !picked.edit && picked.data !== undefined) {
          const resolved = await request<{ edit?: unknown }>('codeAction/resolve', 'codeAction/resolve', picked);
          codeActionResolveMs = resolved.ms;
          cpu.codeActionResolve = resolved.cpuMs;
          resolvedEdit = resolved.result.edit !== undefined;
        } else resolvedEdit = picked?.edit !== undefined;
      }
      // Ctrl+Shift+R in a Deployment: refactorings only, explicitly invoked.
      const invoked = await request<{ title: string }[] | null>('codeAction (invoked, only refactor)', 'textDocument/codeAction', {
        textDocument, range: { start: file.hover, end: file.hover }, context: { diagnostics: [], only: ['refactor'], triggerKind: 1 },
      });
      codeActionInvokedMs = invoked.ms;
      cpu.codeActionInvoked = invoked.cpuMs;
      invokedActions = (invoked.result ?? []).map((action) => action.title);

      // The user presses Enter inside the probe and the editor asks for completion at once, as it
      // does while typing: the change (version 3) is sent, then the request, without waiting for
      // that version's diagnostics. The hover position is above the inserted line.
      const insert = file.completionInsert;
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: insert, end: insert }, rangeLength: 0, text: insert.text }],
      });
      const completion = await request<unknown>('completion (after typing a line)', 'textDocument/completion', { textDocument, position: file.completion, context: { triggerKind: 1 } });
      completionMs = completion.ms;
      cpu.completion = completion.cpuMs;
      completionItems = countItems(completion.result);
      const hover = await request<unknown>('hover', 'textDocument/hover', { textDocument, position: file.hover });
      hoverMs = hover.ms;
      cpu.hover = hover.cpuMs;
      hoverChars = hoverLength(hover.result);
    }
    const peakRssMb = client.peakRssMb();
    return {
      server: spec.name,
      documents: file.documents,
      startMs,
      firstDiagnosticsMs,
      editDiagnosticsMs,
      documentSymbolOpenMs,
      documentSymbolMs,
      foldingRangeMs,
      codeActionCursorMs,
      codeActionResolveMs,
      codeActionInvokedMs,
      completionMs,
      hoverMs,
      startCpuMs,
      firstDiagnosticsCpuMs,
      editDiagnosticsCpuMs,
      documentSymbolOpenCpuMs: cpu.documentSymbolOpen ?? Number.NaN,
      documentSymbolCpuMs: cpu.documentSymbol ?? Number.NaN,
      foldingRangeCpuMs: cpu.foldingRange ?? Number.NaN,
      codeActionCursorCpuMs: cpu.codeActionCursor ?? Number.NaN,
      codeActionResolveCpuMs: cpu.codeActionResolve ?? Number.NaN,
      codeActionInvokedCpuMs: cpu.codeActionInvoked ?? Number.NaN,
      completionCpuMs: cpu.completion ?? Number.NaN,
      hoverCpuMs: cpu.hover ?? Number.NaN,
      peakRssMb,
      diagnosticsCount: first.publication.count,
      errorCount: first.publication.errors,
      errorLines: first.publication.errorLines,
      editDiagnosticsCount: edit.publication.count,
      completionItems,
      hoverChars,
      symbolCount,
      symbolBytes,
      foldingRanges,
      cursorActions,
      resolvedEdit,
      invokedActions,
      skippedPublications: first.skipped.length + edit.skipped.length,
      phases,
    };
  } finally {
    await client.stop();
  }
}
