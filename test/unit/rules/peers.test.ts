import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEER_TOOLS, rulesFor, workspaceChecksFor } from '../../../scripts/generate-rules-doc';
import { Codes } from '../../../server/src/core/diagnostics';
import { RULES } from '../../../server/src/core/rules/registry';
import { RuleMeta } from '../../../server/src/core/rules/types';
import { lint, repoRoot, webDeployment } from '../../helpers';

/**
 * kube-linter, Polaris and kube-score: every check Kubesmith's rules name is a real check of that
 * tool (scripts/data/peer-checks.json lists them all, from each tool's current release).
 */

interface PeerCheck { id: string; enabledByDefault: boolean; coveredBy?: string; codes?: string[]; note?: string }
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

  it('covers every check: by a rule, by another Kubesmith check, or says why nothing does, fewer than ten times', () => {
    const uncovered: string[] = [];
    const none: string[] = [];
    for (const tool of PEER_TOOLS) {
      assert.equal(tool, PEERS.find((peer) => peer.id === tool.id) && tool);
      for (const check of tool.checks) {
        const rules = rulesFor(tool, check.id);
        if (rules.length === 0 && !check.coveredBy) uncovered.push(`${tool.id} ${check.id}`);
        if (rules.length === 0 && check.coveredBy === 'none') none.push(`${tool.id} ${check.id}`);
        if (check.coveredBy) assert.ok((check.note ?? '').length > 20, `${tool.id} ${check.id} needs a note`);
        assert.ok(!check.coveredBy || ['schema', 'server', 'workspace', 'none'].includes(check.coveredBy), check.id);
        // "Covered" names what covers it: a check between resources that names the peer check, or the server checks' codes.
        if (check.coveredBy === 'workspace' && rules.length === 0) assert.ok(workspaceChecksFor(tool, check.id).length > 0, `no workspace check names ${tool.id} ${check.id}`);
        if (check.coveredBy === 'server') {
          assert.ok((check.codes ?? []).length > 0, `${tool.id} ${check.id} names no server check`);
          for (const code of check.codes ?? []) assert.ok((Object.values(Codes) as string[]).includes(code) && code.startsWith('server-'), `${tool.id} ${check.id}: ${code}`);
        }
      }
    }
    assert.deepEqual(uncovered, []);
    assert.deepEqual(none, [
      'kube-linter dnsconfig-options', 'kube-linter no-node-affinity', 'kube-linter required-annotation-email', 'kube-linter required-label-owner',
      'kube-linter scc-deny-privileged-container', 'kube-linter sorted-keys', 'polaris metadataAndInstanceMismatched',
      'polaris pdbMinAvailableGreaterThanHPAMinReplicas',
    ]);
    assert.ok(none.length < 10);
  });

  it('docs/rules.md lists every check of the three tools in its migration table', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'rules.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Migrating from kube-linter, Polaris and kube-score'));
    for (const tool of PEERS) {
      assert.ok(table.includes(`### ${tool.name} ${tool.version}`), tool.id);
      for (const check of tool.checks) assert.match(table, new RegExp(`^\\| \`${check.id}\` \\|`, 'm'), `${tool.id} ${check.id}`);
    }
  });
});

/** A Deployment with findings of several rules, for the exemption annotations of each tool. */
const workload = webDeployment('        image: nginx:latest\n        ports:\n        - containerPort: 8080\n');

/** The rule ids reported on a text, with the `all` profile. */
function reported(text: string): string[] {
  return [...new Set(lint(text, { profile: 'all' }).map((line) => line.split(' ')[1]))].sort();
}

/** The workload with annotations on the Deployment (`at: 'resource'`) or on its pod template. */
function annotated(annotations: Record<string, string>, where: 'resource' | 'template' = 'resource'): string {
  const lines = Object.entries(annotations).map(([key, value]) => `${where === 'resource' ? '    ' : '        '}${key}: ${JSON.stringify(value)}\n`).join('');
  return where === 'resource'
    ? workload.replace('  name: web\n', `  name: web\n  annotations:\n${lines}`)
    : workload.replace('    metadata:\n      labels:\n', `    metadata:\n      annotations:\n${lines}      labels:\n`);
}

