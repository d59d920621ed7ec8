import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Endpoint, GatewayRestApi, GatewayRestApiProps, Integration, ResourcePolicy } from '../../../lib';
import { sourceIpsMatchIpAddressType } from '../../../lib/rest/validate/source-ip-families';
import { lintTemplates } from '../../harness/cfn-lint';
import { newStack, PUBLIC } from '../../helpers';
import { newModel, ruleContext } from '../model-fixtures';

const deny = (operator: string, ranges: string[]) => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { [operator]: { 'aws:SourceIp': ranges } } });
const warningsOf = (ipAddressType: string, statements: object[], privateEndpoint = false) => {
  const context = ruleContext(newModel({ ipAddressType, privateEndpoint }), { policy: () => ({ Version: '2012-10-17', Statement: statements }) });
  sourceIpsMatchIpAddressType(context);
  return context.warnings;
};

describe('source IP ranges and the IP address type', () => {
  test('an IPv6 range on an IPv4-only API matches no caller', () => {
    expect(warningsOf('ipv4', [deny('NotIpAddress', ['203.0.113.0/24', '2001:db8::/32'])])).toEqual([
      expect.stringMatching(/^cdk-apigateway-patterns:ipv6RangeOnIpv4Api: the resource policy's aws:SourceIp lists IPv6 range\(s\) 2001:db8::\/32, but the API takes IPv4 clients only/),
    ]);
  });

  test('a Deny of IPv4 ranges alone on a dual-stack API lets IPv6 through; an allow-list does not', () => {
    expect(warningsOf('dualstack', [deny('IpAddress', ['198.51.100.7/32'])])).toEqual([
      expect.stringMatching(/^cdk-apigateway-patterns:ipv4DenyOnDualStackApi: the resource policy denies aws:SourceIp 198.51.100.7\/32, IPv4 ranges only, on a dual-stack API/),
    ]);
    expect(warningsOf('dualstack', [deny('IpAddress', ['198.51.100.7/32', '2001:db8::7/128'])])).toEqual([]);
    expect(warningsOf('dualstack', [deny('NotIpAddress', ['198.51.100.0/24'])])).toEqual([]);
    expect(warningsOf('ipv4', [deny('IpAddress', ['198.51.100.7/32'])])).toEqual([]);
  });

  test('private APIs (aws:VpcSourceIp) and APIs without a policy are left alone', () => {
    expect(warningsOf('dualstack', [deny('IpAddress', ['10.0.0.0/8'])], true)).toEqual([]);
    const context = ruleContext(newModel({ ipAddressType: 'ipv4' }));
    sourceIpsMatchIpAddressType(context);
    expect(context.warnings).toEqual([]);
  });
});

describe('GatewayRestApi: security policy, endpoint access mode and IP address type', () => {
  const api = (props: GatewayRestApiProps) => {
    const stack = newStack();
    const created = new GatewayRestApi(stack, 'Api', props);
    created.addRoute('GET /pets', Integration.mock(), PUBLIC);
    return { stack, api: created };
  };

  test('rendered as RestApi properties, not in the body; the deployment id does not move', () => {
    // GIVEN the same API with and without the options
    const plain = Template.fromStack(api({}).stack);
    const { stack } = api({
      securityPolicy: apigw.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
      endpointAccessMode: apigw.EndpointAccessMode.STRICT,
      ipAddressType: apigw.IpAddressType.DUAL_STACK,
    });
    const template = Template.fromStack(stack);
    // THEN
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
      EndpointAccessMode: 'STRICT',
      EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'dualstack' },
    });
    const [resource] = Object.values(template.findResources('AWS::ApiGateway::RestApi')) as any[];
    expect(JSON.stringify(resource.Properties.Body)).not.toMatch(/security-policy|access-mode|ipAddressType/);
    expect(Object.keys(template.findResources('AWS::ApiGateway::Deployment'))).toEqual(Object.keys(plain.findResources('AWS::ApiGateway::Deployment')));
    const [plainResource] = Object.values(plain.findResources('AWS::ApiGateway::RestApi')) as any[];
    expect(plainResource.Properties).not.toHaveProperty('SecurityPolicy');
    expect(plainResource.Properties.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    expect(lintTemplates([{ name: 'rest-tls', template: template.toJSON() }])).toEqual([]);
  });

  test('a private API can only be dual-stack', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const endpoint = vpc.addInterfaceEndpoint('E', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    expect(() => new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }), ipAddressType: apigw.IpAddressType.IPV4 }))
      .toThrow(/\[PrivateApiIpAddressType\] a private API can only be dual-stack/);
  });

  test.each([
    ['an edge policy on a regional API', { securityPolicy: apigw.SecurityPolicy.TLS13_2025_EDGE, endpointAccessMode: apigw.EndpointAccessMode.STRICT }, /\[SecurityPolicyEdgeOnly\] API securityPolicy/],
    ['an enhanced policy without access mode', { securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09 }, /\[EndpointAccessModeRequired\]/],
    ['an unknown IP address type', { ipAddressType: 'ipv6' as apigw.IpAddressType }, /\[ValueNotInSet\] ipAddressType "ipv6" is not one of "ipv4", "dualstack"/],
  ])('%s is a synth error', (_what, props, message) => {
    expect(() => api(props)).toThrow(message);
  });

  test('a source-IP deny of IPv4 ranges on a dual-stack API warns at synth', () => {
    const { stack } = api({ ipAddressType: apigw.IpAddressType.DUAL_STACK, resourcePolicy: [ResourcePolicy.denySourceIps(['198.51.100.7/32'])] });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('IPv4 ranges only, on a dual-stack API'));
  });
});
