import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GatewayApiKey, GatewayRestApi, GatewayUsagePlan, Integration } from '../lib';

/**
 * The Partners plan covers version 2 as well: one key, one throttle and one
 * quota across both APIs (API Gateway counts a key's requests over every stage
 * of its plan). Initech's key was issued before this app existed; the plan
 * takes it by id.
 */
export function extendPartnersPlan(scope: Construct, partners: GatewayUsagePlan, v2: GatewayRestApi, handler: lambda.IFunction): void {
  // Partners sign their v2 calls with IAM (the API's default) and send their key.
  v2.addRoute('GET /partner/pets', Integration.lambdaAlias(handler), { operationId: 'partnerListPetsV2', apiKeyRequired: true });
  partners.addApi(v2, { routeThrottles: { 'GET /partner/pets': { rateLimit: 5, burstLimit: 10 } } });
  partners.addExistingApiKey(GatewayApiKey.fromApiKeyId(scope, 'InitechApiKey', 'k3yq7x9p2m'));
}
