import { TextEdit } from 'vscode-languageserver-types';
import type { KubesmithSettings } from '../../../protocol/settings';
import { documentChange, documentEdit } from './codeActions';
import { KubesmithDiagnostic } from './diagnostics';
import { applyRuleFixes } from './fixes';
import { HARDEN_RULE_IDS } from './rules/registry';
import { hasPodSpec } from './rules/workloads';
import { FileAnalysis, KubesmithService } from './service';

/**
 * Harden Manifest: every mechanical hardening fix, on every workload of a file, as one edit.
 *
 * It applies the fixes of the rules marked `harden` (restricted security context, service account
 * token, resources, probes where a TCP probe on a declared port is right), whatever the profile
 * and rule settings say — but not where the author suppressed a rule. Documents that are not
 * workloads, comments, and everything else stay as written. Running it twice changes nothing the
 * second time.
 */

export interface HardenChange {
  /** Index of the YAML document. */
  document: number;
  /** `Deployment web` */
  resource: string;
  rule: string;
  count: number;
}

export interface HardenResult {
  text: string;
  edits: TextEdit[];
  changes: HardenChange[];
  /** What is left after hardening: findings no mechanical fix can settle (image tags, probe paths...). */
  remaining: KubesmithDiagnostic[];
}

export const HARDEN_RULES: readonly string[] = HARDEN_RULE_IDS;

/**
 * Whether Harden Manifest would change a file just analyzed, from its findings: a workload, and a
 * document where a Harden rule has a fixable finding the author has not suppressed (the analysis
 * looks for those even for Harden rules the settings turn off: Harden applies them all). Nothing
 * is hardened to find out.
 */
export function hardenApplies(file: FileAnalysis): boolean {
  return file.documents.some((document) => document.analysis.hardenable === true)
    && file.documents.some((document) => document.analysis.resources.some((resource) => hasPodSpec(resource)));
}

/**
 * Hardens a file. `analyzed` is the service's analysis of this text with these settings (of any
 * scope: its documents and resources are what is read), when the caller has it already.
 *
 * In a batch run (the CLI: nothing kept for later) only what Harden reads is checked: the file's
 * structure before (the CLI asks for it), and the rules' findings after, for what is left to do
 * (no schema or server checks, which Harden leaves alone). In the editor the hardened text gets
 * the whole check, which is kept: applying the edit then costs nothing more.
 */
export function hardenFile(service: KubesmithService, uri: string, text: string, settings: KubesmithSettings, checkpoint?: () => void, analyzed?: FileAnalysis): HardenResult {
  const file = analyzed ?? service.analyze(uri, text, settings);
  service.counters.hardenRuns++;
  const options = service.optionsFor(uri, settings);
  const edits: TextEdit[] = [];
  const changes: HardenChange[] = [];
  const pieces: string[] = [];
  let cursor = 0;
  for (const document of file.documents) {
    const { yaml, analysis } = document;
    const isWorkload = analysis.wellFormed && analysis.resources.some((resource) => resource.resolution.status === 'schema');
    // (A document known to have nothing for Harden is skipped; the CLI does not record it.)
    if (!isWorkload || analysis.hardenable === false) continue;
    checkpoint?.();
    const run = applyRuleFixes(yaml.text, service.store, options, HARDEN_RULES, settings.harden);
    if (run.text === yaml.text) continue;
    const change = documentChange(file, document, run.text);
    if (!change) continue;
    edits.push(documentEdit(file, document, run.text)!);
    // The file's text changed as the edit changes it (its own line ends kept around the change).
    pieces.push(text.slice(cursor, yaml.startOffset + change.start), change.text);
    cursor = yaml.startOffset + change.end;
    const resource = analysis.resources[0];
    for (const [rule, count] of run.applied) {
      changes.push({ document: yaml.index, resource: `${resource.kind} ${resource.name ?? ''}`.trim(), rule, count });
    }
  }
  pieces.push(text.slice(cursor));
  const hardened = pieces.join('');
  const after = hardened === text && (file.scope === undefined || file.scope === 'rules' && service.batch)
    ? file
    : service.analyze(uri, hardened, settings, service.batch ? 'rules' : 'all');
  return {
    text: hardened,
    edits,
    changes,
    remaining: after.diagnostics.filter((diagnostic) => diagnostic.data.rule !== undefined),
  };
}

/** One line per kind of change: "Deployment web: run-as-non-root (1), missing-memory-limit (2)". */
export function summarizeHarden(result: HardenResult): string[] {
  const byResource = new Map<string, string[]>();
  for (const change of result.changes) {
    const key = `${change.document}\u0000${change.resource}`;
    byResource.set(key, [...(byResource.get(key) ?? []), `${change.rule}${change.count > 1 ? ` (${change.count})` : ''}`]);
  }
  return [...byResource].map(([key, rules]) => `${key.split('\u0000')[1]}: ${rules.join(', ')}`);
}
