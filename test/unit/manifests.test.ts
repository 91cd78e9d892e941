import { strict as assert } from 'node:assert';
import { URI } from 'vscode-uri';
import { fixture, lint, newService, repoRoot } from '../helpers';

const fileUri = (path: string) => URI.file(`${repoRoot}/test/fixtures/${path}`).toString();

describe('what is a manifest', () => {
  it('leaves YAML that is not Kubernetes alone (compose, CI workflows, Helm values)', () => {
    for (const path of ['non-k8s/docker-compose.yaml', 'non-k8s/.github/workflows/ci.yml', 'non-k8s/values.yaml']) {
      assert.deepEqual(lint(fixture(path), {}, fileUri(path)), [], path);
    }
  });

  it('leaves tool configuration files written in the Kubernetes style alone', () => {
    const kubeconfig = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\ncurrent-context: ""\n';
    const kind = 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes:\n- role: control-plane\n';
    assert.deepEqual(lint(kubeconfig), []);
    assert.deepEqual(lint(kind), []);
    assert.deepEqual(lint(fixture('kustomize/overlays/prod/kustomization.yaml')), []);
  });

  it('checks JSON manifests', () => {
    assert.deepEqual(lint(fixture('json/deployment.json'), {}, 'file:///workspace/deployment.json'), [
      '6:17-6:20 wrong-type `spec.replicas` must be an integer, not the string "2"; remove the quotes.',
      '10:91-10:102 invalid-enum `Sometimes` is not a valid value for `imagePullPolicy`; use one of: Always, IfNotPresent, Never.',
    ]);
  });

  it('never reports false errors on Helm templates', () => {
    for (const path of ['helm/chart/templates/deployment.yaml', 'helm/chart/templates/service.yaml']) {
      assert.deepEqual(lint(fixture(path), {}, fileUri(path)), [], path);
    }
  });

  it('still checks manifests that carry Go templates inside block scalars', () => {
    assert.deepEqual(lint(fixture('helm/configmap-with-go-template.yaml')), [
      '8:13-8:14 wrong-type `data.replicas` must be a string, not the number 3; quote it: "3".',
    ]);
  });

  it('treats files a kustomization patches as partial resources', () => {
    const service = newService();
    const dir = 'kustomize/overlays/prod';
    const patch = fixture(`${dir}/replicas.yaml`);
    assert.deepEqual(lint(patch, {}, fileUri(`${dir}/replicas.yaml`), service), [
      '5:1-5:5 missing-required `spec` is missing the required field `selector`.',
      '5:1-5:5 missing-required `spec` is missing the required field `template`.',
    ]);
    service.workspace.updateFile(fileUri(`${dir}/kustomization.yaml`), fixture(`${dir}/kustomization.yaml`));
    service.invalidateAnalyses();
    assert.deepEqual(lint(patch, {}, fileUri(`${dir}/replicas.yaml`), service), []);
    assert.deepEqual(lint(fixture(`${dir}/resources.yaml`), {}, fileUri(`${dir}/resources.yaml`), service), []);
    // Unknown fields are still unknown in a patch.
    assert.deepEqual(lint(patch.replace('replicas: 5', 'replica: 5'), {}, fileUri(`${dir}/replicas.yaml`), service), [
      '6:3-6:10 unknown-field `replica` is not a field of `spec`; did you mean `replicas`?',
    ]);
  });

  it('validates custom resources against CRDs found in the workspace', () => {
    const service = newService();
    const resource = fixture('workspace-crd/crontab.yaml');
    assert.deepEqual(lint(resource, {}, 'file:///w/crontab.yaml', service), [
      '1:13-1:34 no-schema No schema for stable.example.com/v1 CronTab; not validated.',
    ]);
    assert.equal(service.workspace.updateFile('file:///w/crd.yaml', fixture('workspace-crd/crontab-crd.yaml')), true);
    service.invalidateAnalyses();
    assert.deepEqual(lint(resource, {}, 'file:///w/crontab.yaml', service), [
      '5:1-5:5 missing-required `spec` is missing the required field `image`.',
      '6:13-6:26 invalid-value `every night` does not have the form `cronSpec` requires (pattern `^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$`).',
      '7:13-7:15 invalid-value `replicas` must be at most 10.',
      '8:3-8:9 unknown-field `imagee` is not a field of `spec`; did you mean `image`?',
    ]);
    assert.equal(service.workspace.removeFile('file:///w/crd.yaml'), true);
    service.invalidateAnalyses();
    assert.equal(lint(resource, {}, 'file:///w/crontab.yaml', service).length, 1);
  });

  it('gives unknown kinds one low-severity note and nothing else', () => {
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  anything: [goes, here]\n';
    assert.deepEqual(lint(text), ['1:13-1:27 no-schema No schema for example.com/v1 Widget; not validated.']);
  });
});
