import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { checkBinaryMediaTypes } from './binary-media-types';
import { validateCors, validateCorsOriginTokens } from '../../core/cors-options';
import { Endpoint, EndpointType } from '../../core/endpoint';
import { GatewayValidationError } from '../../core/errors';
import { checkInteger, checkOneOf, checkRange, enumValues } from '../../core/rules';
import { checkSecurityPolicy } from '../../core/security-policy';
import type { GatewayRestApiProps } from '../gateway-rest-api-props';
import type { RestApiSettings } from '../model/rest-api-model';

/** The largest minimum compression size API Gateway accepts, in bytes (10 MB). */
export const MAX_MINIMUM_COMPRESSION_SIZE = 10_485_760;

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
  checkSecurityPolicy(scope, { noun: 'API', endpointType: endpoint.type, securityPolicy: props.securityPolicy, endpointAccessMode: props.endpointAccessMode });
  checkOneOf(scope, 'ipAddressType', props.ipAddressType, enumValues(apigw.IpAddressType), 'use apigw.IpAddressType.IPV4 or DUAL_STACK');
  if (endpoint.type === EndpointType.PRIVATE && props.ipAddressType === apigw.IpAddressType.IPV4) {
    throw new GatewayValidationError(scope, 'PrivateApiIpAddressType', 'a private API can only be dual-stack (API Gateway makes every private API so); leave ipAddressType out, or set it to apigw.IpAddressType.DUAL_STACK.');
  }
  checkInteger(scope, 'minimumCompressionSize', props.minimumCompressionSize);
  checkRange(scope, 'minimumCompressionSize', props.minimumCompressionSize, 0, MAX_MINIMUM_COMPRESSION_SIZE,
    'API Gateway compresses responses from 0 bytes to 10 MB (10,485,760); leave it out to turn compression off.');
  if (props.cors) {
    validateCors(scope, 'the API', props.cors);
    validateCorsOriginTokens(scope, 'the API', props.cors);
  }
  return {
    title: apiName,
    description: props.description,
    apiKeySource: props.apiKeySource,
    minimumCompressionSize: props.minimumCompressionSize,
    cors: props.cors,
    defaultAuthorization: props.defaultAuthorization,
    privateEndpoint: endpoint.type === EndpointType.PRIVATE,
    ipAddressType: props.ipAddressType ?? (endpoint.type === EndpointType.PRIVATE ? apigw.IpAddressType.DUAL_STACK : apigw.IpAddressType.IPV4),
    binaryMediaTypes: checkBinaryMediaTypes(scope, props.binaryMediaTypes),
  };
}
