import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  Authorization, Endpoint, GatewayDomain, GatewayDomainProps, GatewayErrors, GatewayHttpApi, GatewayRestApi,
  HttpApiIntegration, HttpAuthorization, Integration, RoutingMode, RoutingRuleOptions,
} from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/12345678-1234-1234-1234-123456789012';

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Api', { env: ENV });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
  const api = (id: string, endpoint = Endpoint.regional(), scope: Stack = stack) => {
    const created = new GatewayRestApi(scope, id, { stages: [{ name: 'prod' }, { name: 'beta' }], endpoint, defaultAuthorization: Authorization.iam() });
    created.addRoute('GET /pets', Integration.lambda(fixtureFunction(scope, `${id}Fn`)));
    return created;
  };
  const domain = (props: Partial<GatewayDomainProps> = {}) => new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', certificate, ...props });
  return { app, stack, api, domain };
}

function expectCode(act: () => unknown, code: string, message?: RegExp): void {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(GatewayErrors.isValidationError(caught)).toBe(true);
  expect(GatewayErrors.codeOf(caught)).toBe(code);
  if (message) {
    expect((caught as Error).message).toMatch(message);
  }
}

describe('routing rules on a public domain', () => {
  test('a header rule: one condition per header, the API stage by reference, and rules-then-mappings set on the domain', () => {
    const { stack, api, domain } = setup();
    const given = domain();
    const v1 = api('V1');
    const v2 = api('V2');
    given.addApi(v1, { basePath: 'v1' });
    given.addRoutingRule('Beta', { priority: 10, api: v2, headers: [{ header: 'x-api-version', valueGlob: 'beta' }, { header: 'x-client', valueGlob: '*mobile*' }] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { RoutingMode: 'ROUTING_RULE_THEN_BASE_PATH_MAPPING' });
    template.hasResourceProperties('AWS::ApiGatewayV2::RoutingRule', {
      DomainNameArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Domain'), 'DomainNameArn'] },
      Priority: 10,
      Conditions: [
        { MatchHeaders: { AnyOf: [{ Header: 'x-api-version', ValueGlob: 'beta' }] } },
        { MatchHeaders: { AnyOf: [{ Header: 'x-client', ValueGlob: '*mobile*' }] } },
      ],
      Actions: [{ InvokeApi: { ApiId: { Ref: Match.stringLikeRegexp('^V2') }, Stage: { Ref: Match.stringLikeRegexp('^V2Stageprod') }, StripBasePath: false } }],
    });
    expect(lintTemplates([{ name: 'routing-rules', template: template.toJSON() }])).toEqual([]);
  });

  test('a base path rule may have several levels and strip the path; a rule without conditions catches everything', () => {
    const { stack, api, domain } = setup();
    const given = domain({ routingMode: RoutingMode.ROUTING_RULE_ONLY });
    const orders = api('Orders');
    given.addRoutingRule('Orders', { priority: 100, api: orders, stage: 'beta', basePath: 'orders/v2', stripBasePath: true });
    given.addRoutingRule('CatchAll', { priority: 1000000, api: orders });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { RoutingMode: 'ROUTING_RULE_ONLY' });
    template.hasResourceProperties('AWS::ApiGatewayV2::RoutingRule', {
      Priority: 100,
      Conditions: [{ MatchBasePaths: { AnyOf: ['orders/v2'] } }],
      Actions: [{ InvokeApi: { Stage: { Ref: Match.stringLikeRegexp('^OrdersStagebeta') }, StripBasePath: true } }],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::RoutingRule', { Priority: 1000000, Conditions: [] });
  });

  test('without rules, the domain\'s template is unchanged: no RoutingMode', () => {
    const { stack, api, domain } = setup();
    domain().addApi(api('V1'));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { RoutingMode: Match.absent() });
  });

  test('an explicit mode is rendered as given', () => {
    const { stack, domain } = setup();
    domain({ routingMode: RoutingMode.BASE_PATH_MAPPING_ONLY });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { RoutingMode: 'BASE_PATH_MAPPING_ONLY' });
  });
});

