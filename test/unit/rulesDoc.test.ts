import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesDoc, renderWorkspaceDoc } from '../../scripts/generate-rules-doc';
import { RULES } from '../../server/src/core/rules/registry';
import { WORKSPACE_CHECKS } from '../../server/src/core/workspace/checks';
import { repoRoot } from '../helpers';

describe('rules metadata and docs', () => {
  it('docs/rules.md is generated from the current rule metadata (run npm run docs:rules)', () => {
    assert.equal(readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8'), renderRulesDoc());
  });

  it('docs/workspace.md documents the checks between resources from their metadata (run npm run docs:rules)', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'workspace.md'), 'utf8');
    assert.equal(doc, renderWorkspaceDoc(doc));
  });

  it('every check between resources has complete metadata, an id no rule has, and fixable ones a fix title', () => {
    const ruleIds = new Set(RULES.map((rule) => rule.meta.id));
    for (const { meta, fix, fixTitle } of WORKSPACE_CHECKS) {
      assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, meta.id);
      assert.ok(!ruleIds.has(meta.id), `${meta.id} is also a rule id`);
      for (const field of ['title', 'rationale', 'howToFix'] as const) assert.ok(meta[field].trim().length > 10, `${meta.id}.${field}`);
      assert.ok(!fix || fixTitle, `${meta.id} has a fix but no fixTitle`);
    }
  });

  it('every rule has complete metadata, and fixable rules have a fix title', () => {
    for (const { meta, fix, fixTitle } of RULES) {
      assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, meta.id);
      for (const field of ['title', 'rationale', 'howToFix'] as const) assert.ok(meta[field].trim().length > 10, `${meta.id}.${field}`);
      assert.ok(!fix || fixTitle, `${meta.id} has a fix but no fixTitle`);
      assert.ok(!meta.harden || fix, `${meta.id} is a harden rule without a fix`);
    }
  });
});
