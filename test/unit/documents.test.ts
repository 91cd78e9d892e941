import { strict as assert } from 'node:assert';
import { resplitDocuments, splitDocuments } from '../../server/src/core/yaml/documents';
import { KubesmithService } from '../../server/src/core/service';
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

  it('splits an edited text as it splits it whole, re-using the chunks the edit did not reach', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['---\n', '--- # c\n', '...\n', 'a: 1\n', '# note\n', '\n', 'b:\n  - x\n', '%YAML 1.2\n', '---x\n', ' ---\n', '-', '.', 'k', '\n', '--', '..', ' '];
    const randomText = (parts: number) => Array.from({ length: parts }, () => pieces[random(pieces.length)]).join('');
    for (let round = 0; round < 3000; round++) {
      const before = randomText(random(30));
      const at = random(before.length + 1);
      const removed = random(Math.min(6, before.length - at) + 1);
      const after = before.slice(0, at) + randomText(random(3)) + before.slice(at + removed);
      const previous = splitDocuments(before);
      const incremental = resplitDocuments(before, previous, after);
      assert.deepEqual(incremental, splitDocuments(after), `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    }
    // An edit in the middle of a long file keeps the other chunks' strings and moves the later ones.
    const doc = (i: number) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`;
    const text = Array.from({ length: 100 }, (_, i) => doc(i)).join('');
    const previous = splitDocuments(text);
    const edited = text.replace('name: c50\n', 'name: c50\n  namespace: x\n');
    const chunks = resplitDocuments(text, previous, edited);
    assert.equal(chunks.length, 100);
    assert.equal(chunks[10], previous[10]);
    assert.notEqual(chunks[50].text, previous[50].text);
    assert.equal(chunks[70].text, previous[70].text);
    assert.deepEqual([chunks[70].startLine, chunks[70].startOffset], [previous[70].startLine + 1, previous[70].startOffset + 15]);
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

  it('a batch service (cacheSize 0) keeps nothing and reports what the editor\'s service reports', () => {
    const batch = new KubesmithService(newService().store, { cacheSize: 0, parsedCacheSize: 0 });
    const texts = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "2"\n  selector: {}\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:latest\n',
      // Anchors and CRLF: the yaml library's parse, not the fast one.
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: &m\r\n  name: a\r\n---\r\napiVersion: v1\r\nkind: Secret\r\nmetadata: *m\r\nstringData: {k: v}\r\nextra: 1\r\n',
      'not: [closed\n',
    ];
    for (const text of texts) {
      const expected = analyze(text, {}, 'file:///batch.yaml', newService()).diagnostics;
      assert.ok(expected.length > 0);
      const first = batch.analyze('file:///batch.yaml', text, settings({}));
      const second = batch.analyze('file:///batch.yaml', text, settings({}));
      assert.deepEqual(first.diagnostics, expected);
      assert.deepEqual(second.diagnostics, expected);
      assert.notEqual(second.documents[0].analysis, first.documents[0].analysis, 'checked again, not remembered');
      assert.deepEqual(second.documents[0].yaml.doc.toJS(), first.documents[0].yaml.doc.toJS(), 'the tree is parsed again when asked for');
    }
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