describe('routing rules: the documented rules', () => {
  const rule = (options: Partial<RoutingRuleOptions> = {}) => {
    const given = setup();
    const target = given.api('Target');
    const domain = given.domain();
    return { ...given, target, domain, add: (more: Partial<RoutingRuleOptions> = {}, id = 'Rule') => domain.addRoutingRule(id, { priority: 10, api: target, ...options, ...more }) };
  };

  test('RoutingRuleModeMappingOnly: rules need a mode that uses them', () => {
    const { api, domain } = setup();
    expectCode(() => domain({ routingMode: RoutingMode.BASE_PATH_MAPPING_ONLY }).addRoutingRule('R', { priority: 1, api: api('A') }), 'RoutingRuleModeMappingOnly', /ROUTING_RULE_THEN_BASE_PATH_MAPPING/);
  });

  test('DomainRoutingRuleOnlyMapping and DomainRoutingRulesMissing: a rules-only domain takes no mappings, and needs a rule', () => {
    const { app, api, domain } = setup();
    const given = domain({ routingMode: RoutingMode.ROUTING_RULE_ONLY });
    expectCode(() => given.addApi(api('A'), { basePath: 'a' }), 'DomainRoutingRuleOnlyMapping', /add a routing rule for it/);
    expectCode(() => app.synth(), 'DomainRoutingRulesMissing');
  });

  test('ValueNotInSet: the routing mode is one of the three', () => {
    const { domain } = setup();
    expectCode(() => domain({ routingMode: 'API_MAPPING_ONLY' as RoutingMode }), 'ValueNotInSet', /ROUTING_RULE_ONLY/);
  });

  test('RoutingRulePriorityDuplicate, ValueOutOfRange and ValueNotWhole: priorities are unique whole numbers from 1 to 1,000,000', () => {
    const { add } = rule();
    add();
    expectCode(() => add({}, 'Again'), 'RoutingRulePriorityDuplicate', /rule Rule already has/);
    expectCode(() => add({ priority: 0 }, 'Zero'), 'ValueOutOfRange', /between 1 and 1000000/);
    expectCode(() => add({ priority: 1_000_001 }, 'Big'), 'ValueOutOfRange');
    expectCode(() => add({ priority: 1.5 }, 'Half'), 'ValueNotWhole');
  });

  test('RoutingRuleTooManyHeaders: at most two header conditions', () => {
    const headers = ['a', 'b', 'c'].map(name => ({ header: `x-${name}`, valueGlob: 'v' }));
    expectCode(() => rule({ headers }).add(), 'RoutingRuleTooManyHeaders');
  });

  test.each([
    ['x-*', /wildcard/],
    ['x api', /1 to 39 characters/],
    ['x'.repeat(40), /1 to 39 characters/],
    ['', /1 to 39 characters/],
  ])('RoutingRuleHeaderNameInvalid: %j', (header, message) => {
    expectCode(() => rule({ headers: [{ header, valueGlob: 'v' }] }).add(), 'RoutingRuleHeaderNameInvalid', message);
  });

  test.each(['Authorization', 'x-amz-date', 'X-Amzn-Trace-Id', 'access-control-request-method', 'apigw-requestid', 'Via', 'x-restAPI'])('RoutingRuleHeaderRestricted: %s', header => {
    expectCode(() => rule({ headers: [{ header, valueGlob: 'v' }] }).add(), 'RoutingRuleHeaderRestricted');
  });

  test.each(['be*ta', '**', 'a b', 'v'.repeat(128), `*${'v'.repeat(38)}*`, ''])('RoutingRuleHeaderValueInvalid: %j', valueGlob => {
    expectCode(() => rule({ headers: [{ header: 'x-version', valueGlob }] }).add(), 'RoutingRuleHeaderValueInvalid');
  });

  test.each(['beta', 'beta*', '*beta', '*beta*', '*', 'v'.repeat(127), `*${'v'.repeat(37)}*`, 'a?b'])('a valid header value glob: %j', valueGlob => {
    expect(() => rule({ headers: [{ header: 'x-version', valueGlob }] }).add()).not.toThrow();
  });

  test.each(['/orders', 'orders/', 'orders//v2', 'or ders', 'o'.repeat(128), ''])('RoutingRuleBasePathInvalid: %j', basePath => {
    expectCode(() => rule({ basePath }).add(), 'RoutingRuleBasePathInvalid');
  });

  test('RoutingRuleNotRestApi: an HTTP API is not a target', () => {
    const { stack, domain } = setup();
    const http = new GatewayHttpApi(stack, 'Http', { defaultAuthorization: HttpAuthorization.iam() });
    http.addRoute('GET /a', HttpApiIntegration.lambda(fixtureFunction(stack, 'HttpFn')));
    expectCode(() => domain().addRoutingRule('R', { priority: 1, api: http as unknown as GatewayRestApi }), 'RoutingRuleNotRestApi', /addHttpApi/);
  });

  test('RoutingRuleHttpApiMapped: no rules on a domain that maps REST and HTTP APIs, in either order', () => {
    const { stack, api, domain } = setup();
    const given = domain();
    const http = new GatewayHttpApi(stack, 'Http', { defaultAuthorization: HttpAuthorization.iam() });
    http.addRoute('GET /a', HttpApiIntegration.lambda(fixtureFunction(stack, 'HttpFn')));
    const rest = api('Rest');
    given.addRoutingRule('R', { priority: 1, api: rest });
    expectCode(() => given.addHttpApi(http, { basePath: 'lite' }), 'RoutingRuleHttpApiMapped');
    const other = new GatewayDomain(stack, 'Other', { domainName: 'other.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'C2', CERTIFICATE_ARN) });
    other.addHttpApi(http, { basePath: 'lite' });
    expectCode(() => other.addRoutingRule('R', { priority: 1, api: rest }), 'RoutingRuleHttpApiMapped', /serve the HTTP API from another domain/);
  });

  test('RoutingRulePrivateApi: a public domain does not route to a private API', () => {
    const { stack, api, domain } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    expectCode(() => domain().addRoutingRule('R', { priority: 1, api: api('Private', Endpoint.private({ vpcEndpoints: [endpoint] })) }), 'RoutingRulePrivateApi', /GatewayPrivateDomain/);
  });

  test('DomainStageUnknown: the stage must exist on the API', () => {
    expectCode(() => rule({ stage: 'dev' }).add(), 'DomainStageUnknown', /its stages are: prod, beta/);
  });

  test('RoutingRuleApiAccount: the API must be in the domain\'s account', () => {
    const { app, api, domain } = setup();
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '222222222222', region: ENV.region } });
    expectCode(() => domain().addRoutingRule('R', { priority: 1, api: api('Far', Endpoint.regional(), elsewhere) }), 'RoutingRuleApiAccount', /must be in the domain's account/);
  });
});
