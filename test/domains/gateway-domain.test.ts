import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  Authorization, Endpoint, EndpointType, GatewayDomain, GatewayDomainProps, GatewayHttpApi, GatewayRestApi,
  HttpApiIntegration, HttpAuthorization, IMutualTlsTarget, Integration,
} from '../../lib';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function setup(stackProps: { region?: string; crossRegionReferences?: boolean; envAgnostic?: boolean } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Api', {
    env: stackProps.envAgnostic ? undefined : { ...ENV, region: stackProps.region ?? ENV.region },
    crossRegionReferences: stackProps.crossRegionReferences,
  });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const api = (id: string, stages = [{ name: 'prod' }], endpoint = Endpoint.regional()) => {
    const created = new GatewayRestApi(stack, id, { stages, endpoint, defaultAuthorization: Authorization.iam() });
    created.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, `${id}Fn`)));
    return created;
  };
  const domain = (props: Partial<GatewayDomainProps> = {}) => new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', zone, ...props });
  return { app, stack, zone, api, domain };
}

describe('GatewayDomain: certificates in the right region', () => {
  test('regional: a DNS-validated certificate in the stack, TLS 1.2, alias A and AAAA records', () => {
    const { stack, api, domain } = setup();
    domain().addApi(api('Pets'), { basePath: 'v1' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      RegionalCertificateArn: { Ref: Match.stringLikeRegexp('^DomainCertificate') },
      SecurityPolicy: 'TLS_1_2',
    });
    for (const type of ['A', 'AAAA']) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Type: type,
        Name: 'api.example.com.',
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Domain'), 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Domain'), 'RegionalHostedZoneId'] } },
      });
    }
  });

  test('edge in us-east-1: the certificate stays in the stack', () => {
    const { app, stack, api, domain } = setup({ region: 'us-east-1' });
    domain({ endpoint: EndpointType.EDGE }).addApi(api('Pets'));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { CertificateArn: { Ref: Match.stringLikeRegexp('^DomainCertificate') }, EndpointConfiguration: { Types: ['EDGE'] } });
    expect(app.node.children.filter(child => child instanceof Stack)).toHaveLength(1);
  });

  test('edge elsewhere: a companion stack in us-east-1 holds the certificate, wired by a cross-region reference', () => {
    const app = new App();
    const stack = FIXTURES.edgeDomain(app);
    const companion = app.node.tryFindChild('EdgeDomainEdgeCertificates') as Stack;
    expect(companion.region).toBe('us-east-1');
    expect(companion.account).toBe('111111111111');
    Template.fromStack(companion).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'edge.example.com', DomainValidationOptions: [{ DomainName: 'edge.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { CertificateArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ExportsReader'), Match.stringLikeRegexp('Certificateedgeexamplecom')] } });
    template.hasResourceProperties('AWS::Route53::RecordSet', { AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.anyValue(), 'DistributionDomainName'] } } });
    // Once synthesized, the API's stack deploys after the certificate's.
    expect(stack.dependencies).toContain(companion);
  });

  test('edge elsewhere in a stack without crossRegionReferences: the us-east-1 stack allows them, which is all aws-cdk-lib needs', () => {
    // GIVEN a stack that does not set crossRegionReferences (the library reads no aws-cdk-lib internal to check it)
    const { app, stack, api, domain } = setup();
    // WHEN an edge domain makes its certificate in us-east-1
    domain({ endpoint: EndpointType.EDGE }).addApi(api('Pets', [{ name: 'prod' }], Endpoint.edge()));
    // THEN the certificate's ARN still arrives through aws-cdk-lib's cross-region exports reader
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      CertificateArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ExportsReader'), Match.stringLikeRegexp('Certificateapiexamplecom')] },
    });
    expect(() => app.synth()).not.toThrow();
  });

  test('a given certificate in the right region is used as is', () => {
    const { stack, api, domain } = setup();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    domain({ certificate, zone: undefined }).addApi(api('Pets'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', { RegionalCertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/abc' });
  });

  test.each([
    ['a regional domain with a us-east-1 certificate', {}, 'arn:aws:acm:us-east-1:111111111111:certificate/abc', /is in us-east-1, but it must be in eu-west-1: a regional domain takes its certificate from the region of its API/],
    ['an edge domain with a eu-west-1 certificate', { endpoint: EndpointType.EDGE }, 'arn:aws:acm:eu-west-1:111111111111:certificate/abc', /is in eu-west-1, but it must be in us-east-1: an edge-optimized domain is served by CloudFront, which takes certificates from us-east-1 only/],
  ])('%s is a synth error', (_what, props, arn, message) => {
    const { stack, domain } = setup();
    expect(() => domain({ ...props, certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', arn) })).toThrow(message);
  });

  test('a malformed certificate ARN is a synth error', () => {
    const { stack, domain } = setup();
    expect(() => domain({ certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'certificate/abc') })).toThrow(/certificate ARN "certificate\/abc" is not an ARN/);
  });

  test('a certificate construct from a stack in the wrong region is a synth error', () => {
    const { app, domain } = setup();
    const other = new Stack(app, 'Other', { env: { ...ENV, region: 'eu-central-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(other, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    const certificate = new acm.Certificate(other, 'Cert', { domainName: 'api.example.com', validation: acm.CertificateValidation.fromDns(zone) });
    expect(() => domain({ certificate })).toThrow(/Other\/Cert is in eu-central-1, but it must be in eu-west-1/);
  });

  test.each([
    ['no certificate and no zone', {}, { zone: undefined }, /the domain needs a certificate: give certificate \(in eu-west-1/],
    ['an edge domain in an env-agnostic stack', { envAgnostic: true }, { endpoint: EndpointType.EDGE }, /has no explicit account and region \(env\)/],
    ['a private domain', {}, { endpoint: EndpointType.PRIVATE }, /a GatewayDomain is REGIONAL or EDGE/],
    ['mutual TLS on an edge domain', { region: 'us-east-1' }, { endpoint: EndpointType.EDGE, mtls: { bucket: s3.Bucket.fromBucketName(new Stack(), 'Ca', 'ca-bundle'), key: 'ca.pem' } }, /mutual TLS is available on regional custom domains only/],
    ['an upper-case domain', {}, { domainName: 'API.example.com' }, /domain name "API.example.com" is invalid: use lowercase labels/],
    ['a label ending with a hyphen', {}, { domainName: 'api-.example.com' }, /domain name "api-.example.com" is invalid/],
    ['a single-label domain', {}, { domainName: 'localhost' }, /domain name "localhost" is invalid/],
    ['a domain outside its zone', {}, { domainName: 'api.example.org' }, /domain api.example.org is not in hosted zone example.com/],
    ['a name too long for a certificate', {}, { domainName: `${'a'.repeat(60)}.example.com` }, /has 72 characters, but ACM's certificates take at most 64/],
    ['a wildcard in the middle', {}, { domainName: 'api.*.example.com' }, /domain name "api.\*.example.com" is invalid/],
  ])('%s is a synth error', (_what, stackProps, props, message) => {
    const { domain } = setup(stackProps);
    expect(() => domain(props as Partial<GatewayDomainProps>)).toThrow(message);
  });

  test('an edge domain whose zone is defined in its own stack is a synth error (the certificate stack could not refer back)', () => {
    const { stack } = setup({ crossRegionReferences: true });
    const zone = new route53.PublicHostedZone(stack, 'OwnZone', { zoneName: 'example.net' });
    expect(() => new GatewayDomain(stack, 'Edge', { domainName: 'api.example.net', zone, endpoint: EndpointType.EDGE }))
      .toThrow(/import it with route53.HostedZone.fromHostedZoneAttributes\(\)/);
  });
});

describe('GatewayDomain: mappings, mutual TLS and TLS policy', () => {
  test('several APIs and versions on one domain; several levels as an API mapping', () => {
    const app = new App();
    const stack = FIXTURES.regionalDomain(app);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'v1', RestApiId: { Ref: Match.stringLikeRegexp('^V1') }, Stage: { Ref: Match.stringLikeRegexp('^V1Stageprod') } });
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'v2/orders', ApiId: { Ref: Match.stringLikeRegexp('^V2') }, Stage: { Ref: Match.stringLikeRegexp('^V2Stagelive') } });
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      MutualTlsAuthentication: { TruststoreUri: 's3://example-truststore/truststore.pem', TruststoreVersion: 'v3' },
    });
  });

  test('a mapping keeps its logical id when other mappings are added', () => {
    const ids = (extra: boolean) => {
      const { stack, api, domain } = setup();
      const created = domain();
      if (extra) {
        created.addApi(api('Other'), { basePath: 'v0' });
      }
      created.addApi(api('Pets'), { basePath: 'v1' });
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::BasePathMapping', { Properties: { BasePath: 'v1' } }));
    };
    expect(ids(true)).toEqual(ids(false));
  });

  test('a root mapping catches what the other base paths do not', () => {
    const { stack, api, domain } = setup();
    const created = domain();
    created.addApi(api('Fallback'));
    created.addApi(api('Pets'), { basePath: 'v1+beta' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 2);
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: Match.absent(), RestApiId: { Ref: Match.stringLikeRegexp('^Fallback') } });
  });

  test('the domain is dual-stack, so that its AAAA record answers', () => {
    const { stack, api, domain } = setup();
    domain().addApi(api('Pets'));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'dualstack' } });
  });

  test('two edge domains of one zone share the us-east-1 stack and its zone import', () => {
    const { app, stack, api, zone } = setup({ crossRegionReferences: true });
    ['a-b', 'ab'].forEach((name, index) => {
      new GatewayDomain(stack, `Edge-${name}`, { domainName: `${name}.example.com`, zone, endpoint: EndpointType.EDGE }).addApi(api(`Edge${index}`, [{ name: 'prod' }], Endpoint.edge()));
    });
    const companion = app.node.findChild('ApiEdgeCertificates') as Stack;
    Template.fromStack(companion).resourceCountIs('AWS::CertificateManager::Certificate', 2);
  });

  test('a wildcard domain is accepted', () => {
    const { stack, api, domain } = setup();
    domain({ domainName: '*.example.com' }).addApi(api('Pets'));
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: '*.example.com' });
  });

  test('an imported certificate whose ARN is known only at deploy time is not judged by its importing stack', () => {
    const { stack, api, domain } = setup({ crossRegionReferences: true });
    const arn = new CfnParameter(stack, 'EdgeCertificateArn').valueAsString;
    domain({ endpoint: EndpointType.EDGE, certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', arn) }).addApi(api('Pets'));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { CertificateArn: { Ref: 'EdgeCertificateArn' } });
  });

  test('the TLS policy is configurable', () => {
    const { stack, api, domain } = setup();
    domain({ securityPolicy: apigw.SecurityPolicy.TLS_1_0 }).addApi(api('Pets'), { basePath: 'v1' });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'TLS_1_0' });
  });

  test.each([
    ['a base path mapped twice', (d: GatewayDomain, api: any) => { d.addApi(api('A'), { basePath: 'v1' }); d.addApi(api('B'), { basePath: 'v1' }); }, /base path "v1" is already mapped to Api\/A stage prod/],
    ['the root mapped twice', (d: GatewayDomain, api: any) => { d.addApi(api('A')); d.addApi(api('B')); }, /base path "\(root\)" is already mapped to Api\/A stage prod/],
    ['a base path over 300 characters', (d: GatewayDomain, api: any) => d.addApi(api('A'), { basePath: 'v'.repeat(301) }), /is invalid: use at most 300 characters/],
    ['a stage the API lacks', (d: GatewayDomain, api: any) => d.addApi(api('A'), { stage: 'qa' }), /API Api\/A has no stage "qa" to map; its stages are: prod/],
    ['a malformed base path', (d: GatewayDomain, api: any) => d.addApi(api('A'), { basePath: '/v1' }), /base path "\/v1" is invalid/],
    ['a private API', (d: GatewayDomain, _api: any, stack: Stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
      const endpoint = vpc.addInterfaceEndpoint('E', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
      const privateApi = new GatewayRestApi(stack, 'Private', { endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }) });
      d.addApi(privateApi);
    }, /is private; a REGIONAL custom domain cannot serve it/],
  ])('%s is a synth error', (_what, act, message) => {
    const { stack, api, domain } = setup();
    expect(() => act(domain(), api, stack)).toThrow(message);
  });

  test('several levels on an edge or TLS 1.0 domain are a synth error', () => {
    const { api, domain } = setup();
    expect(() => domain({ securityPolicy: apigw.SecurityPolicy.TLS_1_0 }).addApi(api('A'), { basePath: 'v1/pets' }))
      .toThrow(/base path "v1\/pets" has several levels, which API Gateway allows only on regional domains with a TLS 1.2 \(or enhanced\) security policy/);
  });

  test('mutual TLS needs TLS 1.2, and takes no enhanced policy (test/domains/security-policy.test.ts has the rest)', () => {
    const { stack, domain } = setup();
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'trust');
    expect(() => domain({ mtls: { bucket, key: 'ca.pem' }, securityPolicy: apigw.SecurityPolicy.TLS_1_0 })).toThrow(/mutual TLS needs the TLS 1.2 security policy/);
    expect(() => setup().domain({ mtls: { bucket: s3.Bucket.fromBucketName(stack, 'B2', 'trust'), key: 'ca.pem' }, securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09, endpointAccessMode: apigw.EndpointAccessMode.STRICT }))
      .toThrow(/\[DomainMtlsSecurityPolicy\] API Gateway cannot enable mutual TLS on a domain with an enhanced security policy/);
  });

  test('the fixture\'s mutual TLS domain disables the default execute-api endpoint of both APIs it serves', () => {
    // GIVEN a regional domain with mutual TLS serving V1 (base path mapping) and V2 (API mapping)
    const stack = FIXTURES.regionalDomain(new App());
    // THEN neither API answers on execute-api, where no client certificate is asked for
    const apis = Template.fromStack(stack).findResources('AWS::ApiGateway::RestApi');
    expect(Object.values(apis).map((api: any) => api.Properties.DisableExecuteApiEndpoint)).toEqual([true, true]);
  });
});

