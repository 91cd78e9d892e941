import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BenchClient, ServerSpec } from './lsp';

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
  /** completion request → response (ms), at a deep position. */
  completionMs: number;
  /** hover request → response (ms), at a deep position. */
  hoverMs: number;
  /** CPU time of the server process (all threads) from spawn to the initialize response, while opening and while editing (ms). */
  startCpuMs: number;
  firstDiagnosticsCpuMs: number;
  editDiagnosticsCpuMs: number;
  /** Peak RSS of the server process (VmHWM), MB. */
  peakRssMb: number;
  diagnosticsCount: number;
  errorCount: number;
  editDiagnosticsCount: number;
  completionItems: number;
  hoverChars: number;
  /** 0-based lines of the error diagnostics of the first publication. */
  errorLines: number[];
  /** Publications for the file ignored before the awaited one (e.g. an empty set). */
  skippedPublications: number;
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

const clientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: false },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

function countItems(result: unknown): number {
  if (!result) return 0;
  if (Array.isArray(result)) return result.length;
  const list = result as { items?: unknown[] };
  return list.items?.length ?? 0;
}

function hoverLength(result: unknown): number {
  if (!result) return 0;
  const contents = (result as { contents?: unknown }).contents;
  if (typeof contents === 'string') return contents.length;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : (c as { value: string }).value)).join('').length;
  return (contents as { value?: string } | undefined)?.value?.length ?? 0;
}

export interface RunOptions {
  extraNodeArgs?: string[];
  timeoutMs?: number;
  /** Skip completion/hover. */
  skipRequests?: boolean;
}

/** One fresh process: start, open, edit, completion, hover, peak memory. */
export async function measureRun(spec: ServerSpec, file: FileUnderTest, options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const client = new BenchClient(spec, file.workspaceFolder, options.extraNodeArgs);
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
    const cpuBeforeOpen = client.cpuMs();
    const openedAt = performance.now();
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: file.text } });
    const first = await client.diagnostics(uri, 1, openedAt, timeoutMs);
    const firstDiagnosticsMs = first.publication.at - openedAt;
    const firstDiagnosticsCpuMs = client.cpuMs() - cpuBeforeOpen;

    const cpuBeforeEdit = client.cpuMs();
    const editedAt = performance.now();
    const { line, character, oldText, newText } = file.edit;
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + oldText.length } }, rangeLength: oldText.length, text: newText }],
    });
    const edit = await client.diagnostics(uri, 2, editedAt, timeoutMs);
    const editDiagnosticsMs = edit.publication.at - editedAt;
    const editDiagnosticsCpuMs = client.cpuMs() - cpuBeforeEdit;

    let completionMs = Number.NaN;
    let hoverMs = Number.NaN;
    let completionItems = 0;
    let hoverChars = 0;
    if (!options.skipRequests) {
      // The user presses Enter inside the probe and the editor asks for completion at once, as it
      // does while typing: the change (version 3) is sent, then the request, without waiting for
      // that version's diagnostics. The hover position is above the inserted line.
      const insert = file.completionInsert;
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: insert, end: insert }, rangeLength: 0, text: insert.text }],
      });
      const completionAt = performance.now();
      const completion = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: file.completion, context: { triggerKind: 1 } });
      completionMs = performance.now() - completionAt;
      completionItems = countItems(completion);
      const hoverAt = performance.now();
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: file.hover });
      hoverMs = performance.now() - hoverAt;
      hoverChars = hoverLength(hover);
    }
    const peakRssMb = client.peakRssMb();
    return {
      server: spec.name,
      documents: file.documents,
      startMs,
      firstDiagnosticsMs,
      editDiagnosticsMs,
      completionMs,
      hoverMs,
      startCpuMs,
      firstDiagnosticsCpuMs,
      editDiagnosticsCpuMs,
      peakRssMb,
      diagnosticsCount: first.publication.count,
      errorCount: first.publication.errors,
      errorLines: first.publication.errorLines,
      editDiagnosticsCount: edit.publication.count,
      completionItems,
      hoverChars,
      skippedPublications: first.skipped.length + edit.skipped.length,
    };
  } finally {
    await client.stop();
  }
}
