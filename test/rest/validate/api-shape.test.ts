import { apiHasRoutes, apiHasStages, resourceQuota } from '../../../lib/rest/validate/api-shape';
import { newModel, route, ruleContext, stage } from '../model-fixtures';

describe('api shape rules', () => {
  test('ApiWithoutRoutes and ApiWithoutStages', () => {
    // GIVEN
    const model = newModel();
    // THEN
    expect(() => apiHasRoutes(ruleContext(model))).toThrow(/\[ApiWithoutRoutes\]/);
    expect(() => apiHasStages(ruleContext(model))).toThrow(/\[ApiWithoutStages\]/);
    model.addRoute(route('GET /pets'));
    model.addStage(stage('prod'));
    expect(() => apiHasRoutes(ruleContext(model))).not.toThrow();
    expect(() => apiHasStages(ruleContext(model))).not.toThrow();
  });

  test('warns past 300 resources, counting every parent path', () => {
    // GIVEN
    const model = newModel();
    for (let i = 0; i < 150; i++) {
      model.addRoute(route(`GET /p${i}/{id}`));
    }
    const context = ruleContext(model);
    // WHEN
    resourceQuota(context);
    // THEN
    expect(context.warnings).toEqual([expect.stringMatching(/^cdk-apigateway-patterns:resourceQuota: 301 resources/)]);
  });
});
