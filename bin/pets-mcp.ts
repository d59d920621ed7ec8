import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import { Construct } from 'constructs';
import { acknowledgeMcpGatewayRole } from './acknowledgments';
import { GatewayMcpTarget, GatewayRestApi } from '../lib';

/**
 * The pets API's operator tools for AI agents: an AgentCore gateway (callers
 * sign with IAM) whose MCP tools are the prod stage's stats and health check.
 * The gateway signs its calls with its role, so the IAM-authorized stats route
 * is callable; the Cognito routes are not (no user-pool token reaches them).
 */
export function addPetsMcpTools(scope: Construct, api: GatewayRestApi): GatewayMcpTarget {
  const gateway = new agentcore.Gateway(scope, 'PetsAgentGateway', {
    description: 'MCP tools of the pets API for operators\' agents',
    authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam(),
  });
  acknowledgeMcpGatewayRole(gateway.role, api, 'prod');
  return new GatewayMcpTarget(scope, 'PetsMcpTools', {
    api,
    gateway,
    stage: 'prod',
    targetName: 'pets',
    description: 'Operator tools of the pets API',
    tools: [
      { route: 'GET /admin/stats', name: 'petStats', description: 'Adoption and traffic statistics of the pets API' },
      { route: 'GET /health' },
    ],
  });
}
