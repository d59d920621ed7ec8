import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { AwsServiceCall } from './aws-service';
import { errorBody } from './error-responses';
import type { RestRouteInfo } from './integration';
import { IntegrationResponse } from './integration-response';
import { S3ObjectOptions } from './s3-options';
import { factoryScope, GatewayValidationError } from '../core/errors';

/** S3's safe key characters and /, without * (a wildcard in the role's resource) and without {} ? # % (URI syntax). */
const KEY_PREFIX = /^[A-Za-z0-9!_.'()\/-]{0,1000}$/;
/** A bucket name (the general-purpose rules; a literal one lands in the integration's URI path). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PARAMETER = /^[A-Za-z0-9._-]{1,128}$/;

/** The JSON errors of a file route: text even when the caller's Accept is a binary media type (CONVERT_TO_TEXT). */
const error = (statusCode: number, selectionPattern: string, message: string): IntegrationResponse => ({
  statusCode,
  selectionPattern,
  contentHandling: apigw.ContentHandling.CONVERT_TO_TEXT,
  templates: { 'application/json': errorBody(message) },
});

/**
 * S3 answers 403 for a key that does not exist when the caller may not list
 * the bucket (the API's role may not), and 404 when it may: both are "not
 * found" to the caller. Other client errors are 400; S3's own, 502.
 */
const GET_RESPONSES: IntegrationResponse[] = [
  // The object passes through as S3 sent it: bytes to a caller whose Accept is one of the API's binaryMediaTypes.
  { statusCode: 200, headersFromBackend: { 'Content-Type': 'Content-Type', 'ETag': 'ETag', 'Last-Modified': 'Last-Modified' } },
  error(404, '403|404', 'Not found'),
  error(400, '4(0[0-25-9]|[1-9]\\d)', 'Bad request'),
  error(502, '5\\d{2}', 'Bad gateway'),
];

/** A refused write (403: a bucket policy, the key's policy) is the API's configuration, not the caller's fault: 502. */
const PUT_RESPONSES: IntegrationResponse[] = [
  {
    statusCode: 200,
    contentHandling: apigw.ContentHandling.CONVERT_TO_TEXT,
    headersFromBackend: { ETag: 'ETag' },
    templates: { 'application/json': '{"requestId": "$context.requestId"}' },
  },
  error(400, '4(0[0-24-9]|[1-9]\\d)', 'Bad request'),
  error(502, '403|5\\d{2}', 'Bad gateway'),
];

/** The checked key prefix. */
function keyPrefix(options: S3ObjectOptions, method: string): string {
  const prefix = options.keyPrefix ?? '';
  const scope = factoryScope(`Integration.s3${method}Object`);
  if (Token.isUnresolved(prefix)) {
    throw new GatewayValidationError(scope, 'S3KeyPrefixInvalid', 'keyPrefix is a deploy-time value; the integration URI and the role\'s resource are built from it at synth: pass the prefix as a literal string.');
  }
  if (!KEY_PREFIX.test(prefix) || prefix.startsWith('/') || prefix.includes('//') || prefix.split('/').some(segment => segment === '.' || segment === '..')) {
    throw new GatewayValidationError(scope, 'S3KeyPrefixInvalid', `keyPrefix ${JSON.stringify(prefix)} is invalid: use up to 1,000 of S3's safe characters (A-Z, a-z, 0-9, ! _ . ' ( ) - and /), without a leading /, // or . and .. segments, and without * (which would widen the role) or { } ? # %; e.g. 'photos/'.`);
  }
  return prefix;
}

function objectCall(bucket: s3.IBucket, options: S3ObjectOptions, method: 'GET' | 'PUT'): AwsServiceCall {
  const action = method === 'GET' ? 'GetObject' : 'PutObject';
  const prefix = keyPrefix(options, method === 'GET' ? 'Get' : 'Put');
  const parameter = options.keyParameter ?? 'key';
  return {
    service: 's3',
    httpMethod: method,
    uriPath: `path/${bucket.bucketName}/${prefix}{${parameter}}`,
    action,
    iamAction: `s3:${action}`,
    // The prefix's objects only: a key the caller sends cannot reach outside it, whatever it holds (../ included).
    resourceArn: bucket.arnForObjects(`${prefix}*`),
    target: bucket,
    encryptionKey: bucket.encryptionKey,
    // Reading an SSE-KMS object needs Decrypt; writing one (a single PUT) needs a data key.
    encryptionKeyActions: [method === 'GET' ? 'kms:Decrypt' : 'kms:GenerateDataKey'],
    passesBinary: true,
    wildcardReason: `The route serves the objects whose keys start with ${JSON.stringify(prefix)}, named by the caller at request time; the role may ${action} on those keys only.`,
    requestParameters: (scope: IConstruct, route: RestRouteInfo) => {
      const where = `route ${route.key}`;
      if (!PARAMETER.test(parameter) || !route.pathParameters.includes(parameter)) {
        throw new GatewayValidationError(scope, 'S3KeyParameterUnknown', `${where}: the object key is read from path parameter ${JSON.stringify(parameter)}, which the path does not have; add {${parameter}} (or {${parameter}+} for keys with slashes) to the path, or set keyParameter to one of: ${route.pathParameters.join(', ') || '(none)'}.`);
      }
      const bucketName = bucket.bucketName;
      if (!Token.isUnresolved(bucketName) && !BUCKET_NAME.test(bucketName)) {
        throw new GatewayValidationError(scope, 'S3BucketNameInvalid', `${where}: bucket name ${JSON.stringify(bucketName)} is invalid: use 3 to 63 lower-case letters, digits, . and -, starting and ending with a letter or digit; import the bucket by its valid name.`);
      }
      return {
        [`integration.request.path.${parameter}`]: `method.request.path.${parameter}`,
        ...(method === 'PUT' ? { 'integration.request.header.Content-Type': 'method.request.header.Content-Type' } : {}),
      };
    },
    responses: method === 'GET' ? GET_RESPONSES : PUT_RESPONSES,
  };
}

/** S3 `GetObject` of `<prefix><key>`: the object's bytes, its Content-Type and ETag; 404 when there is none. */
export function s3GetObjectCall(bucket: s3.IBucket, options: S3ObjectOptions): AwsServiceCall {
  return objectCall(bucket, options, 'GET');
}

/** S3 `PutObject` of `<prefix><key>`: the request body as it is, with the request's Content-Type; answers 200 with the ETag. */
export function s3PutObjectCall(bucket: s3.IBucket, options: S3ObjectOptions): AwsServiceCall {
  return objectCall(bucket, options, 'PUT');
}
