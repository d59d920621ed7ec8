import { ResourcePolicy } from '../../../lib';
import { renderPolicy } from '../../../lib/rest/render/resource-policy';
import { IAM, newModel, route, SCOPE } from '../model-fixtures';

describe('renderPolicy', () => {
  test('no blocks: no policy', () => {
    // GIVEN
    const model = newModel();
    model.addRoute(route('GET /pets'));
    // THEN
    expect(renderPolicy(SCOPE, model)).toBeUndefined();
  });

  test('restrictions, then the Allow of every route; with IAM routes the Allow lists the other routes and preflights', () => {
    // GIVEN
    const model = newModel();
    model.addPolicyBlock(ResourcePolicy.denySourceIps(['192.0.2.0/24']));
    model.addRoute(route('GET /pets', { cors: { allowOrigins: ['*'] } }));
    model.addRoute(route('GET /admin', { authorization: IAM }));
    // WHEN
    const policy = renderPolicy(SCOPE, model) as any;
    // THEN
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(policy.Statement[1]).toEqual({
      Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*/GET/pets', 'execute-api:/*/OPTIONS/pets'],
    });
  });
});
