import { Annotations, Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { literalMillis } from '../core/rules';

/** API Gateway's integration timeout: 50 ms to 29 s, and up to 5 minutes for regional and private REST APIs once the quota is raised. */
export const MIN_TIMEOUT_MS = 50;
export const DEFAULT_MAX_TIMEOUT_MS = 29_000;
export const RAISED_MAX_TIMEOUT_MS = 300_000;
/** A streamed response may last up to 15 minutes, without a quota increase. */
export const STREAMING_MAX_TIMEOUT_MS = 900_000;
/** Edge-optimized APIs close a stream that sends nothing for 30 seconds (regional and private ones after 5 minutes). */
export const EDGE_STREAM_IDLE_TIMEOUT_S = 30;

/**
 * Checks an integration timeout against the API's endpoint and returns it in
 * milliseconds; `streaming` (the integration's responseTransferMode is STREAM) has its own limits.
 */
export function checkIntegrationTimeout(
  scope: IConstruct, where: string, timeout: Duration | undefined, endpointType: EndpointType, streaming: boolean = false,
): number | undefined {
  if (streaming && endpointType === EndpointType.EDGE) {
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:streamingEdgeIdleTimeout', `${where}: streams its response through an edge-optimized API, which closes a stream that sends nothing for ${EDGE_STREAM_IDLE_TIMEOUT_S} seconds (regional and private APIs wait 5 minutes); send data at least every ${EDGE_STREAM_IDLE_TIMEOUT_S} seconds, or use Endpoint.regional() (behind your own CloudFront distribution, raise its origin response timeout).`);
  }
  if (timeout === undefined) {
    return undefined;
  }
  // Not integral: NaN or a fraction must fail here, with the library's message, not in Duration.
  const ms = literalMillis(scope, `${where}: integration timeout`, timeout);
  if (streaming) {
    if (!Number.isInteger(ms) || ms < MIN_TIMEOUT_MS || ms > STREAMING_MAX_TIMEOUT_MS) {
      throw new GatewayValidationError(scope, 'StreamingTimeoutOutOfRange', `${where}: integration timeout ${ms} ms is out of range for a streamed response: API Gateway accepts ${MIN_TIMEOUT_MS} ms to 15 minutes; use at most Duration.minutes(15).`);
    }
    return ms;
  }
  if (!Number.isInteger(ms) || ms < MIN_TIMEOUT_MS || ms > RAISED_MAX_TIMEOUT_MS) {
    throw new GatewayValidationError(scope, 'IntegrationTimeoutOutOfRange', `${where}: integration timeout ${ms} ms is out of range: API Gateway accepts ${MIN_TIMEOUT_MS} ms to 29 s (up to 300 s for regional and private APIs with a raised quota).`);
  }
  if (ms > DEFAULT_MAX_TIMEOUT_MS) {
    if (endpointType === EndpointType.EDGE) {
      throw new GatewayValidationError(scope, 'IntegrationTimeoutEdge', `${where}: integration timeout ${ms} ms is over 29 s, which edge-optimized APIs cannot exceed; use at most Duration.seconds(29), or a regional endpoint.`);
    }
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:timeoutQuota', `${where}: integration timeout ${ms} ms is over API Gateway's default 29 s; raise the account's "Maximum integration timeout in milliseconds" quota in Service Quotas before deploying (this may lower the account's throttle quota).`);
  }
  return ms;
}
