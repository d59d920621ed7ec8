import { apiKeyRoutesHaveUsagePlan, defaultAuthorizationUsed, resourcePolicyLength, resourcePolicySparesIamRoutes } from './access-control';
import { apiHasRoutes, apiHasStages, resourceQuota } from './api-shape';
import { binaryPayloadsHandled } from './binary-media-types';
import { bodyFitsTemplate } from './body-size';
import { cachedRoutesKeyCallers } from './cache-keys';
import { clientCertificatesReachHttpBackends } from './client-certificates';
import { modelAliasesEnd, modelReferencesKnown, stageVariablesSet } from './integrations-and-models';
import { RestApiRule, RuleContext } from './rule';
import { sourceIpsMatchIpAddressType } from './source-ip-families';
import { streamingRoutesUncached, streamingRoutesUncompressed } from './streaming';
import { apiKeyInOnePlanPerStage } from './usage-plan-keys';

/**
 * The model-level rules of a REST API, in the order they run: the first
 * failing rule's error is the one synth reports. Add a rule here.
 */
export const REST_API_RULES: readonly RestApiRule[] = [
  apiHasRoutes,
  apiHasStages,
  resourceQuota,
  apiKeyRoutesHaveUsagePlan,
  apiKeyInOnePlanPerStage,
  defaultAuthorizationUsed,
  resourcePolicySparesIamRoutes,
  resourcePolicyLength,
  sourceIpsMatchIpAddressType,
  stageVariablesSet,
  modelReferencesKnown,
  modelAliasesEnd,
  streamingRoutesUncached,
  cachedRoutesKeyCallers,
  streamingRoutesUncompressed,
  binaryPayloadsHandled,
  clientCertificatesReachHttpBackends,
  bodyFitsTemplate,
];

/** Runs every rule over the model (the API attaches it with `node.addValidation`). */
export function validateRestApi(context: RuleContext, rules: readonly RestApiRule[] = REST_API_RULES): void {
  for (const rule of rules) {
    rule(context);
  }
}
