import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';
import { checkPublicPatternsSpareIamRoutes, RESOURCE_POLICY_MAX_LENGTH, renderedPolicyLength } from '../render/resource-policy';

/** A route that requires an API key is refused with 403 on a stage that no usage plan covers. */
export function apiKeyRoutesHaveUsagePlan({ model, scope }: RuleContext): void {
  const keyRoute = model.routes.all.find(route => route.apiKeyRequired);
  if (!keyRoute) {
    return;
  }
  for (const stage of model.stages) {
    if (!model.usagePlans.some(plan => model.stageNamesOf(plan).includes(stage.name))) {
      throw new GatewayValidationError(scope, 'ApiKeyWithoutUsagePlan', `route ${keyRoute.parsed.key} requires an API key, but no usage plan covers stage ${stage.name}, so every call there would be refused with 403; add one with api.addUsagePlan() (it covers every stage unless told otherwise) and give it a key, or add this API to a plan of another API with plan.addApi().`);
    }
  }
}

/** Warns when the default authorization is used by no route. */
export function defaultAuthorizationUsed({ model, warn }: RuleContext): void {
  const defaultAuthorization = model.settings.defaultAuthorization;
  if (defaultAuthorization && !model.routes.all.some(route => route.authorizationSource === defaultAuthorization)) {
    warn('cdk-apigateway-patterns:unusedAuthorizer', 'defaultAuthorization is used by no route (every route sets its own authorization); remove it or let routes inherit it.');
  }
}

/** The public Allow of the resource policy must not reach IAM routes. */
export function resourcePolicySparesIamRoutes({ model, scope, policy }: RuleContext): void {
  if (policy()) {
    checkPublicPatternsSpareIamRoutes(scope, model.routes.all, model.routes.preflightPaths());
  }
}

/** API Gateway stores a resource policy of up to 8,192 characters. */
export function resourcePolicyLength({ scope, policy, resolve }: RuleContext): void {
  const rendered = policy();
  if (!rendered) {
    return;
  }
  const length = renderedPolicyLength(resolve(rendered));
  if (length > RESOURCE_POLICY_MAX_LENGTH) {
    throw new GatewayValidationError(scope, 'ResourcePolicyTooLong', `the resource policy renders to about ${length} characters, over API Gateway's limit of ${RESOURCE_POLICY_MAX_LENGTH}; combine CIDR ranges, use fewer blocks, or (when IAM routes force the public routes to be listed one by one) put IAM and public routes in separate APIs.`);
  }
}
