import { Authorization } from '../../../lib';
import {
  apiKeyRoutesHaveUsagePlan, defaultAuthorizationUsed, resourcePolicyLength, resourcePolicySparesIamRoutes,
} from '../../../lib/rest/validate/access-control';
import { IAM, newModel, route, ruleContext, stage } from '../model-fixtures';

describe('access control rules', () => {
  test('ApiKeyWithoutUsagePlan names the first stage no plan covers', () => {
    // GIVEN
    const model = newModel();
    model.addRoute(route('GET /pets', { apiKeyRequired: true }));
    model.addStage(stage('dev'));
    model.addStage(stage('prod'));
    model.addUsagePlan({ stages: ['dev'], routeThrottles: new Map() });
    // THEN
    expect(() => apiKeyRoutesHaveUsagePlan(ruleContext(model))).toThrow(/\[ApiKeyWithoutUsagePlan\] route GET \/pets requires an API key, but no usage plan covers stage prod/);
    model.addUsagePlan({ routeThrottles: new Map() });
    expect(() => apiKeyRoutesHaveUsagePlan(ruleContext(model))).not.toThrow();
  });

  test('warns when the default authorization is used by no route', () => {
    // GIVEN
    const defaultAuthorization = Authorization.iam();
    const model = newModel({ defaultAuthorization });
    model.addRoute(route('GET /pets'));
    const unused = ruleContext(model);
    // WHEN
    defaultAuthorizationUsed(unused);
    model.addRoute(route('GET /admin', { authorization: IAM, authorizationSource: defaultAuthorization }));
    const used = ruleContext(model);
    defaultAuthorizationUsed(used);
    // THEN
    expect(unused.warnings).toEqual([expect.stringMatching(/unusedAuthorizer/)]);
    expect(used.warnings).toEqual([]);
  });

  test('ResourcePolicyOpensIamRoute: a public pattern must not reach an IAM route', () => {
    // GIVEN
    const model = newModel();
    model.addRoute(route('GET /pets/{id}'));
    model.addRoute(route('GET /pets/{id}/secrets', { authorization: IAM }));
    // THEN
    expect(() => resourcePolicySparesIamRoutes(ruleContext(model))).not.toThrow();
    expect(() => resourcePolicySparesIamRoutes(ruleContext(model, { policy: () => ({ Statement: [] }) }))).toThrow(/\[ResourcePolicyOpensIamRoute\]/);
  });

  test('ResourcePolicyTooLong past 8,192 characters', () => {
    // GIVEN
    const model = newModel();
    const long = { Statement: [{ Resource: 'x'.repeat(8200) }] };
    // THEN
    expect(() => resourcePolicyLength(ruleContext(model, { policy: () => long }))).toThrow(/\[ResourcePolicyTooLong\]/);
    expect(() => resourcePolicyLength(ruleContext(model, { policy: () => ({ Statement: [] }) }))).not.toThrow();
  });
});
