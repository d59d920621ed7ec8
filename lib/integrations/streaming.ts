import { Annotations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { PROXY_INTEGRATION_TYPES } from './integration';
import { ResponseTransferMode } from './response-transfer-mode';
import { GatewayValidationError } from '../core/errors';
import { checkOneOf, enumValues } from '../core/rules';


/** Checks a `responseTransferMode` option and says whether it streams; BUFFERED and undefined render nothing. */
export function streams(scope: IConstruct, where: string, mode: ResponseTransferMode | undefined): boolean {
  checkOneOf(scope, `${where}: responseTransferMode`, mode, enumValues(ResponseTransferMode), 'use ResponseTransferMode.BUFFERED or STREAM');
  return mode === ResponseTransferMode.STREAM;
}

/** Whether an `x-amazon-apigateway-integration` object streams its response. */
export function isStreamingIntegration(integration: { readonly [key: string]: unknown }): boolean {
  return integration.responseTransferMode === ResponseTransferMode.STREAM;
}

/**
 * What API Gateway refuses in a streaming integration, checked on the config
 * any integration returns (the library's own and users'): only proxy types
 * stream, and a streamed response cannot go through integration responses.
 */
export function checkStreamingConfig(scope: IConstruct, routeKey: string, integration: { readonly [key: string]: unknown }): void {
  const mode = integration.responseTransferMode;
  if (mode === undefined) {
    return;
  }
  checkOneOf(scope, `route ${routeKey}: the integration's responseTransferMode`, mode, enumValues(ResponseTransferMode), 'return "BUFFERED" or "STREAM"');
  if (mode !== ResponseTransferMode.STREAM) {
    return;
  }
  const type = String(integration.type).toLowerCase();
  if (!PROXY_INTEGRATION_TYPES.has(type)) {
    throw new GatewayValidationError(scope, 'StreamingNeedsProxyIntegration', `route ${routeKey}: integration type ${JSON.stringify(integration.type)} cannot stream its response: API Gateway streams only Lambda proxy (aws_proxy) and HTTP proxy (http_proxy) integrations; use Integration.lambda() or Integration.http() with proxy, or leave responseTransferMode BUFFERED.`);
  }
  if (integration.responses !== undefined) {
    throw new GatewayValidationError(scope, 'StreamingWithIntegrationResponses', `route ${routeKey}: a streamed response cannot be mapped by integration responses or response templates (API Gateway does not buffer it to transform it); remove the responses, or leave responseTransferMode BUFFERED.`);
  }
}

/**
 * Lambda streams responses from Node.js managed runtimes and from custom (OS-only)
 * runtimes that implement it; other managed runtimes need the Lambda Web Adapter,
 * which synth cannot see, so this warns rather than fails.
 */
export function warnIfRuntimeCannotStream(scope: IConstruct, where: string, handler: lambda.IFunction): void {
  const family = (handler as Partial<lambda.Function>).runtime?.family;
  if (family === undefined || family === lambda.RuntimeFamily.NODEJS || family === lambda.RuntimeFamily.OTHER) {
    return;
  }
  Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:streamingRuntime', `${where}: function ${handler.node.path} runs ${(handler as lambda.Function).runtime.name}, but Lambda streams responses only from Node.js managed runtimes and custom runtimes; use a Node.js runtime (awslambda.streamifyResponse), a custom runtime, or the Lambda Web Adapter, or leave responseTransferMode BUFFERED.`);
}
