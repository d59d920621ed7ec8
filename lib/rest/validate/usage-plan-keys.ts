import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';

/**
 * API Gateway: "a given API key can only be associated with one usage plan
 * for each stage of your API". Two plans that share a stage of this API may
 * not share a key; the second association would fail the deployment.
 */
export function apiKeyInOnePlanPerStage({ model, scope, resolve }: RuleContext): void {
  for (const stage of model.stages) {
    const plans = model.usagePlans.filter(plan => model.stageNamesOf(plan).includes(stage.name));
    const firstPlanOf = new Map<string, string | undefined>();
    for (const plan of plans) {
      for (const keyId of new Set(plan.keyIds ?? [])) {
        if (firstPlanOf.has(keyId)) {
          const key = JSON.stringify(resolve(keyId));
          throw new GatewayValidationError(scope, 'ApiKeyInTwoUsagePlans', `API key ${key} is in usage plans ${firstPlanOf.get(keyId)} and ${plan.plan}, which both cover stage ${stage.name}; API Gateway allows a key in one usage plan per stage, so remove the key from one plan, or the stage from one plan (stages: [...]).`);
        }
        firstPlanOf.set(keyId, plan.plan);
      }
    }
  }
}
