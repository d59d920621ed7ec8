import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  GatewayHttpApi, HttpApiIntegration, HttpApiIntegrationBindOptions, HttpApiIntegrationConfig, HttpAuthorization,
  HttpAuthorizationBindOptions, HttpAuthorizationConfig, HttpAuthorizationType, IHttpApiIntegration, IHttpAuthorization,
} from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { newStack } from '../helpers';

/** A user-written integration the library does not ship: SQS SendMessage, with aws-cdk-lib's HttpSqsIntegration. */
class SendToQueue implements IHttpApiIntegration {
  public readonly bound: string[] = [];
  constructor(private readonly queue: sqs.IQueue) {}
  public bind(options: HttpApiIntegrationBindOptions): HttpApiIntegrationConfig {
    this.bound.push(options.routeKey);
    return {
      integration: new integrations.HttpSqsIntegration('SendToQueue', { queue: this.queue }),
      shareKey: `sqs|${this.queue.node.path}`,
    };
  }
}

/** A user-written authorizer: a Lambda authorizer with IAM policy responses, which HttpAuthorization.lambda() does not offer. */
class PolicyAuthorizer implements IHttpAuthorization {
  constructor(private readonly handler: lambda.IFunction) {}
  public bind(_options: HttpAuthorizationBindOptions): HttpAuthorizationConfig {
    return {
      authorizer: new authorizers.HttpLambdaAuthorizer('PolicyAuthorizer', this.handler, {
        responseTypes: [authorizers.HttpLambdaResponseType.IAM],
        resultsCacheTtl: Duration.seconds(0),
      }),
      authorizationType: HttpAuthorizationType.LAMBDA,
      shareKey: 'policy-authorizer',
    };
  }
}

describe('the HTTP bind protocol', () => {
  test('a user-written integration and authorizer plug into addRoute; equal share keys share one of each', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    const queue = new sqs.Queue(stack, 'Queue', { enforceSSL: true });
    const toQueue = new SendToQueue(queue);
    const authorization = new PolicyAuthorizer(fixtureFunction(stack, 'Authorizer'));
    // WHEN
    api.addRoute('POST /orders', toQueue, { authorization });
    api.addRoute('POST /returns', toQueue, { authorization });
    // THEN
    expect(toQueue.bound).toEqual(['POST /orders', 'POST /returns']);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'SQS-SendMessage', CredentialsArn: Match.anyValue(),
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'REQUEST', AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: Match.absent() });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /returns', AuthorizationType: 'CUSTOM', AuthorizerId: Match.anyValue() });
    expect(lintTemplates([{ name: 'http-user-plugins', template: template.toJSON() }])).toEqual([]);
  });

  test('any aws-cdk-lib route integration plugs in through a one-line bind', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api', { defaultAuthorization: HttpAuthorization.iam() });
    const fn = fixtureFunction(stack, 'Fn');
    // WHEN
    api.addRoute('GET /fn', { bind: () => ({ integration: new integrations.HttpLambdaIntegration('Fn', fn) }) });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  test('the library\'s factories implement the protocol: bind returns an aws-cdk-lib integration and authorizer', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    const options = { scope: api, api, routeKey: 'GET /a' };
    // WHEN
    const integration = HttpApiIntegration.url('https://example.com/').bind(options);
    const authorization = HttpAuthorization.jwt('https://auth.example.com/', ['api'], { scopes: ['a/read'] }).bind(options);
    // THEN
    expect(integration.integration).toBeInstanceOf(integrations.HttpUrlIntegration);
    expect(authorization.authorizer).toBeInstanceOf(authorizers.HttpJwtAuthorizer);
    expect(authorization.authorizationType).toBe(HttpAuthorizationType.JWT);
    expect(authorization.scopes).toEqual(['a/read']);
    expect(HttpAuthorization.none().bind(options).authorizer).toBeInstanceOf(apigwv2.HttpNoneAuthorizer);
  });

  test.each([
    [{ bind: () => ({}) }, undefined, /\[HttpApiIntegrationUnsupported\] route GET \/a has an integration HTTP APIs cannot run: its bind\(\) returned undefined as its integration/],
    [{ bind: () => ({ integration: new integrations.HttpUrlIntegration('U', 'https://example.com/'), shareKey: {} }) }, undefined, /\[HttpApiIntegrationConfigInvalid\] the integration of route GET \/a returned shareKey/],
    [{ bind: (options: any) => options.route.resource }, undefined, /\[HttpApiIntegrationUnsupported\] route GET \/a has an integration HTTP APIs cannot run: its bind\(\) threw a TypeError \(.*\); if it is a REST integration/],
    [undefined, { bind: (options: any) => options.method.name }, /\[HttpAuthorizationUnsupported\] the authorization of route GET \/a threw a TypeError in bind\(\)/],
    [undefined, {}, /\[ArgumentTypeInvalid\] GatewayHttpApi.addRoute: options.authorization must be an object implementing IHttpAuthorization/],
    [{ bind: () => ({ integration: {} }) }, undefined, /\[HttpApiIntegrationUnsupported\] .*returned \{\} as its integration/],
    [undefined, { bind: () => ({ authorizer: {}, authorizationType: HttpAuthorizationType.NONE }) }, /\[HttpAuthorizationConfigInvalid\] the authorization of route GET \/a returned \{\} from bind\(\) as its authorizer/],
    [undefined, { bind: () => ({ authorizer: new apigwv2.HttpNoneAuthorizer(), authorizationType: 'OPEN' }) }, /\[HttpAuthorizationConfigInvalid\] .*authorizationType "OPEN" from bind\(\); use an HttpAuthorizationType/],
    [undefined, { bind: () => ({ authorizer: new apigwv2.HttpNoneAuthorizer(), authorizationType: HttpAuthorizationType.NONE, scopes: 'a' }) }, /\[HttpAuthorizationConfigInvalid\] .*scopes "a" from bind\(\); return an array of strings/],
    [undefined, { bind: () => ({ authorizer: new apigwv2.HttpNoneAuthorizer(), authorizationType: HttpAuthorizationType.NONE, shareKey: 1 }) }, /\[HttpAuthorizationConfigInvalid\] .*shareKey 1 from bind\(\); return a string/],
    [undefined, { bind: () => ({ authorizer: new authorizers.HttpIamAuthorizer(), authorizationType: HttpAuthorizationType.IAM, scopes: ['a/read'] }) }, /\[RouteScopesWithoutJwt\] route GET \/a asks for scopes/],
    [undefined, { bind: () => ({ authorizer: new apigwv2.HttpNoneAuthorizer(), authorizationType: HttpAuthorizationType.JWT, scopes: ['a b'] }) }, /\[RouteScopeInvalid\]/],
  ])('a config that cannot work fails with the library\'s error: %#', (integration, authorization, message) => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    // WHEN / THEN
    expect(() => api.addRoute('GET /a', (integration ?? HttpApiIntegration.url('https://example.com/')) as any, {
      authorization: (authorization ?? HttpAuthorization.none()) as any,
    })).toThrow(message);
  });
});
