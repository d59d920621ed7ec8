import { REST_API_RULES, validateRestApi } from '../../../lib/rest/validate/validate-rest-api';
import { newModel, route, ruleContext, stage } from '../model-fixtures';

describe('validateRestApi', () => {
  test('runs the rules in order: the first failing rule is reported', () => {
    // GIVEN
    const model = newModel();
    // THEN
    expect(() => validateRestApi(ruleContext(model))).toThrow(/\[ApiWithoutRoutes\]/);
    model.addRoute(route('GET /pets'));
    expect(() => validateRestApi(ruleContext(model))).toThrow(/\[ApiWithoutStages\]/);
    model.addStage(stage('prod'));
    expect(() => validateRestApi(ruleContext(model))).not.toThrow();
  });

  test('takes its own list of rules', () => {
    // GIVEN
    const seen: string[] = [];
    // WHEN
    validateRestApi(ruleContext(newModel()), [() => seen.push('a'), () => seen.push('b')]);
    // THEN
    expect(seen).toEqual(['a', 'b']);
    expect(REST_API_RULES.length).toBeGreaterThan(10);
  });
});
