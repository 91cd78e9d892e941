import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { getCompletions } from '../../server/src/core/authoring/completion';
import { getHover } from '../../server/src/core/authoring/hover';
import { getDocumentSymbols, getFoldingRanges } from '../../server/src/core/authoring/symbols';
import { KubesmithService } from '../../server/src/core/service';
import { assertNoInternalError, newService, settings } from '../helpers';
import { applyChange, changeArbitrary, fileArbitrary } from '../property/arbitraries';
import { assertRangesInLines, checkCodeActions, checkHarden, checkedAnalysis, lineLengths } from '../property/checks';
import { fuzzParameters, reportStats, statsFor } from '../property/fuzz';
import { checkingEditorTrees } from '../property/treeCheck';

/**
 * Property-based tests of the core (fast-check): generated and mutated manifests through the whole
 * pipeline, the incremental path against a fresh analysis, and every quick fix, fix-all and Harden
 * Manifest. The seed is printed; `npm run fuzz` runs many more cases (docs/reliability.md).
 */
describe('properties of the core (fast-check)', function () {
  this.timeout(600_000);
  const service = newService();
  const uri = 'file:///workspace/fuzz.yaml';
  const allRules = settings({ profile: 'all' });

  after(() => reportStats(['analysis', 'authoring', 'incremental', 'fixes', 'harden']));

  it('any file: no exception, no internal error, every range inside its line, work linear in its size', () => {
    const stats = statsFor('analysis');
    fc.assert(fc.property(fileArbitrary(), ({ text }) => {
      const started = performance.now();
      checkedAnalysis(service, uri, text, allRules);
      stats.record(`${text.length} characters`, text.length, performance.now() - started, text);
      service.release(uri);
    }), fuzzParameters(2000));
  });

  it('completion, hover, outline and folding anywhere in any file never fail', () => {
    const stats = statsFor('authoring');
    fc.assert(fc.property(fileArbitrary(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), ({ text }, lineAt, characterAt) => {
      const started = performance.now();
      const lengths = lineLengths(text);
      const line = Math.floor(lineAt * (lengths.length - 1));
      const position = { line, character: Math.floor(characterAt * lengths[line]) };
      getCompletions(service, uri, text, allRules, position, []);
      getHover(service, uri, text, allRules, position);
      getDocumentSymbols(service, uri, text, allRules);
      getFoldingRanges(service, uri, text, allRules);
      stats.record(`${text.length} characters`, text.length, performance.now() - started, { text, position });
      service.release(uri);
    }), fuzzParameters(400));
  });

  it('after random edits (splitting and joining documents), the incremental path gives what a fresh analysis gives', () => {
    const stats = statsFor('incremental');
    const fresh = new KubesmithService(service.store, { cacheSize: 0, parsedCacheSize: 0 });
    let n = 0;
    fc.assert(fc.property(fileArbitrary(2), fc.array(changeArbitrary, { minLength: 1, maxLength: 12 }), ({ text }, changes) => {
      const started = performance.now();
      const file = `file:///workspace/edited-${n++}.yaml`;
      let current = text;
      service.analyze(file, current, allRules);
      for (const change of changes) {
        current = applyChange(current, change).text;
        assertNoInternalError(service.analyze(file, current, allRules));
      }
      const incremental = service.analyze(file, current, allRules);
      const expected = fresh.analyze(file, current, allRules);
      assert.deepEqual(incremental.diagnostics, expected.diagnostics);
      assertRangesInLines(current, incremental.diagnostics);
      stats.record(`${changes.length} edits`, current.length, performance.now() - started, { text, changes });
      service.release(file);
    }), fuzzParameters(300));
  });

  // (In both, each change the document editor makes is checked too: its tree, updated in place,
  // must be the tree of its new text: test/property/treeCheck.ts.)
  it('every quick fix, suppression and fix-all keeps comments, other documents, YAML and JSON, and removes its finding', () => {
    const stats = statsFor('fixes');
    fc.assert(fc.property(fileArbitrary(1), ({ text }) => {
      const started = performance.now();
      checkingEditorTrees(() => checkCodeActions(service, uri, text, allRules));
      stats.record(`${text.length} characters`, text.length, performance.now() - started, text);
      service.release(uri);
    }), fuzzParameters(150));
  });

  it('Harden Manifest keeps comments, other documents, YAML and JSON, and a second run changes nothing', () => {
    const stats = statsFor('harden');
    fc.assert(fc.property(fileArbitrary(1), ({ text }) => {
      const started = performance.now();
      checkingEditorTrees(() => checkHarden(service, uri, text, allRules));
      stats.record(`${text.length} characters`, text.length, performance.now() - started, text);
      service.release(uri);
    }), fuzzParameters(150));
  });
});
