import { Construct } from 'constructs';
import { GatewayDomain, GatewayRestApi } from '../lib';

/**
 * Requests to edge.pets.example.com with `x-api-version: beta` go to the
 * version 2 API; the rest keep the domain's mapping. The rule sits on the edge
 * domain because api.pets.example.com also maps an HTTP API, and API Gateway
 * offers no routing rules on a domain that maps REST and HTTP APIs.
 */
export function addBetaRouting(stack: Construct): void {
  const domain = stack.node.findChild('PetsEdgeDomain') as GatewayDomain;
  const v2 = stack.node.findChild('PetsApiV2') as GatewayRestApi;
  domain.addRoutingRule('BetaToV2', { priority: 10, api: v2, stage: 'prod', headers: [{ header: 'x-api-version', valueGlob: 'beta' }] });
}
