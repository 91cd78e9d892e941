/** Opening a broken manifest shows exactly the problems a person would fix, on the right lines. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Codes } from '../../../server/src/core/diagnostics';
import { codeOf, expectErrors, kubesmithApi, kubesmithDiagnostics, openFixture, summarize } from './helpers';

const SCHEMA_CODES = new Set<string>(Object.values(Codes));

describe('Diagnostics', () => {
  before(async () => {
    await kubesmithApi();
  });

  it('reports the problems of a broken Deployment and Service, on their lines', async () => {
    const { document } = await openFixture('manifests/broken-deployment.yaml');
    const diagnostics = await expectErrors(document.uri, [
      '5 missing-required', // spec: no selector
      '6 wrong-type', // replicas: "three"
      '11 missing-required', // template.spec: no containers
      '12 unknown-field', // contianers
      '26 unknown-field', // protocl
    ]);
    // No other schema problem either, at any severity (best-practice rules may add warnings).
    const schemaProblems = kubesmithDiagnostics(document.uri).filter((diagnostic) => SCHEMA_CODES.has(codeOf(diagnostic)));
    assert.deepEqual(summarize(schemaProblems), summarize(diagnostics));
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, 'kubesmith');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, `${codeOf(diagnostic)} on line ${diagnostic.range.start.line + 1}`);
    }
    const typo = diagnostics.find((diagnostic) => diagnostic.range.start.line === 11)!;
    assert.match(typo.message, /did you mean `containers`/);
    assert.equal(document.getText(typo.range), 'contianers', 'the squiggle is on the misspelled key');
    const protocol = diagnostics.find((diagnostic) => diagnostic.range.start.line === 25)!;
    assert.equal(document.getText(protocol.range), 'protocl');
    const replicas = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'wrong-type')!;
    assert.equal(document.getText(replicas.range), '"three"');
  });
});
