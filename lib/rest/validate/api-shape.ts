import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';

/** API Gateway's default (adjustable) quota of resources (paths) per REST API, which the library warns about. */
export const DEFAULT_RESOURCES_PER_API = 300;

/** API Gateway cannot deploy a REST API without methods. */
export function apiHasRoutes({ model, scope }: RuleContext): void {
  if (model.routes.size === 0) {
    throw new GatewayValidationError(scope, 'ApiWithoutRoutes', 'the API has no routes, and API Gateway cannot deploy a REST API without methods; add one with addRoute().');
  }
}

/** An API without a stage serves nothing. */
export function apiHasStages({ model, scope }: RuleContext): void {
  if (model.stages.length === 0) {
    throw new GatewayValidationError(scope, 'ApiWithoutStages', 'the API has no stages; pass stages or call addStage().');
  }
}

/** Warns past API Gateway's default quota of resources (paths, with every parent) per REST API. */
export function resourceQuota({ model, warn }: RuleContext): void {
  const resources = new Set<string>(['/']);
  for (const route of model.routes.all) {
    route.parsed.segments.forEach((_, index) => resources.add('/' + route.parsed.segments.slice(0, index + 1).join('/')));
  }
  if (resources.size > DEFAULT_RESOURCES_PER_API) {
    warn('cdk-apigateway-patterns:resourceQuota', `${resources.size} resources (paths): API Gateway's default quota is ${DEFAULT_RESOURCES_PER_API} resources per REST API; request an increase before deploying.`);
  }
}
