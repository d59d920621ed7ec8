import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';
import { isStreamingIntegration } from '../../integrations/streaming';
import { isCacheable } from '../cache-key';

/**
 * API Gateway cannot cache a streamed response: with a cached stage, a
 * streaming route must turn its caching off (GET routes are cached by default).
 */
export function streamingRoutesUncached({ model, scope }: RuleContext): void {
  const cachedStage = model.stages.find(stage => stage.cache !== undefined);
  if (!cachedStage) {
    return;
  }
  for (const route of model.routes.all) {
    if (isStreamingIntegration(route.integration.integration) && isCacheable(route.parsed, route.options.cache)) {
      throw new GatewayValidationError(scope, 'StreamingRouteCached', `route ${route.parsed.key} streams its response, which API Gateway cannot cache, but stage ${cachedStage.name} has a cache that covers it; pass cache: { enabled: false } to the route, or leave its responseTransferMode BUFFERED.`);
    }
  }
}

/**
 * API Gateway does not compress streamed responses: with a minimum
 * compression size, a streaming route's callers get them as the backend sends
 * them. The API is still valid, so this warns.
 */
export function streamingRoutesUncompressed({ model, warn }: RuleContext): void {
  if (model.settings.minimumCompressionSize === undefined) {
    return;
  }
  const streamed = model.routes.all.filter(route => isStreamingIntegration(route.integration.integration)).map(route => route.parsed.key);
  if (streamed.length > 0) {
    warn('cdk-apigateway-patterns:streamingNotCompressed', `minimumCompressionSize ${model.settings.minimumCompressionSize} does not apply to routes that stream (${streamed.join(', ')}): API Gateway sends streamed responses as the backend writes them; compress in the backend (and set Content-Encoding) if they should be compressed.`);
  }
}
