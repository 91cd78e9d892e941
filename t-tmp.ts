import { hardenFile } from './server/src/core/harden';
import { deployments } from './test/hostile';
import { newService, settings } from './test/helpers';
const svc = newService();
for (const n of [50, 400]) {
  const text = deployments(n);
  const t = Date.now(); const r = hardenFile(svc, `file:///h${n}.yaml`, text, settings()); const ms = Date.now() - t;
  console.log(n, ms, 'ms', (ms / n).toFixed(2), 'ms/doc', r.changes.length);
}
