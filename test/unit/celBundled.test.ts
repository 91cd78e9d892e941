import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { Node } from 'yaml';
import { bundledRuleReports } from '../../server/src/cli/celReport';
import { Codes } from '../../server/src/core/diagnostics';
import { compileRule, formatConverters, runRule } from '../../server/src/core/validation/cel/engine';
import { collectRuleSites } from '../../server/src/core/validation/cel/values';
import { describe as describeDiagnostic, repoRoot, service, settings } from '../helpers';
import { expandSnippet } from './snippets.test';

/**
 * The CEL rules of the bundled CRDs: how many compile, and that none of them turns a valid
 * manifest into an error. Valid manifests: the public examples (../shared/data/examples),
 * examples/good, every snippet, and test/fixtures/cel/valid, written to exercise as many bundled
 * rules as possible (Gateway API, Istio, External Secrets, Prometheus Operator, Flagger).
 */

function manifests(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? manifests(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  }).sort();
}

function validManifests(): { name: string; uri: string; text: string }[] {
  const files = [
    ...manifests(join(repoRoot, '..', 'shared', 'data', 'examples')),
    ...manifests(join(repoRoot, 'examples', 'good')),
    ...manifests(join(repoRoot, 'test', 'fixtures', 'cel', 'valid')),
  ].map((path) => ({ name: relative(repoRoot, path), uri: URI.file(path).toString(), text: readFileSync(path, 'utf8') }));
  const snippets = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'kubernetes.code-snippets'), 'utf8')) as Record<string, { body: string | string[] }>;
  for (const [name, snippet] of Object.entries(snippets)) {
    files.push({ name: `snippet ${name}`, uri: `file:///workspace/${name.replace(/\W+/g, '-')}.yaml`, text: expandSnippet(snippet.body).text });
  }
  return files;
}

describe('CEL rules of the bundled CRDs', () => {
  it('compile: all but the transition rules (prints the count)', () => {
    const rules = bundledRuleReports(service().store).flatMap((report) => report.rules);
    const compiled = rules.filter((rule) => !rule.skipped);
    console.log(`      ${compiled.length} of ${rules.length} bundled CEL rules compile; skipped: ${rules.length - compiled.length} (${[...new Set(rules.filter((rule) => rule.skipped).map((rule) => rule.skipped!.reason))].join(', ')})`);
    assert.equal(rules.length, 720);
    assert.ok(compiled.length >= 717, `${compiled.length} compile`);
    assert.deepEqual(rules.filter((rule) => rule.skipped && rule.skipped.reason !== 'transition'), []);
  });

  it('give no error on valid manifests, and every rule evaluated on them holds', function () {
    this.timeout(60_000);
    const svc = service();
    const errors: string[] = [];
    const notPassing: string[] = [];
    const evaluated = new Set<string>();
    let evaluations = 0;
    for (const file of validManifests()) {
      const result = svc.analyze(file.uri, file.text, settings());
      for (const diagnostic of result.diagnostics) {
        if (diagnostic.severity === DiagnosticSeverity.Error || diagnostic.code === Codes.celRule) errors.push(`${file.name}: ${describeDiagnostic(diagnostic)}`);
      }
      // Beyond "no diagnostic": each rule, run on its own, gives true (not an error Kubesmith hides).
      for (const document of result.documents) {
        for (const resource of document.analysis.resources) {
          if (resource.resolution.status !== 'schema' || resource.resolution.kindSchema.origin === 'kubernetes') continue;
          const doc = document.yaml.doc;
          const root = (resource.path.length ? doc.getIn(resource.path, true) : doc.contents) as Node;
          const { sites } = collectRuleSites(root, resource.resolution.kindSchema.schema, doc, resource.path, formatConverters);
          for (const site of sites) {
            for (const rule of site.rules) {
              const compiled = compileRule(rule.rule);
              if (!compiled.ok) continue;
              const outcome = runRule(compiled, site.value, { left: 10_000_000, exceeded: false });
              evaluations++;
              evaluated.add(rule.rule);
              if (outcome.kind !== 'pass') notPassing.push(`${file.name} ${resource.kind} ${site.path.join('.')}: ${JSON.stringify(outcome)} for ${rule.rule}`);
            }
          }
        }
      }
    }
    console.log(`      ${evaluations} evaluations of ${evaluated.size} distinct bundled rules on valid manifests, all true`);
    assert.deepEqual(errors, []);
    assert.deepEqual(notPassing, []);
    assert.ok(evaluated.size >= 100, `${evaluated.size} distinct rules evaluated`);
  });

  it('give no CEL error on any test fixture (valid or broken on purpose in other ways)', () => {
    const svc = service();
    const cel: string[] = [];
    for (const path of manifests(join(repoRoot, 'test', 'fixtures'))) {
      if (path.includes(join('fixtures', 'cel', 'invalid')) || path.endsWith('virtualservice-timeout.yaml')) continue;
      const result = svc.analyze(URI.file(path).toString(), readFileSync(path, 'utf8'), settings());
      for (const diagnostic of result.diagnostics) if (diagnostic.code === Codes.celRule) cel.push(`${relative(repoRoot, path)}: ${describeDiagnostic(diagnostic)}`);
    }
    assert.deepEqual(cel, []);
  });
});
