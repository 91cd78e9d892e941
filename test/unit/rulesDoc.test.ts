import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Node, isMap, parseAllDocuments } from 'yaml';
import { renderRulesDoc, renderWorkspaceDoc } from '../../scripts/generate-rules-doc';
import { findingsOf } from '../../server/src/core/rules/engine';
import { RULES } from '../../server/src/core/rules/registry';
import { ResourceInfo } from '../../server/src/core/resource';
import { WORKSPACE_CHECKS } from '../../server/src/core/workspace/checks';
import { KUBERNETES_YAML_OPTIONS } from '../../server/src/core/yaml/documents';
import { repoRoot } from '../helpers';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

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

  it('a rule that names the kinds it looks at reports nothing on other kinds (the engine skips them)', () => {
    const scoped = RULES.filter((rule) => rule.meta.kinds);
    assert.ok(scoped.length >= 20);
    let checked = 0;
    for (const file of [...yamlFiles(join(repoRoot, 'test', 'fixtures')), ...yamlFiles(join(repoRoot, 'examples'))]) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), KUBERNETES_YAML_OPTIONS) as ReturnType<typeof parseAllDocuments> & unknown[]) {
        const root = doc.contents as Node | null;
        if (!isMap(root) || doc.errors.length > 0) continue;
        const apiVersion = root.get('apiVersion');
        const kind = root.get('kind');
        if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
        const resource = { apiVersion, kind, path: [], root, resolution: { status: 'schema' } } as unknown as ResourceInfo;
        for (const rule of scoped) {
          if (rule.meta.kinds!.includes(kind)) continue;
          checked++;
          assert.deepEqual(findingsOf(rule, doc, resource), [], `${rule.meta.id} on ${kind} in ${file}`);
        }
      }
    }
    assert.ok(checked > 1000, String(checked));
  });
});
