import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { MCP_TOOL_NAME, McpOutbound, McpSelectedTool, McpToolRequest, unreachableReason } from './mcp-tool-selection';
import { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import type { RouteRecord } from '../rest/model/route-record';

/**
 * The checks of AgentCore Gateway's documented limits for an API Gateway
 * target ("Amazon API Gateway REST API stages as targets"; API Gateway's "Add
 * an API Gateway REST API as a target for Amazon Bedrock AgentCore Gateway").
 */

/** What the rules are told besides the routes: plain values, so that tests need no stack. */
export interface McpTargetFacts {
  /** The target construct: errors name it. */
  readonly scope: IConstruct;
  readonly apiPath: string;
  readonly stage: string;
  readonly outbound: McpOutbound;
  /** The target's name when it is known at synth, for the length of the names agents see. */
  readonly targetName?: string;
  /** A note on the target (a route a prefix leaves out). */
  info(message: string): void;
  /** A warning on the target. */
  warn(id: string, message: string): void;
}

/** "Only public REST APIs are supported": regional or edge-optimized. */
export function checkPublicEndpoint(scope: IConstruct, apiPath: string, type: EndpointType): void {
  if (type === EndpointType.PRIVATE) {
    throw new GatewayValidationError(scope, 'McpApiPrivate', `API ${apiPath} is private: AgentCore Gateway supports only public REST APIs (regional or edge-optimized). Use Endpoint.regional(), with an API Gateway private integration (VPC link) to reach resources in a VPC.`);
  }
}

/** Where a stack deploys (tokens for an environment-agnostic stack). */
export interface McpEnvironment {
  readonly account: string;
  readonly region: string;
}

/** "Your API must be in the same account / Region as your AgentCore Gateway": refused when both sides are known and differ. */
export function checkSameEnvironment(scope: IConstruct, apiPath: string, api: McpEnvironment, gateway: McpEnvironment): void {
  const differs = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
  if (differs(api.account, gateway.account)) {
    throw new GatewayValidationError(scope, 'McpApiOtherAccount', `API ${apiPath} is in account ${api.account} and the gateway in ${gateway.account}: AgentCore Gateway reaches only REST APIs of its own account. Create the gateway in account ${api.account}.`);
  }
  if (differs(api.region, gateway.region)) {
    throw new GatewayValidationError(scope, 'McpApiOtherRegion', `API ${apiPath} is in ${api.region} and the gateway in ${gateway.region}: AgentCore Gateway reaches only REST APIs of its own Region. Create the gateway in ${api.region}.`);
  }
}

/** "The default endpoint of your API cannot be disabled": the gateway calls execute-api, never a custom domain. */
export function checkExecuteApiEndpoint(scope: IConstruct, apiPath: string, disabled: boolean): void {
  if (disabled) {
    throw new GatewayValidationError(scope, 'McpExecuteApiEndpointDisabled', `API ${apiPath} disables its default execute-api endpoint (disableExecuteApiEndpoint: true, or a mutual TLS domain serves it), which AgentCore Gateway calls. Set disableExecuteApiEndpoint: false on the API, or expose another API.`);
  }
}

/**
 * The routes the tools select, once every route is known: each route listed
 * alone must exist and be callable; a prefix leaves out (with a note) what the
 * gateway cannot call and must keep one route; every tool needs a unique name.
 */
export function selectTools(facts: McpTargetFacts, routes: readonly RouteRecord[], requests: readonly McpToolRequest[]): McpSelectedTool[] {
  const { scope } = facts;
  const chosen = new Map<string, McpSelectedTool>();
  const listed = new Set<string>();
  for (const request of requests.filter(r => r.prefix === undefined)) {
    const key = `${request.method} ${request.path}`;
    if (listed.has(key)) {
      throw new GatewayValidationError(scope, 'McpToolListedTwice', `tool route ${key} is listed twice; list it once, with its name and description.`);
    }
    listed.add(key);
    const route = routes.find(r => r.parsed.key === key);
    if (!route) {
      const any = routes.some(r => r.parsed.method === 'ANY' && r.parsed.path === request.path);
      throw new GatewayValidationError(scope, 'McpToolRouteUnknown', any
        ? `tool route ${key} is served by route ANY ${request.path} of API ${facts.apiPath}; AgentCore tool filters name single methods, so add a ${key} route of its own for the tool.`
        : `tool route ${key} is not a route of API ${facts.apiPath} (its routes: ${routes.map(r => r.parsed.key).join(', ') || 'none'}); list an existing route.`);
    }
    const unreachable = unreachableReason(route, facts.outbound);
    if (unreachable?.uncertain) {
      facts.warn('cdk-apigateway-patterns:mcpLambdaAuthorizer', `tool route ${key} ${unreachable.why}; if it does not, ${unreachable.fix}.`);
    } else if (unreachable) {
      const code = unreachable.code;
      throw new GatewayValidationError(scope, code, `tool route ${key} ${unreachable.why}; ${unreachable.fix}.`);
    }
    chosen.set(key, toTool(route, request));
  }
  for (const request of requests.filter(r => r.prefix !== undefined)) {
    const matched = routes.filter(r => r.parsed.path.startsWith(request.prefix!) && (r.parsed.method === request.method || r.parsed.method === 'ANY'));
    const skipped: string[] = [];
    let kept = 0;
    for (const route of matched) {
      const why = skipReason(route, facts.outbound);
      if (why !== undefined && !listed.has(route.parsed.key)) {
        skipped.push(`${route.parsed.key} (${why})`);
        continue;
      }
      kept++;
      if (!chosen.has(route.parsed.key)) {
        chosen.set(route.parsed.key, toTool(route, request));
        const unsure = unreachableReason(route, facts.outbound);
        if (unsure?.uncertain) {
          facts.warn('cdk-apigateway-patterns:mcpLambdaAuthorizer', `tool route ${route.parsed.key} (from ${request.entry.route}) ${unsure.why}; if it does not, ${unsure.fix}.`);
        }
      }
    }
    if (kept === 0) {
      throw new GatewayValidationError(scope, 'McpToolPrefixEmpty', `tool route ${request.entry.route} selects no route the gateway can call${skipped.length ? `: it leaves out ${skipped.join('; ')}` : ` (API ${facts.apiPath} has no ${request.method} route under ${request.prefix})`}. Narrow or drop the entry.`);
    }
    if (skipped.length > 0) {
      facts.info(`tool route ${request.entry.route} leaves out ${skipped.join('; ')}.`);
    }
  }
  const tools = [...chosen.values()];
  checkNames(facts, tools);
  return tools;
}

/** Why a prefix leaves a route out, or undefined when it keeps it. */
function skipReason(route: RouteRecord, outbound: McpOutbound): string | undefined {
  if (route.parsed.method === 'ANY') {
    return 'an ANY route: tool filters name single methods';
  }
  if (/\+\}$/.test(route.parsed.path)) {
    return 'a greedy {proxy+} path, which AgentCore Gateway does not support';
  }
  const unreachable = unreachableReason(route, outbound);
  return unreachable && !unreachable.uncertain ? unreachable.why : undefined;
}

