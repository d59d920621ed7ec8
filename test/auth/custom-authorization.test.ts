import { Aws, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AuthorizationType, CacheSize, GatewayRestApi, Integration, IRestAuthorization, RestAuthorizationBindOptions, RestAuthorizationConfig,
  RestParameterLocation,
} from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack, restApiBody } from '../helpers';

/**
 * An authorizer the library does not ship, written as a user would (the
 * README's example): a Lambda token authorizer reading a tenant key from
 * `X-Tenant-Key`, with its own security scheme, through nothing but the
 * public protocol.
 */
class TenantKeyAuthorization implements IRestAuthorization {
  private readonly handler: lambda.IFunction;

  constructor(handler: lambda.IFunction) {
    this.handler = handler;
  }

  public bind(options: RestAuthorizationBindOptions): RestAuthorizationConfig {
    options.permissions.grantAuthorizerInvoke(this.handler);
    // The keys are API Gateway's own (x-amazon-apigateway-authorizer), spelled as it spells them.
    const authorizer: { [key: string]: any } = {
      type: 'token',
      authorizerUri: 'arn:' + Aws.PARTITION + ':apigateway:' + Aws.REGION + ':lambda:path/2015-03-31/functions/' + this.handler.functionArn + '/invocations',
      authorizerResultTtlInSeconds: 300,
    };
    return {
      authorizationType: AuthorizationType.LAMBDA,
      authorizer: {
        name: 'TenantKeyAuthorizer',
        key: 'tenant-key|' + this.handler.functionArn,
        securityScheme: {
          'type': 'apiKey',
          'name': 'X-Tenant-Key',
          'in': 'header',
          'x-amazon-apigateway-authtype': 'custom',
          'x-amazon-apigateway-authorizer': authorizer,
        },
        callerParameters: [{ location: RestParameterLocation.HEADER, name: 'X-Tenant-Key' }],
      },
    };
  }
}

/** An authorization returning whatever config it is given, for the checks of what bind returns. */
const returning = (config: unknown): IRestAuthorization => ({ bind: () => config as RestAuthorizationConfig });

describe('a user-written authorizer (IRestAuthorization)', () => {
  test('its security scheme is rendered once, two routes share it, and its function gets one permission for authorizers', () => {
    // GIVEN an API whose routes are authorized by the user's authorizer
    const stack = newStack();
    const authFn = fixtureFunction(stack, 'TenantAuth');
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: new TenantKeyAuthorization(authFn) });

    // WHEN two routes use it, one through the default and one through its own (equal) object
    api.addRoute('GET /pets', Integration.mock());
    api.addRoute('POST /pets', Integration.mock(), { authorization: new TenantKeyAuthorization(authFn) });

    // THEN the body has its security scheme, as bind returned it
    const template = Template.fromStack(stack);
    const body = restApiBody(template);
    expect(Object.keys(body.components.securitySchemes)).toEqual(['TenantKeyAuthorizer']);
    expect(body.components.securitySchemes.TenantKeyAuthorizer).toEqual({
      'type': 'apiKey',
      'name': 'X-Tenant-Key',
      'in': 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': {
        type: 'token',
        authorizerUri: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/',
            { 'Fn::GetAtt': [stack.getLogicalId(authFn.node.defaultChild as lambda.CfnFunction), 'Arn'] }, '/invocations']],
        },
        authorizerResultTtlInSeconds: 300,
      },
    });
    // AND both routes require it
    expect(body.paths['/pets'].get.security).toEqual([{ TenantKeyAuthorizer: [] }]);
    expect(body.paths['/pets'].post.security).toEqual([{ TenantKeyAuthorizer: [] }]);
    // AND its function has one permission, for this API's authorizers only
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TenantAuth'), 'Arn'] },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/\\*$')])] },
    });
  });

  test('a cached route keys its cache on the caller parameters the authorizer names', () => {
    // GIVEN a stage with a cache
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', cache: { size: CacheSize.GB_0_5, ttl: Duration.minutes(5) } }] });

    // WHEN a GET route is authorized by the user's authorizer
    api.addRoute('GET /pets', Integration.mock(), { authorization: new TenantKeyAuthorization(fixtureFunction(stack, 'TenantAuth')) });

    // THEN the tenant key header is part of its cache key, so tenants never see each other's responses
    const integration = restApiBody(Template.fromStack(stack)).paths['/pets'].get['x-amazon-apigateway-integration'];
    expect(integration.cacheKeyParameters).toEqual(['method.request.header.X-Tenant-Key']);
  });

  test('a route refused after its authorizer was bound (a name clash) grants nothing', () => {
    // GIVEN a route with the user's authorizer
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), { authorization: returning({ authorizationType: AuthorizationType.NONE }) });
    const authorization = new TenantKeyAuthorization(fixtureFunction(stack, 'TenantAuth'));

    api.addRoute('GET /a', Integration.mock(), { authorization });

    // WHEN a route's authorizer of another function takes the same name, and is refused after binding
    const otherFn = fixtureFunction(stack, 'OtherAuth');
    const clash: IRestAuthorization = {
      bind: options => {
        const config = new TenantKeyAuthorization(otherFn).bind(options);
        return { ...config, authorizer: { ...config.authorizer!, key: 'another configuration' } };
      },
    };
    expect(() => api.addRoute('GET /b', Integration.mock(), { authorization: clash })).toThrow(/\[AuthorizerNameConflict\] two different authorizers would both be named TenantKeyAuthorizer/);

    // THEN only the accepted route's authorizer function has a permission
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TenantAuth'), 'Arn'] } });
  });
});

