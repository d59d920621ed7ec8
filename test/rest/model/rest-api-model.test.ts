import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Model, RestAuthorizerConfig } from '../../../lib';
import { newModel, route, SCOPE, stage } from '../model-fixtures';

const AUTHORIZER: RestAuthorizerConfig = { key: 'pool-1', name: 'CognitoPool', securityScheme: { type: 'apiKey' }, callerParameters: [] };

describe('RestApiModel', () => {
  test('memoizes a rendering once per version, and every addition makes a new version', () => {
    // GIVEN
    const model = newModel();
    const compute = jest.fn(() => model.routes.size);
    // WHEN
    const first = model.memo('count', compute);
    const again = model.memo('count', compute);
    model.addRoute(route('GET /pets'));
    const after = model.memo('count', compute);
    // THEN
    expect([first, again, after]).toEqual([0, 0, 1]);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  test.each([
    ['a route', (m: ReturnType<typeof newModel>) => m.addRoute(route('GET /pets'))],
    ['a stage', (m: ReturnType<typeof newModel>) => m.addStage(stage('prod'))],
    ['a usage plan', (m: ReturnType<typeof newModel>) => m.addUsagePlan({ routeThrottles: new Map() })],
    ['a gateway response', (m: ReturnType<typeof newModel>) => m.addGatewayResponse(SCOPE, { type: apigw.ResponseType.THROTTLED, options: {} })],
    ['an authorizer', (m: ReturnType<typeof newModel>) => m.addAuthorizer(SCOPE, AUTHORIZER)],
  ])('adding %s changes the version', (_what, add) => {
    // GIVEN
    const model = newModel();
    const before = model.version;
    // WHEN
    add(model);
    // THEN
    expect(model.version).toBeGreaterThan(before);
  });

  test('routes with the same authorizer configuration share it; two configurations may not share a name', () => {
    // GIVEN
    const model = newModel();
    // WHEN
    const first = model.addAuthorizer(SCOPE, AUTHORIZER);
    const second = model.addAuthorizer(SCOPE, { ...AUTHORIZER });
    // THEN
    expect(first).toEqual({ name: 'CognitoPool', added: true });
    expect(second).toEqual({ name: 'CognitoPool', added: false });
    expect([...model.authorizers.keys()]).toEqual(['pool-1']);
    expect(() => model.addAuthorizer(SCOPE, { ...AUTHORIZER, key: 'pool-2' })).toThrow(/\[AuthorizerNameConflict\]/);
  });

  test('refuses a gateway response type twice and a stage name twice', () => {
    // GIVEN
    const model = newModel();
    model.addGatewayResponse(SCOPE, { type: apigw.ResponseType.THROTTLED, options: {} });
    model.addStage(stage('prod'));
    // THEN
    expect(() => model.addGatewayResponse(SCOPE, { type: apigw.ResponseType.THROTTLED, options: { statusCode: '429' } }))
      .toThrow(/\[GatewayResponseDuplicate\]/);
    expect(() => model.checkStageName(SCOPE, 'prod')).toThrow(/\[StageDuplicate\] stage prod is defined twice/);
    expect(() => model.checkStageName(SCOPE, 'dev')).not.toThrow();
  });

  test('a usage plan covers the stages it names, or every stage', () => {
    // GIVEN
    const model = newModel();
    model.addStage(stage('dev'));
    model.addStage(stage('prod'));
    // THEN
    expect(model.stageNamesOf({ routeThrottles: new Map() })).toEqual(['dev', 'prod']);
    expect(model.stageNamesOf({ stages: ['prod'], routeThrottles: new Map() })).toEqual(['prod']);
    expect(model.caching).toBe(false);
  });

  test('models: the same Model is rendered once; a different model of the same name is refused', () => {
    // GIVEN
    const model = newModel();
    const pet = Model.fromSchema('Pet', { type: apigw.JsonSchemaType.OBJECT });
    const entry = model.entryFor(SCOPE, pet, value => value);
    model.addModel(entry);
    // THEN
    expect(entry.schema).toEqual({ type: 'object' });
    expect(model.entryFor(SCOPE, pet, value => value)).toBe(entry);
    expect(() => model.entryFor(SCOPE, Model.fromSchema('Pet', { type: apigw.JsonSchemaType.STRING }), value => value))
      .toThrow(/\[ModelNameConflict\] two different models are named Pet/);
    expect(model.entryFor(SCOPE, Model.fromSchema('Pet', { type: apigw.JsonSchemaType.OBJECT }), value => value).schema).toEqual({ type: 'object' });
  });
});
