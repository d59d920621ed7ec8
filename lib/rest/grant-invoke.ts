import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import type { GatewayStage } from './gateway-stage';
import { GrantInvokeOptions } from './grant-invoke-options';
import type { RestApiModel } from './model/rest-api-model';
import { AuthorizationType } from '../auth/rest-authorization';
import { GatewayValidationError } from '../core/errors';
import { executeApiPath, executeApiPatternCovers, parseRouteKey } from '../core/route-key';

/**
 * The execute-api method and path that `grantInvoke` allows: every route, or
 * exactly the one named, with warnings when the grant changes nothing (the
 * route is not IAM-authorized) or reaches further than the route.
 */
export function invokeGrantTarget(
  scope: IConstruct, model: RestApiModel, options: GrantInvokeOptions,
): { readonly method: string; readonly path: string } {
  if (options.route === undefined) {
    return { method: '*', path: '/*' };
  }
  const routes = model.routes.all;
  const parsed = parseRouteKey(scope, options.route);
  const route = model.routes.get(parsed.key);
  if (!route) {
    throw new GatewayValidationError(scope, 'GrantRouteUnknown', `grantInvoke names route ${JSON.stringify(options.route)}, which the API does not have (yet); add the route first. Routes are: ${routes.map(existing => existing.parsed.key).join(', ') || '(none)'}.`);
  }
  if (route.authorization.authorizationType !== AuthorizationType.IAM) {
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:grantWithoutIam', `grantInvoke on route ${parsed.key}, which does not use Authorization.iam(): API Gateway does not check IAM permissions there, so the grant changes nothing.`);
  }
  const method = parsed.method === 'ANY' ? '*' : parsed.method;
  const path = executeApiPath(parsed);
  const alsoCovered = routes.filter(other => other !== route && other.authorization.authorizationType === AuthorizationType.IAM
    && executeApiPatternCovers(method, path, other.parsed));
  if (alsoCovered.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:grantCoversMore', `grantInvoke on route ${parsed.key} also allows ${alsoCovered.map(other => other.parsed.key).join(', ')}: in an execute-api ARN the * of a path parameter matches deeper paths too. Grant the API (no route) if that is intended, or rename the paths apart.`);
  }
  return { method, path };
}

/**
 * Grants `execute-api:InvalidateCache` on a stage (`arn` is the stage's execute-api ARN), with a warning when
 * the stage has no cache.
 */
export function grantInvalidateCache(scope: IConstruct, grantee: iam.IGrantable, stage: GatewayStage, arn: string): iam.Grant {
  if (!stage.cacheEnabled) {
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:invalidateWithoutCache', `grantInvalidateCache on stage ${stage.stageName}, which has no cache; the grant changes nothing until it gets one.`);
  }
  return iam.Grant.addToPrincipal({ grantee, actions: ['execute-api:InvalidateCache'], resourceArns: [arn] });
}
