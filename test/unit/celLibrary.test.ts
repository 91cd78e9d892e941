import { strict as assert } from 'node:assert';
import { Outcome, compileRule, runRule } from '../../server/src/core/validation/cel/engine';
import { escapePropertyName } from '../../server/src/core/validation/cel/escaping';

/**
 * The Kubernetes CEL libraries as Kubesmith provides them (validation/cel/library), each function
 * on values that pass and values that fail, with the results Kubernetes documents.
 */

function run(rule: string, self: unknown = null, budget = 1_000_000): Outcome {
  const compiled = compileRule(rule);
  if (!compiled.ok) throw new Error(`${rule}: skipped (${compiled.detail})`);
  return runRule(compiled, self, { left: budget, exceeded: false });
}

/** Every expression must evaluate to true. */
function holds(...rules: string[]): void {
  for (const rule of rules) assert.deepEqual(run(rule), { kind: 'pass' }, rule);
}

/** The expression fails on the value: the API server rejects the object (an error is reported). */
function invalid(rule: string, self: unknown = null): string {
  const outcome = run(rule, self);
  assert.equal(outcome.kind, 'invalid', `${rule}: ${JSON.stringify(outcome)}`);
  return (outcome as { detail: string }).detail;
}

describe('CEL libraries', () => {
  it('duration and timestamp basics (CEL standard library)', () => {
    holds(
      "duration('1h30m') == duration('90m')",
      "duration('1.5s') > duration('1s') && duration('300ms') < duration('1s')",
      "duration('1us') == duration('1000ns') && duration('-1s') < duration('0s')",
      "timestamp('2024-01-01T00:00:00Z') + duration('24h') == timestamp('2024-01-02T00:00:00Z')",
      "timestamp('2024-01-01T10:00:00+02:00') == timestamp('2024-01-01T08:00:00Z')",
      "timestamp('2024-03-01T00:00:00Z').getMonth() == 2",
    );
    invalid("duration('10 seconds') > duration('1s')");
    invalid("duration('1d') > duration('1s')");
    invalid("timestamp('yesterday') < timestamp('2024-01-01T00:00:00Z')");
  });

  it('quantity(), isQuantity() and the quantity methods', () => {
    holds(
      "quantity('1Gi') == quantity('1073741824') && quantity('0.1') == quantity('100m')",
      "isQuantity('1.3G') && isQuantity('1.3Gi') && isQuantity('10000k') && !isQuantity('200K') && !isQuantity('1,3G') && !isQuantity('Mi') && !isQuantity('Three')",
      "quantity('50k').isInteger() && quantity('50000000G').isInteger() && !quantity('1.5').isInteger()",
      "!quantity('9999999999999999999999999999999999999G').isInteger()",
      "quantity('50k').asInteger() == 50000 && quantity('1Ki').asInteger() == 1024",
      "quantity('50k').sub(20000).asApproximateFloat() == 30000.0 && quantity('500m').asApproximateFloat() == 0.5",
      "quantity('50k').add(quantity('20k')) == quantity('70k') && quantity('50k').add(20) == quantity('50020')",
      "quantity('50k').sub(quantity('20k')) == quantity('30k') && quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')",
      "quantity('-1').sign() == -1 && quantity('0').sign() == 0 && quantity('2m').sign() == 1",
      "quantity('200M').compareTo(quantity('0.2G')) == 0 && quantity('50M').compareTo(quantity('50Mi')) == -1 && quantity('50Mi').compareTo(quantity('50M')) == 1",
      "quantity('150Mi').isGreaterThan(quantity('100Mi')) && !quantity('50Mi').isGreaterThan(quantity('100Mi'))",
      "quantity('50M').isLessThan(quantity('100M')) && !quantity('100M').isLessThan(quantity('50M'))",
    );
    assert.equal(invalid("quantity('200K').sign() == 1"), '`200K` is not a valid quantity');
    invalid("quantity('1.5').asInteger() == 1");
  });

  it('list functions: isSorted, sum, min, max, indexOf, lastIndexOf, and the sets extension', () => {
    holds(
      "[1, 2, 3].isSorted() && ['a', 'b', 'b', 'c'].isSorted() && ![2.0, 1.0].isSorted() && [1].isSorted() && [].isSorted()",
      "[1, 3].sum() == 4 && [1.0, 3.0].sum() == 4.0 && [].sum() == 0",
      "[duration('1m'), duration('1s')].sum() == duration('61s')",
      "[1, 3].min() == 1 && [1, 3].max() == 3 && ['b', 'a', 'c'].min() == 'a' && [1.5, 0.5].max() == 1.5",
      "[1, 2, 2, 3].indexOf(2) == 1 && ['a', 'b', 'b', 'c'].lastIndexOf('b') == 2 && [1.0].indexOf(1.1) == -1 && [].indexOf('x') == -1",
      "sets.contains([1, 2, 3], [3, 1]) && !sets.contains([1, 2], [4])",
      "sets.equivalent([1, 2, 2], [2, 1]) && !sets.equivalent([1], [1, 2])",
      "sets.intersects([1, 2], [2, 3]) && !sets.intersects([1], [2])",
    );
    assert.equal(invalid('[].min() == 1'), 'min() of an empty list');
  });

  it('string functions (the strings extension as Kubernetes has it)', () => {
    holds(
      "'TacoCat'.lowerAscii() == 'tacocat' && 'TacoCÆt'.upperAscii() == 'TACOCÆT'",
      "'  \\ttrim\\n '.trim() == 'trim'",
      "'a,b,c'.split(',') == ['a', 'b', 'c'] && 'a,b,c'.split(',', 2) == ['a', 'b,c'] && 'abc'.split('') == ['a', 'b', 'c']",
      "['a', 'b', 'c'].join() == 'abc' && ['a', 'b', 'c'].join('-') == 'a-b-c'",
      "'hello hello'.replace('he', 'we') == 'wello wello' && 'hello hello'.replace('he', 'we', 1) == 'wello hello'",
      "'tacocat'.substring(4) == 'cat' && 'tacocat'.substring(0, 4) == 'taco'",
      "'hello mellow'.indexOf('ello') == 1 && 'hello mellow'.indexOf('ello', 6) == 7 && 'hello mellow'.indexOf('jello') == -1",
      "'hello mellow'.lastIndexOf('ello') == 7 && 'hello mellow'.lastIndexOf('ello', 6) == 1",
      "'hello'.charAt(1) == 'e' && 'hello'.charAt(5) == ''",
      "'%s is %d years old'.format(['Ana', 7]) == 'Ana is 7 years old'",
      "strings.quote('a\"b') == '\"a\\\\\"b\"'",
      "'abc'.contains('b') && 'abc'.startsWith('ab') && 'abc'.endsWith('bc') && size('abc') == 3",
    );
  });

  it('regular expressions: matches, find, findAll (RE2 syntax, linear time)', () => {
    holds(
      "'Foo.Bar'.matches('^(?i)\\\\.?[a-z_][a-z_0-9]*(\\\\.[a-z_][a-z_0-9]*)*$')",
      "'abc'.matches('b') && !'abc'.matches('^b') && matches('abc', 'c$')",
      "'abc 123'.find('[0-9]+') == '123' && 'abc 123'.find('xyz') == ''",
      "'123 abc 456'.findAll('[0-9]+') == ['123', '456'] && '123 abc 456'.findAll('[0-9]+', 1) == ['123'] && '123 abc 456'.findAll('xyz') == []",
    );
    // A catastrophic pattern for a backtracking engine: linear here, and the verdict is right.
    assert.deepEqual(run("self.matches('^(a+)+$')", `${'a'.repeat(50_000)}b`), { kind: 'fail' });
    // A pattern RE2 refuses (a backreference) is a problem of the rule, not of the value: not reported.
    assert.equal(run("self.matches('(a)\\\\1')", 'aa').kind, 'unknown');
  });

  it('url() and the URL methods', () => {
    holds(
      "url('https://user:pass@example.com:80/path?query=val#fragment').getScheme() == 'https'",
      "url('/path').getScheme() == '' && url('/path').getHost() == '' && url('/path').getPort() == ''",
      "url('https://example.com:80/').getHost() == 'example.com:80' && url('https://example.com/').getHost() == 'example.com'",
      "url('https://[::1]:80/').getHost() == '[::1]:80' && url('https://[::1]:80/').getHostname() == '::1'",
      "url('https://127.0.0.1:80/').getHostname() == '127.0.0.1' && url('https://example.com:80/').getPort() == '80'",
      "url('https://example.com/path').getEscapedPath() == '/path' && url('https://example.com/path with spaces/').getEscapedPath() == '/path%20with%20spaces/'",
      "url('https://example.com').getEscapedPath() == ''",
      "url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}",
      "url('https://example.com/path?key with spaces=value with spaces').getQuery() == {'key with spaces': ['value with spaces']}",
      "url('https://example.com/path?').getQuery() == {} && url('https://example.com/path').getQuery() == {}",
      "isURL('https://user:pass@example.com:80/path?query=val#fragment') && isURL('/absolute-path')",
      "!isURL('https://a:b:c/') && !isURL('../relative-path') && !isURL('')",
    );
    assert.equal(invalid("url('../relative-path').getScheme() == ''"), '`../relative-path` is not a valid URL: invalid URI for request');
    invalid("url('https://a:b:c/').getHost() == ''");
  });

  it('ip() and cidr() with their methods', () => {
    holds(
      "isIP('127.0.0.1') && isIP('::1') && !isIP('127.0.0.256') && !isIP(':::1') && !isIP('01.2.3.4') && !isIP('fe80::1%eth0') && !isIP('::ffff:1.2.3.4')",
      "ip('127.0.0.1').family() == 4 && ip('::1').family() == 6",
      "ip.isCanonical('127.0.0.1') && ip.isCanonical('2001:db8::abcd') && !ip.isCanonical('2001:DB8::ABCD') && !ip.isCanonical('2001:db8::0:0:0:abcd')",
      "ip('2001:db8:0:0:0:0:0:abcd') == ip('2001:db8::abcd') && string(ip('2001:DB8::ABCD')) == '2001:db8::abcd'",
      "ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified() && !ip('127.0.0.1').isUnspecified()",
      "ip('127.0.0.1').isLoopback() && ip('::1').isLoopback() && !ip('192.168.0.1').isLoopback()",
      "ip('224.0.0.1').isLinkLocalMulticast() && !ip('224.0.1.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast() && !ip('fd00::1').isLinkLocalMulticast()",
      "ip('169.254.169.254').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast() && !ip('fd80::1').isLinkLocalUnicast()",
      "ip('192.168.0.1').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast() && ip('2001:db8::abcd').isGlobalUnicast() && !ip('ff00::1').isGlobalUnicast()",
      "isCIDR('192.168.0.0/16') && isCIDR('::1/128') && !isCIDR('192.168.0.0/33') && !isCIDR('::1/129') && !isCIDR('10.0.0.0/08')",
      "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1')) && !cidr('192.168.0.0/24').containsIP('192.168.1.1')",
      "cidr('192.168.0.0/16').containsCIDR(cidr('192.168.10.0/24')) && !cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24')",
      "cidr('192.168.0.1/24').ip() == ip('192.168.0.1') && cidr('::1/128').ip().family() == 6",
      "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24') && cidr('192.168.0.1/24') != cidr('192.168.0.1/24').masked()",
      "cidr('192.168.0.0/16').prefixLength() == 16 && string(cidr('::1/128')) == '::1/128'",
    );
    assert.equal(invalid("ip('::ffff:1.2.3.4').family() == 6"), '`::ffff:1.2.3.4` is an IPv4-mapped IPv6 address, which is not allowed');
    invalid("cidr('192.168.0.0/33').prefixLength() == 33");
  });

  it('format.<name>().validate(): the reasons a string is not of the format, none when it is', () => {
    holds(
      "!format.dns1123Label().validate('my-label-name').hasValue() && format.dns1123Label().validate('My_Label').hasValue()",
      "format.dns1123Label().validate('a'.replace('a', '" + 'a'.repeat(64) + "')).value().size() == 1",
      "!format.dns1123Subdomain().validate('apiextensions.k8s.io').hasValue() && format.dns1123Subdomain().validate('-a.b').hasValue()",
      "!format.dns1035Label().validate('my-label-name').hasValue() && format.dns1035Label().validate('1abc').hasValue()",
      "!format.qualifiedName().validate('apiextensions.k8s.io/v1beta1').hasValue() && format.qualifiedName().validate('a/b/c').hasValue()",
      "!format.dns1123LabelPrefix().validate('my-label-prefix-').hasValue() && format.dns1123Label().validate('my-label-prefix-').hasValue()",
      "!format.labelValue().validate('').hasValue() && format.labelValue().validate('-x').hasValue()",
      "!format.uri().validate('http://example.com').hasValue() && format.uri().validate('example').hasValue()",
      "!format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue() && format.uuid().validate('123').hasValue()",
      "!format.byte().validate('aGVsbG8=').hasValue() && format.byte().validate('%%%').hasValue()",
      "!format.date().validate('2021-01-01').hasValue() && format.date().validate('2021-02-30').hasValue()",
      "!format.datetime().validate('2021-01-01T00:00:00Z').hasValue() && format.datetime().validate('2021-01-01').hasValue()",
      "format.dns1123Label().validate('ok').orValue(['none']) == ['none']",
    );
  });

  it('has() and the macros all, exists, exists_one, map, filter', () => {
    const self = new Map<string, unknown>([['items', [1n, 2n, 3n]], ['labels', new Map([['app', 'web'], ['tier', 'front']])]]);
    const outcome = (rule: string) => run(rule, self).kind;
    assert.equal(outcome('has(self.items) && !has(self.missing) && has(self.labels.app)'), 'pass');
    assert.equal(outcome('self.items.all(i, i > 0) && self.items.exists(i, i == 2) && self.items.exists_one(i, i > 2)'), 'pass');
    assert.equal(outcome('self.items.map(i, i * 2) == [2, 4, 6] && self.items.filter(i, i % 2 == 1) == [1, 3]'), 'pass');
    assert.equal(outcome("self.labels.all(key, key.size() > 2) && self.labels.exists(key, self.labels[key] == 'web')"), 'pass');
    assert.equal(outcome('self.items.exists_one(i, i > 1)'), 'fail');
    // A missing field read without has() is an error in Kubernetes too.
    assert.deepEqual(run('self.missing == 1', self), { kind: 'invalid', detail: 'field not found: missing' });
  });

  it('int and double are different types, compared across as Kubernetes does', () => {
    assert.equal(run('type(self) == int && self == 3 && self < 3.5', 3n).kind, 'pass');
    assert.equal(run('type(self) == double && self == 3 && self > 2', 3).kind, 'pass');
    assert.equal(run('self + 1 == 4', 3).kind, 'unknown', 'double + int has no overload: not guessed at');
  });

  it('escapes property names the way Kubernetes does', () => {
    const cases: [string, string | undefined][] = [
      ['replicas', 'replicas'], ['x-y', 'x__dash__y'], ['a.b', 'a__dot__b'], ['a/b', 'a__slash__b'], ['a__b', 'a__underscores__b'],
      ['a___b', 'a__underscores___b'], ['namespace', '__namespace__'], ['in', '__in__'], ['true', '__true__'],
      ['x-kubernetes.io/name', 'x__dash__kubernetes__dot__io__slash__name'], ['_private', '_private'],
      ['1abc', undefined], ['', undefined], ['a b', undefined], ['a:b', undefined], ['ünïcode', undefined],
    ];
    for (const [name, escaped] of cases) assert.equal(escapePropertyName(name), escaped, name);
  });

  it('stops an expensive rule within its budget and says so, instead of running for ever', () => {
    const self = new Map([['a', Array.from({ length: 300 }, (_, i) => BigInt(i))]]);
    const outcome = run('self.a.all(x, self.a.all(y, self.a.all(z, x + y + z >= 0)))', self, 100_000);
    assert.deepEqual(outcome, { kind: 'unknown', cost: true, detail: 'cost' });
    // Growing a string without bound is charged before it is built.
    assert.deepEqual(run("'x'.replace('', 'y'.replace('', '" + 'z'.repeat(2000) + "')).replace('', 'w'.replace('', '" + 'z'.repeat(2000) + "')).size() > 0", null, 100_000),
      { kind: 'unknown', cost: true, detail: 'cost' });
  });

  it('skips what it cannot run: transition rules, unknown functions and names, bad syntax', () => {
    const skipped = (rule: string) => {
      const compiled = compileRule(rule);
      return compiled.ok ? 'compiled' : `${compiled.reason}: ${compiled.detail}`;
    };
    assert.equal(skipped('self == oldSelf'), 'transition: a transition rule (it compares with `oldSelf`, the object before an update)');
    assert.equal(skipped('self.x.semver().isGreaterThan(semver("1.0.0"))'), 'unsupported: calls `semver()`, which Kubesmith does not provide');
    assert.equal(skipped('format.named("dns1123Label").hasValue()'), 'unsupported: calls `format.named()`, which Kubesmith does not provide');
    assert.equal(skipped('object.metadata.name == "x"'), 'undeclared: uses `object`, which is not defined in a CRD rule');
    assert.match(skipped('self.x ==='), /^syntax: does not parse/);
    assert.equal(skipped(`${'('.repeat(100)}true${')'.repeat(100)}`), 'too-complex: too long or too deeply nested to compile here');
    assert.equal(skipped("type(self) == string && self.all(x, x in ['a'])"), 'compiled');
  });
});
