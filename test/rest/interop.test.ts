import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MonitoringFacade } from 'cdk-monitoring-constructs';
import { GatewayRestApi, Integration } from '../../lib';
import { lintTemplates, NamedTemplate } from '../harness/cfn-lint';
import { newStack, PUBLIC } from '../helpers';

/** Every template the tests below synthesize, linted once at the end (cfn-lint's start-up dominates its cost). */
const linted: NamedTemplate[] = [];
function template(stack: Stack, name: string): Template {
  const synthesized = Template.fromStack(stack);
  linted.push({ name, template: synthesized.toJSON() });
  return synthesized;
}

/** A REST API named `pets` with stages beta and prod and one route. */
function petsApi(stack: Stack = newStack()): { stack: Stack; api: GatewayRestApi } {
  const api = new GatewayRestApi(stack, 'Pets', { apiName: 'pets', stages: [{ name: 'beta' }, { name: 'prod' }] });
  api.addRoute('GET /pets', Integration.mock(), PUBLIC);
  return { stack, api };
}

/** What a construct written for aws-cdk-lib's REST APIs sees: only the interface. */
function asRestApi(api: apigw.IRestApi): apigw.IRestApi {
  return api;
}

function logicalIdOf(stack: Stack, resource: { logicalId: string }): string {
  return stack.resolve(resource.logicalId);
}

