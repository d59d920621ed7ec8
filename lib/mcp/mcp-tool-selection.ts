import { IConstruct } from 'constructs';
import type { McpTool } from './mcp-tool-options';
import { AuthorizationType } from '../auth/rest-authorization';
import { GatewayValidationError } from '../core/errors';
import { describeValue } from '../core/rules';
import type { RouteRecord } from '../rest/model/route-record';

/** The methods an AgentCore tool filter or override may name (ApiGatewayToolOverride.method). */
export const MCP_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * MCP's tool name rule (specification 2025-11-25, "Tool names"): 1 to 128
 * characters of ASCII letters, digits, `_`, `-` and `.`.
 */
export const MCP_TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** How the gateway authenticates to the API: the credential provider types AgentCore offers API Gateway targets. */
export type McpOutbound = 'GATEWAY_IAM_ROLE' | 'API_KEY';

/** One `tools` entry, parsed. */
export interface McpToolRequest {
  readonly entry: McpTool;
  readonly method: string;
  /** The route's path, or the prefix's path with its `/*`. */
  readonly path: string;
  /** For `METHOD /prefix/*`: the paths it matches start with this (`/pets/`; `/` for `/*`). */
  readonly prefix?: string;
}

/** A route that becomes a tool. */
export interface McpSelectedTool {
  readonly route: RouteRecord;
  /** The tool's name: the entry's, else the route's operationId. */
  readonly name: string;
  /** Whether the name or description is the entry's own (AgentCore then needs a tool override). */
  readonly overridden: boolean;
  readonly description?: string;
}

/** Why the gateway cannot call a route, with the fix. */
export interface McpUnreachable {
  readonly code: 'McpToolIamWithApiKey' | 'McpToolUnreachable';
  readonly why: string;
  readonly fix: string;
  /** Only a warning: the library cannot tell (a Lambda authorizer with an API key credential). */
  readonly uncertain?: boolean;
}

/** Parses one entry of `tools` (at the call: its syntax needs no route). */
export function parseToolRequest(scope: IConstruct, entry: McpTool): McpToolRequest {
  const fail = (why: string): never => {
    throw new GatewayValidationError(scope, 'McpToolRouteInvalid', `tool route ${describeValue(entry.route)} is invalid: ${why}`);
  };
  const match = typeof entry.route === 'string' ? /^(\S+) (\/\S*)$/.exec(entry.route.trim()) : null;
  if (!match) {
    fail('expected "METHOD /path" (one route, e.g. "GET /pets/{id}") or "METHOD /prefix/*" (the routes under a prefix, e.g. "GET /pets/*").');
  }
  const method = match![1].toUpperCase();
  const path = match![2];
  if (!MCP_METHODS.includes(method)) {
    fail(`AgentCore tool filters name one of ${MCP_METHODS.join(', ')}; list each method of an ANY route's callers instead of ${JSON.stringify(match![1])}.`);
  }
  const star = path.indexOf('*');
  if (star !== -1 && (star !== path.length - 1 || !path.endsWith('/*'))) {
    fail('"*" may only end the path, as "/*" ("GET /pets/*").');
  }
  if (/\{[^}]*\+\}/.test(path)) {
    throw new GatewayValidationError(scope, 'McpToolGreedyRoute', `tool route ${entry.route} has a greedy path parameter: AgentCore Gateway does not support proxy resources such as /pets/{proxy+}. Give the operations an agent needs routes of their own, and list those.`);
  }
  const prefix = path.endsWith('/*') ? path.slice(0, -1) : undefined;
  if (prefix !== undefined && (entry.name !== undefined || entry.description !== undefined)) {
    throw new GatewayValidationError(scope, 'McpToolPrefixOverride', `tool route ${entry.route} selects the routes under a prefix, so it cannot take a name or description (AgentCore overrides one path and one method); list each route that needs one on its own, e.g. { route: '${method} ${prefix}{id}', name: '...' }.`);
  }
  if (entry.name !== undefined && !MCP_TOOL_NAME.test(entry.name)) {
    throw new GatewayValidationError(scope, 'McpToolNameInvalid', `tool name ${describeValue(entry.name)} of ${entry.route} is invalid: MCP tool names are 1 to 128 characters of A-Z, a-z, 0-9, _, - and .`);
  }
  return { entry, method, path, prefix };
}

/** Why the gateway cannot call `route` with the given credential, or undefined when it can. */
export function unreachableReason(route: RouteRecord, outbound: McpOutbound): McpUnreachable | undefined {
  const type = route.authorization.authorizationType;
  if (type === AuthorizationType.IAM && route.apiKeyRequired) {
    return {
      code: 'McpToolIamWithApiKey',
      why: 'uses AWS_IAM authorization and requires an API key, which AgentCore Gateway does not support (it leaves such a method out)',
      fix: 'drop apiKeyRequired from the route, or leave it out of tools',
    };
  }
  if (type === AuthorizationType.COGNITO) {
    return {
      code: 'McpToolUnreachable',
      why: 'is authorized by a Cognito user pool, and an API Gateway target sends no user-pool token (its credential providers are the gateway\'s IAM role, an API key or none)',
      fix: 'expose an IAM-authorized or public route for the agent instead, or leave this one out of tools',
    };
  }
  if (type === AuthorizationType.LAMBDA) {
    return {
      code: 'McpToolUnreachable',
      why: outbound === 'API_KEY'
        ? 'is authorized by a Lambda authorizer, which only accepts the gateway\'s calls if it accepts the value of the API key credential provider in the place the provider sends it'
        : 'is authorized by a Lambda authorizer, and the gateway sends it no token (it signs with its IAM role)',
      fix: 'expose an IAM-authorized or public route for the agent instead, or leave this one out of tools',
      uncertain: outbound === 'API_KEY',
    };
  }
  if (type === AuthorizationType.IAM && outbound !== 'GATEWAY_IAM_ROLE') {
    return {
      code: 'McpToolUnreachable',
      why: 'is IAM-authorized, but the target\'s credential provider sends an API key instead of signing requests',
      fix: 'use credentialProvider: GatewayCredentialProvider.fromIamRole() (the default), or leave the route out of tools',
    };
  }
  if (route.apiKeyRequired && outbound !== 'API_KEY') {
    return {
      code: 'McpToolUnreachable',
      why: 'requires an API key, but the gateway signs with its IAM role and sends no key',
      fix: 'use credentialProvider: GatewayCredentialProvider.fromApiKeyIdentityArn(...) with a key of a usage plan of the stage, or leave the route out of tools',
    };
  }
  return undefined;
}
