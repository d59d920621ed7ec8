import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, Canary, CanaryBindOptions, CanaryConfig, GatewayRestApi, ICanary, Integration, StageOptions } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack } from '../helpers';

function build(stage: StageOptions) {
  const stack = newStack();
  const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none(), stages: [stage] });
  const fn = fixtureFunction(stack, 'Fn');
  api.addRoute('GET /a', Integration.lambdaAlias(fn));
  return { stack, api, template: Template.fromStack(stack) };
}

describe('Canary.lambdaAlias', () => {
  test('the canary serves the stage\'s own deployment with the lambdaAlias variable overridden', () => {
    const { template } = build({ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next', variableOverrides: { tier: 'canary' } }) });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as any;
    expect(stage.Properties.CanarySetting).toEqual({
      DeploymentId: stage.Properties.DeploymentId,
      PercentTraffic: 10,
      StageVariableOverrides: { tier: 'canary', lambdaAlias: 'next' },
      UseStageCache: false,
    });
  });

  test('the canary alias gets one permission, scoped to the stage; the stable alias keeps its own', () => {
    const { template } = build({ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 5, lambdaAlias: 'next' }) });
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    for (const alias of ['live', 'next']) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Fn'), 'Arn'] }, `:${alias}`]] },
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/prod/\\*$')])] },
      });
    }
  });

  test('a stage with a canary has the stage-settings resource, which keeps the canary', () => {
    const { template } = build({ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 5, lambdaAlias: 'next' }) });
    const [resource] = Object.values(template.findResources('Custom::ApiGatewayStageSettings')) as any[];
    expect(JSON.parse(resource.Properties.Settings)).toEqual({ apply: [], revert: [], removeCanary: false });
  });

  test('a stage without canary or cache needs no custom resource (removing a canary deletes it, and its delete removes the canary)', () => {
    const { template } = build({ name: 'prod', lambdaAlias: 'live' });
    template.resourceCountIs('Custom::ApiGatewayStageSettings', 0);
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test.each([
    ['a share above 100', { percentTraffic: 100.5, lambdaAlias: 'next' }, /canary percentTraffic must be between 0 and 100, got 100.5/],
    ['a negative share', { percentTraffic: -1, lambdaAlias: 'next' }, /canary percentTraffic must be between 0 and 100/],
    ['an override name with an underscore', { percentTraffic: 1, lambdaAlias: 'next', variableOverrides: { my_var: 'x' } }, /canary variable override name "my_var" is invalid: use 1 to 64 letters and digits/],
    ['an override value with a space', { percentTraffic: 1, lambdaAlias: 'next', variableOverrides: { v: 'a b' } }, /value of canary variable override v "a b" is invalid/],
    ['an alias conflicting with an override', { percentTraffic: 1, lambdaAlias: 'next', variableOverrides: { lambdaAlias: 'other' } }, /canary lambdaAlias "next" conflicts with variableOverrides.lambdaAlias = "other"/],
    ['an invalid alias name', { percentTraffic: 1, lambdaAlias: 'bad alias' }, /value of canary variable override lambdaAlias "bad alias" is invalid|canary override of stage variable lambdaAlias/],
  ])('%s is a synth error', (_what, options, message) => {
    expect(() => build({ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias(options) })).toThrow(message);
  });
});

describe('Canary.deployment', () => {
  test('the stage serves a deployment pinned by its release label; the canary serves the current definition', () => {
    const { template } = build({ name: 'prod', lambdaAlias: 'live', canary: Canary.deployment({ percentTraffic: 20, stableRelease: 'v3' }) });
    const deployments = Object.keys(template.findResources('AWS::ApiGateway::Deployment'));
    expect(deployments).toHaveLength(2);
    const pinned = deployments.find(id => id.startsWith('ApiStageprodStableReleasev3'))!;
    const current = deployments.find(id => id !== pinned)!;
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      DeploymentId: { Ref: pinned },
      CanarySetting: { DeploymentId: { Ref: current }, PercentTraffic: 20, StageVariableOverrides: Match.absent() },
    });
  });

  test('a change of the definition replaces the current deployment only; a new label replaces the pinned one (promotion)', () => {
    const ids = (label: string, extraRoute: boolean) => {
      const stack = new Stack(new App(), 'Test');
      const api = new GatewayRestApi(stack, 'Api', {
        defaultAuthorization: Authorization.none(),
        stages: [{ name: 'prod', lambdaAlias: 'live', canary: Canary.deployment({ percentTraffic: 20, stableRelease: label }) }],
      });
      api.addRoute('GET /a', Integration.lambdaAlias(fixtureFunction(stack, 'Fn')));
      if (extraRoute) {
        api.addRoute('GET /b', Integration.lambda(lambda.Function.fromFunctionArn(stack, 'B', 'arn:aws:lambda:us-east-1:123456789012:function:b')));
      }
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment')).sort();
    };
    const before = ids('v3', false);
    const changed = ids('v3', true);
    const pinnedBefore = before.find(id => id.includes('StableRelease'));
    expect(changed).toContain(pinnedBefore);
    expect(changed.filter(id => !id.includes('StableRelease'))).not.toEqual(before.filter(id => !id.includes('StableRelease')));
    const promoted = ids('v4', true);
    expect(promoted.find(id => id.includes('StableRelease'))).toMatch(/StableReleasev4/);
  });

  test('a release label that cannot be part of a logical id is a synth error', () => {
    expect(() => build({ name: 'prod', lambdaAlias: 'live', canary: Canary.deployment({ percentTraffic: 1, stableRelease: 'v1.2' }) }))
      .toThrow(/canary stableRelease "v1.2" is invalid: use 1 to 64 letters and digits/);
  });
});

describe('a canary the library does not ship (ICanary)', () => {
  test('the stage renders the settings its bind returns, and is the scope it is bound to', () => {
    // GIVEN a canary whose share comes from elsewhere (e.g. a release tool)
    const scopes: unknown[] = [];
    const canary: ICanary = {
      bind: (options: CanaryBindOptions): CanaryConfig => {
        scopes.push(options.scope);
        return { percentTraffic: 25, lambdaAlias: 'next', useStageCache: true };
      },
    };
    // WHEN
    const { api, template } = build({ name: 'prod', lambdaAlias: 'live', canary });
    // THEN
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as any;
    expect(stage.Properties.CanarySetting).toEqual({
      DeploymentId: stage.Properties.DeploymentId, PercentTraffic: 25, StageVariableOverrides: { lambdaAlias: 'next' }, UseStageCache: true,
    });
    expect(scopes).toEqual([api.stage('prod')]);
    expect(api.stage('prod').canaryPercentTraffic).toBe(25);
  });

  test('its settings pass the same checks as the library\'s', () => {
    // GIVEN a canary returning a share over 100 percent / WHEN the stage is made / THEN
    expect(() => build({ name: 'prod', canary: { bind: () => ({ percentTraffic: 150 }) } })).toThrow(/canary percentTraffic/);
    expect(() => build({ name: 'prod', canary: { bind: () => ({ percentTraffic: 5, stableRelease: 'v-1' }) } })).toThrow(/canary stableRelease/);
  });
});
