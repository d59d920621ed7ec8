import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Authorization, Endpoint, GatewayRestApi, Integration, IResourcePolicy, ResourcePolicy, ResourcePolicyBindOptions, ResourcePolicyConfig, ResourcePolicyKind } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack, restApiPolicy } from '../helpers';

const INVOKE = 'execute-api:Invoke';

describe('ResourcePolicy', () => {
  test('restrictions are Deny statements; public routes get one Allow for the whole API', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', {
      resourcePolicy: [ResourcePolicy.allowOnlySourceIps(['203.0.113.0/24', '2001:db8::/32']), ResourcePolicy.denySourceIps(['203.0.113.7'])],
    });
    // WHEN
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    // THEN
    expect(restApiPolicy(Template.fromStack(stack))).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Principal: '*', Action: INVOKE, Resource: 'execute-api:/*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } } },
        { Effect: 'Deny', Principal: '*', Action: INVOKE, Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.7'] } } },
        { Effect: 'Allow', Principal: '*', Action: INVOKE, Resource: 'execute-api:/*' },
      ],
    });
  });

  test('cross-account grants, and IAM routes are never opened to every principal', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', {
      cors: { allowOrigins: ['https://app.example.com'] },
      resourcePolicy: [ResourcePolicy.allowAccounts(['111122223333'])],
    });
    api.addRoute('GET /admin/{id}', Integration.lambda(fn), { authorization: Authorization.iam() });
    api.addRoute('GET /public/{id}', Integration.lambda(fn), { authorization: Authorization.none() });
    api.addRoute('ANY /items', Integration.lambda(fn), { authorization: Authorization.none() });

    const policy = Template.fromStack(stack).toJSON().Resources.ApiF70053CD.Properties.Policy;
    expect(policy.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:root']] }] },
        Action: INVOKE,
        Resource: 'execute-api:/*',
      },
      {
        Effect: 'Allow',
        Principal: '*',
        Action: INVOKE,
        // Not /admin: only IAM identities allowed by their own policies (or the account above) reach it.
        Resource: ['execute-api:/*/GET/public/*', 'execute-api:/*/*/items', 'execute-api:/*/OPTIONS/admin/*', 'execute-api:/*/OPTIONS/public/*', 'execute-api:/*/OPTIONS/items'],
      },
    ]);
  });

  test('a private API composes its endpoint restriction with the user\'s blocks', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const endpoint = vpc.addInterfaceEndpoint('E', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    const api = new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }) });
    api.addToResourcePolicy(ResourcePolicy.allowOnlyVpcs([vpc]));
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    const statements = restApiPolicy(Template.fromStack(stack)).Statement;
    expect(statements.map((statement: any) => [statement.Effect, Object.keys(statement.Condition?.StringNotEquals ?? {})])).toEqual([
      ['Deny', ['aws:SourceVpce']],
      ['Deny', ['aws:SourceVpc']],
      ['Allow', []],
    ]);
    expect(statements[1].Condition.StringNotEquals['aws:SourceVpc']).toEqual([{ Ref: expect.stringMatching(/^Vpc/) }]);
  });

  test('a public pattern that would reach an IAM route fails synth', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { resourcePolicy: [ResourcePolicy.denySourceIps(['192.0.2.0/24'])] });
    api.addRoute('GET /pets/{id}', Integration.lambda(fn), { authorization: Authorization.none() });
    api.addRoute('GET /pets/{id}/secrets', Integration.lambda(fn), { authorization: Authorization.iam() });
    expect(() => Template.fromStack(stack)).toThrow(/must allow GET \/pets\/\{id\} to everyone as execute-api:\/\*\/GET\/pets\/\*, and that pattern also matches IAM route GET \/pets\/\{id\}\/secrets/);
  });

  test.each([
    ['a public ANY above an IAM method', 'ANY /items/{id}', 'POST /items/{id}/history', true],
    ['a public greedy proxy beside anything IAM', 'ANY /{proxy+}', 'GET /admin', true],
    ['a public ANY on a sibling path', 'ANY /items', 'POST /items/{id}', false],
    ['a public method beside an IAM ANY on the same path', 'GET /ops/{id}', 'ANY /ops/{id}', false],
    ['a public literal beside an IAM parameter sibling', 'GET /pets/mine', 'GET /pets/{id}', false],
    ['a public method above an IAM ANY route', 'GET /ops/{id}', 'ANY /ops/{id}/logs', true],
    ['a CORS preflight at the root beside an IAM ANY route with its own preflight', 'GET /', 'ANY /ops/{proxy+}', false],
    ['different methods', 'GET /pets/{id}', 'DELETE /pets/{id}/owner', false],
  ])('overlap: %s', (_what, publicRoute, iamRoute, overlaps) => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: ['https://app.example.com'] }, resourcePolicy: [ResourcePolicy.denySourceIps(['192.0.2.0/24'])] });
    api.addRoute(publicRoute, Integration.lambda(fn), { authorization: Authorization.none() });
    api.addRoute(iamRoute, Integration.lambda(fn), { authorization: Authorization.iam() });
    const synth = () => Template.fromStack(stack);
    if (overlaps) {
      expect(synth).toThrow(/also matches IAM route/);
    } else {
      expect(synth).not.toThrow();
    }
  });

  test('on a private API, source ranges are the callers\' addresses in the VPC', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const endpoint = vpc.addInterfaceEndpoint('E', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    const api = new GatewayRestApi(stack, 'Api', {
      endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }),
      resourcePolicy: [ResourcePolicy.allowOnlySourceIps(['10.0.1.0/24']), ResourcePolicy.denySourceIps(['10.0.1.9'])],
    });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    const conditions = restApiPolicy(Template.fromStack(stack)).Statement.map((statement: any) => statement.Condition);
    expect(conditions).toContainEqual({ NotIpAddress: { 'aws:VpcSourceIp': ['10.0.1.0/24'] } });
    expect(conditions).toContainEqual({ IpAddress: { 'aws:VpcSourceIp': ['10.0.1.9'] } });
  });

  test('allowOnlyVpcEndpoints restricts a regional API to endpoints', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const endpoint = vpc.addInterfaceEndpoint('E', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    const api = new GatewayRestApi(stack, 'Api', { resourcePolicy: [ResourcePolicy.allowOnlyVpcEndpoints([endpoint])] });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    expect(restApiPolicy(Template.fromStack(stack)).Statement[0].Condition).toEqual({ StringNotEquals: { 'aws:SourceVpce': [{ Ref: expect.stringMatching(/^VpcE/) }] } });
  });

  test('changing the policy redeploys the API', () => {
    const deploymentId = (cidr: string) => {
      const stack = newStack();
      const api = new GatewayRestApi(stack, 'Api', { resourcePolicy: [ResourcePolicy.denySourceIps([cidr])] });
      api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'))[0];
    };
    expect(deploymentId('198.51.100.0/24')).not.toEqual(deploymentId('198.51.100.0/25'));
  });

  test('an API without blocks has no policy', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    expect(restApiPolicy(Template.fromStack(stack))).toBeUndefined();
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  test.each([
    ['a CIDR with a bad prefix', () => ResourcePolicy.allowOnlySourceIps(['10.0.0.0/33']), /resource policy aws:SourceIp: "10.0.0.0\/33" is not an IP range.*CIDR notation/],
    ['a CIDR that is not an address', () => ResourcePolicy.denySourceIps(['10.0.0/8']), /"10.0.0\/8" is not an IP range/],
    ['an IPv6 prefix above 128', () => ResourcePolicy.denySourceIps(['2001:db8::/129']), /"2001:db8::\/129" is not an IP range/],
    ['two slashes', () => ResourcePolicy.denySourceIps(['10.0.0.0/8/8']), /is not an IP range/],
    ['an empty list', () => ResourcePolicy.denySourceIps([]), /resource policy aws:SourceIp lists no values/],
    ['an account id that is not 12 digits', () => ResourcePolicy.allowAccounts(['12345']), /"12345" is not an AWS account id \(12 digits\)/],
    ['no accounts', () => ResourcePolicy.allowAccounts([]), /allowAccounts lists no account ids/],
  ])('%s is a synth error', (_what, block, message) => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api', { resourcePolicy: [block()] })).toThrow(message);
    expect(() => new GatewayRestApi(stack, 'Api2').addToResourcePolicy(block())).toThrow(message);
  });

  test('a policy over 8,192 characters fails synth with its size', () => {
    const stack = newStack();
    const cidrs = Array.from({ length: 600 }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.0/24`);
    const api = new GatewayRestApi(stack, 'Api', { resourcePolicy: [ResourcePolicy.allowOnlySourceIps(cidrs)] });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    expect(() => Template.fromStack(stack)).toThrow(/Test\/Api: \[ResourcePolicyTooLong\] the resource policy renders to about \d{4,5} characters, over API Gateway's limit of 8192/);
  });

  test('a policy just under the limit synthesizes', () => {
    const stack = newStack();
    const cidrs = Array.from({ length: 400 }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.0/24`);
    const api = new GatewayRestApi(stack, 'Api', { resourcePolicy: [ResourcePolicy.allowOnlySourceIps(cidrs)] });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    const policy = restApiPolicy(Template.fromStack(stack));
    expect(JSON.stringify(policy).length).toBeLessThan(8192);
  });
});

