import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_SETTINGS, KUBERNETES_VERSIONS, SETTINGS, resolveSettings } from '../../protocol/settings';
import { configurationProperties, renderReadme } from '../../scripts/generate-settings';
import { parseConfig } from '../../server/src/core/config';
import { repoRoot, service } from '../helpers';

/** The settings are defined once (protocol/settings.ts); everything else is made from that and checked here. */

describe('settings: one definition', () => {
  it('package.json contributes exactly the defined settings (run npm run settings)', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration.properties, configurationProperties());
  });

  it('the README table lists exactly the defined settings (run npm run settings)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    assert.equal(readme, renderReadme(readme));
    for (const path of Object.keys(SETTINGS)) assert.ok(readme.includes(`| \`kubesmith.${path}\` |`), path);
  });

  it('offers exactly the Kubernetes versions of the schema bundle', () => {
    assert.deepEqual(KUBERNETES_VERSIONS, service().store.index.kubernetesVersions);
  });

  it('defaults come from the definition', () => {
    assert.equal(DEFAULT_SETTINGS.podSecurity.enforce, 'none');
    assert.deepEqual(DEFAULT_SETTINGS.files.include, ['**/*.yaml', '**/*.yml', '**/*.json']);
    assert.deepEqual(resolveSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(resolveSettings({}), DEFAULT_SETTINGS);
  });

  it('.kubesmith.yaml accepts every setting at its default, in the nesting the editor uses', () => {
    const values: Record<string, unknown> = {};
    for (const [path, spec] of Object.entries(SETTINGS)) {
      const parts = path.split('.');
      let at = values;
      for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
      at[parts[parts.length - 1]] = spec.default;
    }
    assert.deepEqual(parseConfig(stringify(values)).problems, []);
    assert.deepEqual(resolveSettings(values), DEFAULT_SETTINGS);
  });

  it('.kubesmith.yaml rejects unknown settings and values outside a setting\'s schema', () => {
    assert.deepEqual(parseConfig('podSecurity:\n  enforce: strict\nfiles:\n  excludes: []\n').problems.map((problem) => problem.message), [
      '`podSecurity.enforce` must be one of: none, baseline, restricted.',
      'Unknown setting `excludes` in `files`; did you mean `exclude`?',
    ]);
  });

  it('takes every valid value and replaces every malformed one by the base value', () => {
    const given = {
      kubernetesVersion: 1.3, profile: 'all', rules: { 'no-latest-tag': 'error', 'bogus-level': 'loud' },
      podSecurity: { enforce: 'restricted' }, files: { include: ['*.yaml'], exclude: 'not a list' },
      harden: { preview: 'yes', tmpVolume: false, resources: { requests: { cpu: '', memory: '1Gi' } } },
    };
    assert.deepEqual(resolveSettings(given), {
      kubernetesVersion: '1.30', profile: 'all', rules: { 'no-latest-tag': 'error' },
      podSecurity: { enforce: 'restricted' }, references: { severity: 'info' }, files: { include: ['*.yaml'], exclude: DEFAULT_SETTINGS.files.exclude },
      harden: { preview: true, tmpVolume: false, resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '256Mi' } } },
      yamlExtension: 'defer',
    });
    assert.equal(resolveSettings({ kubernetesVersion: '1.40' }).kubernetesVersion, '1.40');
    assert.equal(resolveSettings({ kubernetesVersion: 'latest' }).kubernetesVersion, '1.36');
    assert.equal(resolveSettings({ 'podSecurity.enforce': 'baseline' }).podSecurity.enforce, 'baseline');
  });
});
