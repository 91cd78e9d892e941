/**
 * What the CEL step costs (not a test): a file of ~200 Istio and Gateway API resources, built from
 * test/fixtures/cel/valid (names varied, every 25th VirtualService with a timeout that breaks its
 * rule), checked the way analysis.ts checks each resource, with the schema step and the CEL step
 * timed apart. In one fresh process: loading the CEL engine, the first pass (which compiles each
 * kind's rules) and warm passes.
 *
 *   npx tsx bench/cel.ts [--resources 200] [--passes 5] [--out file.yaml]
 *
 * Times are CPU time of this process (user + system), steadier than wall time on a shared machine.
 * The first pass also pays tsx's compilation of the engine's sources; `--out` writes the file, to
 * time the production CLI on it (`node dist/cli.js lint file.yaml`) against a build without CEL.
 *
 * Numbers: docs/validation.md ("Cost").
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Node } from 'yaml';
import { SchemaStore } from '../server/src/core/schema/store';
import { splitApiVersion } from '../server/src/core/schema/types';
import { validateResource } from '../server/src/core/validation/schemaValidator';
import { celEngine, newCelBudget, validateCelRules } from '../server/src/core/validation/cel';
import { parseChunk, splitDocuments } from '../server/src/core/yaml/documents';
import { FileBundleReader, findSchemasDirectory } from '../server/src/node/bundleReader';

const root = join(__dirname, '..');
const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

/** Milliseconds of CPU this process has used. */
function cpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function buildFile(count: number): string {
  const dir = join(root, 'test', 'fixtures', 'cel', 'valid');
  const templates = readdirSync(dir).sort().flatMap((name) => readFileSync(join(dir, name), 'utf8').split(/^---$/m))
    .map((text) => text.replace(/^#.*\n/gm, '').trim())
    .filter((text) => /(networking\.istio\.io|security\.istio\.io|telemetry\.istio\.io|gateway\.networking\.k8s\.io)/.test(text));
  const documents: string[] = [];
  for (let i = 0; documents.length < count; i++) {
    let text = templates[i % templates.length].replace(/^( {2}name: )(\S+)/m, `$1$2-${i}`);
    if (text.includes('kind: VirtualService') && i % 25 === 0) text = text.replace('timeout: 10s', 'timeout: 10 seconds');
    documents.push(text);
  }
  return `${documents.join('\n---\n')}\n`;
}

function main(): void {
  const count = option('resources', 200);
  const passes = option('passes', 5);
  const text = buildFile(count);
  const out = process.argv.indexOf('--out');
  if (out >= 0) writeFileSync(process.argv[out + 1], text);
  const store = new SchemaStore(new FileBundleReader(findSchemasDirectory(root)));
  const minor = store.index.defaultKubernetesVersion;
  const resolve = store.version(minor).resolve;

  let start = cpu();
  celEngine();
  const engineLoad = cpu() - start;

  const chunks = splitDocuments(text).flatMap((chunk) => parseChunk(chunk));
  const kinds = new Map<string, number>();
  const rows: { schema: number; cel: number; errors: number }[] = [];
  for (let pass = 0; pass < passes; pass++) {
    let schemaTime = 0;
    let celTime = 0;
    let celErrors = 0;
    for (const { doc } of chunks) {
      const node = doc.contents as Node;
      const json = doc.toJS() as { apiVersion: string; kind: string };
      const kindSchema = store.lookup(minor, json.apiVersion, json.kind);
      if (!kindSchema) throw new Error(`no schema for ${json.apiVersion} ${json.kind}`);
      if (pass === 0) kinds.set(`${splitApiVersion(json.apiVersion).group} ${json.kind}`, (kinds.get(`${splitApiVersion(json.apiVersion).group} ${json.kind}`) ?? 0) + 1);
      start = cpu();
      const schemaProblems = validateResource(node, kindSchema.schema, doc, { resolve, origin: kindSchema.origin, kindName: json.kind });
      schemaTime += cpu() - start;
      start = cpu();
      const resource = { apiVersion: json.apiVersion, kind: json.kind, root: node, path: [], resolution: { status: 'schema' as const, kindSchema } };
      celErrors += validateCelRules(resource, doc, schemaProblems, newCelBudget()).length;
      celTime += cpu() - start;
    }
    rows.push({ schema: schemaTime, cel: celTime, errors: celErrors });
  }
  console.log(`${chunks.length} resources (${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ')}), ${text.split('\n').length} lines.`);
  console.log(`Loading the CEL engine (@bufbuild/cel, the Kubernetes libraries): ${engineLoad.toFixed(1)} ms CPU.`);
  rows.forEach((row, i) => console.log(`pass ${i + 1}${i === 0 ? ' (compiles each kind\'s rules)' : ''}: schema step ${row.schema.toFixed(1)} ms, CEL step ${row.cel.toFixed(1)} ms CPU, ${row.errors} CEL errors`));
  const warm = rows.slice(1).map((row) => row.cel).sort((a, b) => a - b);
  if (warm.length) console.log(`warm CEL step: median ${warm[Math.floor(warm.length / 2)].toFixed(1)} ms, ${(warm[Math.floor(warm.length / 2)] / chunks.length * 1000).toFixed(0)} µs per resource.`);
}

main();
