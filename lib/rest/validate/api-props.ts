import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { checkBinaryMediaTypes } from './binary-media-types';
import { validateCors, validateCorsOriginTokens } from '../../core/cors-options';
import { Endpoint, EndpointType } from '../../core/endpoint';
import { GatewayValidationError } from '../../core/errors';
import { checkOneOf, enumValues } from '../../core/rules';
import type { GatewayRestApiProps } from '../gateway-rest-api-props';
import type { RestApiSettings } from '../model/rest-api-model';

/** Checks the props of a `GatewayRestApi` that stand alone (name, endpoint, API key source, CORS); returns the model's settings. */
export function restApiSettings(scope: IConstruct, props: GatewayRestApiProps, apiName: string, endpoint: Endpoint): RestApiSettings {
  if (!Token.isUnresolved(apiName) && apiName.trim() === '') {
    throw new GatewayValidationError(scope, 'ApiNameEmpty', `apiName ${JSON.stringify(apiName)} is empty; API Gateway needs a name: pass a non-empty apiName, or leave it out to use the construct id.`);
  }
  checkOneOf(scope, 'endpoint type', (endpoint as Partial<Endpoint> | null)?.type, enumValues(EndpointType),
    'pass Endpoint.regional(), Endpoint.edge() or Endpoint.private({ vpcEndpoints })', true);
  checkOneOf(scope, 'apiKeySource', props.apiKeySource, enumValues(apigw.ApiKeySourceType), 'use apigw.ApiKeySourceType.HEADER or AUTHORIZER');
  if (endpoint.type === EndpointType.PRIVATE && endpoint.vpcEndpoints.length === 0) {
    throw new GatewayValidationError(scope, 'PrivateApiWithoutVpcEndpoint', 'a private API needs at least one interface VPC endpoint (service execute-api) to be reachable; pass Endpoint.private({ vpcEndpoints: [endpoint] }).');
  }
  if (props.cors) {
    validateCors(scope, 'the API', props.cors);
    validateCorsOriginTokens(scope, 'the API', props.cors);
  }
  return {
    title: apiName,
    description: props.description,
    apiKeySource: props.apiKeySource,
    cors: props.cors,
    defaultAuthorization: props.defaultAuthorization,
    privateEndpoint: endpoint.type === EndpointType.PRIVATE,
    binaryMediaTypes: checkBinaryMediaTypes(scope, props.binaryMediaTypes),
  };
}