describe('peer exemption annotations', () => {
  const before = reported(workload);
  const gone = (text: string) => before.filter((id) => !reported(text).includes(id));

  it('the workload has findings of rules mapped to each tool (the premise of the tests below)', () => {
    for (const id of ['no-latest-tag', 'run-as-non-root', 'read-only-root-filesystem', 'missing-seccomp-profile', 'ephemeral-storage-resources', 'missing-memory-limit', 'recommended-labels']) {
      assert.ok(before.includes(id), id);
    }
  });

  it('ignore-check.kube-linter.io/<check> switches off the rules that name the check, only those', () => {
    assert.deepEqual(gone(annotated({ 'ignore-check.kube-linter.io/latest-tag': 'pinned by CD' })), ['no-latest-tag']);
    assert.deepEqual(gone(annotated({ 'ignore-check.kube-linter.io/run-as-non-root': 'legacy image' })), ['run-as-non-root']);
    assert.deepEqual(gone(annotated({ 'ignore-check.kube-linter.io/no-read-only-root-fs': '' })), ['read-only-root-filesystem']);
    // The names kube-linter does not have are not honoured; its real ones are.
    const probe = webDeployment('        image: nginx:1.27.3\n        ports:\n        - containerPort: 8080\n        readinessProbe:\n          tcpSocket:\n            port: 9090\n');
    assert.ok(reported(probe).includes('probe-port-not-exposed'));
    assert.ok(reported(probe.replace('  name: web\n', '  name: web\n  annotations:\n    ignore-check.kube-linter.io/probe-port: "x"\n')).includes('probe-port-not-exposed'));
    assert.ok(!reported(probe.replace('  name: web\n', '  name: web\n  annotations:\n    ignore-check.kube-linter.io/readiness-port: "x"\n')).includes('probe-port-not-exposed'));
  });

  it('kube-linter.io/ignore-all switches off every rule with a kube-linter counterpart, and nothing else', () => {
    const off = gone(annotated({ 'kube-linter.io/ignore-all': 'vendored' }));
    const kubeLinterRules = RULES.filter(({ meta }) => meta.kubeLinter?.length).map(({ meta }) => meta.id);
    assert.deepEqual(off, before.filter((id) => kubeLinterRules.includes(id)));
    assert.ok(off.includes('no-latest-tag') && !off.includes('missing-seccomp-profile') && !off.includes('recommended-labels'));
  });

  it('polaris.fairwinds.com/<check>-exempt: "true" switches off the rules that name the check', () => {
    assert.deepEqual(gone(annotated({ 'polaris.fairwinds.com/tagNotSpecified-exempt': 'true' })), ['no-latest-tag']);
    assert.deepEqual(gone(annotated({ 'polaris.fairwinds.com/linuxHardening-exempt': 'TRUE' })), ['drop-all-capabilities', 'missing-seccomp-profile']);
    assert.deepEqual(gone(annotated({ 'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true' })), ['read-only-root-filesystem']);
    // Polaris exempts only on "true".
    assert.deepEqual(gone(annotated({ 'polaris.fairwinds.com/tagNotSpecified-exempt': 'false' })), []);
    assert.deepEqual(gone(annotated({ 'polaris.fairwinds.com/noSuchCheck-exempt': 'true' })), []);
  });

  it('polaris.fairwinds.com/exempt: "true" switches off every rule with a Polaris counterpart', () => {
    const off = gone(annotated({ 'polaris.fairwinds.com/exempt': 'true' }));
    const polarisRules = RULES.filter(({ meta }) => meta.polaris?.length).map(({ meta }) => meta.id);
    assert.deepEqual(off, before.filter((id) => polarisRules.includes(id)));
    assert.ok(off.includes('missing-seccomp-profile') && !off.includes('ephemeral-storage-resources'));
    assert.deepEqual(gone(annotated({ 'polaris.fairwinds.com/exempt': 'no' })), []);
  });

  it('kube-score/ignore takes a comma-separated list, on the resource or on its pod template', () => {
    const tests = 'container-image-tag, container-security-context-readonlyrootfilesystem';
    const onTemplate = annotated({ 'kube-score/ignore': tests }, 'template');
    assert.ok(onTemplate.includes('    metadata:\n      annotations:\n        kube-score/ignore: '), onTemplate);
    assert.deepEqual(lint(onTemplate, { profile: 'all' }).filter((line) => !RULES.some(({ meta }) => line.split(' ')[1] === meta.id)), []);
    assert.deepEqual(gone(annotated({ 'kube-score/ignore': tests })), ['no-latest-tag', 'read-only-root-filesystem']);
    assert.deepEqual(gone(annotated({ 'kube-score/ignore': tests }, 'template')), ['no-latest-tag', 'read-only-root-filesystem']);
    // kube-score's own implication: ignoring container-resources ignores the ephemeral-storage test too.
    assert.deepEqual(gone(annotated({ 'kube-score/ignore': 'container-resources' })), ['ephemeral-storage-resources', 'missing-cpu-limit', 'missing-memory-limit', 'missing-resource-requests']);
  });

  it('never switches off the schema checks', () => {
    const broken = annotated({ 'kube-linter.io/ignore-all': 'x', 'polaris.fairwinds.com/exempt': 'true', 'kube-score/ignore': 'container-image-tag' }).replace('image: nginx:latest', 'image: nginx:latest\n        imagePullPolcy: Always');
    assert.ok(lint(broken, { profile: 'all' }).some((line) => line.includes(' unknown-field ')));
  });
});