function toTool(route: RouteRecord, request: McpToolRequest): McpSelectedTool {
  const name = request.entry.name ?? route.options.operationId;
  return {
    route,
    name: name ?? '',
    overridden: request.entry.name !== undefined || request.entry.description !== undefined,
    description: request.entry.description,
  };
}

/**
 * "Every method of your API must either have an operation name defined for it,
 * or you need to create a name override": the name agents call the tool by, unique.
 */
function checkNames(facts: McpTargetFacts, tools: readonly McpSelectedTool[]): void {
  const byName = new Map<string, string>();
  for (const tool of tools) {
    const key = tool.route.parsed.key;
    if (tool.name === '') {
      throw new GatewayValidationError(facts.scope, 'McpToolNameMissing', `route ${key} has no operationId, which AgentCore Gateway takes as the tool's name; give the route an operationId, or list it with a name: { route: '${key}', name: '...' }.`);
    }
    const other = byName.get(tool.name);
    if (other !== undefined) {
      throw new GatewayValidationError(facts.scope, 'McpToolNameDuplicate', `routes ${other} and ${key} would both be tool ${JSON.stringify(tool.name)}; give one of them another name: { route: '${key}', name: '...' }.`);
    }
    byName.set(tool.name, key);
    if (!MCP_TOOL_NAME.test(tool.name)) {
      throw new GatewayValidationError(facts.scope, 'McpToolNameInvalid', `tool name ${JSON.stringify(tool.name)} of ${key} is invalid: MCP tool names are 1 to 128 characters of A-Z, a-z, 0-9, _, - and .`);
    }
    const seen = facts.targetName !== undefined ? `${facts.targetName}___${tool.name}` : undefined;
    if (seen !== undefined && seen.length > 128) {
      facts.warn('cdk-apigateway-patterns:mcpToolNameLong', `agents see tool ${key} as ${seen} (${seen.length} characters), over the 128 that MCP's tool name rule allows; shorten the target name or the tool's name.`);
    }
  }
}
