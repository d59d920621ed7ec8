import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  Authorization, Endpoint, EndpointType, GatewayDomain, GatewayDomainProps, GatewayHttpApi, GatewayRestApi, GatewayRestApiProps,
  HttpApiIntegration, HttpAuthorization, Integration,
} from '../../lib';
import { FIXTURES } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';

const STRICT = apigw.EndpointAccessMode.STRICT;

function setup() {
  const stack = new Stack(new App(), 'Api', { env: { account: '111111111111', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const api = (id: string, props: GatewayRestApiProps = {}) => {
    const created = new GatewayRestApi(stack, id, { defaultAuthorization: Authorization.iam(), ...props });
    created.addRoute('GET /a', Integration.mock());
    return created;
  };
  const httpApi = () => {
    const created = new GatewayHttpApi(stack, 'Http');
    created.addRoute('GET /a', HttpApiIntegration.url('https://example.com'), { authorization: HttpAuthorization.none() });
    return created;
  };
  const domain = (props: Partial<GatewayDomainProps> = {}) => new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', zone, ...props });
  return { stack, api, httpApi, domain };
}

describe('GatewayDomain: enhanced TLS security policies and endpoint access mode', () => {
  test('a regional domain with TLS 1.3 and STRICT access: rendered, cfn-lint clean, and still takes multi-level base paths', () => {
    // GIVEN
    const { stack, api, domain } = setup();
    // WHEN
    const d = domain({ securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: STRICT });
    d.addApi(api('Pets'), { basePath: 'v1/pets' });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      EndpointAccessMode: 'STRICT',
      EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'dualstack' },
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    expect(lintTemplates([{ name: 'tls13', template: template.toJSON() }])).toEqual([]);
  });

  test('an edge domain with an edge policy', () => {
    const { stack, api, domain } = setup();
    domain({ endpoint: EndpointType.EDGE, securityPolicy: apigw.SecurityPolicy.TLS13_2025_EDGE, endpointAccessMode: apigw.EndpointAccessMode.BASIC })
      .addApi(api('Pets', { endpoint: Endpoint.edge() }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'SecurityPolicy_TLS13_2025_EDGE', EndpointAccessMode: 'BASIC' });
    expect(lintTemplates([{ name: 'edge', template: template.toJSON() }])).toEqual([]);
  });

  test('a policy API Gateway accepts beyond aws-cdk-lib\'s enum, by name (a TypeScript cast)', () => {
    const { stack, api, domain } = setup();
    domain({ securityPolicy: 'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09' as apigw.SecurityPolicy, endpointAccessMode: STRICT }).addApi(api('Pets'));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09' });
  });

  test('the default domain renders no access mode (templates of before are unchanged)', () => {
    const { stack, api, domain } = setup();
    domain().addApi(api('Pets'));
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::DomainName')) as any[];
    expect(resource.Properties.SecurityPolicy).toBe('TLS_1_2');
    expect(resource.Properties).not.toHaveProperty('EndpointAccessMode');
  });

  test.each([
    ['a regional policy on an edge domain', () => setup().domain({ endpoint: EndpointType.EDGE, securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: STRICT }), /\[SecurityPolicyNotForEdge\] domain securityPolicy/],
    ['an edge policy on a regional domain', () => setup().domain({ securityPolicy: apigw.SecurityPolicy.TLS12_2018_EDGE, endpointAccessMode: STRICT }), /\[SecurityPolicyEdgeOnly\] domain securityPolicy/],
    ['an enhanced policy without an access mode', () => setup().domain({ securityPolicy: apigw.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09 }), /\[EndpointAccessModeRequired\] domain securityPolicy/],
    ['an access mode with the legacy default', () => setup().domain({ endpointAccessMode: STRICT }), /\[EndpointAccessModeLegacyPolicy\] domain endpointAccessMode STRICT/],
    ['an HTTP API on an enhanced domain', () => {
      const given = setup();
      given.domain({ securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: STRICT }).addHttpApi(given.httpApi());
    }, /\[DomainHttpApiSecurityPolicy\] HTTP API Api\/Http can be mapped only to a domain with the TLS 1.2 security policy, and this one has SecurityPolicy_TLS13_1_3_2025_09 \(HTTP APIs take no other, and API Gateway maps none to a domain with an enhanced policy\)/],
    ['an HTTP API beside an enhanced REST API under several levels', () => {
      const given = setup();
      const d = given.domain();
      d.addApi(given.api('Pets', { securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: STRICT }), { basePath: 'v1/pets' });
      d.addHttpApi(given.httpApi(), { basePath: 'lite' });
    }, /\[DomainHttpApiBesideEnhancedMultiLevel\] REST API Api\/Pets \(base path "v1\/pets"\) is mapped here under several levels with an enhanced security policy, and HTTP API Api\/Http/],
    ['an enhanced REST API under several levels beside an HTTP API', () => {
      const given = setup();
      const d = given.domain();
      d.addHttpApi(given.httpApi(), { basePath: 'lite' });
      d.addApi(given.api('Pets', { securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: STRICT }), { basePath: 'v1/pets' });
    }, /\[DomainHttpApiBesideEnhancedMultiLevel\] base path "v1\/pets" maps REST API Api\/Pets, which has an enhanced security policy, under several levels/],
  ])('%s is a synth error', (_what, act, message) => {
    expect(act).toThrow(message);
  });

  test('an HTTP API beside an enhanced REST API on one level is fine', () => {
    const given = setup();
    const d = given.domain();
    d.addApi(given.api('Pets', { securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: STRICT }), { basePath: 'pets' });
    expect(() => d.addHttpApi(given.httpApi(), { basePath: 'lite' })).not.toThrow();
  });

  test('a STRICT API behind a domain of another endpoint type is a warning', () => {
    const { stack, api, domain } = setup();
    domain().addApi(api('Pets', { endpoint: Endpoint.edge(), securityPolicy: apigw.SecurityPolicy.TLS13_2025_EDGE, endpointAccessMode: STRICT }));
    Annotations.fromStack(stack).hasWarning('/Api/Domain', Match.stringLikeRegexp('API Api/Pets is EDGE with endpointAccessMode STRICT, which rejects requests that arrive through another endpoint type, and this domain is REGIONAL'));
  });
});

describe('GatewayDomain: IP address type', () => {
  test('IPv4 only: rendered, and no AAAA record', () => {
    const { stack, api, domain } = setup();
    domain({ ipAddressType: apigw.IpAddressType.IPV4 }).addApi(api('Pets'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'ipv4' } });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'AAAA' }, 0);
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'A' }, 1);
    expect(lintTemplates([{ name: 'ipv4', template: template.toJSON() }])).toEqual([]);
  });

  test('an unknown IP address type is a synth error', () => {
    expect(() => setup().domain({ ipAddressType: 'ipv6' as apigw.IpAddressType })).toThrow(/\[ValueNotInSet\] domain ipAddressType "ipv6" is not one of "ipv4", "dualstack"/);
  });
});

describe('the tlsPolicies fixture', () => {
  test('renders both domains and the API as configured, cfn-lint clean', () => {
    const stack = FIXTURES.tlsPolicies(new App());
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', EndpointAccessMode: 'STRICT', EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'dualstack' } });
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'tls.example.com', SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', EndpointAccessMode: 'STRICT' });
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'ipv4.example.com', EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'ipv4' } });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'AAAA' }, 1);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    expect(lintTemplates([{ name: 'tlsPolicies', template: template.toJSON() }])).toEqual([]);
  });
});
