import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../server/src/core/rules/registry';
import { RuleMeta } from '../../../server/src/core/rules/types';
import { repoRoot } from '../../helpers';

/**
 * kube-linter, Polaris and kube-score: every check Kubesmith's rules name is a real check of that
 * tool (scripts/data/peer-checks.json lists them all, from each tool's current release).
 */

interface PeerCheck { id: string; enabledByDefault: boolean; coveredBy?: string; note?: string }
interface PeerTool { id: 'kube-linter' | 'polaris' | 'kube-score'; name: string; version: string; checks: PeerCheck[] }

const PEERS: PeerTool[] = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'data', 'peer-checks.json'), 'utf8')).tools;
const FIELD: Record<PeerTool['id'], keyof Pick<RuleMeta, 'kubeLinter' | 'polaris' | 'kubeScore'>> = {
  'kube-linter': 'kubeLinter', polaris: 'polaris', 'kube-score': 'kubeScore',
};

describe('peer tools: kube-linter, Polaris, kube-score', () => {
  it('lists every built-in check of each tool, once', () => {
    assert.deepEqual(PEERS.map((tool) => `${tool.id} ${tool.version} ${tool.checks.length}`), ['kube-linter v0.8.3 63', 'polaris v10.2.2 44', 'kube-score v1.20.0 39']);
    for (const tool of PEERS) assert.equal(new Set(tool.checks.map((check) => check.id)).size, tool.checks.length, tool.id);
  });

  it('rules name only checks that exist in those tools', () => {
    const unknown: string[] = [];
    for (const tool of PEERS) {
      const known = new Set(tool.checks.map((check) => check.id));
      for (const { meta } of RULES) {
        for (const check of meta[FIELD[tool.id]] ?? []) if (!known.has(check)) unknown.push(`${meta.id} names ${tool.name} check ${check}`);
      }
    }
    assert.deepEqual(unknown, []);
  });
});
