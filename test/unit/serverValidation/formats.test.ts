import { strict as assert } from 'node:assert';
import { cronProblem } from '../../../server/src/core/validation/server/cron';
import {
  configKeyProblem, envNameProblem, labelValueProblem, nameProblem, qualifiedNameProblem, sanitizeName,
} from '../../../server/src/core/validation/server/names';
import { isIP, isIPv4, isIPv6, isStrictSubnet, parseCidr } from '../../../server/src/core/validation/server/network';
import { isPortNumber, portNameProblem, sanitizePortName } from '../../../server/src/core/validation/server/ports';

/**
 * The formats the server checks share, at their edges: each failing value next to the value that
 * just passes (apimachinery's pkg/util/validation, robfig/cron's standard parser).
 */

describe('server checks: formats', () => {
  it('DNS-1123 subdomains: 253 characters pass, 254 do not; lowercase, digits, `-` and `.`', () => {
    const ok = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    assert.equal(ok.length, 253);
    assert.equal(nameProblem(ok, 'subdomain', 'Deployment name'), undefined);
    assert.equal(nameProblem(`${ok}d`, 'subdomain', 'Deployment name'),
      `\`${`${ok}d`.slice(0, 69)}…\` is not a valid Deployment name: at most 253 characters (it has 254).`);
    for (const good of ['web', 'web-1', 'web.v2', '1web', 'a']) assert.equal(nameProblem(good, 'subdomain', 'Deployment name'), undefined, good);
    for (const bad of ['My_App', 'web-', '-web', 'web..v2', '.web', 'WEB', 'web_1', 'wéb']) {
      assert.equal(nameProblem(bad, 'subdomain', 'Deployment name'),
        `\`${bad}\` is not a valid Deployment name: lowercase letters, digits, \`-\` and \`.\` only, starting and ending with a letter or digit.`, bad);
    }
    assert.equal(nameProblem('', 'subdomain', 'Deployment name'), 'The Deployment name must not be empty.');
  });

  it('DNS-1123 labels: 63 characters pass, 64 do not; no dots', () => {
    assert.equal(nameProblem('a'.repeat(63), 'label', 'container name'), undefined);
    assert.equal(nameProblem('a'.repeat(64), 'label', 'container name'), `\`${'a'.repeat(64)}\` is not a valid container name: at most 63 characters (it has 64).`);
    assert.equal(nameProblem('web.v2', 'label', 'Namespace name'),
      '`web.v2` is not a valid Namespace name: lowercase letters, digits and `-` only, starting and ending with a letter or digit.');
    assert.equal(nameProblem('1web', 'label', 'Namespace name'), undefined);
  });

  it('DNS-1035 labels (Service names) start with a letter', () => {
    assert.equal(nameProblem('web-v2', 'dns1035', 'Service name'), undefined);
    for (const bad of ['1web', 'web.v2', 'web-']) {
      assert.equal(nameProblem(bad, 'dns1035', 'Service name'),
        `\`${bad}\` is not a valid Service name: lowercase letters, digits and \`-\` only, starting with a letter and ending with a letter or digit.`, bad);
    }
  });

  it('a shorter limit where the kind has one (CronJob: 52), and generateName with its trailing dash', () => {
    assert.equal(nameProblem('a'.repeat(52), 'subdomain', 'CronJob name', { max: 52 }), undefined);
    assert.equal(nameProblem('a'.repeat(53), 'subdomain', 'CronJob name', { max: 52 }), `\`${'a'.repeat(53)}\` is not a valid CronJob name: at most 52 characters (it has 53).`);
    assert.equal(nameProblem('web-', 'subdomain', 'prefix', { prefix: true }), undefined);
    assert.equal(nameProblem('web-', 'subdomain', 'prefix'), '`web-` is not a valid prefix: lowercase letters, digits, `-` and `.` only, starting and ending with a letter or digit.');
    assert.equal(nameProblem('Web-', 'subdomain', 'prefix', { prefix: true }), '`Web-` is not a valid prefix: lowercase letters, digits, `-` and `.` only, starting and ending with a letter or digit.');
  });

  it('RBAC names are path segments: anything but `.`, `..`, `/` and `%`', () => {
    assert.equal(nameProblem('My_Role:Admin', 'path-segment', 'Role name'), undefined);
    for (const bad of ['..', 'a/b', '50%']) {
      assert.equal(nameProblem(bad, 'path-segment', 'Role name'), `\`${bad}\` is not a valid Role name: it may not be \`.\` or \`..\` and may not contain \`/\` or \`%\`.`);
    }
  });

  it('sanitizes names for the quick fix, or gives up', () => {
    assert.equal(sanitizeName('My_App', 'subdomain'), 'my-app');
    assert.equal(sanitizeName('Web.V2', 'dns1035'), 'web-v2');
    assert.equal(sanitizeName('1st_Service', 'dns1035'), 'st-service');
    assert.equal(sanitizeName('___', 'label'), undefined);
    assert.equal(sanitizeName('a'.repeat(70), 'label'), 'a'.repeat(63));
  });

  it('qualified names (label keys): 63 characters after an optional DNS-subdomain prefix', () => {
    for (const good of ['app', 'app.kubernetes.io/name', 'MyKey', 'a_b.c-d', `example.com/${'x'.repeat(63)}`]) assert.equal(qualifiedNameProblem(good, 'label key'), undefined, good);
    assert.equal(qualifiedNameProblem(`example.com/${'x'.repeat(64)}`, 'label key'),
      `\`example.com/${'x'.repeat(57)}…\` is not a valid label key: the part after the prefix may have at most 63 characters (it has 64).`);
    assert.equal(qualifiedNameProblem('my_company.com/team', 'label key'),
      '`my_company.com/team` is not a valid label key: its prefix `my_company.com` must be a DNS subdomain (lowercase letters, digits, `-` and `.`, starting and ending with a letter or digit).');
    for (const bad of ['-app', 'a/b/c', 'app!', '']) {
      assert.equal(qualifiedNameProblem(bad, 'label key'),
        `\`${bad}\` is not a valid label key: an optional DNS subdomain prefix and \`/\`, then a name of letters, digits, \`-\`, \`_\` and \`.\`, starting and ending with a letter or digit.`, bad);
    }
  });

  it('label values: 63 characters pass, 64 do not; empty is fine', () => {
    assert.equal(labelValueProblem('x'.repeat(63), 'label value'), undefined);
    assert.equal(labelValueProblem('', 'label value'), undefined);
    assert.equal(labelValueProblem('x'.repeat(64), 'label value'), `\`${'x'.repeat(64)}\` is not a valid label value: at most 63 characters (it has 64).`);
    assert.equal(labelValueProblem('a b', 'label value'), '`a b` is not a valid label value: letters, digits, `-`, `_` and `.` only, starting and ending with a letter or digit (or empty).');
  });

  it('ConfigMap keys: 253 characters, no `..` start', () => {
    assert.equal(configKeyProblem('.env', 'ConfigMap key'), undefined);
    assert.equal(configKeyProblem('a'.repeat(253), 'ConfigMap key'), undefined);
    assert.equal(configKeyProblem('a'.repeat(254), 'ConfigMap key'), `\`${'a'.repeat(69)}…\` is not a valid ConfigMap key: at most 253 characters (it has 254).`);
    assert.equal(configKeyProblem('..data', 'ConfigMap key'), '`..data` is not a valid ConfigMap key: it may not be `.` or `..`, nor start with `..`.');
    assert.equal(configKeyProblem('app/config', 'ConfigMap key'), '`app/config` is not a valid ConfigMap key: letters, digits, `-`, `_` and `.` only.');
  });

  it('environment variable names: strict before Kubernetes 1.32, any printable ASCII but `=` from 1.32', () => {
    assert.equal(envNameProblem('MY_VAR.1', 'environment variable name', 31), undefined);
    assert.equal(envNameProblem('1VAR', 'environment variable name', 31),
      '`1VAR` is not a valid environment variable name: letters, digits, `_`, `-` and `.` only, not starting with a digit (Kubernetes before 1.32).');
    assert.equal(envNameProblem('1VAR', 'environment variable name', 32), undefined);
    assert.equal(envNameProblem('A B:c', 'environment variable name', 32), undefined);
    assert.equal(envNameProblem('A=B', 'environment variable name', 32), '`A=B` is not a valid environment variable name: printable ASCII characters other than `=` only.');
  });

  it('port numbers: 1 and 65535 pass, 0 and 65536 do not; port names: 15 characters pass, 16 do not', () => {
    assert.deepEqual([0, 1, 65535, 65536].map(isPortNumber), [false, true, true, false]);
    assert.equal(portNameProblem('a'.repeat(15)), undefined);
    assert.equal(portNameProblem('a'.repeat(16)), `\`${'a'.repeat(16)}\` is not a valid port name: at most 15 characters (it has 16).`);
    for (const bad of ['HTTP', '8080', 'http--alt', '-http', 'http-', 'http_alt']) {
      assert.equal(portNameProblem(bad), `\`${bad}\` is not a valid port name: lowercase letters, digits and \`-\` only, with at least one letter, no \`--\`, and no \`-\` at either end.`, bad);
    }
    assert.equal(sanitizePortName('HTTP'), 'http');
    assert.equal(sanitizePortName('http-metrics-port'), 'http-metrics-po');
    assert.equal(sanitizePortName('8080'), undefined);
  });

  it('cron schedules as robfig/cron ParseStandard reads them', () => {
    for (const good of ['*/5 * * * *', '0 0 * * 0', '0 9-17/2 * * mon-fri', '0 0 1 jan *', '0 0 ? * *', '@hourly', '@daily', '@midnight', '@every 1h30m', '59 23 31 12 6']) {
      assert.equal(cronProblem(good), undefined, good);
    }
    assert.equal(cronProblem('every 5 minutes'),
      '`every 5 minutes` is not a valid cron schedule: it has 3 fields, and a schedule has 5 (minute, hour, day of month, month, day of week), such as `*/5 * * * *`, or is a shortcut such as `@hourly` or `@daily`.');
    assert.equal(cronProblem('60 * * * *'), '`60 * * * *` is not a valid cron schedule: 60 is out of range for the minute field (0–59).');
    assert.equal(cronProblem('0 0 * * 7'), '`0 0 * * 7` is not a valid cron schedule: 7 is out of range for the day-of-week field (0–6, Sunday is 0).');
    assert.equal(cronProblem('0 0 0 * *'), '`0 0 0 * *` is not a valid cron schedule: 0 is out of range for the day-of-month field (1–31).');
    assert.equal(cronProblem('*/0 * * * *'), '`*/0 * * * *` is not a valid cron schedule: the step in `*/0` must be a positive number.');
    assert.equal(cronProblem('5-1 * * * *'), '`5-1 * * * *` is not a valid cron schedule: the range `5-1` ends before it starts.');
    assert.equal(cronProblem('0 0 * * L'), '`0 0 * * L` is not a valid cron schedule: `L` is not a number or a name the day-of-week field accepts.');
    assert.equal(cronProblem('0 0 0 0 0 0'), '`0 0 0 0 0 0` is not a valid cron schedule: it has 6 fields, and a schedule has 5 (minute, hour, day of month, month, day of week), such as `*/5 * * * *`, or is a shortcut such as `@hourly` or `@daily`.');
    assert.equal(cronProblem('@every 5 minutes'), '`@every 5 minutes` is not a valid cron schedule: `@every` takes a duration such as `90s`, `15m` or `1h30m`.');
    assert.equal(cronProblem('@weekdays'),
      '`@weekdays` is not a valid cron schedule: the shortcuts are `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and `@every <duration>`.');
  });

  it('IP addresses and CIDRs, sloppy as the API server parses them', () => {
    for (const good of ['10.0.0.1', '010.0.0.1', '::1', 'fd00::1', '2001:db8::ff00:42:8329', '::ffff:10.0.0.1']) assert.ok(isIP(good), good);
    for (const bad of ['10.0.0.256', '10.0.0', 'fd00:::1', '1:2:3:4:5:6:7:8:9', 'example.com', 'fe80::1%eth0']) assert.ok(!isIP(bad), bad);
    assert.ok(isIPv4('192.168.1.1') && !isIPv6('192.168.1.1') && isIPv6('::'));
    assert.deepEqual(parseCidr('10.0.0.0/8'), { ip: '10.0.0.0', v6: false, bits: 8 });
    assert.equal(parseCidr('10.0.0.0/33'), undefined);
    assert.equal(parseCidr('10.0.0.0'), undefined);
    assert.equal(isStrictSubnet('10.1.0.0/16', '10.0.0.0/8'), true);
    assert.equal(isStrictSubnet('11.0.0.0/16', '10.0.0.0/8'), false);
    assert.equal(isStrictSubnet('10.0.0.0/8', '10.0.0.0/8'), false);
  });
});
