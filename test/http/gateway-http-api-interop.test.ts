import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { MonitoringFacade } from 'cdk-monitoring-constructs';
import { GatewayHttpApi, HttpApiIntegration, HttpAuthorization } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { newStack } from '../helpers';

/** An HTTP API with one route, and the logical id of its AWS::ApiGatewayV2::Api. */
function httpApi(stack: Stack, stages?: Array<{ name: string }>): { api: GatewayHttpApi; apiRef: { Ref: string } } {
  const api = new GatewayHttpApi(stack, 'Api', { stages, defaultAuthorization: HttpAuthorization.iam() });
  api.addRoute('GET /items', HttpApiIntegration.lambda(fixtureFunction(stack, 'Fn')));
  return { api, apiRef: { Ref: stack.getLogicalId(api.httpApi.node.defaultChild as apigwv2.CfnApi) } };
}

/** Where GatewayHttpApi must fit: wherever aws-cdk-lib and other construct libraries take an apigwv2.IHttpApi. */
function takesHttpApi(api: apigwv2.IHttpApi): apigwv2.IHttpApi {
  return api;
}

describe('GatewayHttpApi as an apigwv2.IHttpApi', () => {
  test('an aws-cdk-lib HttpRoute with an HttpLambdaIntegration and an authorizer of its own serves on the API', () => {
    // GIVEN
    const stack = newStack();
    const { api, apiRef } = httpApi(stack);
    const fn = fixtureFunction(stack, 'Other');
    // WHEN
    new apigwv2.HttpRoute(stack, 'L2Route', {
      httpApi: takesHttpApi(api),
      routeKey: apigwv2.HttpRouteKey.with('/other', apigwv2.HttpMethod.POST),
      integration: new integrations.HttpLambdaIntegration('OtherIntegration', fn),
      authorizer: new authorizers.HttpIamAuthorizer(),
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { ApiId: apiRef, RouteKey: 'POST /other', AuthorizationType: 'AWS_IAM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { ApiId: apiRef, IntegrationType: 'AWS_PROXY' });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [stack.getLogicalId(fn.node.defaultChild as any), 'Arn'] },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([apiRef, '/*/*/other'])] },
    });
    expect(lintTemplates([{ name: 'http-l2-route', template: template.toJSON() }])).toEqual([]);
  });

  test('an aws-cdk-lib HttpRoute that names no authorizer fails, naming addRoute', () => {
    // GIVEN
    const stack = newStack();
    const { api } = httpApi(stack);
    // WHEN / THEN: the API's defaultAuthorization applies to addRoute only; a silent public route would be worse
    expect(() => new apigwv2.HttpRoute(stack, 'L2Route', {
      httpApi: api,
      routeKey: apigwv2.HttpRouteKey.with('/open'),
      integration: new integrations.HttpUrlIntegration('Open', 'https://example.com/'),
    })).toThrow(/\[HttpRouteWithoutAuthorizer\] .*use addRoute\(\), or pass authorizer to the HttpRoute/);
  });

  test('an apigwv2.ApiMapping maps a custom domain to a stage, or to the $default stage', () => {
    // GIVEN
    const stack = newStack();
    const { api, apiRef } = httpApi(stack, [{ name: '$default' }, { name: 'beta' }]);
    const domainName = new apigwv2.DomainName(stack, 'Domain', {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    });
    // WHEN
    new apigwv2.ApiMapping(stack, 'Beta', { api, domainName, stage: api.stage('beta'), apiMappingKey: 'beta' });
    new apigwv2.ApiMapping(stack, 'Root', { api, domainName });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ApiGatewayV2::ApiMapping', {
      Properties: { ApiId: apiRef, Stage: 'beta', ApiMappingKey: 'beta' },
      DependsOn: [stack.getLogicalId(api.stage('beta').node.defaultChild as apigwv2.CfnStage)],
    });
    template.hasResource('AWS::ApiGatewayV2::ApiMapping', {
      Properties: { ApiId: apiRef, Stage: '$default', ApiMappingKey: Match.absent() },
      DependsOn: [stack.getLogicalId(api.stage('$default').node.defaultChild as apigwv2.CfnStage)],
    });
    expect(api.defaultStage?.stageName).toBe('$default');
    expect(lintTemplates([{ name: 'http-api-mapping', template: template.toJSON() }])).toEqual([]);
  });

  test('an API without a $default stage has no defaultStage, so an ApiMapping must name its stage', () => {
    // GIVEN
    const stack = newStack();
    const { api } = httpApi(stack, [{ name: 'prod' }]);
    const domainName = apigwv2.DomainName.fromDomainNameAttributes(stack, 'Domain', {
      name: 'api.example.com', regionalDomainName: 'd-abc.execute-api.eu-west-1.amazonaws.com', regionalHostedZoneId: 'Z123',
    });
    // THEN
    expect(api.defaultStage).toBeUndefined();
    expect(() => new apigwv2.ApiMapping(stack, 'Root', { api, domainName })).toThrow(/stage property must be specified/);
  });

  test('metrics of the API and of its stages, execute-api ARNs and the endpoint are those of the underlying HttpApi', () => {
    // GIVEN
    const stack = newStack();
    const { api, apiRef } = httpApi(stack, [{ name: 'prod' }]);
    // WHEN
    const apiErrors = api.metricServerError();
    const stage: apigwv2.IHttpStage = api.stage('prod');
    const stageLatency = stage.metricLatency();
    // THEN
    expect(stack.resolve(apiErrors.dimensions)).toEqual({ ApiId: apiRef });
    expect(apiErrors.metricName).toBe('5xx');
    expect(stack.resolve(stageLatency.dimensions)).toEqual({ ApiId: apiRef, Stage: 'prod' });
    expect(api.metricCount().statistic).toBe('SampleCount');
    expect(stack.resolve(api.arnForExecuteApi('GET', '/items', 'prod'))).toEqual(stack.resolve(api.httpApi.arnForExecuteApi('GET', '/items', 'prod')));
    expect(() => api.arnForExecuteApi('GET', 'items')).toThrow(/\[ExecuteApiPathInvalid\] path "items" must start with "\/"/);
    expect(stack.resolve(api.apiEndpoint)).toEqual({ 'Fn::GetAtt': [apiRef.Ref, 'ApiEndpoint'] });
    expect(api.httpApiId).toBe(api.apiId);
    expect(stack.resolve(api.apiRef.apiId)).toEqual(apiRef);
    expect(api.isHttpApi).toBe(true);
    expect(api.stack).toBe(stack);
  });

  test('an L2 route granted through the API\'s execute-api ARN lets a role invoke it', () => {
    // GIVEN
    const stack = newStack();
    const { api } = httpApi(stack, [{ name: 'prod' }]);
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    role.addToPolicy(new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [api.arnForExecuteApi('GET', '/items', 'prod')] }));
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'execute-api:Invoke', Resource: { 'Fn::Join': ['', Match.arrayWith(['/prod/GET/items'])] } })] },
    });
  });

  test('cdk-monitoring-constructs monitors a GatewayHttpApi as it monitors an HttpApi', () => {
    // GIVEN
    const stack = newStack();
    const { api, apiRef } = httpApi(stack);
    // WHEN
    new MonitoringFacade(stack, 'Monitoring').monitorApiGatewayV2HttpApi({
      api,
      alarmFriendlyName: 'Items',
      add5xxCountAlarm: { Critical: { maxErrorCount: 5 } },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({
        MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx', Dimensions: Match.arrayWith([{ Name: 'ApiId', Value: apiRef }]) }) }),
      })]),
    });
    template.resourcePropertiesCountIs('AWS::CloudWatch::Dashboard', {}, 1);
    expect(lintTemplates([{ name: 'http-monitoring', template: template.toJSON() }])).toEqual([]);
  });

  test('applyRemovalPolicy reaches the underlying HttpApi', () => {
    // GIVEN
    const stack = newStack();
    const { api } = httpApi(stack);
    // WHEN
    api.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // THEN
    Template.fromStack(stack).hasResource('AWS::ApiGatewayV2::Api', { DeletionPolicy: 'Retain' });
    expect(() => api.applyRemovalPolicy('keep' as any)).toThrow(/\[ValueNotInSet\] removal policy "keep"/);
  });
});