describe('what an authorization returns is checked', () => {
  const addRoute = (authorization: IRestAuthorization) => () => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api').addRoute('GET /a', Integration.mock(), { authorization });
  };
  const scheme = { type: 'apiKey', name: 'X-Key', in: 'header' };

  test.each([
    ['an unknown type', { authorizationType: 'OAUTH' }, /authorizationType is "OAUTH"/],
    ['LAMBDA without an authorizer', { authorizationType: AuthorizationType.LAMBDA }, /authorizationType CUSTOM without an authorizer/],
    ['NONE with an authorizer', { authorizationType: AuthorizationType.NONE, authorizer: { name: 'A', key: 'a', securityScheme: scheme, callerParameters: [] } },
      /an authorizer with authorizationType NONE; only COGNITO and LAMBDA/],
    ['a name the API uses itself', { authorizationType: AuthorizationType.LAMBDA, authorizer: { name: 'sigv4', key: 'a', securityScheme: scheme, callerParameters: [] } },
      /authorizer name "sigv4"/],
    ['a caller parameter in the path', { authorizationType: AuthorizationType.LAMBDA, authorizer: { name: 'A', key: 'a', securityScheme: scheme, callerParameters: [{ location: 'path', name: 'id' }] } },
      /callerParameters/],
  ])('%s fails with AuthorizationConfigInvalid', (_name, config, message) => {
    expect(addRoute(returning(config))).toThrow(/\[AuthorizationConfigInvalid\]/);
    expect(addRoute(returning(config))).toThrow(message);
  });

  test('an authorization must be an object with a bind method', () => {
    expect(addRoute({} as any)).toThrow(/\[ArgumentTypeInvalid\] .*options.authorization must be an object implementing IRestAuthorization \(with a bind method\)/);
  });

  test('it is bound once per API, however many routes use it', () => {
    // GIVEN an authorization that counts its binds
    let binds = 0;
    const counted: IRestAuthorization = { bind: () => { binds++; return { authorizationType: AuthorizationType.IAM }; } };
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: counted });
    // WHEN three routes use it
    ['GET /a', 'GET /b', 'POST /b'].forEach(key => api.addRoute(key, Integration.mock()));
    // THEN it was bound once, and IAM routes render the sigv4 scheme
    expect(binds).toBe(1);
    expect(restApiBody(Template.fromStack(stack)).paths['/b'].post.security).toEqual([{ sigv4: [] }]);
  });
});
