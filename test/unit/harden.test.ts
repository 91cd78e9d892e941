import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_SETTINGS, KubesmithSettings } from '../../protocol/settings';
import { hardenApplies, hardenFile, summarizeHarden } from '../../server/src/core/harden';
import { NO_RULES, fixture, lint, newService, repoRoot, service } from '../helpers';

/** Harden Manifest on a realistic multi-document file with comments. */
describe('Harden Manifest', () => {
  const text = fixture('harden/shop.yaml');
  const uri = 'file:///w/shop.yaml';
  const result = hardenFile(service(), uri, text, DEFAULT_SETTINGS);
  const docs = (source: string) => source.split(/^---\n/m);

  it('hardens every workload and says what it changed', () => {
    assert.deepEqual(summarizeHarden(result), [
      'Deployment storefront: run-as-non-root, allow-privilege-escalation (2), drop-all-capabilities (2), missing-seccomp-profile, read-only-root-filesystem (2), automount-service-account-token, missing-liveness-probe (2), missing-readiness-probe (2), missing-resource-requests (2), missing-memory-limit (2)',
      'CronJob cleanup: run-as-non-root, allow-privilege-escalation, drop-all-capabilities, missing-seccomp-profile, read-only-root-filesystem, automount-service-account-token, missing-resource-requests, missing-memory-limit',
    ]);
  });

  it('keeps every comment and the non-workload documents byte for byte', () => {
    for (const line of text.split('\n').filter((l) => l.includes('#'))) {
      assert.ok(result.text.includes(line.slice(line.indexOf('#'))), `comment kept: ${line}`);
    }
    assert.equal(docs(result.text)[0], docs(text)[0], 'ConfigMap unchanged');
    assert.equal(docs(result.text)[2], docs(text)[2], 'Service unchanged');
    assert.ok(result.text.includes('        image: nginx:latest   # TODO: pin\n'));
  });

  it('produces schema-valid YAML that parses to the hardened structure', () => {
    assert.deepEqual(lint(result.text), []);
    const parsed = parseAllDocuments(result.text).map((doc) => doc.toJS());
    const pod = parsed[1].spec.template.spec;
    assert.deepEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    assert.equal(pod.automountServiceAccountToken, false);
    assert.deepEqual(pod.containers[0].securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    assert.deepEqual(pod.containers[0].resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    assert.deepEqual(pod.containers[0].readinessProbe, { tcpSocket: { port: 'http' }, periodSeconds: 10 });
    assert.deepEqual(pod.containers[1].livenessProbe, { tcpSocket: { port: 9102 }, initialDelaySeconds: 15, periodSeconds: 20 });
    assert.deepEqual(pod.volumes, [{ name: 'tmp', emptyDir: {} }]);
    assert.deepEqual(pod.containers[0].volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
    assert.equal(parsed[3].spec.jobTemplate.spec.template.spec.containers[0].livenessProbe, undefined, 'no probes on batch pods');
  });

  it('leaves only the findings no mechanical fix can settle, each saying why', () => {
    assert.deepEqual(result.remaining.map((d) => `${d.range.start.line + 1} ${d.code}`), ['29 no-latest-tag']);
  });

  it('changes nothing the second time', () => {
    const again = hardenFile(service(), uri, result.text, DEFAULT_SETTINGS);
    assert.equal(again.text, result.text);
    assert.deepEqual(again.edits, []);
  });

  it('is one edit per changed document, applied together', () => {
    assert.equal(result.edits.length, 2);
  });

  it('uses the configured resources and can skip the /tmp volume', () => {
    const custom = hardenFile(service(), uri, text, {
      ...DEFAULT_SETTINGS,
      harden: { preview: false, tmpVolume: false, resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
    });
    const pod = parseAllDocuments(custom.text)[1].toJS().spec.template.spec;
    assert.deepEqual(pod.containers[1].resources, { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } });
    assert.equal(pod.volumes, undefined);
    assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
  });

  it('does not apply a fix the author suppressed', () => {
    const suppressed = text.replace('  name: storefront\n  labels:', '  name: storefront\n  annotations:\n    kubesmith.io/ignore: read-only-root-filesystem\n  labels:');
    const out = hardenFile(service(), uri, suppressed, DEFAULT_SETTINGS);
    assert.ok(!/readOnlyRootFilesystem/.test(docs(out.text)[1]));
  });
});

/**
 * Whether the editor offers Harden Manifest is decided from the findings of the analysis, without
 * hardening (#14 item 10): it must say yes exactly where hardening changes the file, whatever the
 * profile and rule settings (Harden applies its rules even where the settings turn them off).
 */
describe('Harden Manifest availability, from the findings', () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
  const texts = [
    ...files(join(repoRoot, 'test', 'fixtures')), ...files(join(repoRoot, 'examples')),
  ].map((path) => ({ name: path.slice(repoRoot.length + 1), text: readFileSync(path, 'utf8') }));
  const shop = fixture('harden/shop.yaml');
  texts.push(
    { name: 'shop, once hardened', text: hardenFile(service(), 'file:///w/shop.yaml', shop, DEFAULT_SETTINGS).text },
    { name: 'shop, only automountServiceAccountToken left', text: hardenFile(service(), 'file:///w/shop.yaml', shop, DEFAULT_SETTINGS).text.replace(/^ *automountServiceAccountToken: false\n/gm, '') },
    { name: 'shop, every finding suppressed', text: shop.replace(/^(\s*)(kind: (Deployment|CronJob))$/gm, '$1$2\n# kubesmith-disable') },
  );
  const variants: [string, Partial<KubesmithSettings>][] = [
    ['default settings', { rules: {} }],
    ['baseline profile', { profile: 'baseline', rules: {} }],
    ['every rule off', { rules: NO_RULES }],
  ];

  for (const [label, overrides] of variants) {
    it(`says yes exactly where hardening changes the file (${label})`, () => {
      const settings = { ...DEFAULT_SETTINGS, ...overrides };
      const wrong: string[] = [];
      let offered = 0;
      for (const { name, text } of texts) {
        const svc = newService();
        const uri = `file:///w/${name.replace(/[^\w.]/g, '_')}`;
        const applies = hardenApplies(svc.analyze(uri, text, settings));
        const before = svc.counters.hardenRuns;
        assert.equal(before, 0, 'deciding hardened something');
        const changes = hardenFile(svc, uri, text, settings).edits.length > 0;
        if (applies !== changes) wrong.push(`${name}: offered ${applies}, changes ${changes}`);
        if (applies) offered++;
      }
      assert.deepEqual(wrong, []);
      assert.ok(offered >= 5, `offered on ${offered} files only`);
    });
  }
});
