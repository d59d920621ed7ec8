import { Token } from 'aws-cdk-lib';
import { serviceErrorResponses } from './error-responses';
import { HttpIntegrationOptions } from './http-options';
import { IRestIntegration, RestIntegrationBindOptions, RestIntegrationConfig, RestMethodParameter } from './integration';
import { streams } from './streaming';
import { checkIntegrationTimeout } from './timeout';
import { renderIntegrationResponses, renderRequestTransform } from './transform';
import { isVpcLinkV2 } from './vpc-link';
import { GatewayValidationError } from '../core/errors';
import { ROUTE_METHODS } from '../core/route-key';
import { checkBackendUrl, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE } from '../core/rules';

/** A `{name}` path placeholder in a backend URL (not a `${stageVariables.x}` reference or a token). */
const URL_PLACEHOLDER = /(?<!\$)\{([A-Za-z0-9._-]+)\}/g;
const URL_STAGE_VARIABLE = /\$\{stageVariables\.([^}]*)\}/g;

/**
 * An HTTP backend, proxied or transformed.
 * @internal
 */
export class HttpIntegration implements IRestIntegration {
  constructor(private readonly url: string, private readonly options: HttpIntegrationOptions) {}

  public bind(context: RestIntegrationBindOptions): RestIntegrationConfig {
    const { scope, route } = context;
    const where = `route ${route.key}`;
    const proxy = this.options.proxy ?? true;
    checkBackendUrl(scope, `${where}: `, this.url);
    const method = (this.options.method ?? route.method).toUpperCase();
    if (!(ROUTE_METHODS as readonly string[]).includes(method)) {
      throw new GatewayValidationError(scope, 'HttpMethodInvalid', `${where}: backend method ${JSON.stringify(this.options.method)} is not one of ${ROUTE_METHODS.join(', ')}.`);
    }
    const streaming = streams(scope, where, this.options.responseTransferMode);
    if (streaming && !proxy) {
      throw new GatewayValidationError(scope, 'StreamingNeedsProxyIntegration', `${where}: an HTTP integration with proxy: false cannot stream its response: API Gateway streams only proxy integrations, whose responses are not transformed; remove proxy: false (and the responses), or leave responseTransferMode BUFFERED.`);
    }
    if (proxy && (this.options.requestTemplates || this.options.responses)) {
      throw new GatewayValidationError(scope, 'HttpProxyWithTransforms', `${where}: an HTTP proxy integration passes requests and responses through, so it cannot have requestTemplates or responses; pass proxy: false to transform them.`);
    }
    const stageVariables: string[] = [];
    for (const match of this.url.matchAll(URL_STAGE_VARIABLE)) {
      if (!STAGE_VARIABLE_NAME.test(match[1])) {
        throw new GatewayValidationError(scope, 'StageVariableNameInvalid', `${where}: backend URL uses stage variable ${JSON.stringify(match[1])}, an invalid name: ${STAGE_VARIABLE_NAME_RULE}.`);
      }
      stageVariables.push(match[1]);
    }
    // Every {placeholder} in the URL needs a value; one named like a path parameter of the route gets it from there.
    const implicit: Record<string, string> = {};
    for (const match of this.url.matchAll(URL_PLACEHOLDER)) {
      const name = match[1];
      const target = `integration.request.path.${name}`;
      if (this.options.requestParameters?.[target] !== undefined) {
        continue;
      }
      if (!route.pathParameters.includes(name)) {
        throw new GatewayValidationError(scope, 'BackendUrlPlaceholderUnknown', `${where}: backend URL placeholder {${name}} has no value: the path has no parameter ${name}; rename it after one of (${route.pathParameters.join(', ') || 'none'}) or map it in requestParameters['${target}'].`);
      }
      implicit[target] = `method.request.path.${name}`;
    }
    const vpcLinkId = this.options.vpcLink?.vpcLinkId;
    if (vpcLinkId !== undefined && !Token.isUnresolved(vpcLinkId) && !/^[A-Za-z0-9]+$/.test(vpcLinkId)) {
      throw new GatewayValidationError(scope, 'VpcLinkIdInvalid', `${where}: vpcLink has id ${JSON.stringify(vpcLinkId)}, which is not a VPC link id (letters and digits, e.g. abc123); pass a VpcLink, or the id of an existing one to apigw.VpcLink.fromVpcLinkId().`);
    }
    // A VPC link V2 has a VPC; without the integrationTarget only privateLoadBalancer sets, API Gateway refuses it.
    if (this.options.vpcLink && isVpcLinkV2(this.options.vpcLink)) {
      throw new GatewayValidationError(scope, 'VpcLinkV2WithoutTarget', `${where}: vpcLink ${this.options.vpcLink.node.path} is a VPC link V2, which needs the load balancer as integration target; use Integration.privateLoadBalancer(loadBalancer, { vpcLink, url }) instead of Integration.http.`);
    }
    const timeoutMs = checkIntegrationTimeout(scope, where, this.options.timeout, context.endpointType, streaming);
    const request = renderRequestTransform(scope, route, this.options, implicit);
    const responses = proxy
      ? undefined
      : renderIntegrationResponses(
        scope, route, this.options.responses ?? serviceErrorResponses({ statusCode: 200 }), context.corsResponseHeaders, context.corsOriginEcho);
    const integration: Record<string, unknown> = {
      type: proxy ? 'http_proxy' : 'http',
      httpMethod: method,
      uri: this.url,
      passthroughBehavior: request.passthroughBehavior,
      ...(request.contentHandling !== undefined ? { contentHandling: request.contentHandling } : {}),
      ...(request.requestParameters ? { requestParameters: request.requestParameters } : {}),
      ...(request.requestTemplates ? { requestTemplates: request.requestTemplates } : {}),
      ...(responses ? { responses: responses.responses } : {}),
      ...(timeoutMs !== undefined ? { timeoutInMillis: timeoutMs } : {}),
      ...(this.options.vpcLink ? { connectionType: 'VPC_LINK', connectionId: this.options.vpcLink.vpcLinkId } : {}),
      ...(streaming ? { responseTransferMode: 'STREAM' } : {}),
    };
    return {
      integration,
      methodParameters: request.methodParameters as RestMethodParameter[],
      methodResponses: responses?.methodResponses,
      stageVariables,
    };
  }
}
