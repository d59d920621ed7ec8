import { App, Stack, Stage, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { BasePaths, checkCertificateRegion, findStage, mappingId, validateDomainName, validateInZone } from './domain-names';
import { DomainMappingOptions, MutualTlsOptions } from './gateway-domain-options';
import { DomainRouting } from './routing-rule';
import { DomainRoutingProps, RoutingRuleOptions } from './routing-rule-options';
import { checkDomainTls, httpBesideEnhancedMultiLevel, warnStrictAcrossEndpointTypes } from './security-policy-rules';
import { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { checkArguments } from '../core/private/check-arguments';
import { shortHash } from '../core/private/names';
import { checkOneOf } from '../core/rules';
import { DEFAULT_SECURITY_POLICY, isEnhancedSecurityPolicy } from '../core/security-policy';
import type { GatewayHttpApi } from '../http/gateway-http-api';
import type { GatewayRestApi } from '../rest/gateway-rest-api';

/** The region where CloudFront, and so every edge-optimized custom domain, takes its certificate from. */
const EDGE_CERTIFICATE_REGION = 'us-east-1';
/** ACM's limit on the first domain name of a certificate. */
const MAX_CERTIFICATE_DOMAIN_LENGTH = 64;

/** Properties of a `GatewayDomain`. */
export interface GatewayDomainProps extends DomainRoutingProps {
  /** The domain name, e.g. `'api.example.com'`: lowercase, at most 253 characters. */
  readonly domainName: string;

  /**
   * The hosted zone of the domain: alias records (A and AAAA) are created in
   * it, and a certificate the library creates is validated through it.
   * @default - no records; a certificate must be given
   */
  readonly zone?: route53.IHostedZone;

  /**
   * The certificate: in the stack's region for a regional domain, in us-east-1 for an edge-optimized one.
   * @default - a DNS-validated certificate created in the right region (needs `zone`)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * REGIONAL or EDGE.
   * @default EndpointType.REGIONAL
   */
  readonly endpoint?: EndpointType;

  /**
   * The TLS version and ciphers clients may use: a legacy policy (TLS_1_0, TLS_1_2) or an enhanced one
   * (`SecurityPolicy_...`: the `_EDGE` ones on edge-optimized domains, the others on regional ones),
   * which needs `endpointAccessMode`.
   * @default apigw.SecurityPolicy.TLS_1_2
   */
  readonly securityPolicy?: apigw.SecurityPolicy;

  /**
   * With an enhanced `securityPolicy` (required then, refused with a legacy one): STRICT rejects requests
   * that arrive through another endpoint type or whose SNI host does not match (on an edge domain,
   * CloudFront's domain-fronting protection); BASIC does not.
   * @default - none (legacy security policies take none)
   */
  readonly endpointAccessMode?: apigw.EndpointAccessMode;

  /**
   * Who can reach the domain: IPv4 clients only, or IPv4 and IPv6 (dual-stack). The AAAA alias record is
   * created for a dual-stack domain only.
   * @default apigw.IpAddressType.DUAL_STACK
   */
  readonly ipAddressType?: apigw.IpAddressType;

  /**
   * Mutual TLS (regional domains only). Every API the domain serves gets its
   * default execute-api endpoint disabled, which asks for no client
   * certificate (unless the API sets `disableExecuteApiEndpoint: false`).
   * @default - clients are not asked for certificates
   */
  readonly mtls?: MutualTlsOptions;
}

/**
 * A custom domain for REST APIs, with its certificate in the region API
 * Gateway needs, Route 53 alias records, and base path mappings that serve
 * several APIs or versions under one name (`/v1`, `/v2`).
 */
export class GatewayDomain extends Construct {
  /** The underlying `AWS::ApiGateway::DomainName`. */
  public readonly resource: apigw.CfnDomainName;
  /** The domain name. */
  public readonly domainName: string;
  /** The certificate the domain serves. */
  public readonly certificate: acm.ICertificate;
  /** REGIONAL or EDGE. */
  public readonly endpoint: EndpointType;

  private readonly securityPolicy: apigw.SecurityPolicy;
  /** The first REST API mapped under several levels that has an enhanced policy: no HTTP API may join it. */
  private enhancedMultiLevelApi?: string;
  /** The first HTTP API mapped here. */
  private httpApi?: string;
  private readonly basePaths = new BasePaths();
  /** Whether clients must present certificates: the APIs served here then get their execute-api endpoint disabled. */
  private readonly mutualTls: boolean;
  private readonly routing: DomainRouting;

  constructor(scope: Construct, id: string, props: GatewayDomainProps) {
    checkArguments(scope, 'GatewayDomain', arguments);
    super(scope, id);
    this.endpoint = props.endpoint ?? EndpointType.REGIONAL;
    this.securityPolicy = props.securityPolicy ?? DEFAULT_SECURITY_POLICY;
    if (this.endpoint === EndpointType.PRIVATE) {
      throw new GatewayValidationError(this, 'DomainEndpointPrivate', 'a GatewayDomain is REGIONAL or EDGE; for private APIs, use a GatewayPrivateDomain.');
    }
    checkOneOf(this, 'domain endpoint', props.endpoint, [EndpointType.REGIONAL, EndpointType.EDGE], 'use EndpointType.REGIONAL (the default) or EDGE');
    this.domainName = props.domainName;
    validateDomainName(this, props.domainName);
    if (props.zone) {
      validateInZone(this, props.domainName, props.zone);
    }
    checkDomainTls(this, { ...props, endpoint: this.endpoint, securityPolicy: this.securityPolicy });
    if (props.mtls && this.endpoint === EndpointType.EDGE) {
      throw new GatewayValidationError(this, 'DomainMtlsNotRegional', 'mutual TLS is available on regional custom domains only; use endpoint: EndpointType.REGIONAL, or leave mtls out.');
    }
    if (props.mtls?.key !== undefined && !Token.isUnresolved(props.mtls.key) && (props.mtls.key === '' || props.mtls.key.startsWith('/'))) {
      throw new GatewayValidationError(this, 'DomainMtlsKeyInvalid', `mtls.key ${JSON.stringify(props.mtls.key)} must be an object key in the bucket, without a leading "/".`);
    }
    this.mutualTls = props.mtls !== undefined;
    this.certificate = this.resolveCertificate(props);

    const regional = this.endpoint === EndpointType.REGIONAL;
    const ipAddressType = props.ipAddressType ?? apigw.IpAddressType.DUAL_STACK;
    this.resource = new apigw.CfnDomainName(this, 'Resource', {
      domainName: props.domainName,
      endpointConfiguration: { types: [this.endpoint], ipAddressType },
      certificateArn: regional ? undefined : this.certificate.certificateArn,
      regionalCertificateArn: regional ? this.certificate.certificateArn : undefined,
      securityPolicy: this.securityPolicy,
      endpointAccessMode: props.endpointAccessMode,
      mutualTlsAuthentication: props.mtls && {
        truststoreUri: `s3://${props.mtls.bucket.bucketName}/${props.mtls.key}`,
        truststoreVersion: props.mtls.version,
      },
      routingMode: props.routingMode,
    });
    const setMode = (mode: string) => {
      this.resource.routingMode = mode;
    };
    this.routing = new DomainRouting({ scope: this, isPrivate: false, domainNameArn: this.resource.attrDomainNameArn, setMode }, props.routingMode);

    if (props.zone) {
      const target = route53.RecordTarget.fromAlias({
        bind: () => ({
          dnsName: regional ? this.resource.attrRegionalDomainName : this.resource.attrDistributionDomainName,
          hostedZoneId: regional ? this.resource.attrRegionalHostedZoneId : this.resource.attrDistributionHostedZoneId,
        }),
      });
      new route53.ARecord(this, 'AliasA', { zone: props.zone, recordName: props.domainName, target });
      // An IPv4-only domain has no IPv6 address for the AAAA record to answer with.
      if (ipAddressType !== apigw.IpAddressType.IPV4) {
        new route53.AaaaRecord(this, 'AliasAAAA', { zone: props.zone, recordName: props.domainName, target });
      }
    }
  }

  /**
   * Serves a stage of an API under a base path of this domain, e.g. `/v1` to
   * one API's `prod` and `/v2` to another's.
   */
  public addApi(api: GatewayRestApi, options: DomainMappingOptions = {}): void {
    if (api.endpoint.type === EndpointType.PRIVATE) {
      throw new GatewayValidationError(this, 'DomainPrivateApi', `API ${api.node.path} is private; a ${this.endpoint} custom domain cannot serve it, so map it to a GatewayPrivateDomain.`);
    }
    const stage = findStage(this, api, api.stages, options.stage, 'to map');
    const basePath = options.basePath ?? '';
    this.validateBasePath(basePath, `${api.node.path} stage ${stage.stageName}`);
    this.routing.checkMappingAllowed(`API ${api.node.path}`);
    // (A domain with an enhanced policy of its own maps no HTTP API at all: addHttpApi refuses it.)
    if (basePath.includes('/') && isEnhancedSecurityPolicy(api.securityPolicy)) {
      if (this.httpApi !== undefined) {
        throw httpBesideEnhancedMultiLevel(this, this.httpApi, api.node.path, basePath);
      }
      this.enhancedMultiLevelApi ??= `${api.node.path} (base path ${JSON.stringify(basePath)})`;
    }
    warnStrictAcrossEndpointTypes(this, this.endpoint, api);
    const id = mappingId(basePath);
    if (this.mutualTls) {
      api.addMutualTlsDomain(this);
    }
    if (basePath.includes('/')) {
      // Several levels exist only as API Gateway v2 API mappings, which also serve REST APIs.
      new apigwv2.CfnApiMapping(this, id, {
        domainName: this.resource.ref,
        apiId: api.restApiId,
        stage: stage.resource.ref,
        apiMappingKey: basePath,
      });
    } else {
      new apigw.CfnBasePathMapping(this, id, {
        domainName: this.resource.ref,
        restApiId: api.restApiId,
        stage: stage.resource.ref,
        basePath: basePath === '' ? undefined : basePath,
      });
    }
  }

  /**
   * Serves a stage of an HTTP API under a base path of this regional domain
   * (one level, e.g. `lite`; HTTP APIs take no multi-level mappings).
   */
  public addHttpApi(api: GatewayHttpApi, options: DomainMappingOptions = {}): void {
    if (this.endpoint !== EndpointType.REGIONAL) {
      throw new GatewayValidationError(this, 'DomainHttpApiNotRegional', `HTTP API ${api.node.path} cannot be served by an ${this.endpoint} domain: HTTP APIs are regional, so use a regional GatewayDomain.`);
    }
    if (this.securityPolicy !== apigw.SecurityPolicy.TLS_1_2) {
      throw new GatewayValidationError(this, 'DomainHttpApiSecurityPolicy', `HTTP API ${api.node.path} can be mapped only to a domain with the TLS 1.2 security policy, and this one has ${this.securityPolicy} (HTTP APIs take no other, and API Gateway maps none to a domain with an enhanced policy); leave securityPolicy at apigw.SecurityPolicy.TLS_1_2, or serve the HTTP API from another domain.`);
    }
    if (this.enhancedMultiLevelApi !== undefined) {
      throw httpBesideEnhancedMultiLevel(this, api.node.path, this.enhancedMultiLevelApi, undefined);
    }
    this.httpApi ??= api.node.path;
    const stage = findStage(this, api, api.stages, options.stage, 'to map');
    const basePath = options.basePath ?? '';
    if (basePath.includes('/')) {
      throw new GatewayValidationError(this, 'DomainHttpApiBasePathLevels', `base path ${JSON.stringify(basePath)} has several levels, which HTTP APIs cannot be mapped to; use one level (e.g. "${basePath.split('/')[0]}").`);
    }
    this.validateBasePath(basePath, `${api.node.path} stage ${stage.stageName}`);
    this.routing.checkMappingAllowed(`HTTP API ${api.node.path}`);
    this.routing.markHttpApiMapping(api);
    const id = mappingId(basePath);
    if (this.mutualTls) {
      api.addMutualTlsDomain(this);
    }
    const mapping = new apigwv2.CfnApiMapping(this, id, {
      domainName: this.resource.ref,
      apiId: api.apiId,
      stage: stage.stageName,
      apiMappingKey: basePath === '' ? undefined : basePath,
    });
    // The stage is named, not referenced: the mapping must wait for it.
    mapping.node.addDependency(stage);
  }

  /**
   * Sends the requests that match a rule's conditions (headers, base path) to
   * a stage of a REST API, e.g. `x-api-version: beta` to the next version.
   * Rules are evaluated by priority, before any base path mapping.
   */
  public addRoutingRule(id: string, options: RoutingRuleOptions): void {
    this.routing.addRule(id, options);
  }

  private validateBasePath(basePath: string, mappedTo: string): void {
    const segments = this.basePaths.claim(this, basePath, mappedTo);
    // "TLS 1.2" includes the enhanced regional policies, which accept no TLS below 1.2.
    if (segments && segments.length > 1 && (this.endpoint !== EndpointType.REGIONAL || this.securityPolicy === apigw.SecurityPolicy.TLS_1_0)) {
      throw new GatewayValidationError(this, 'DomainBasePathLevels', `base path ${JSON.stringify(basePath)} has several levels, which API Gateway allows only on regional domains with a TLS 1.2 (or enhanced) security policy; use one level (e.g. "${segments[0]}") or a regional domain with securityPolicy TLS_1_2.`);
    }
  }

  private resolveCertificate(props: GatewayDomainProps): acm.ICertificate {
    const stack = Stack.of(this);
    const edge = this.endpoint === EndpointType.EDGE;
    const requiredRegion = edge ? EDGE_CERTIFICATE_REGION : stack.region;
    const why = edge
      ? 'an edge-optimized domain is served by CloudFront, which takes certificates from us-east-1 only'
      : 'a regional domain takes its certificate from the region of its API';
    if (props.certificate) {
      checkCertificateRegion(this, props.certificate, requiredRegion, why, `Use a certificate from ${requiredRegion}, or leave certificate out and give zone so that the library creates one there.`);
      return props.certificate;
    }
    if (!props.zone) {
      throw new GatewayValidationError(this, 'DomainWithoutCertificate', `the domain needs a certificate: give certificate (in ${requiredRegion}: ${why}), or zone so that the library creates a DNS-validated one.`);
    }
    if (!Token.isUnresolved(props.domainName) && props.domainName.length > MAX_CERTIFICATE_DOMAIN_LENGTH) {
      throw new GatewayValidationError(this, 'DomainNameTooLongForCertificate', `domain name ${props.domainName} has ${props.domainName.length} characters, but ACM's certificates take at most ${MAX_CERTIFICATE_DOMAIN_LENGTH} in their first name; give a certificate (e.g. a wildcard for its parent domain).`);
    }
    if (!edge || stack.region === EDGE_CERTIFICATE_REGION) {
      return new acm.Certificate(this, 'Certificate', {
        domainName: props.domainName,
        validation: acm.CertificateValidation.fromDns(props.zone),
      });
    }
    return this.createEdgeCertificateInUsEast1(stack, props.domainName, props.zone);
  }

  /** An edge domain in another region: the certificate goes into a companion stack in us-east-1, in the same app. */
  private createEdgeCertificateInUsEast1(stack: Stack, domainName: string, zone: route53.IHostedZone): acm.ICertificate {
    if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
      throw new GatewayValidationError(this, 'EdgeDomainStackWithoutEnv', `stack ${stack.stackName} has no explicit account and region (env), so the library cannot place the edge domain's certificate in us-east-1 beside it; set env on the stack, or give a certificate from us-east-1.`);
    }
    // No check of the stack's crossRegionReferences: aws-cdk-lib exposes the setting only as an internal
    // (Stack._crossRegionReferences). The us-east-1 stack made here allows cross-region references, which
    // is all aws-cdk-lib 2.276 needs to pass the certificate's ARN (through its cross-region exports reader);
    // an aws-cdk-lib that also wants the flag on the consuming stack fails synth with its own error naming it.
    if (Token.isUnresolved(zone.hostedZoneId)) {
      throw new GatewayValidationError(this, 'EdgeDomainZoneInStack', `the hosted zone of ${domainName} is defined in stack ${stack.stackName}, which the us-east-1 certificate stack cannot refer back to; import it with route53.HostedZone.fromHostedZoneAttributes(), or give a certificate from us-east-1.`);
    }
    const companion = edgeCertificateStack(stack);
    // DNS validation needs only the zone's id; several domains of one zone share the import.
    const zoneId = `Zone${zone.hostedZoneId}`;
    const companionZone = (companion.node.tryFindChild(zoneId) as route53.IHostedZone | undefined)
      ?? route53.HostedZone.fromHostedZoneId(companion, zoneId, zone.hostedZoneId);
    const certificateId = `Certificate${domainName.replace(/[^A-Za-z0-9]/g, '')}${shortHash(domainName)}`;
    if (companion.node.tryFindChild(certificateId)) {
      throw new GatewayValidationError(this, 'EdgeDomainDuplicate', `another edge domain named ${domainName} already has a certificate in ${companion.stackName}; a domain name can be created once.`);
    }
    return new acm.Certificate(companion, certificateId, {
      domainName,
      validation: acm.CertificateValidation.fromDns(companionZone),
    });
  }
}

/** The us-east-1 stack that holds the edge certificates of `stack`'s domains: one per stack, beside it in its app or stage. */
function edgeCertificateStack(stack: Stack): Stack {
  const parent = stack.node.scope as Construct;
  const id = `${stack.node.id}EdgeCertificates`;
  const existing = parent.node.tryFindChild(id);
  if (existing) {
    return existing as Stack;
  }
  if (!(parent instanceof App) && !(parent instanceof Stage)) {
    throw new GatewayValidationError(stack, 'EdgeDomainStackPlacement', 'the stack of an edge domain must sit directly in an App or Stage for the library to add its us-east-1 certificate stack beside it; give a certificate from us-east-1 instead.');
  }
  return new Stack(parent, id, {
    env: { account: stack.account, region: EDGE_CERTIFICATE_REGION },
    crossRegionReferences: true,
    description: `Certificates of the edge-optimized API domains of ${stack.stackName} (CloudFront takes them from us-east-1 only)`,
  });
}
