import { Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { BASE_PATH_SEGMENT, findStage } from './domain-names';
import { RoutingHeaderMatch, RoutingMode, RoutingRuleOptions } from './routing-rule-options';
import { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { checkInteger, checkOneOf, checkRange, enumValues } from '../core/rules';
import type { GatewayRestApi } from '../rest/gateway-rest-api';

/** API Gateway's documented limits on routing rules (developer guide, "Routing rules ... Restrictions"). */
const MAX_PRIORITY = 1_000_000;
const MAX_HEADER_CONDITIONS = 2;
/** "Less than" 40 and 128 characters. */
const MAX_HEADER_NAME_LENGTH = 39;
const MAX_HEADER_VALUE_LENGTH = 127;
const MAX_INFIX_VALUE_LENGTH = 39;
const MAX_RULE_BASE_PATH_LENGTH = 127;
/** The characters header names and glob values may use (RFC 7230's token characters, as the guide lists them). */
const HEADER_CHARACTERS = /^[A-Za-z0-9*?\-!#$%&'.^_`|~]+$/;
/** Headers API Gateway refuses as conditions; a trailing `*` is a prefix. */
const RESTRICTED_HEADERS = [
  'access-control-*', 'apigw-*', 'authorization', 'connection', 'content-encoding', 'content-length',
  'content-location', 'forwarded', 'keep-alive', 'origin', 'proxy-authenticate', 'proxy-authorization', 'te',
  'trailers', 'transfer-encoding', 'upgrade', 'x-amz-*', 'x-amzn-*', 'x-apigw-api-id', 'x-forwarded-for',
  'x-forwarded-host', 'x-forwarded-proto', 'x-restapi', 'via',
];

/** What the routing of a domain needs from its domain construct. */
export interface RoutedDomain {
  /** The domain construct: rules are created in it and errors name it. */
  readonly scope: Construct;
  /** Whether the domain is private (it then serves private APIs only). */
  readonly isPrivate: boolean;
  /** The domain's ARN, which routing rules name. */
  readonly domainNameArn: string;
  /** Sets the domain resource's `RoutingMode`. */
  setMode(mode: RoutingMode): void;
}

/**
 * The routing mode and routing rules of a custom domain (public or private):
 * the checks API Gateway documents for them, and their `AWS::ApiGatewayV2::RoutingRule`s.
 */
export class DomainRouting {
  private mode: RoutingMode | undefined;
  private readonly priorities = new Map<number, string>();
  private rules = 0;
  private httpApiMapping: string | undefined;

  constructor(private readonly domain: RoutedDomain, mode: RoutingMode | undefined) {
    checkOneOf(domain.scope, 'domain routingMode', mode, enumValues(RoutingMode), 'use RoutingMode.BASE_PATH_MAPPING_ONLY, ROUTING_RULE_THEN_BASE_PATH_MAPPING or ROUTING_RULE_ONLY');
    this.mode = mode;
    domain.scope.node.addValidation({ validate: () => this.validate() });
  }

  /** Called before a base path mapping is added: a rules-only domain takes none. */
  public checkMappingAllowed(what: string): void {
    if (this.mode === RoutingMode.ROUTING_RULE_ONLY) {
      throw new GatewayValidationError(this.domain.scope, 'DomainRoutingRuleOnlyMapping', `the domain's routingMode is ROUTING_RULE_ONLY, which takes no base path mappings, so ${what} cannot be mapped; add a routing rule for it (addRoutingRule), or use RoutingMode.ROUTING_RULE_THEN_BASE_PATH_MAPPING.`);
    }
  }

  /** Called when an HTTP API is mapped: API Gateway offers no routing rules on a domain that maps REST and HTTP APIs. */
  public markHttpApiMapping(api: Construct): void {
    if (this.rules > 0) {
      throw this.mixedApisError(api.node.path);
    }
    this.httpApiMapping = api.node.path;
  }

  /** Adds a routing rule to the domain. */
  public addRule(id: string, options: RoutingRuleOptions): apigwv2.CfnRoutingRule {
    const scope = this.domain.scope;
    if (this.mode === RoutingMode.BASE_PATH_MAPPING_ONLY) {
      throw new GatewayValidationError(scope, 'RoutingRuleModeMappingOnly', `routing rule ${id}: the domain's routingMode is BASE_PATH_MAPPING_ONLY, where API Gateway ignores routing rules; use RoutingMode.ROUTING_RULE_THEN_BASE_PATH_MAPPING (rules first, then the base path mappings) or ROUTING_RULE_ONLY, or leave routingMode out.`);
    }
    if (this.httpApiMapping !== undefined) {
      throw this.mixedApisError(this.httpApiMapping);
    }
    const api = options.api;
    if (!isRestApi(api)) {
      throw new GatewayValidationError(scope, 'RoutingRuleNotRestApi', `routing rule ${id}: its target ${describeApi(api)} is not a REST API (GatewayRestApi); routing rules invoke REST API stages only, so map an HTTP API with addHttpApi.`);
    }
    this.checkEndpoint(id, api);
    this.checkAccount(id, api);
    this.checkPriority(id, options.priority);
    const stage = findStage(scope, api, api.stages, options.stage, 'to invoke', `routing rule ${id}: `);
    const conditions: apigwv2.CfnRoutingRule.ConditionProperty[] = [
      ...headerConditions(scope, id, options.headers ?? []),
      ...basePathConditions(scope, id, options.basePath),
    ];
    if (this.mode === undefined) {
      // Rules first, then the mappings: the domain's existing base path mappings keep serving.
      this.mode = RoutingMode.ROUTING_RULE_THEN_BASE_PATH_MAPPING;
      this.domain.setMode(this.mode);
    }
    this.rules++;
    return new apigwv2.CfnRoutingRule(scope, id, {
      domainNameArn: this.domain.domainNameArn,
      priority: options.priority,
      conditions,
      actions: [{ invokeApi: { apiId: api.restApiId, stage: stage.resource.ref, stripBasePath: options.stripBasePath ?? false } }],
    });
  }

  private validate(): string[] {
    if (this.mode === RoutingMode.ROUTING_RULE_ONLY && this.rules === 0) {
      throw new GatewayValidationError(this.domain.scope, 'DomainRoutingRulesMissing', 'the domain\'s routingMode is ROUTING_RULE_ONLY but it has no routing rules, so it serves no request; add one with addRoutingRule(), or use RoutingMode.BASE_PATH_MAPPING_ONLY for base path mappings.');
    }
    return [];
  }

  private mixedApisError(httpApi: string): GatewayValidationError {
    return new GatewayValidationError(this.domain.scope, 'RoutingRuleHttpApiMapped', `the domain maps HTTP API ${httpApi}, and API Gateway offers no routing rules on a domain whose mappings serve both REST and HTTP APIs; serve the HTTP API from another domain, or route with base path mappings only.`);
  }

  private checkEndpoint(id: string, api: GatewayRestApi): void {
    const privateApi = api.endpoint.type === EndpointType.PRIVATE;
    if (privateApi && !this.domain.isPrivate) {
      throw new GatewayValidationError(this.domain.scope, 'RoutingRulePrivateApi', `routing rule ${id}: API ${api.node.path} is private, and a public custom domain cannot route to a private API; route to it from a GatewayPrivateDomain.`);
    }
    if (!privateApi && this.domain.isPrivate) {
      throw new GatewayValidationError(this.domain.scope, 'RoutingRulePublicApi', `routing rule ${id}: API ${api.node.path} is ${api.endpoint.type}, and a private custom domain routes to private APIs only; route to it from a GatewayDomain, or make the API private (Endpoint.private()).`);
    }
  }

  private checkAccount(id: string, api: GatewayRestApi): void {
    const domainAccount = Stack.of(this.domain.scope).account;
    const apiAccount = Stack.of(api).account;
    if (!Token.isUnresolved(domainAccount) && !Token.isUnresolved(apiAccount) && domainAccount !== apiAccount) {
      throw new GatewayValidationError(this.domain.scope, 'RoutingRuleApiAccount', `routing rule ${id}: API ${api.node.path} is in account ${apiAccount} and the domain in ${domainAccount}; a routing rule's API must be in the domain's account, so create the domain there.`);
    }
  }

  private checkPriority(id: string, priority: number): void {
    const what = `routing rule ${id} priority`;
    checkInteger(this.domain.scope, what, priority);
    checkRange(this.domain.scope, what, priority, 1, MAX_PRIORITY, 'Rules are evaluated from the lowest priority up.');
    if (Token.isUnresolved(priority)) {
      return;
    }
    const existing = this.priorities.get(priority);
    if (existing !== undefined) {
      throw new GatewayValidationError(this.domain.scope, 'RoutingRulePriorityDuplicate', `routing rule ${id} has priority ${priority}, which rule ${existing} already has; each rule of a domain needs its own priority, so pick an unused one (leave gaps, e.g. 10, 20, 30).`);
    }
    this.priorities.set(priority, id);
  }
}

function isRestApi(api: unknown): api is GatewayRestApi {
  const candidate = api as Partial<GatewayRestApi> | undefined;
  return typeof candidate?.restApiId === 'string' && candidate.endpoint !== undefined && Array.isArray(candidate.stages);
}

function describeApi(api: unknown): string {
  return (api as Construct | undefined)?.node?.path ?? String(api);
}

/** One condition per header: API Gateway takes one header value in each condition's AnyOf, and ANDs the conditions. */
function headerConditions(scope: Construct, id: string, headers: RoutingHeaderMatch[]): apigwv2.CfnRoutingRule.ConditionProperty[] {
  if (headers.length > MAX_HEADER_CONDITIONS) {
    throw new GatewayValidationError(scope, 'RoutingRuleTooManyHeaders', `routing rule ${id} matches ${headers.length} headers, but a rule takes at most ${MAX_HEADER_CONDITIONS} header conditions; split it into several rules, or match fewer headers.`);
  }
  return headers.map(match => {
    checkHeaderName(scope, id, match.header);
    checkHeaderValue(scope, id, match.header, match.valueGlob);
    return { matchHeaders: { anyOf: [{ header: match.header, valueGlob: match.valueGlob }] } };
  });
}

function checkHeaderName(scope: Construct, id: string, header: string): void {
  if (Token.isUnresolved(header)) {
    return;
  }
  if (header.includes('*')) {
    throw new GatewayValidationError(scope, 'RoutingRuleHeaderNameInvalid', `routing rule ${id}: header name ${JSON.stringify(header)} has a wildcard, which API Gateway does not support in header names; name the header exactly (wildcards go in valueGlob).`);
  }
  if (header.length > MAX_HEADER_NAME_LENGTH || !HEADER_CHARACTERS.test(header)) {
    throw new GatewayValidationError(scope, 'RoutingRuleHeaderNameInvalid', `routing rule ${id}: header name ${JSON.stringify(header)} is invalid: use 1 to ${MAX_HEADER_NAME_LENGTH} characters of A-Z, a-z, 0-9 and ?-!#$%&'.^_\`|~.`);
  }
  const lower = header.toLowerCase();
  const restricted = RESTRICTED_HEADERS.find(name => name.endsWith('*') ? lower.startsWith(name.slice(0, -1)) : lower === name);
  if (restricted !== undefined) {
    throw new GatewayValidationError(scope, 'RoutingRuleHeaderRestricted', `routing rule ${id}: header ${JSON.stringify(header)} (${restricted}) cannot be a routing condition in API Gateway; match another header, e.g. a version header such as x-api-version.`);
  }
}

function checkHeaderValue(scope: Construct, id: string, header: string, glob: string): void {
  if (Token.isUnresolved(glob)) {
    return;
  }
  const rule = `use 1 to ${MAX_HEADER_VALUE_LENGTH} characters of A-Z, a-z, 0-9 and *?-!#$%&'.^_\`|~, with "*" only first, last or both ("beta", "beta*", "*beta", "*beta*", "*")`;
  const inner = glob.length > 2 ? glob.slice(1, -1) : '';
  if (glob.length > MAX_HEADER_VALUE_LENGTH || !HEADER_CHARACTERS.test(glob) || inner.includes('*') || glob === '**') {
    throw new GatewayValidationError(scope, 'RoutingRuleHeaderValueInvalid', `routing rule ${id}: header ${header} value glob ${JSON.stringify(glob)} is invalid: ${rule}.`);
  }
  if (glob.length > 2 && glob.startsWith('*') && glob.endsWith('*') && glob.length > MAX_INFIX_VALUE_LENGTH) {
    throw new GatewayValidationError(scope, 'RoutingRuleHeaderValueInvalid', `routing rule ${id}: header ${header} value glob ${JSON.stringify(glob)} is a "*contains*" match of ${glob.length} characters, but API Gateway takes at most ${MAX_INFIX_VALUE_LENGTH} for those; shorten it, or match a prefix ("value*") or suffix ("*value").`);
  }
}

function basePathConditions(scope: Construct, id: string, basePath: string | undefined): apigwv2.CfnRoutingRule.ConditionProperty[] {
  if (basePath === undefined) {
    return [];
  }
  if (!Token.isUnresolved(basePath)
    && (basePath.length > MAX_RULE_BASE_PATH_LENGTH || basePath.split('/').some(segment => !BASE_PATH_SEGMENT.test(segment)))) {
    throw new GatewayValidationError(scope, 'RoutingRuleBasePathInvalid', `routing rule ${id}: base path ${JSON.stringify(basePath)} is invalid: use 1 to ${MAX_RULE_BASE_PATH_LENGTH} characters of A-Z, a-z, 0-9 and $-_.+!*'() in segments separated by "/", without a leading or trailing "/" (e.g. "orders/v2").`);
  }
  return [{ matchBasePaths: { anyOf: [basePath] } }];
}
