import { strict as assert } from 'node:assert';
import { URI } from 'vscode-uri';
import { fixture, lint, newService, repoRoot } from '../../helpers';
import { KubesmithService } from '../../../server/src/core/service';
import { at } from './helpers';

/**
 * Kustomize patches are partial resources: the server checks report what is wrong in what the
 * patch says (a bad name, a port out of range), not what its base may complete (an image, a
 * restart policy, the other half of a selector or of a request/limit pair, a Service's type).
 */

const dir = 'kustomize/overlays/prod';
const patchUri = URI.file(`${repoRoot}/test/fixtures/${dir}/replicas.yaml`).toString();

describe('server checks: kustomize patches', () => {
  let service: KubesmithService;
  before(() => {
    service = newService();
    service.workspace.updateFile(URI.file(`${repoRoot}/test/fixtures/${dir}/kustomization.yaml`).toString(), fixture(`${dir}/kustomization.yaml`));
    service.invalidateAnalyses();
  });
  const patch = (text: string) => lint(text, {}, patchUri, service);

  it('reports what the patch itself gets wrong', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: My_App\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        ports:\n        - containerPort: 70000\n';
    assert.deepEqual(patch(text), [
      `${at(text, 'My_App')} server-name \`My_App\` is not a valid Deployment name: lowercase letters, digits, \`-\` and \`.\` only, starting and ending with a letter or digit.`,
      `${at(text, '70000')} server-port \`70000\` is not a valid port number for \`containerPort\`: use 1 to 65535.`,
    ]);
  });

  it('leaves what the base may complete: a container\'s image, a Job\'s restart policy, selector labels, limits, a Service\'s type', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    spec:\n      containers:\n      - name: web\n        resources:\n          requests:\n            example.com/gpu: 1\n';
    assert.deepEqual(patch(deployment), []);
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n  template:\n    spec:\n      containers:\n      - name: job\n        image: job:1.0.0\n';
    assert.deepEqual(patch(job), []);
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    nodePort: 30080\n';
    assert.deepEqual(patch(svc), []);
    // Outside a kustomization the same files are whole resources.
    assert.deepEqual(lint(job, {}, 'file:///elsewhere/job.yaml', service).map((line) => line.split(' ')[1]), ['server-restart-policy']);
    assert.deepEqual(lint(svc, {}, 'file:///elsewhere/svc.yaml', service).map((line) => line.split(' ')[1]), ['server-conflict']);
  });

  it('a patch that says `restartPolicy: Always` on a Job overrides its base: reported', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n  template:\n    spec:\n      restartPolicy: Always\n';
    assert.deepEqual(patch(text), [
      `${at(text, 'Always')} server-restart-policy Job \`once\` runs its pods with \`restartPolicy: Always\`, which the API server rejects for Jobs; use \`OnFailure\` or \`Never\`.`,
    ]);
  });
});
