import { strict as assert } from 'node:assert';
import { splitDocuments } from '../../server/src/core/yaml/documents';
import { analyze, newService, settings } from '../helpers';

describe('documents and caching', () => {
  it('splits on document markers only at column 0', () => {
    const text = '# header\n---\na: 1\n---\nb: |\n  ---\n  text\n...\nc: 3\n';
    assert.deepEqual(splitDocuments(text).map((chunk) => [chunk.startLine, chunk.text]), [
      [0, '# header\n---\na: 1\n'],
      [3, '---\nb: |\n  ---\n  text\n...\n'],
      [8, 'c: 3\n'],
    ]);
    assert.deepEqual(splitDocuments('').map((chunk) => chunk.text), ['']);
    assert.deepEqual(splitDocuments('a: 1\n--- # comment\nb: 2').map((chunk) => chunk.startLine), [0, 1]);
  });

  it('re-parses and re-validates only the document that changed', () => {
    const service = newService();
    const doc = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
    const before = analyze([doc('a'), doc('b'), doc('c')].join('---\n'), {}, 'file:///x.yaml', service);
    const after = analyze([doc('a'), `${doc('b')}  extra: x\n`, doc('c')].join('---\n'), {}, 'file:///x.yaml', service);
    assert.equal(after.documents[0].analysis, before.documents[0].analysis, 'first document re-used');
    assert.equal(after.documents[2].analysis, before.documents[2].analysis, 'third document re-used although it moved');
    assert.notEqual(after.documents[1].analysis, before.documents[1].analysis, 'edited document checked again');
    assert.equal(after.documents[2].yaml.startLine, before.documents[2].yaml.startLine + 1);
  });

  it('keeps results per Kubernetes version apart', () => {
    const service = newService();
    const text = 'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata:\n  name: gpu\nspec: {}\n';
    assert.equal(service.analyze('file:///d.yaml', text, settings({ kubernetesVersion: '1.28' })).diagnostics.length, 1);
    assert.equal(service.analyze('file:///d.yaml', text, settings({ kubernetesVersion: '1.36' })).diagnostics.length, 0);
    assert.equal(service.analyze('file:///d.yaml', text, settings({ kubernetesVersion: '1.28' })).diagnostics.length, 1);
  });

  it('falls back to the newest version for an unknown one', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    assert.deepEqual(analyze(text, { kubernetesVersion: '1.99' }).diagnostics, []);
  });
});