describe('GatewayRestApi as an apigw.IRestApi', () => {
  test('its attributes are the RestApi\'s id, name and root resource id', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    const rest = asRestApi(api);
    // THEN
    const restApiLogicalId = logicalIdOf(stack, api.resource);
    expect(stack.resolve(rest.restApiId)).toEqual({ Ref: restApiLogicalId });
    expect(stack.resolve(rest.restApiRef.restApiId)).toEqual({ Ref: restApiLogicalId });
    expect(rest.restApiName).toBe('pets');
    expect(stack.resolve(rest.restApiRootResourceId)).toEqual({ 'Fn::GetAtt': [restApiLogicalId, 'RootResourceId'] });
    expect(rest.env).toEqual({ account: stack.account, region: stack.region });
    expect(rest.stack).toBe(stack);
    expect(stack.resolve(rest.arnForExecuteApi('GET', '/pets', 'prod'))).toEqual(stack.resolve(api.arnForExecuteApi('GET', '/pets', 'prod')));
  });

  test('latestDeployment is an apigw.Deployment of the deployment every stage points at', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    const deployment = asRestApi(api).latestDeployment!;
    // THEN
    expect(deployment).toBeInstanceOf(apigw.Deployment);
    expect(deployment.api).toBe(api);
    const deploymentLogicalId = logicalIdOf(stack, api.deployment);
    expect(stack.resolve(deployment.deploymentId)).toEqual({ Ref: deploymentLogicalId });
    template(stack, 'latest-deployment').hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'prod', DeploymentId: { Ref: deploymentLogicalId } });
  });

  test('latestDeployment.addToLogicalId changes the deployment\'s logical id, as on any apigw.Deployment', () => {
    // GIVEN
    const deploymentIds = (add?: string) => {
      const { stack, api } = petsApi();
      if (add !== undefined) {
        api.latestDeployment!.addToLogicalId({ setting: add });
      }
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'));
    };
    // WHEN
    const [plain] = deploymentIds();
    const [withA] = deploymentIds('a');
    const [withB] = deploymentIds('b');
    // THEN
    expect(new Set([plain, withA, withB]).size).toBe(3);
    expect(withA).toEqual(deploymentIds('a')[0]);
    expect(plain.slice(0, -10)).toEqual(withA.slice(0, -10));
  });

  test('addToLogicalId fails once the deployment is locked for synthesis', () => {
    // GIVEN
    const { api } = petsApi();
    const deployment = api.latestDeployment!;
    // WHEN
    deployment.node.lock();
    // THEN
    expect(() => deployment.addToLogicalId('late')).toThrow(/\[DeploymentLogicalIdLocked\]/);
  });

  test('deploymentStage is the first stage, a real apigw.Stage; it can be set to another stage of the API', () => {
    // GIVEN
    const { api } = petsApi();
    const rest = asRestApi(api);
    // THEN
    expect(rest.deploymentStage).toBeInstanceOf(apigw.Stage);
    expect(rest.deploymentStage).toBe(api.stage('beta'));
    expect(rest.deploymentStage.stageName).toBe('beta');
    expect(rest.deploymentStage.restApi).toBe(api);
    // WHEN
    rest.deploymentStage = api.stage('prod');
    // THEN
    expect(rest.deploymentStage.stageName).toBe('prod');
  });

  test('deploymentStage cannot be set to a stage of another API', () => {
    // GIVEN
    const { stack, api } = petsApi();
    const { api: other } = petsApi(new Stack(new App(), 'Other'));
    // THEN
    expect(() => { api.deploymentStage = other.stage('prod'); }).toThrow(/\[DeploymentStageForeign\].*beta, prod.*api\.stage\(name\)/);
    expect(api.deploymentStage).toBe(api.stage('beta'));
    expect(stack.node.path).toBe('Test');
  });

  test('deploymentStage of an API without stages fails with the fix', () => {
    // GIVEN
    const api = new GatewayRestApi(newStack(), 'Empty', { stages: [] });
    // THEN
    expect(() => api.deploymentStage).toThrow(/\[DeploymentStageMissing\].*addStage\(\)/);
  });

  test('applyRemovalPolicy applies to the RestApi', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    asRestApi(api).applyRemovalPolicy(RemovalPolicy.RETAIN);
    // THEN
    template(stack, 'removal-policy').hasResource('AWS::ApiGateway::RestApi', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('root: read-only, since the API is defined by its OpenAPI body', () => {
  test('path, api and resourceId (the RestApi\'s RootResourceId) work', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    const root = asRestApi(api).root;
    // THEN
    expect(root.path).toBe('/');
    expect(root.api).toBe(api);
    expect(root.parentResource).toBeUndefined();
    expect(root.getResource('pets')).toBeUndefined();
    expect(stack.resolve(root.resourceId)).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, api.resource), 'RootResourceId'] });
    expect(stack.resolve(root.resourceRef)).toEqual({ restApiId: stack.resolve(api.restApiId), resourceId: stack.resolve(root.resourceId) });
  });

  test.each<[string, (root: apigw.IResource) => unknown, RegExp]>([
    ['addMethod', root => root.addMethod('get', new apigw.MockIntegration()), /root\.addMethod\("get"\).*api\.addRoute\('GET \/', integration/],
    ['addResource', root => root.addResource('pets'), /root\.addResource\("pets"\).*api\.addRoute\('GET \/pets'/],
    ['resourceForPath', root => root.resourceForPath('/pets/{id}'), /api\.addRoute\('GET \/pets\/\{id\}'/],
    ['addProxy', root => root.addProxy(), /api\.addRoute\('ANY \/\{proxy\+\}'/],
    ['addCorsPreflight', root => root.addCorsPreflight({ allowOrigins: ['https://example.com'] }), /cors option.*addRoute/],
  ])('root.%s fails with [RestApiDefinedByBody] naming addRoute, and adds nothing', (_name, operation, message) => {
    // GIVEN
    const { stack, api } = petsApi();
    // THEN
    expect(() => operation(asRestApi(api).root)).toThrow(/\[RestApiDefinedByBody\]/);
    expect(() => operation(asRestApi(api).root)).toThrow(message);
    const synthesized = template(stack, 'root-unchanged');
    synthesized.resourceCountIs('AWS::ApiGateway::Method', 0);
    synthesized.resourceCountIs('AWS::ApiGateway::Resource', 0);
  });

  test.each<[string, (stack: Stack, api: GatewayRestApi) => void, RegExp]>([
    ['apigw.Method', (stack, api) => new apigw.Method(stack, 'L2Method', { resource: api.root, httpMethod: 'POST' }), /apigw\.Method POST on \/ .*api\.addRoute\('POST \/'/],
    ['apigw.Resource', (stack, api) => new apigw.Resource(stack, 'L2Resource', { parent: api.root, pathPart: 'toys' }), /apigw\.Resource \/toys .*api\.addRoute\('GET \/toys'/],
  ])('an %s made on root directly fails synth with [RestApiDefinedByBody] naming addRoute', (_name, make, message) => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    make(stack, api);
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[RestApiDefinedByBody\]/);
    expect(() => Template.fromStack(stack)).toThrow(message);
  });

  test('root.applyRemovalPolicy points at the API', () => {
    // GIVEN
    const { api } = petsApi();
    // THEN
    expect(() => api.root.applyRemovalPolicy(RemovalPolicy.RETAIN)).toThrow(/\[RootResourceRemovalPolicy\].*api\.applyRemovalPolicy/);
  });
});

describe('metrics, as apigw.RestApi and apigw.Stage make them', () => {
  test('the API\'s metrics have dimension ApiName and RestApi\'s statistics over 5 minutes', () => {
    // GIVEN
    const { api } = petsApi();
    // WHEN
    const metrics: Array<[cloudwatch.Metric, string, string]> = [
      [api.metricClientError(), '4XXError', 'Sum'],
      [api.metricServerError(), '5XXError', 'Sum'],
      [api.metricCacheHitCount(), 'CacheHitCount', 'Sum'],
      [api.metricCacheMissCount(), 'CacheMissCount', 'Sum'],
      [api.metricCount(), 'Count', 'SampleCount'],
      [api.metricIntegrationLatency(), 'IntegrationLatency', 'Average'],
      [api.metricLatency(), 'Latency', 'Average'],
      [api.metric('4XXError', { statistic: 'p90' }), '4XXError', 'p90'],
    ];
    // THEN
    for (const [metric, name, statistic] of metrics) {
      expect(metric.namespace).toBe('AWS/ApiGateway');
      expect(metric.metricName).toBe(name);
      expect(metric.dimensions).toEqual({ ApiName: 'pets' });
      expect(metric.statistic).toBe(statistic);
      expect(metric.period.toMinutes()).toBe(5);
    }
  });

  test('an alarm on an API metric and on a stage metric names the API, and the stage', () => {
    // GIVEN
    const { stack, api } = petsApi();
    const stage: apigw.IStage & { metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric } = api.stage('prod');
    // WHEN
    api.metricServerError({ period: Duration.minutes(1) }).createAlarm(stack, 'ApiErrors', { threshold: 1, evaluationPeriods: 1 });
    stage.metricServerError().createAlarm(stack, 'StageErrors', { threshold: 0.05, evaluationPeriods: 1 });
    // THEN
    const synthesized = template(stack, 'metric-alarms');
    synthesized.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Statistic: 'Sum', Period: 60, Dimensions: [{ Name: 'ApiName', Value: 'pets' }],
    });
    synthesized.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: Match.arrayWith([{ Name: 'ApiName', Value: 'pets' }, { Name: 'Stage', Value: 'prod' }]),
    });
  });
});

