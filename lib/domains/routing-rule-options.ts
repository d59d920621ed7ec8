import type { GatewayRestApi } from '../rest/gateway-rest-api';

/**
 * How a custom domain sends requests to its APIs: through base path mappings
 * (`addApi`), routing rules (`addRoutingRule`), or rules first and mappings
 * for what no rule matches. The values are the `AWS::ApiGateway::DomainName`
 * names (the console and `apigatewayv2` call mappings "API mappings").
 */
export enum RoutingMode {
  /** Only base path mappings (API Gateway's default). */
  BASE_PATH_MAPPING_ONLY = 'BASE_PATH_MAPPING_ONLY',
  /** Routing rules, in priority order, then base path mappings for requests no rule matches. */
  ROUTING_RULE_THEN_BASE_PATH_MAPPING = 'ROUTING_RULE_THEN_BASE_PATH_MAPPING',
  /** Only routing rules: the domain takes no base path mappings. */
  ROUTING_RULE_ONLY = 'ROUTING_RULE_ONLY',
}

/** The routing properties shared by `GatewayDomain` and `GatewayPrivateDomain`. */
export interface DomainRoutingProps {
  /**
   * How the domain sends requests to its APIs.
   * @default - API Gateway's default (base path mappings only) until a routing
   * rule is added, which makes it `ROUTING_RULE_THEN_BASE_PATH_MAPPING`
   */
  readonly routingMode?: RoutingMode;
}

/** A header a request must carry for a routing rule to match. */
export interface RoutingHeaderMatch {
  /**
   * The header's name, matched case-insensitively, e.g. `'x-api-version'`:
   * fewer than 40 characters of `A-Z a-z 0-9 ?-!#$%&'.^_`|~`, no wildcard.
   */
  readonly header: string;

  /**
   * The value, matched literally and case-sensitively: `'beta'`, or with a
   * wildcard at the start, the end or both (`'*beta'`, `'beta*'`, `'*beta*'`,
   * `'*'`); fewer than 128 characters (fewer than 40 for `*contains*`).
   */
  readonly valueGlob: string;
}

/** Options of `domain.addRoutingRule()`. */
export interface RoutingRuleOptions {
  /**
   * The rule's priority: rules are evaluated from the lowest number up, each
   * number once per domain, from 1 to 1,000,000. Leave gaps (10, 20, ...) so
   * that rules can be inserted later.
   */
  readonly priority: number;

  /** The REST API the rule sends matching requests to. */
  readonly api: GatewayRestApi;

  /**
   * The stage of the API to invoke.
   * @default - the API's first stage
   */
  readonly stage?: string;

  /**
   * Headers the request must carry (both, when two are given).
   * @default - no header condition
   */
  readonly headers?: RoutingHeaderMatch[];

  /**
   * The base path the request must start with, e.g. `'orders'` or
   * `'orders/v2'` (case-sensitive; one per rule).
   * @default - no base path condition
   */
  readonly basePath?: string;

  /**
   * Whether the API receives the path without the matched base path (as a
   * base path mapping does), instead of the whole path.
   * @default false
   */
  readonly stripBasePath?: boolean;
}
