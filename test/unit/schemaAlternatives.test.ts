import { strict as assert } from 'node:assert';
import { lint } from '../helpers';

/**
 * `anyOf`/`oneOf`/`not` in a structural schema are value validations: the `properties` of a branch
 * constrain the fields they name and close nothing.
 */
describe('schema alternatives (oneOf/anyOf/not branches)', () => {
  const gateway = (address: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: istio
  addresses:
${address}
  listeners:
  - name: http
    port: 80
    protocol: HTTP
`;

  it('a branch naming only `type` does not make `value` an unknown field (a valid Hostname address)', () => {
    assert.deepEqual(lint(gateway('  - type: Hostname\n    value: gw.example.com')), []);
    assert.deepEqual(lint(gateway('  - type: IPAddress\n    value: 10.0.0.1')), []);
  });

  it('still reports a value no branch accepts, and unknown fields of the object itself', () => {
    assert.deepEqual(lint(gateway('  - type: Hostname\n    valu: gw.example.com')), [
      '9:5-9:9 unknown-field `valu` is not a field of `spec.addresses[0]`; did you mean `value`?',
    ]);
  });
});
