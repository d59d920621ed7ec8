import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, Canary, GatewayRestApi, GradualAliasDeployment, Integration } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack } from '../helpers';

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
});
