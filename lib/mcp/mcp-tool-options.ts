import type * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import type { GatewayRestApi } from '../rest/gateway-rest-api';

/**
 * Operations of a REST API that become MCP tools: one route, or every route
 * under a path prefix.
 */
export interface McpTool {
  /**
   * `METHOD /path` of one route (`GET /pets/{id}`), or `METHOD /prefix/*` for
   * every route under the prefix that the gateway can call (`GET /pets/*`
   * matches `GET /pets/{id}` but not `GET /pets`; `GET /*` matches every GET).
   * METHOD is one AgentCore accepts: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
   */
  readonly route: string;

  /**
   * The tool's name, which agents see as `<target name>___<name>`. Only for one route.
   * @default - the route's `operationId` (a route without one needs a name)
   */
  readonly name?: string;

  /**
   * What the tool does, for the agent's model to choose it by. Only for one route.
   * @default - the description of the operation in the stage's OpenAPI export
   */
  readonly description?: string;
}

/** Properties of a `GatewayMcpTarget`. */
export interface GatewayMcpTargetProps {
  /** The REST API whose operations become tools: public (regional or edge), with its default execute-api endpoint. */
  readonly api: GatewayRestApi;

  /** The AgentCore gateway that serves the tools: in the API's account and region. */
  readonly gateway: agentcore.IGateway;

  /** The stage of the API the tools call (one of the API's stages). */
  readonly stage: string;

  /**
   * The operations to expose, at least one. A route listed alone must be one
   * the gateway can call (the synth fails otherwise); a prefix (`GET /pets/*`)
   * exposes the routes under it that it can call and notes the others.
   */
  readonly tools: McpTool[];

  /**
   * How the gateway authenticates to the API. The gateway's IAM role signs
   * requests (IAM-authorized routes become callable; the role may invoke the
   * stage); an API key credential provider sends a key (routes that require an
   * API key become callable). API Gateway targets support no OAuth provider.
   * @default - GatewayCredentialProvider.fromIamRole()
   */
  readonly credentialProvider?: agentcore.ICredentialProviderConfig;

  /**
   * The target's name, unique within the gateway, which prefixes every tool name.
   * @default - a name generated from the construct path
   */
  readonly targetName?: string;

  /**
   * The target's description, up to 200 characters.
   * @default - none
   */
  readonly description?: string;
}