describe('GatewayStage as an apigw.IStage', () => {
  test('stageName, restApi, stageArn, stageRef and urlForPath', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    const stage: apigw.IStage = api.stage('prod');
    // THEN
    expect(stage.stageName).toBe('prod');
    expect(stage.restApi).toBe(api);
    expect(stack.resolve(stage.stageRef)).toEqual({ stageName: 'prod', restApiId: stack.resolve(api.restApiId) });
    expect(JSON.stringify(stack.resolve(api.stage('prod').stageArn))).toContain(':apigateway:');
    expect(JSON.stringify(stack.resolve(api.stage('prod').stageArn))).toContain('/stages/');
    expect(stack.resolve(api.stage('prod').urlForPath())).toEqual(stack.resolve(api.stage('prod').url));
  });

  test('stage.addApiKey (apigw.StageBase\'s) makes a key for the stage', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    api.stage('prod').addApiKey('PartnerKey');
    // THEN
    template(stack, 'stage-api-key').hasResourceProperties('AWS::ApiGateway::ApiKey', {
      Enabled: true,
      StageKeys: [{ RestApiId: { Ref: logicalIdOf(stack, api.resource) }, StageName: 'prod' }],
    });
  });
});

describe('aws-cdk-lib constructs that take an IRestApi', () => {
  test('apigw.UsagePlan.addApiStage with the API and its stage', () => {
    // GIVEN
    const { stack, api } = petsApi();
    const stage = api.stage('prod');
    // WHEN
    const plan = new apigw.UsagePlan(stack, 'L2Plan', { throttle: { rateLimit: 10, burstLimit: 20 } });
    plan.addApiStage({ api, stage });
    // The stage's name is a literal: the plan must be told to wait for the stage.
    plan.node.addDependency(stage);
    // THEN
    template(stack, 'l2-usage-plan').hasResource('AWS::ApiGateway::UsagePlan', {
      Properties: {
        ApiStages: [{ ApiId: { Ref: logicalIdOf(stack, api.resource) }, Stage: 'prod' }],
        Throttle: { RateLimit: 10, BurstLimit: 20 },
      },
      DependsOn: Match.arrayWith([logicalIdOf(stack, stage.resource)]),
    });
  });

  test('apigw.BasePathMapping and DomainName.addBasePathMapping with the API and its stage', () => {
    // GIVEN
    const { stack, api } = petsApi();
    const domain = new apigw.DomainName(stack, 'Domain', {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    // WHEN
    const v1 = new apigw.BasePathMapping(stack, 'V1', { domainName: domain, restApi: api, basePath: 'v1', stage: api.deploymentStage });
    v1.node.addDependency(api.deploymentStage);
    const v2 = domain.addBasePathMapping(api, { basePath: 'v2', stage: api.stage('prod') });
    v2.node.addDependency(api.stage('prod'));
    // THEN
    const synthesized = template(stack, 'l2-base-path-mapping');
    const restApiId = { Ref: logicalIdOf(stack, api.resource) };
    synthesized.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'v1', RestApiId: restApiId, Stage: 'beta' });
    synthesized.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'v2', RestApiId: restApiId, Stage: 'prod' });
  });

  test('AgentCore GatewayTarget.forApiGateway targets the API\'s id and its deployment stage, and may invoke only that stage', () => {
    // GIVEN
    const { stack, api } = petsApi();
    api.deploymentStage = api.stage('prod');
    const gateway = new agentcore.Gateway(stack, 'AgentGateway', { gatewayName: 'pets-gateway' });
    // WHEN
    agentcore.GatewayTarget.forApiGateway(stack, 'PetsTarget', {
      gateway,
      restApi: api,
      apiGatewayToolConfiguration: { toolFilters: [{ filterPath: '/pets', methods: [agentcore.ApiGatewayHttpMethod.GET] }] },
    });
    // THEN
    const synthesized = template(stack, 'agentcore-target');
    synthesized.hasResourceProperties('AWS::BedrockAgentCore::GatewayTarget', {
      TargetConfiguration: { Mcp: { ApiGateway: Match.objectLike({ RestApiId: { Ref: logicalIdOf(stack, api.resource) }, Stage: 'prod' }) } },
    });
    synthesized.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'execute-api:Invoke', Resource: stack.resolve(api.arnForExecuteApi('*', '/*', 'prod')) })]) },
    });
  });
});