describe('GatewayDomain: mutual TLS closes the default execute-api endpoint', () => {
  const mtlsDomain = (setupResult: ReturnType<typeof setup>) =>
    setupResult.domain({ mtls: { bucket: s3.Bucket.fromBucketName(setupResult.stack, 'B', 'trust'), key: 'ca.pem' } });
  const deploymentIds = (stack: Stack) => Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'));

  test('a REST API served by a mutual TLS domain gets DisableExecuteApiEndpoint: true', () => {
    // GIVEN
    const given = setup();
    const api = given.api('Pets');
    // WHEN
    mtlsDomain(given).addApi(api, { basePath: 'v1' });
    // THEN
    Template.fromStack(given.stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Pets', DisableExecuteApiEndpoint: true });
    Annotations.fromStack(given.stack).hasNoWarning('*', Match.stringLikeRegexp('execute-api'));
  });

  test('several-level (API mapping) REST mappings disable it too', () => {
    const given = setup();
    mtlsDomain(given).addApi(given.api('Pets'), { basePath: 'v1/pets' });
    Template.fromStack(given.stack).hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
  });

  test('without mutual TLS the property is absent, and the deployment keeps its logical id', () => {
    // GIVEN two identical APIs, one served by a plain domain
    const plain = setup();
    plain.domain().addApi(plain.api('Pets'));
    const unmapped = setup();
    unmapped.api('Pets');
    // THEN
    Template.fromStack(plain.stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Pets', DisableExecuteApiEndpoint: Match.absent() });
    expect(deploymentIds(plain.stack)).toEqual(deploymentIds(unmapped.stack));
  });

  test('disabling the endpoint redeploys the REST API (API Gateway applies it with the next deployment)', () => {
    // GIVEN the same API, with and without a mutual TLS domain
    const open = setup();
    open.domain().addApi(open.api('Pets'));
    const closed = setup();
    mtlsDomain(closed).addApi(closed.api('Pets'));
    // THEN the deployment's logical id differs
    expect(deploymentIds(closed.stack)).not.toEqual(deploymentIds(open.stack));
  });

  test('the API\'s own disableExecuteApiEndpoint: false keeps the endpoint open, with a warning', () => {
    // GIVEN
    const given = setup();
    const api = new GatewayRestApi(given.stack, 'Open', { disableExecuteApiEndpoint: false, defaultAuthorization: Authorization.iam() });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(given.stack, 'OpenFn')));
    // WHEN
    mtlsDomain(given).addApi(api);
    // THEN
    Template.fromStack(given.stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Open', DisableExecuteApiEndpoint: false });
    Annotations.fromStack(given.stack).hasWarning('/Api/Open', Match.stringLikeRegexp('disableExecuteApiEndpoint: false keeps its default execute-api endpoint open.*\\[ack: cdk-apigateway-patterns:executeApiEndpointBypassesMtls\\]'));
  });

  test('addMutualTlsDomain is the public protocol a domain uses (IMutualTlsTarget); a second call for the same domain changes nothing', () => {
    // GIVEN an API and a construct standing for a mutual TLS domain of another library
    const given = setup();
    const api: IMutualTlsTarget = given.api('Pets');
    const otherDomain = new Construct(given.stack, 'OtherDomain');
    // WHEN it tells the API twice
    api.addMutualTlsDomain(otherDomain);
    api.addMutualTlsDomain(otherDomain);
    // THEN the default endpoint is closed, with no warning
    Template.fromStack(given.stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Pets', DisableExecuteApiEndpoint: true });
    Annotations.fromStack(given.stack).hasNoWarning('*', Match.stringLikeRegexp('execute-api'));
  });

  test('disableExecuteApiEndpoint: true works without any domain', () => {
    const given = setup();
    const api = new GatewayRestApi(given.stack, 'Closed', { disableExecuteApiEndpoint: true, defaultAuthorization: Authorization.iam() });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(given.stack, 'ClosedFn')));
    Template.fromStack(given.stack).hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
  });

  test('disableExecuteApiEndpoint: true warns when no custom domain in the app maps the API (every client would get 403)', () => {
    const given = setup();
    const unmapped = new GatewayRestApi(given.stack, 'Unmapped', { disableExecuteApiEndpoint: true, defaultAuthorization: Authorization.iam() });
    unmapped.addRoute('GET /a', Integration.lambda(fixtureFunction(given.stack, 'UnmappedFn')));
    const mapped = new GatewayRestApi(given.stack, 'Mapped', { disableExecuteApiEndpoint: true, defaultAuthorization: Authorization.iam() });
    mapped.addRoute('GET /a', Integration.lambda(fixtureFunction(given.stack, 'MappedFn')));
    given.domain().addApi(mapped);
    // A mapping of the user's own (an L1 here) counts too.
    const own = new GatewayRestApi(given.stack, 'Own', { disableExecuteApiEndpoint: true, defaultAuthorization: Authorization.iam() });
    own.addRoute('GET /a', Integration.lambda(fixtureFunction(given.stack, 'OwnFn')));
    new apigw.CfnBasePathMapping(given.stack, 'OwnMapping', { domainName: 'own.example.com', restApiId: own.restApiId, stage: 'prod', basePath: 'own' });
    const http = new GatewayHttpApi(given.stack, 'ClosedHttp', { defaultAuthorization: HttpAuthorization.iam(), disableExecuteApiEndpoint: true });
    http.addRoute('GET /a', HttpApiIntegration.lambda(fixtureFunction(given.stack, 'ClosedHttpFn')));
    const annotations = Annotations.fromStack(given.stack);
    const warning = Match.stringLikeRegexp('no custom domain name in this app maps the API.*403 Forbidden.*\\[ack: cdk-apigateway-patterns:executeApiEndpointDisabledWithoutDomain\\]');
    annotations.hasWarning('/Api/Unmapped', warning);
    annotations.hasWarning('/Api/ClosedHttp', warning);
    annotations.hasNoWarning('/Api/Mapped', warning);
    annotations.hasNoWarning('/Api/Own', warning);
  });

  test('disableExecuteApiEndpoint: true on a private API warns that only a private custom domain can serve it', () => {
    const given = setup();
    const vpc = new ec2.Vpc(given.stack, 'Vpc', { natGateways: 0 });
    const endpoint = vpc.addInterfaceEndpoint('E', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    const api = new GatewayRestApi(given.stack, 'Private', { endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }), disableExecuteApiEndpoint: true, defaultAuthorization: Authorization.iam() });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(given.stack, 'PrivateFn')));
    Annotations.fromStack(given.stack).hasWarning('/Api/Private', Match.stringLikeRegexp('on a private API.*private custom domain name'));
  });

  test('an HTTP API served by a mutual TLS domain gets DisableExecuteApiEndpoint: true; its own false keeps it open', () => {
    // GIVEN
    const given = setup();
    const domain = mtlsDomain(given);
    const closed = new GatewayHttpApi(given.stack, 'Closed', { defaultAuthorization: HttpAuthorization.iam() });
    const open = new GatewayHttpApi(given.stack, 'Open', { defaultAuthorization: HttpAuthorization.iam(), disableExecuteApiEndpoint: false });
    const unmapped = new GatewayHttpApi(given.stack, 'Unmapped', { defaultAuthorization: HttpAuthorization.iam() });
    for (const api of [closed, open, unmapped]) {
      api.addRoute('GET /a', HttpApiIntegration.lambda(fixtureFunction(given.stack, `${api.node.id}Fn`)));
    }
    // WHEN
    domain.addHttpApi(closed, { basePath: 'closed' });
    domain.addHttpApi(open, { basePath: 'open' });
    // THEN
    const template = Template.fromStack(given.stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'Closed', DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'Open', DisableExecuteApiEndpoint: false });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'Unmapped', DisableExecuteApiEndpoint: Match.absent() });
    Annotations.fromStack(given.stack).hasWarning('/Api/Open', Match.stringLikeRegexp('requires client certificates'));
  });

  test('the templates pass cfn-lint', () => {
    const given = setup();
    const domain = mtlsDomain(given);
    domain.addApi(given.api('Pets'), { basePath: 'v1' });
    const http = new GatewayHttpApi(given.stack, 'Http', { defaultAuthorization: HttpAuthorization.iam() });
    http.addRoute('GET /a', HttpApiIntegration.lambda(fixtureFunction(given.stack, 'HttpFn')));
    domain.addHttpApi(http, { basePath: 'lite' });
    expect(lintTemplates([{ name: 'mtls', template: Template.fromStack(given.stack).toJSON() }])).toEqual([]);
  });
});

describe('GatewayDomain: mutual TLS validation', () => {
  test('mutual TLS needs an object key', () => {
    const { stack, domain } = setup();
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'trust');
    expect(() => domain({ mtls: { bucket, key: '/ca.pem' } })).toThrow(/mtls.key "\/ca.pem" must be an object key in the bucket/);
  });
});