describe('a resource policy block the library does not ship (IResourcePolicy)', () => {
  /** Only principals of one AWS Organization: a block written by a user, as in any jsii language. */
  class OrganizationOnly implements IResourcePolicy {
    public readonly bound: ResourcePolicyBindOptions[] = [];
    constructor(private readonly orgId: string) {}
    public bind(options: ResourcePolicyBindOptions): ResourcePolicyConfig {
      this.bound.push(options);
      return {
        kind: ResourcePolicyKind.RESTRICTION,
        statement: { Effect: 'Deny', Principal: '*', Action: INVOKE, Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': this.orgId } } },
      };
    }
  }

  test('its statement is rendered with the library\'s, restrictions before grants, and it is told whether the API is private', () => {
    // GIVEN a user's restriction after a library grant
    const stack = newStack();
    const block = new OrganizationOnly('o-abc123');
    const api = new GatewayRestApi(stack, 'Api', { resourcePolicy: [ResourcePolicy.allowAccounts(['111122223333']), block] });
    // WHEN
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    const policy = restApiPolicy(Template.fromStack(stack));
    // THEN the restriction comes first, then the grant, then the public Allow
    expect(policy.Statement[0]).toEqual({ Effect: 'Deny', Principal: '*', Action: INVOKE, Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } });
    expect(policy.Statement[1].Principal).toEqual({ AWS: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:root']] }] });
    expect(policy.Statement).toHaveLength(3);
    expect(block.bound[0].scope).toBe(api);
    expect(block.bound.every(options => options.privateEndpoint === false)).toBe(true);
  });

  test('a block whose kind is neither restriction nor grant is a synth error, not a statement silently left out', () => {
    // GIVEN a block returning an unknown kind
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.mock(), { authorization: Authorization.none() });
    api.addToResourcePolicy({ bind: () => ({ kind: 'allow' as ResourcePolicyKind, statement: {} }) });
    // WHEN the template is synthesized / THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[ValueNotInSet\] resource policy block kind "allow" is not one of "restriction", "grant"/);
  });
});