describe('cdk-monitoring-constructs', () => {
  test('MonitoringFacade.monitorApiGateway: alarms and dashboard widgets name the API and the stage', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    new MonitoringFacade(stack, 'Monitoring').monitorApiGateway({
      api,
      apiStage: 'prod',
      add5XXFaultRateAlarm: { Warning: { maxErrorRate: 0.01 } },
      addLatencyP99Alarm: { Warning: { maxLatency: Duration.seconds(2) } },
    });
    // THEN
    const synthesized = template(stack, 'monitoring-facade');
    const alarms = Object.values(synthesized.findResources('AWS::CloudWatch::Alarm')).map(alarm => JSON.stringify(alarm));
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm).toContain('"Name":"ApiName","Value":"pets"');
      expect(alarm).toContain('"Name":"Stage","Value":"prod"');
    }
    const dashboards = Object.values(synthesized.findResources('AWS::CloudWatch::Dashboard')).map(dashboard => JSON.stringify(stack.resolve(dashboard)));
    expect(dashboards.length).toBeGreaterThan(0);
    expect(dashboards.some(body => body.includes('\\"ApiName\\",\\"pets\\",\\"Stage\\",\\"prod\\"'))).toBe(true);
  });

  test('without apiStage it monitors the API\'s deploymentStage', () => {
    // GIVEN
    const { stack, api } = petsApi();
    // WHEN
    new MonitoringFacade(stack, 'Monitoring').monitorApiGateway({ api, add5XXFaultRateAlarm: { Warning: { maxErrorRate: 0.01 } } });
    // THEN
    const alarm = JSON.stringify(Object.values(template(stack, 'monitoring-default-stage').findResources('AWS::CloudWatch::Alarm'))[0]);
    expect(alarm).toContain('"Name":"Stage","Value":"beta"');
  });
});

afterAll(() => {
  // THEN every template above is valid CloudFormation
  expect(lintTemplates(linted)).toEqual([]);
});
