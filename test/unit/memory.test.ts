import { strict as assert } from 'node:assert';
import { KubesmithService } from '../../server/src/core/service';
import { newService, settings } from '../helpers';

/** Closed documents release what the service keeps for them (counted, not measured in RSS). */
describe('memory: closed documents', () => {
  const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  key: value-${i}\n`;

  it('keeps nothing of a file once released, over 2,000 open/close cycles', () => {
    const service = new KubesmithService(newService().store);
    for (let i = 0; i < 2000; i++) {
      const uri = `file:///cycles/${i}.yaml`;
      service.analyze(uri, `${doc(i)}---\n${doc(i + 1)}`, settings());
      service.release(uri);
    }
    assert.deepEqual(service.cacheSizes(), { files: 0, analyses: 0, parsed: 0 });
  });

  it('keeps what another open file shares, and gives it the same results', () => {
    const service = new KubesmithService(newService().store);
    const shared = doc(1);
    service.analyze('file:///a.yaml', `${shared}---\n${doc(2)}`, settings());
    const b = service.analyze('file:///b.yaml', `${shared}---\n${doc(3)}`, settings());
    service.release('file:///a.yaml');
    // b's two documents are kept (one of them shared with a); a's own is gone.
    assert.deepEqual(service.cacheSizes(), { files: 1, analyses: 2, parsed: 2 });
    assert.deepEqual(service.analyze('file:///b.yaml', `${shared}---\n${doc(3)}`, settings()).diagnostics, b.diagnostics);
  });
});
