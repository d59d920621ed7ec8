import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, Canary, GatewayRestApi, GradualAliasDeployment, Integration } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { newStack } from '../helpers';

/** A stack with an API whose prod canary invokes `next`, the alias CodeDeploy shifts. */
function canaryShift() {
  const stack = newStack();
  const fn = fixtureFunction(stack, 'Fn');
  new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
  const next = new lambda.Alias(stack, 'Next', { aliasName: 'next', version: fn.currentVersion });
  const api = new GatewayRestApi(stack, 'Api', {
    apiName: 'pets',
    defaultAuthorization: Authorization.none(),
    stages: [{ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next' }) }],
  });
  api.addRoute('GET /a', Integration.lambdaAlias(fn));
  return { stack, fn, next, api };
}

describe('GradualAliasDeployment', () => {
  test('CodeDeploy moves the alias, rolled back by the function\'s errors and the API\'s canary 5XX', () => {
    // GIVEN
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    const next = new lambda.Alias(stack, 'Next', { aliasName: 'next', version: fn.currentVersion });
    const api = new GatewayRestApi(stack, 'Api', {
      apiName: 'pets',
      defaultAuthorization: Authorization.none(),
      stages: [{ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next' }) }],
    });
    api.addRoute('GET /a', Integration.lambdaAlias(fn));
    // WHEN CodeDeploy moves the alias the canary invokes
    new GradualAliasDeployment(stack, 'Shift', { alias: next, stage: api.stage('prod'), deploymentConfig: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']) },
      AlarmConfiguration: { Enabled: true, Alarms: [{ Name: { Ref: Match.stringLikeRegexp('^ShiftFunctionErrors') } }, { Name: { Ref: Match.stringLikeRegexp('^ShiftApiErrors') } }] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5XXError', Dimensions: Match.arrayWith([{ Name: 'Stage', Value: 'prod/Canary' }]) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 0 });
    // The alias is now updated by CodeDeploy.
    template.hasResource('AWS::Lambda::Alias', { UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.anyValue() } });
  });

  test('the stage\'s own alias is judged by the stage\'s 5XX; an alias the stage does not invoke is a synth error', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const live = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    const other = new lambda.Alias(stack, 'Other', { aliasName: 'other', version: fn.currentVersion });
    const api = new GatewayRestApi(stack, 'Api', {
      apiName: 'pets',
      defaultAuthorization: Authorization.none(),
      stages: [{ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next' }) }],
    });
    api.addRoute('GET /a', Integration.lambdaAlias(fn));
    new GradualAliasDeployment(stack, 'Shift', { alias: live, stage: api.stage('prod') });
    expect(() => new GradualAliasDeployment(stack, 'Wrong', { alias: other, stage: api.stage('prod') }))
      .toThrow(/stage prod does not invoke alias other \(its lambdaAlias is live, its canary's next\)/);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5XXError', Dimensions: Match.arrayWith([{ Name: 'Stage', Value: 'prod' }]) });
  });

  test('without a stage, only the function\'s errors roll back; canary 10% for 5 minutes by default', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const live = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    const shift = new GradualAliasDeployment(stack, 'Shift', { alias: live });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      AlarmConfiguration: { Alarms: [{ Name: { Ref: Match.stringLikeRegexp('^ShiftFunctionErrors') } }] },
    });
    expect(shift.apiErrorsAlarm).toBeUndefined();
  });

  describe('traffic hooks', () => {
    test('CodeDeploy runs the hooks around the shift: the alias names them, the group\'s role invokes them, and they report on the group', () => {
      // GIVEN
      const { stack, next, api } = canaryShift();
      const pre = fixtureFunction(stack, 'PreTraffic');
      const post = fixtureFunction(stack, 'PostTraffic');
      // WHEN
      new GradualAliasDeployment(stack, 'Shift', { alias: next, stage: api.stage('prod'), preTrafficHook: pre, postTrafficHook: post });
      // THEN
      const template = Template.fromStack(stack);
      template.hasResource('AWS::Lambda::Alias', {
        Properties: { Name: 'next' },
        UpdatePolicy: {
          CodeDeployLambdaAliasUpdate: {
            BeforeAllowTrafficHook: { Ref: Match.stringLikeRegexp('^PreTraffic') },
            AfterAllowTrafficHook: { Ref: Match.stringLikeRegexp('^PostTraffic') },
          },
        },
      });
      const groupArn = Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':deploymentgroup:'])]) });
      for (const hook of ['PreTraffic', 'PostTraffic']) {
        template.hasResourceProperties('AWS::IAM::Policy', {
          Roles: [{ Ref: Match.stringLikeRegexp(`^${hook}ServiceRole`) }],
          PolicyDocument: { Statement: Match.arrayWith([{ Action: 'codedeploy:PutLifecycleEventHookExecutionStatus', Effect: 'Allow', Resource: groupArn }]) },
        });
      }
      const invoke = (hook: string) => ({ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${hook}`), 'Arn'] }]) });
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^ShiftDeploymentGroupServiceRole') }],
        PolicyDocument: { Statement: Match.arrayWith([invoke('PreTraffic'), invoke('PostTraffic')]) },
      });
      expect(lintTemplates([{ name: 'release-hooks', template: template.toJSON() }])).toEqual([]);
    });

    test('without hooks the alias names none, and the API alarm keeps its 1% over one minute', () => {
      const { stack, next, api } = canaryShift();
      new GradualAliasDeployment(stack, 'Shift', { alias: next, stage: api.stage('prod') });
      const template = Template.fromStack(stack);
      expect(JSON.stringify(template.toJSON())).not.toMatch(/PutLifecycleEventHookExecutionStatus|AllowTrafficHook/);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5XXError', Threshold: 0.01, EvaluationPeriods: 1 });
    });

    test.each([
      ['the function itself', (fn: lambda.Function, _next: lambda.Alias) => fn],
      ['the shifted alias', (_fn: lambda.Function, next: lambda.Alias) => next],
      ['another alias of the function', (fn: lambda.Function) => new lambda.Alias(fn, 'Other', { aliasName: 'other', version: fn.currentVersion })],
      ['a version of the function', (fn: lambda.Function) => fn.currentVersion],
      ['an import of the function by its ARN', (fn: lambda.Function) => lambda.Function.fromFunctionArn(fn, 'Imported', 'arn:aws:lambda:eu-west-1:111111111111:function:pets')],
    ])('a hook that is %s is ReleaseHookIsDeployedFunction', (what, hookOf) => {
      const stack = newStack();
      const fn = what.startsWith('an import')
        ? lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:111111111111:function:pets') as lambda.Function
        : fixtureFunction(stack, 'Fn');
      const next = new lambda.Alias(stack, 'Next', { aliasName: 'next', version: what.startsWith('an import') ? lambda.Version.fromVersionArn(stack, 'V', 'arn:aws:lambda:eu-west-1:111111111111:function:pets:3') : fn.currentVersion });
      const hook = hookOf(what.startsWith('an import') ? fixtureFunction(stack, 'Scope') : fn, next);
      expect(() => new GradualAliasDeployment(stack, 'Shift', { alias: next, preTrafficHook: hook }))
        .toThrow(/Test\/Shift: \[ReleaseHookIsDeployedFunction\] preTrafficHook .* the function this deployment shifts; .* must be a function of its own/);
    });

    test('a hook that is an alias CodeDeploy shifts itself is ReleaseHookShifted at synth', () => {
      const { stack, next } = canaryShift();
      const checker = fixtureFunction(stack, 'Checker');
      const checkerLive = new lambda.Alias(stack, 'CheckerLive', { aliasName: 'live', version: checker.currentVersion });
      new GradualAliasDeployment(stack, 'Shift', { alias: next, postTrafficHook: checkerLive });
      new GradualAliasDeployment(stack, 'CheckerShift', { alias: checkerLive });
      expect(() => Template.fromStack(stack)).toThrow(/Test\/Shift: \[ReleaseHookShifted\] postTrafficHook Test\/CheckerLive is an alias that CodeDeploy shifts gradually itself/);
    });
  });

  describe('the API alarm\'s threshold', () => {
    test('a threshold in percent and a number of one-minute periods', () => {
      const { stack, next, api } = canaryShift();
      const shift = new GradualAliasDeployment(stack, 'Shift', { alias: next, stage: api.stage('prod'), apiErrorRateThresholdPercent: 5, apiErrorEvaluationPeriods: 3 });
      Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: '5XXError', Statistic: 'Average', Period: 60, Threshold: 0.05, EvaluationPeriods: 3, ComparisonOperator: 'GreaterThanThreshold',
      });
      expect(shift.apiErrorsAlarm).toBeDefined();
    });

    test.each([
      ['a threshold of 0', { apiErrorRateThresholdPercent: 0 }, /\[GradualDeploymentThresholdZero\] apiErrorRateThresholdPercent 0 is not a threshold/],
      ['a negative threshold', { apiErrorRateThresholdPercent: -1 }, /\[ValueOutOfRange\] apiErrorRateThresholdPercent must be between 0 and 100, got -1/],
      ['a threshold over 100', { apiErrorRateThresholdPercent: 101 }, /\[ValueOutOfRange\] apiErrorRateThresholdPercent must be between 0 and 100, got 101/],
      ['0 evaluation periods', { apiErrorEvaluationPeriods: 0 }, /\[ValueOutOfRange\] apiErrorEvaluationPeriods must be between 1 and 1440, got 0/],
      ['more than a day of periods', { apiErrorEvaluationPeriods: 1441 }, /apiErrorEvaluationPeriods must be between 1 and 1440, got 1441. CloudWatch evaluates one-minute periods over at most a day/],
      ['fractional periods', { apiErrorEvaluationPeriods: 1.5 }, /\[ValueNotWhole\] apiErrorEvaluationPeriods must be a whole number/],
    ])('%s is refused', (_what, options, message) => {
      const { stack, next, api } = canaryShift();
      expect(() => new GradualAliasDeployment(stack, 'Shift', { alias: next, stage: api.stage('prod'), ...options })).toThrow(message);
    });

    test('a threshold without a stage is GradualDeploymentThresholdWithoutStage', () => {
      const { stack, next } = canaryShift();
      expect(() => new GradualAliasDeployment(stack, 'Shift', { alias: next, apiErrorRateThresholdPercent: 2 }))
        .toThrow(/\[GradualDeploymentThresholdWithoutStage\] .* no stage is given; pass stage, or leave them out/);
    });
  });
});
