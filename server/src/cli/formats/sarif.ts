import { pathToFileURL } from 'node:url';
import { CheckDoc, SCHEMA_CHECK_IDS, ruleDocs, schemaCheckDoc, workspaceCheckDocs } from '../checks';
import { CLI_DOC, HOMEPAGE, RULES_DOC, VERSION, WORKSPACE_DOC } from '../version';
import { FileResult } from './model';
import { Severity } from '../analyze';
import type { Severity as RuleSeverity } from '../../core/rules/types';
import * as l10n from '@vscode/l10n';

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif) and
 * other SARIF viewers. The driver lists every rule, every check between resources, and every schema check that produced a result;
 * each result points at its descriptor with `ruleIndex`, and at its file relative to %SRCROOT%
 * (the current directory).
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

const LEVEL_OF_SEVERITY: Record<Severity, Level> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };
const LEVEL_OF_RULE_SEVERITY: Record<RuleSeverity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function pascalCase(id: string): string {
  return id.split(/[-_]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function descriptor(doc: CheckDoc): Record<string, unknown> {
  const anchor = doc.kind === 'rule' ? `${RULES_DOC}#${doc.id}` : doc.kind === 'workspace' ? `${WORKSPACE_DOC}#${doc.id}` : `${CLI_DOC}#schema-checks`;
  return {
    id: doc.id,
    name: pascalCase(doc.id),
    shortDescription: { text: doc.title },
    fullDescription: { text: doc.description },
    help: {
      text: l10n.t('{0}\n\nHow to fix: {1}', doc.description, doc.howToFix),
      markdown: l10n.t('**{0}**\n\n{1}\n\n*How to fix:* {2}\n\n[Documentation]({3})', doc.title, doc.description, doc.howToFix, anchor),
    },
    helpUri: anchor,
    defaultConfiguration: { level: LEVEL_OF_RULE_SEVERITY[doc.defaultSeverity], ...(doc.enabledByDefault === false ? { enabled: false } : {}) },
    properties: { tags: ['kubernetes', doc.category], category: doc.category },
  };
}

/** `examples/bad/x.yaml` → a relative URI reference (segments percent-encoded). */
function relativeUri(display: string): string {
  return display.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

export function buildSarif(files: readonly FileResult[], cwd: string): Record<string, unknown> {
  const docs = [...ruleDocs(), ...workspaceCheckDocs()];
  const known = new Set(docs.map((doc) => doc.id));
  const used = new Set<string>();
  for (const file of files) for (const finding of file.findings) if (!known.has(finding.code)) used.add(finding.code);
  const schemaIds = [...SCHEMA_CHECK_IDS.filter((id) => used.has(id)), ...[...used].filter((id) => !SCHEMA_CHECK_IDS.includes(id)).sort()];
  const allDocs = [...docs, ...schemaIds.map(schemaCheckDoc)];
  const indexOf = new Map(allDocs.map((doc, index) => [doc.id, index]));

  const results: Record<string, unknown>[] = [];
  for (const file of files) {
    const outside = file.path !== undefined && file.display.startsWith('../');
    const artifactLocation = outside
      ? { uri: pathToFileURL(file.path!).href }
      : { uri: relativeUri(file.display), uriBaseId: '%SRCROOT%' };
    for (const finding of file.findings) {
      results.push({
        ruleId: finding.code,
        ruleIndex: indexOf.get(finding.code),
        level: LEVEL_OF_SEVERITY[finding.severity],
        message: { text: finding.message },
        locations: [{
          physicalLocation: {
            artifactLocation,
            region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
          },
        }],
      });
    }
  }

  const root = pathToFileURL(cwd).href;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'kubesmith',
          version: VERSION,
          semanticVersion: /^\d+\.\d+\.\d+/.test(VERSION) ? VERSION : undefined,
          informationUri: HOMEPAGE,
          rules: allDocs.map(descriptor),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: root.endsWith('/') ? root : `${root}/` } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function formatSarif(files: readonly FileResult[], cwd: string): string {
  return `${JSON.stringify(buildSarif(files, cwd), null, 2)}\n`;
}
