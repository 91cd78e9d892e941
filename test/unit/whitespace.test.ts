import { strict as assert } from 'node:assert';
import { fixture, lint } from '../helpers';
import { indentUnit, normalizeWhitespace } from '../../server/src/core/validation/whitespace';

describe('odd whitespace', () => {
  it('names non-breaking spaces in indentation, one diagnostic per line, instead of a cascade of YAML errors', () => {
    const message = 'odd-whitespace This line has a non-breaking space (U+00A0) in the indentation; YAML does not read it as a space, so the line means something else than it shows. Replace it with a normal space.';
    assert.deepEqual(lint(fixture('whitespace/nbsp.yaml')), [`4:1-4:3 ${message}`, `6:1-6:3 ${message}`, `7:1-7:5 ${message}`]);
  });

  it('names tabs in indentation', () => {
    const message = 'odd-whitespace This line has a tab in the indentation; YAML allows only spaces for indentation. Replace it with spaces.';
    assert.deepEqual(lint(fixture('whitespace/tabs.yaml')), [`4:1-4:2 ${message}`, `6:1-6:2 ${message}`]);
  });

  it('flags odd spaces next to `:` but not inside values or comments', () => {
    assert.deepEqual(lint(fixture('whitespace/inline.yaml')), [
      '7:8-7:9 odd-whitespace This line has a non-breaking space (U+00A0) where YAML expects a space; YAML does not read it as a space, so the line means something else than it shows. Replace it with a normal space.',
    ]);
    assert.deepEqual(lint('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c # a\u00a0comment\ndata: {}\n'), []);
  });

  it('normalizes every odd space and removes invisible ones, keeping a leading BOM', () => {
    assert.equal(normalizeWhitespace('\uFEFFa:\n\u00a0\u00a0b:\u2003c\u200B\n'), '\uFEFFa:\n  b: c\n');
    assert.equal(normalizeWhitespace('a:\n\tb:\n\t\tc: 1\n    d: 2\n'), 'a:\n    b:\n        c: 1\n    d: 2\n');
    assert.equal(indentUnit('a:\n  b:\n    c: 1\n'), 2);
    assert.equal(indentUnit('a:\n    b: 1\n'), 4);
  });
});
