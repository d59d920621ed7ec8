import { apiKeyInOnePlanPerStage } from '../../../lib/rest/validate/usage-plan-keys';
import { newModel, ruleContext, stage } from '../model-fixtures';

describe('apiKeyInOnePlanPerStage', () => {
  test('ApiKeyInTwoUsagePlans names the key, both plans and the stage they share', () => {
    // GIVEN two plans with one key in common
    const model = newModel();
    model.addStage(stage('dev'));
    model.addStage(stage('prod'));
    model.addUsagePlan({ stages: ['dev'], routeThrottles: new Map(), plan: 'App/Gold', keyIds: ['abc1234567', 'shared0001'] });
    model.addUsagePlan({ stages: ['prod'], routeThrottles: new Map(), plan: 'App/Silver', keyIds: ['shared0001'] });
    // THEN different stages are fine
    expect(() => apiKeyInOnePlanPerStage(ruleContext(model))).not.toThrow();
    // WHEN a third plan covers every stage with the shared key
    model.addUsagePlan({ routeThrottles: new Map(), plan: 'App/Bronze', keyIds: ['shared0001'] });
    // THEN
    expect(() => apiKeyInOnePlanPerStage(ruleContext(model)))
      .toThrow(/\[ApiKeyInTwoUsagePlans\] API key "shared0001" is in usage plans App\/Gold and App\/Bronze, which both cover stage dev; API Gateway allows a key in one usage plan per stage/);
  });

  test('plans without common keys share stages freely', () => {
    const model = newModel();
    model.addStage(stage('prod'));
    model.addUsagePlan({ routeThrottles: new Map(), plan: 'App/Gold', keyIds: ['aaaaaaaaaa'] });
    model.addUsagePlan({ routeThrottles: new Map(), plan: 'App/Silver', keyIds: ['bbbbbbbbbb'] });
    model.addUsagePlan({ routeThrottles: new Map() });
    expect(() => apiKeyInOnePlanPerStage(ruleContext(model))).not.toThrow();
  });
});
