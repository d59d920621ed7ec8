import { Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { BasePaths, checkCertificateRegion, findStage, mappingId, validateDomainName, validateInZone } from './domain-names';
import { DomainMappingOptions } from './gateway-domain-options';
import { checkVpcEndpoints, privateDomainPolicy } from './private-domain-endpoints';
import { DomainRouting } from './routing-rule';
import { DomainRoutingProps, RoutingRuleOptions } from './routing-rule-options';
import { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { checkArguments } from '../core/private/check-arguments';
import { shortHash } from '../core/private/names';
import type { GatewayRestApi } from '../rest/gateway-rest-api';

/** Properties of a `GatewayPrivateDomain`. */
export interface GatewayPrivateDomainProps extends DomainRoutingProps {
  /** The domain name, e.g. `'inventory.internal.example.com'` (no wildcard). */
  readonly domainName: string;

  /**
   * The ACM certificate for the name (a wildcard certificate may cover it), in
   * the stack's region. Given, not created: a private hosted zone cannot
   * answer ACM's DNS validation.
   */
  readonly certificate: acm.ICertificate;

  /**
   * The interface VPC endpoints (service `execute-api`) in this account that
   * invoke the domain: each gets a domain name access association, and the
   * domain's resource policy allows these and denies every other source.
   */
  readonly vpcEndpoints: ec2.IInterfaceVpcEndpoint[];

  /**
   * VPC endpoints of other accounts that may invoke the domain once it is
   * shared with them (AWS RAM) and they create their access associations:
   * their ids join the resource policy, and no association is made here.
   * @default - none
   */
  readonly sharedVpcEndpointIds?: string[];

  /**
   * A private hosted zone (associated with the VPC of the first VPC endpoint)
   * for the name: an alias A record to that endpoint's DNS name is created in it.
   * @default - no record
   */
  readonly zone?: route53.IHostedZone;
}

/**
 * A custom domain name for private REST APIs (`AWS::ApiGateway::DomainNameV2`),
 * invoked only from VPCs through `execute-api` interface endpoints: its
 * resource policy, the endpoints' access associations, base path mappings,
 * routing rules and an alias record in a private hosted zone.
 */
export class GatewayPrivateDomain extends Construct {
  /** The underlying `AWS::ApiGateway::DomainNameV2`. */
  public readonly resource: apigw.CfnDomainNameV2;
  /** The domain name. */
  public readonly domainName: string;
  /** The domain's ARN (`arn:...:/domainnames/<name>+<id>`): share it with AWS RAM, name it in access associations. */
  public readonly domainNameArn: string;
  /** The domain name's id, which tells it apart from other domains of the same name. */
  public readonly domainNameId: string;
  /** The certificate the domain serves. */
  public readonly certificate: acm.ICertificate;

  private readonly vpcEndpoints: ec2.IInterfaceVpcEndpoint[];
  private readonly basePaths = new BasePaths();
  private readonly routing: DomainRouting;

  constructor(scope: Construct, id: string, props: GatewayPrivateDomainProps) {
    checkArguments(scope, 'GatewayPrivateDomain', arguments);
    super(scope, id);
    this.domainName = props.domainName;
    validateDomainName(this, props.domainName);
    if (!Token.isUnresolved(props.domainName) && props.domainName.startsWith('*.')) {
      throw new GatewayValidationError(this, 'PrivateDomainWildcard', `domain name ${props.domainName} is a wildcard, which private custom domains do not support; name one host (a wildcard certificate may cover it).`);
    }
    if (props.zone) {
      validatePrivateZone(this, props.domainName, props.zone);
    }
    const stackRegion = Stack.of(this).region;
    checkCertificateRegion(this, props.certificate, stackRegion, 'a private domain takes its certificate from the region of its APIs', `Use a certificate from ${stackRegion}.`);
    this.certificate = props.certificate;
    const sharedIds = props.sharedVpcEndpointIds ?? [];
    this.vpcEndpoints = checkVpcEndpoints(this, props.domainName, props.vpcEndpoints, sharedIds);

    this.resource = new apigw.CfnDomainNameV2(this, 'Resource', {
      domainName: props.domainName,
      certificateArn: this.certificate.certificateArn,
      // Private custom domains take the TLS 1.2 policy and dual-stack only.
      endpointConfiguration: { types: [EndpointType.PRIVATE], ipAddressType: 'dualstack' },
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      policy: privateDomainPolicy([...this.vpcEndpoints.map(endpoint => endpoint.vpcEndpointId), ...sharedIds]),
      routingMode: props.routingMode,
    });
    this.domainNameArn = this.resource.attrDomainNameArn;
    this.domainNameId = this.resource.attrDomainNameId;
    this.routing = new DomainRouting({
      scope: this,
      isPrivate: true,
      domainNameArn: this.domainNameArn,
      setMode: mode => {
        this.resource.routingMode = mode;
      },
    }, props.routingMode);

    for (const endpoint of this.vpcEndpoints) {
      // Named after the endpoint, so that an association keeps its logical id as others come and go.
      new apigw.CfnDomainNameAccessAssociation(this, `Access${endpoint.node.id.replace(/[^A-Za-z0-9]/g, '')}${shortHash(endpoint.node.path)}`, {
        domainNameArn: this.domainNameArn,
        accessAssociationSource: endpoint.vpcEndpointId,
        accessAssociationSourceType: 'VPCE',
      });
    }
    if (props.zone) {
      this.addRecord(props.zone, props.domainName);
    }
  }

  /**
   * Serves a stage of a private API under a base path of this domain (one
   * level, e.g. `inventory`). The API's own resource policy must also let the
   * domain's VPC endpoints in: `Endpoint.private()` lists them.
   */
  public addApi(api: GatewayRestApi, options: DomainMappingOptions = {}): void {
    if (api.endpoint.type !== EndpointType.PRIVATE) {
      throw new GatewayValidationError(this, 'PrivateDomainApiNotPrivate', `API ${api.node.path} is ${api.endpoint.type}, and a private custom domain sends traffic to private APIs only; use Endpoint.private() for the API, or serve it from a GatewayDomain.`);
    }
    const apiEndpoints = api.endpoint.vpcEndpoints.map(endpoint => endpoint.vpcEndpointId);
    const missing = this.vpcEndpoints.filter(endpoint => !apiEndpoints.includes(endpoint.vpcEndpointId));
    if (missing.length > 0) {
      throw new GatewayValidationError(this, 'PrivateDomainApiPolicyVpcEndpoint', `API ${api.node.path} does not list VPC endpoint ${missing.map(endpoint => endpoint.node.path).join(', ')} in Endpoint.private({ vpcEndpoints }), so its resource policy refuses the requests this domain forwards from it (both policies must allow a caller); add the endpoint to the API's vpcEndpoints.`);
    }
    const stage = findStage(this, api, api.stages, options.stage, 'to map');
    const basePath = options.basePath ?? '';
    this.validateBasePath(basePath, `${api.node.path} stage ${stage.stageName}`);
    this.routing.checkMappingAllowed(`API ${api.node.path}`);
    new apigw.CfnBasePathMappingV2(this, mappingId(basePath), {
      domainNameArn: this.domainNameArn,
      restApiId: api.restApiId,
      stage: stage.resource.ref,
      basePath: basePath === '' ? undefined : basePath,
    });
  }

  /**
   * Sends the requests that match a rule's conditions (headers, base path) to
   * a stage of a private REST API; rules are evaluated by priority, before any
   * base path mapping, and may match several path levels.
   */
  public addRoutingRule(id: string, options: RoutingRuleOptions): void {
    this.routing.addRule(id, options);
  }

  private validateBasePath(basePath: string, mappedTo: string): void {
    const segments = this.basePaths.claim(this, basePath, mappedTo);
    if (segments && segments.length > 1) {
      throw new GatewayValidationError(this, 'PrivateDomainBasePathLevels', `base path ${JSON.stringify(basePath)} has several levels, which private custom domains do not map; use one level (e.g. "${segments[0]}"), or a routing rule with basePath "${basePath}".`);
    }
  }

  /** An alias to the VPC endpoint's regional DNS name, as API Gateway's private domain tutorial has it. */
  private addRecord(zone: route53.IHostedZone, domainName: string): void {
    const endpoint = this.vpcEndpoints[0];
    if (!(endpoint instanceof ec2.InterfaceVpcEndpoint)) {
      throw new GatewayValidationError(this, 'PrivateDomainRecordTarget', `the alias record for ${domainName} points at the first VPC endpoint, ${endpoint ? `${endpoint.node.path}, which is imported, so its DNS name is unknown` : 'but there is none in this account'}; list an ec2.InterfaceVpcEndpoint of this app first, or leave zone out and create the record yourself.`);
    }
    new route53.ARecord(this, 'AliasA', { zone, recordName: domainName, target: route53.RecordTarget.fromAlias(new targets.InterfaceVpcEndpointTarget(endpoint)) });
  }
}

function validatePrivateZone(scope: Construct, domainName: string, zone: route53.IHostedZone): void {
  if (zone instanceof route53.PublicHostedZone) {
    throw new GatewayValidationError(scope, 'PrivateDomainZonePublic', `hosted zone ${zone.node.path} is public, and a private domain's record points at VPC endpoint addresses that resolve only inside the VPC; give a route53.PrivateHostedZone associated with the VPC.`);
  }
  validateInZone(scope, domainName, zone);
}
