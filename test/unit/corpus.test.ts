import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DEFAULT_SETTINGS, KubesmithSettings } from '../../protocol/settings';
import { analyze, describe as describeDiagnostic, repoRoot, sharedData } from '../helpers';

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? manifests(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  }).sort();
}

const VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

/** The settings a user starts with: every rule of the default profile on. */
const DEFAULTS: Partial<KubesmithSettings> = { profile: DEFAULT_SETTINGS.profile, rules: {} };

/** Valid manifests written by others: not one error on any of them, for any supported version. */
describe('regression corpus', () => {
  it('reports no error on the 99 public example manifests, for every Kubernetes version, with the default settings', function () {
    const files = manifests(sharedData('examples', this));
    assert.equal(files.length, 99);
    const errors: string[] = [];
    for (const version of VERSIONS) {
      for (const path of files) {
        const result = analyze(readFileSync(path, 'utf8'), { ...DEFAULTS, kubernetesVersion: version }, URI.file(path).toString());
        for (const diagnostic of result.diagnostics) {
          if (diagnostic.severity === DiagnosticSeverity.Error) errors.push(`${version} ${path}: ${describeDiagnostic(diagnostic)}`);
        }
      }
    }
    assert.deepEqual(errors, []);
  });

  it('reports no error on the good examples of this repository, with the default settings', () => {
    const files = manifests(join(repoRoot, 'examples', 'good'));
    assert.ok(files.length >= 5);
    for (const path of files) {
      const result = analyze(readFileSync(path, 'utf8'), DEFAULTS, URI.file(path).toString());
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map(describeDiagnostic), [], path);
    }
  });
});
