import { createHash } from 'crypto';
import { DeploymentLogicalId } from '../../lib/rest/deployment-logical-id';

describe('DeploymentLogicalId', () => {
  test('hashes the contributions, by name and in order, as one JSON object; undefined contributes nothing', () => {
    // GIVEN
    const id = new DeploymentLogicalId();
    id.add('body', () => ({ paths: {} }));
    id.add('policy', () => undefined);
    id.add('endpoint', () => ['REGIONAL']);
    // WHEN
    const hash = id.hash();
    // THEN
    const expected = createHash('sha256').update('{"body":{"paths":{}},"endpoint":["REGIONAL"]}').digest('hex').slice(0, 10).toUpperCase();
    expect(hash).toBe(expected);
    expect(hash).toMatch(/^[0-9A-F]{10}$/);
  });

  test('produces contributions when hashed, so later changes count', () => {
    // GIVEN
    let routes = 1;
    const id = new DeploymentLogicalId();
    id.add('routes', () => routes);
    const before = id.hash();
    // WHEN
    routes = 2;
    // THEN
    expect(id.hash()).not.toBe(before);
    expect(id.produce()).toEqual({ routes: 2 });
  });
});
