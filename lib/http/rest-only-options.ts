import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';

/** Props that exist only on REST APIs, which a JavaScript caller may still pass. */
export const REST_ONLY_PROPS: Record<string, string> = {
  webAcl: 'AWS WAF', resourcePolicy: 'resource policies', apiKeySource: 'API keys', cloudWatchRole: 'execution logs', failOnWarnings: 'OpenAPI import',
};
export const REST_ONLY_STAGE_OPTIONS: Record<string, string> = {
  cache: 'caching',
  canary: 'canary releases',
  lambdaAlias: 'alias stage variables',
  routeThrottles: 'per-route throttles',
  tracingEnabled: 'X-Ray tracing',
  clientCertificateId: 'client certificates',
  clientCertificate: 'client certificates',
};
export const REST_ONLY_ROUTE_OPTIONS: Record<string, string> = {
  apiKeyRequired: 'API keys',
  cache: 'caching',
  requestModel: 'request validation',
  requestParameters: 'request validation',
  requestValidation: 'request validation',
  responseModels: 'response models',
  throttle: 'per-route throttles',
};

/** Throws when a REST-only option (present in JavaScript, where types do not stop it) is set. */
export function rejectRestOnly(scope: Construct, where: string, given: object, restOnly: Record<string, string>): void {
  for (const [key, feature] of Object.entries(restOnly)) {
    if ((given as Record<string, unknown>)[key] !== undefined) {
      throw new GatewayValidationError(scope, 'HttpApiFeatureUnsupported', `${where} sets ${key} (${feature}), which only REST APIs support; use GatewayRestApi for it.`);
    }
  }
}
