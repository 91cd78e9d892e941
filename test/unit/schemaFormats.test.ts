import { strict as assert } from 'node:assert';
import { formatMismatch } from '../../server/src/core/validation/formats';
import { lint, newService } from '../helpers';

/**
 * The string formats of custom resources' schemas, which the API server checks (apiextensions
 * with kube-openapi's strfmt): each checked one fails on a value the server rejects and passes
 * its edge; the built-in kinds' formats are left to their Go validation.
 */

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: probes.example.com
spec:
  group: example.com
  names: {kind: Probe, plural: probes}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              address: {type: string, format: ipv4}
              network: {type: string, format: cidr}
              id: {type: string, format: uuid}
              since: {type: string, format: date-time}
              day: {type: string, format: date}
              hardware: {type: string, format: mac}
              site: {type: string, format: uri}
`;

describe('schema formats of custom resources', () => {
  const svc = newService();
  before(() => {
    assert.equal(svc.workspace.updateFile('file:///w/probe-crd.yaml', CRD), true);
  });
  const probe = (spec: string) => lint(`apiVersion: example.com/v1\nkind: Probe\nmetadata:\n  name: p\nspec:\n${spec}`, {}, 'file:///w/probe.yaml', svc);

  it('accepts values of each checked format, at their edges', () => {
    assert.deepEqual(probe([
      '  address: 255.255.255.255', '  network: 10.0.0.0/32', '  id: 123e4567-e89b-12d3-a456-426614174000',
      '  since: "2024-02-29T23:59:60.5+01:00"', '  day: "2024-02-29"', '  hardware: 00:1a:2b:3c:4d:5e',
      // Formats Kubesmith does not check are left alone.
      '  site: not a url',
    ].join('\n')), []);
    assert.deepEqual(probe('  since: "2026-12-04T10:00:00Z"\n  day: "2026-12-04"'), []);
  });

  it('reports a value the API server rejects, on the value, with the form it needs', () => {
    assert.deepEqual(probe('  address: 256.1.1.1\n  network: 10.0.0.0/33\n  id: not-a-uuid\n  since: "2026-02-30T10:00:00Z"\n  day: "2023-02-29"\n  hardware: 00:1a:2b'), [
      '6:12-6:21 invalid-value `256.1.1.1` is not valid for `address`: it must be an IPv4 address (format `ipv4`).',
      '7:12-7:23 invalid-value `10.0.0.0/33` is not valid for `network`: it must be a CIDR such as `10.0.0.0/16` (format `cidr`).',
      '8:7-8:17 invalid-value `not-a-uuid` is not valid for `id`: it must be a UUID (format `uuid`).',
      '9:10-9:32 invalid-value `2026-02-30T10:00:00Z` is not valid for `since`: it must be a date and time such as `2026-12-31T23:59:00Z` (format `date-time`).',
      '10:8-10:20 invalid-value `2023-02-29` is not valid for `day`: it must be a date such as `2026-12-31` (format `date`).',
      '11:13-11:21 invalid-value `00:1a:2b` is not valid for `hardware`: it must be a MAC address (format `mac`).',
    ]);
  });

  it('checks a bundled CRD\'s formats (a Gateway address of type IPAddress)', () => {
    const gateway = (value: string) => lint(`apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: istio\n  addresses:\n  - type: IPAddress\n    value: ${value}\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n`);
    assert.deepEqual(gateway('10.0.0.1'), []);
    assert.deepEqual(gateway('fd00::1'), []);
    assert.deepEqual(gateway('gw.example.com'), ['9:12-9:26 invalid-value `gw.example.com` is not valid for `value`: it must be an IPv4 address (format `ipv4`).']);
  });

  it('never fails a value the server accepts: leading zeros and local times are read leniently, unknown formats pass', () => {
    assert.equal(formatMismatch('ipv4', '010.001.002.003'), undefined);
    assert.equal(formatMismatch('date-time', '2026-12-04T10:00:00'), undefined);
    assert.equal(formatMismatch('date-time', '2026-12-04 10:00'), undefined);
    assert.equal(formatMismatch('hostname', '!!!'), undefined);
  });
});
