import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  Authorization, Endpoint, GatewayDomain, GatewayPrivateDomain, GatewayPrivateDomainProps, GatewayErrors, GatewayRestApi, Integration,
} from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/12345678-1234-1234-1234-123456789012';

function setup(options: { envAgnostic?: boolean } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Internal', { env: options.envAgnostic ? undefined : ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
  const zone = new route53.PrivateHostedZone(stack, 'Zone', { zoneName: 'internal.example.com', vpc });
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
  const api = (id: string, endpointOption = Endpoint.private({ vpcEndpoints: [endpoint] }), stages = [{ name: 'internal' }]) => {
    const created = new GatewayRestApi(stack, id, { stages, endpoint: endpointOption, defaultAuthorization: Authorization.iam() });
    created.addRoute('GET /items', Integration.lambda(fixtureFunction(stack, `${id}Fn`)));
    return created;
  };
  const domain = (props: Partial<GatewayPrivateDomainProps> = {}, id = 'Domain') => new GatewayPrivateDomain(stack, id, {
    domainName: 'inventory.internal.example.com', certificate, vpcEndpoints: [endpoint], zone, ...props,
  });
  return { app, stack, vpc, endpoint, zone, certificate, api, domain };
}

/** The error's code, so that each check is tested by its contract, and its message for the fix. */
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

describe('GatewayPrivateDomain', () => {
  test('a DomainNameV2 with TLS 1.2, a policy for its VPC endpoints, an access association, a mapping and an alias record', () => {
    const { stack, api, domain } = setup();
    domain().addApi(api('Inventory'), { basePath: 'inventory' });
    const template = Template.fromStack(stack);
    const endpointId = { Ref: Match.stringLikeRegexp('^VpcExecuteApi') };
    template.hasResourceProperties('AWS::ApiGateway::DomainNameV2', {
      DomainName: 'inventory.internal.example.com',
      CertificateArn: CERTIFICATE_ARN,
      EndpointConfiguration: { Types: ['PRIVATE'], IpAddressType: 'dualstack' },
      SecurityPolicy: 'TLS_1_2',
      RoutingMode: Match.absent(),
      Policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': [endpointId] } } },
        ],
      },
    });
    const domainArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Domain'), 'DomainNameArn'] };
    template.hasResourceProperties('AWS::ApiGateway::DomainNameAccessAssociation', { DomainNameArn: domainArn, AccessAssociationSource: endpointId, AccessAssociationSourceType: 'VPCE' });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMappingV2', {
      DomainNameArn: domainArn, BasePath: 'inventory', RestApiId: { Ref: Match.stringLikeRegexp('^Inventory') }, Stage: { Ref: Match.stringLikeRegexp('^Inventory') },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Type: 'A',
      Name: 'inventory.internal.example.com.',
      AliasTarget: { DNSName: Match.objectLike({ 'Fn::Select': Match.anyValue() }), HostedZoneId: Match.objectLike({ 'Fn::Select': Match.anyValue() }) },
    });
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
  });

  test('shared VPC endpoints of other accounts join the policy without an association; the root mapping has no base path', () => {
    const { stack, api, domain } = setup();
    domain({ sharedVpcEndpointIds: ['vpce-0123456789abcdef0'], zone: undefined }).addApi(api('Inventory'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainNameV2', {
      Policy: { Statement: Match.arrayWith([Match.objectLike({ Condition: { StringNotEquals: { 'aws:SourceVpce': [Match.anyValue(), 'vpce-0123456789abcdef0'] } } })]) },
    });
    template.resourceCountIs('AWS::ApiGateway::DomainNameAccessAssociation', 1);
    template.hasResourceProperties('AWS::ApiGateway::BasePathMappingV2', { BasePath: Match.absent() });
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  test('an environment-agnostic stack (the sample app\'s) synthesizes, and the templates pass cfn-lint', () => {
    const { stack, api, domain } = setup({ envAgnostic: true });
    const inventory = api('Inventory');
    const routed = domain();
    routed.addApi(inventory, { basePath: 'inventory' });
    routed.addRoutingRule('Reports', { priority: 10, api: inventory, basePath: 'reports/daily', headers: [{ header: 'x-report', valueGlob: 'daily*' }] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainNameV2', { RoutingMode: 'ROUTING_RULE_THEN_BASE_PATH_MAPPING' });
    template.hasResourceProperties('AWS::ApiGatewayV2::RoutingRule', { Priority: 10, DomainNameArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Domain'), 'DomainNameArn'] } });
    expect(lintTemplates([{ name: 'private-domain', template: template.toJSON() }])).toEqual([]);
  });

  test('disableExecuteApiEndpoint on a private API names the private domain as the way in', () => {
    const { stack, endpoint } = setup();
    const api = new GatewayRestApi(stack, 'Closed', { endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }), disableExecuteApiEndpoint: true, defaultAuthorization: Authorization.iam() });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'ClosedFn')));
    Annotations.fromStack(stack).hasWarning('/Internal/Closed', Match.stringLikeRegexp('GatewayPrivateDomain'));
  });
});

