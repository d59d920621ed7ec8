import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  GatewayWebSocketApi, IWebSocketAuthorization, WebSocketAuthorization, WebSocketAuthorizationBindOptions, WebSocketAuthorizationConfig,
} from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { newStack } from '../helpers';

function webSocketApi(
  stack: Stack, connectAuthorization: IWebSocketAuthorization = WebSocketAuthorization.iam(),
): { api: GatewayWebSocketApi; apiRef: { Ref: string } } {
  const api = new GatewayWebSocketApi(stack, 'Api', { connectHandler: fixtureFunction(stack, 'Connect'), connectAuthorization });
  return { api, apiRef: { Ref: stack.getLogicalId(api.webSocketApi.node.defaultChild as apigwv2.CfnApi) } };
}

/** Where GatewayWebSocketApi must fit: wherever aws-cdk-lib and other construct libraries take an apigwv2.IWebSocketApi. */
function takesWebSocketApi(api: apigwv2.IWebSocketApi): apigwv2.IWebSocketApi {
  return api;
}

/** A user-written $connect authorizer: a Lambda authorizer that reads a header and a query string, named by the user. */
class TicketAuthorization implements IWebSocketAuthorization {
  public boundTo?: apigwv2.IWebSocketApi;
  constructor(private readonly stack: Stack) {}
  public bind(options: WebSocketAuthorizationBindOptions): WebSocketAuthorizationConfig {
    this.boundTo = options.api;
    return {
      authorizer: new authorizers.WebSocketLambdaAuthorizer('Ticket', fixtureFunction(this.stack, 'TicketChecker'), {
        identitySource: ['route.request.header.Origin', 'route.request.querystring.ticket'],
      }),
    };
  }
}

describe('GatewayWebSocketApi as an apigwv2.IWebSocketApi', () => {
  test('its stage is an apigwv2.IWebSocketStage: grantManagementApiAccess and metrics work as on an L2 stage', () => {
    // GIVEN
    const stack = newStack();
    const { api, apiRef } = webSocketApi(stack);
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const stage: apigwv2.IWebSocketStage = api.stage;
    // WHEN
    api.stage.grantManagementApiAccess(backend);
    const connects = stage.metric('ConnectCount', { statistic: 'Sum' });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(backend.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'execute-api:ManageConnections', Resource: { 'Fn::Join': ['', Match.arrayWith([apiRef, '/prod/*/@connections/*'])] } })] },
    });
    expect(stack.resolve(connects.dimensions)).toEqual({ ApiId: apiRef, Stage: 'prod' });
    expect(stack.resolve(stage.callbackUrl)).toEqual(stack.resolve(api.callbackUrl));
  });

  test('the API\'s own grantManageConnections and metrics, endpoint and reference are the underlying WebSocketApi\'s', () => {
    // GIVEN
    const stack = newStack();
    const { api, apiRef } = webSocketApi(stack);
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    // WHEN
    const asL2 = takesWebSocketApi(api);
    api.grantManageConnections(backend);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(backend.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'execute-api:ManageConnections' })] },
    });
    expect(stack.resolve(asL2.metric('MessageCount').dimensions)).toEqual({ ApiId: apiRef });
    expect(stack.resolve(asL2.apiEndpoint)).toEqual({ 'Fn::GetAtt': [apiRef.Ref, 'ApiEndpoint'] });
    expect(stack.resolve(asL2.apiRef.apiId)).toEqual(apiRef);
    expect(api.isWebsocketApi).toBe(true);
    expect(() => api.applyRemovalPolicy('keep' as any)).toThrow(/\[ValueNotInSet\] removal policy "keep"/);
    expect(api.stack).toBe(stack);
  });

  test('an apigwv2.ApiMapping maps a custom domain to the API and its stage', () => {
    // GIVEN
    const stack = newStack();
    const { api, apiRef } = webSocketApi(stack);
    const domainName = new apigwv2.DomainName(stack, 'Domain', {
      domainName: 'ws.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    });
    // WHEN
    new apigwv2.ApiMapping(stack, 'Mapping', { api, domainName, stage: api.stage });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiId: apiRef, Stage: 'prod' });
    expect(lintTemplates([{ name: 'websocket-api-mapping', template: template.toJSON() }])).toEqual([]);
  });

  test('a user-written IWebSocketAuthorization guards $connect, bound to the finished API', () => {
    // GIVEN
    const stack = newStack();
    const authorization = new TicketAuthorization(stack);
    // WHEN
    const { api, apiRef } = webSocketApi(stack, authorization);
    // THEN
    expect(authorization.boundTo).toBe(api);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ApiId: apiRef, AuthorizerType: 'REQUEST', IdentitySource: ['route.request.header.Origin', 'route.request.querystring.ticket'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$connect', AuthorizationType: 'CUSTOM', AuthorizerId: Match.anyValue() });
    expect(lintTemplates([{ name: 'websocket-user-authorizer', template: template.toJSON() }])).toEqual([]);
  });

  test('an authorization whose bind returns no authorizer it can use fails with the library\'s error', () => {
    // GIVEN
    const stack = newStack();
    // WHEN / THEN
    expect(() => webSocketApi(stack, { bind: () => ({ authorizer: {} as any }) }))
      .toThrow(/\[WebSocketAuthorizationConfigInvalid\] connectAuthorization returned \{\} from bind\(\) as its authorizer/);
    expect(() => webSocketApi(newStack(), { bind: (options: any) => options.route.id }))
      .toThrow(/\[WebSocketAuthorizationUnsupported\] connectAuthorization threw a TypeError in bind\(\)/);
    expect(() => webSocketApi(newStack(), {} as any)).toThrow(/\[ArgumentTypeInvalid\] GatewayWebSocketApi: props.connectAuthorization must be an object implementing IWebSocketAuthorization/);
  });
});
