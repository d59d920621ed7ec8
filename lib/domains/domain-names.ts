// The name, certificate and base path rules shared by the public and private custom domains.
import { Arn, ArnFormat, Resource, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';
import { shortHash } from '../core/private/names';

/** Lowercase labels of letters, digits and hyphens, not starting or ending with a hyphen; at least two labels. */
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** The characters API Gateway allows in a base path segment, and its length limit. */
export const BASE_PATH_SEGMENT = /^[A-Za-z0-9$\-_.+!*'()]+$/;
export const MAX_BASE_PATH_LENGTH = 300;

/**
 * The certificate's region: from its ARN when literal, else from the stack of
 * a certificate the app creates. An imported certificate whose ARN is a token
 * has its importing stack's region, which says nothing, so it is not judged.
 */
export function certificateRegion(scope: Construct, certificate: acm.ICertificate): string | undefined {
  const arn = certificate.certificateArn;
  if (!Token.isUnresolved(arn)) {
    let region: string | undefined;
    try {
      region = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region;
    } catch {
      throw new GatewayValidationError(scope, 'CertificateArnInvalid', `certificate ARN ${JSON.stringify(arn)} is not an ARN (arn:aws:acm:<region>:<account>:certificate/<id>).`);
    }
    return region || undefined;
  }
  if (!Resource.isOwnedResource(certificate)) {
    return undefined;
  }
  const region = certificate.env.region;
  return Token.isUnresolved(region) ? undefined : region;
}

export function validateDomainName(scope: Construct, domainName: string): void {
  if (Token.isUnresolved(domainName)) {
    return;
  }
  const labels = domainName.split('.');
  // A wildcard domain (*.example.com) serves every name of one level below.
  const checked = labels[0] === '*' ? labels.slice(1) : labels;
  if (domainName.length > 253 || checked.length < 2 || checked.some(label => !DOMAIN_LABEL.test(label))) {
    throw new GatewayValidationError(scope, 'DomainNameInvalid', `domain name ${JSON.stringify(domainName)} is invalid: use lowercase labels of a-z, 0-9 and "-" (not at either end), separated by dots, at most 253 characters, optionally starting with "*." for a wildcard, e.g. "api.example.com".`);
  }
}

export function validateInZone(scope: Construct, domainName: string, zone: route53.IHostedZone): void {
  let zoneName: string;
  try {
    zoneName = zone.zoneName;
  } catch {
    return; // a zone imported by id alone has no known name
  }
  if (Token.isUnresolved(domainName) || Token.isUnresolved(zoneName)) {
    return;
  }
  const bare = zoneName.replace(/\.$/, '');
  if (domainName !== bare && !domainName.endsWith(`.${bare}`)) {
    throw new GatewayValidationError(scope, 'DomainNotInZone', `domain ${domainName} is not in hosted zone ${bare}; give the zone that holds the name.`);
  }
}

/** Named after the base path, which is unique on the domain: a mapping keeps its logical id as others come and go. */
export function mappingId(basePath: string): string {
  return basePath === '' ? 'MappingRoot' : `Mapping${basePath.replace(/[^A-Za-z0-9]/g, '')}${shortHash(basePath)}`;
}

/** The base paths a domain maps, each to the API stage it serves. */
export class BasePaths {
  private readonly mapped = new Map<string, string>();

  /**
   * Checks that `basePath` is free and well-formed and records it as mapped to
   * `mappedTo`. Returns its segments (none for the root), or undefined for a
   * token, which is not checked.
   */
  public claim(scope: Construct, basePath: string, mappedTo: string): string[] | undefined {
    if (Token.isUnresolved(basePath)) {
      return undefined;
    }
    const existing = this.mapped.get(basePath);
    if (existing !== undefined) {
      throw new GatewayValidationError(scope, 'DomainBasePathDuplicate', `base path ${JSON.stringify(basePath || '(root)')} is already mapped to ${existing}; each base path of a domain serves one API stage.`);
    }
    const segments = basePath === '' ? [] : basePath.split('/');
    if (basePath.length > MAX_BASE_PATH_LENGTH || segments.some(segment => !BASE_PATH_SEGMENT.test(segment))) {
      throw new GatewayValidationError(scope, 'DomainBasePathInvalid', `base path ${JSON.stringify(basePath)} is invalid: use at most ${MAX_BASE_PATH_LENGTH} characters, in segments of A-Z, a-z, 0-9 and $-_.+!*'() separated by "/", without a leading or trailing "/".`);
    }
    this.mapped.set(basePath, mappedTo);
    return segments;
  }
}

/**
 * The stage a mapping or rule serves: the one named, or the API's first.
 * @param purpose what the stage is for, in the message ("to map", "to invoke")
 */
export function findStage<T extends { stageName: string }>(scope: Construct, api: Construct, stages: T[], name: string | undefined, purpose: string, prefix = ''): T {
  const stageName = name ?? stages[0]?.stageName;
  const stage = stages.find(each => each.stageName === stageName);
  if (!stage) {
    throw new GatewayValidationError(scope, 'DomainStageUnknown', `${prefix}API ${api.node.path} has no stage ${JSON.stringify(stageName)} ${purpose}; its stages are: ${stages.map(each => each.stageName).join(', ') || '(none)'}.`);
  }
  return stage;
}

/** A certificate the domain is given is in the region it must be in (when both are known at synth). */
export function checkCertificateRegion(scope: Construct, certificate: acm.ICertificate, requiredRegion: string, why: string, fix: string): void {
  const region = certificateRegion(scope, certificate);
  if (region !== undefined && !Token.isUnresolved(requiredRegion) && region !== requiredRegion) {
    throw new GatewayValidationError(scope, 'CertificateRegion', `certificate ${certificate.node.path} is in ${region}, but it must be in ${requiredRegion}: ${why}. ${fix}`);
  }
}