describe('GatewayPrivateDomain: the documented rules', () => {
  test('PrivateDomainApiNotPrivate: a private domain sends traffic to private APIs only', () => {
    const { api, domain } = setup();
    expectCode(() => domain().addApi(api('Public', Endpoint.regional())), 'PrivateDomainApiNotPrivate', /use Endpoint.private\(\) for the API, or serve it from a GatewayDomain/);
  });

  test('RoutingRulePublicApi: a private domain routes to private APIs only', () => {
    const { api, domain } = setup();
    expectCode(() => domain().addRoutingRule('Public', { priority: 1, api: api('Public', Endpoint.regional()) }), 'RoutingRulePublicApi', /route to it from a GatewayDomain/);
  });

  test('DomainPrivateApi: a public domain refuses a private API', () => {
    const { stack, api, certificate } = setup();
    const publicDomain = new GatewayDomain(stack, 'Public', { domainName: 'api.example.com', certificate });
    expectCode(() => publicDomain.addApi(api('Inventory')), 'DomainPrivateApi');
  });

  test('PrivateDomainApiPolicyVpcEndpoint: the API\'s own resource policy must let the domain\'s endpoints in', () => {
    const { vpc, api, domain } = setup();
    const other = vpc.addInterfaceEndpoint('OtherExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    expectCode(() => domain().addApi(api('Inventory', Endpoint.private({ vpcEndpoints: [other] }))), 'PrivateDomainApiPolicyVpcEndpoint', /Vpc\/ExecuteApi.*add the endpoint to the API's vpcEndpoints/);
  });

  test('PrivateDomainVpcEndpointService: the endpoint must be for execute-api', () => {
    const { vpc, domain } = setup();
    const s3 = vpc.addInterfaceEndpoint('S3', { service: ec2.InterfaceVpcEndpointAwsService.S3 });
    expectCode(() => domain({ vpcEndpoints: [s3], zone: undefined }), 'PrivateDomainVpcEndpointService', /service s3.*InterfaceVpcEndpointAwsService.APIGATEWAY/);
  });

  test('an imported endpoint, whose service is unknown, is taken', () => {
    const { stack, domain } = setup();
    const imported = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Imported', { vpcEndpointId: 'vpce-0123456789abcdef0', port: 443 });
    expect(() => domain({ vpcEndpoints: [imported], zone: undefined })).not.toThrow();
  });

  test('PrivateDomainRecordTarget: the record needs an endpoint whose DNS name is known', () => {
    const { stack, domain } = setup();
    const imported = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Imported', { vpcEndpointId: 'vpce-0123456789abcdef0', port: 443 });
    expectCode(() => domain({ vpcEndpoints: [imported] }), 'PrivateDomainRecordTarget', /which is imported/);
  });

  test('PrivateDomainNoVpcEndpoints and PrivateDomainVpcEndpointIdInvalid', () => {
    const { domain } = setup();
    expectCode(() => domain({ vpcEndpoints: [], zone: undefined }), 'PrivateDomainNoVpcEndpoints');
    expectCode(() => domain({ sharedVpcEndpointIds: ['endpoint-1'], zone: undefined }, 'Shared'), 'PrivateDomainVpcEndpointIdInvalid', /vpce-0123456789abcdef0/);
  });

  test('PrivateDomainSameNameSameVpcEndpoint: one endpoint cannot invoke two private domains of one name', () => {
    const { domain } = setup();
    domain({ zone: undefined });
    expectCode(() => domain({ zone: undefined }, 'Again'), 'PrivateDomainSameNameSameVpcEndpoint', /associate each with a different VPC endpoint/);
    expect(() => domain({ zone: undefined, domainName: 'other.internal.example.com' }, 'Other')).not.toThrow();
  });

  test('PrivateDomainWildcard: wildcard custom domain names are not supported', () => {
    const { domain } = setup();
    expectCode(() => domain({ domainName: '*.internal.example.com', zone: undefined }), 'PrivateDomainWildcard');
  });

  test('DomainNameInvalid and DomainNotInZone, as for public domains', () => {
    const { domain } = setup();
    expectCode(() => domain({ domainName: 'Inventory.example.com' }), 'DomainNameInvalid');
    expectCode(() => domain({ domainName: 'inventory.example.org' }, 'Outside'), 'DomainNotInZone');
  });

  test('PrivateDomainZonePublic: the record goes in a private hosted zone', () => {
    const { stack, domain } = setup();
    const zone = new route53.PublicHostedZone(stack, 'PublicZone', { zoneName: 'internal.example.com' });
    expectCode(() => domain({ zone }), 'PrivateDomainZonePublic', /route53.PrivateHostedZone/);
  });

  test('a certificate is required (ArgumentMissing), in the stack\'s region (CertificateRegion)', () => {
    const { stack, domain } = setup();
    expectCode(() => domain({ certificate: undefined as unknown as acm.ICertificate }), 'ArgumentMissing');
    const elsewhere = acm.Certificate.fromCertificateArn(stack, 'Elsewhere', CERTIFICATE_ARN.replace('eu-west-1', 'us-east-1'));
    expectCode(() => domain({ certificate: elsewhere }, 'Far'), 'CertificateRegion', /must be in eu-west-1/);
  });

  test('PrivateDomainBasePathLevels, DomainBasePathInvalid, DomainBasePathDuplicate and DomainStageUnknown', () => {
    const { api, domain } = setup();
    const given = domain();
    const inventory = api('Inventory');
    expectCode(() => given.addApi(inventory, { basePath: 'inventory/v1' }), 'PrivateDomainBasePathLevels', /routing rule with basePath "inventory\/v1"/);
    expectCode(() => given.addApi(inventory, { basePath: 'in ventory' }), 'DomainBasePathInvalid');
    expectCode(() => given.addApi(inventory, { stage: 'prod' }), 'DomainStageUnknown', /its stages are: internal/);
    given.addApi(inventory, { basePath: 'inventory' });
    expectCode(() => given.addApi(api('Again'), { basePath: 'inventory' }), 'DomainBasePathDuplicate');
  });
});
