import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { jsonAccessLogFormat } from '../core/access-logs';

/** One JSON object per request, with the variables HTTP APIs log. */
export function httpAccessLogFormat(): apigw.AccessLogFormat {
  const fields: Array<[string, string]> = [
    ['requestId', '"$context.requestId"'],
    ['extendedRequestId', '"$context.extendedRequestId"'],
    ['requestTime', '"$context.requestTime"'],
    ['sourceIp', '"$context.identity.sourceIp"'],
    ['userAgent', '"$context.identity.userAgent"'],
    ['httpMethod', '"$context.httpMethod"'],
    ['routeKey', '"$context.routeKey"'],
    ['path', '"$context.path"'],
    ['protocol', '"$context.protocol"'],
    ['stage', '"$context.stage"'],
    ['status', '"$context.status"'],
    ['responseLength', '"$context.responseLength"'],
    ['latency', '"$context.responseLatency"'],
    ['integrationLatency', '"$context.integrationLatency"'],
    ['integrationStatus', '"$context.integrationStatus"'],
    ['errorMessage', '$context.error.messageString'],
    ['authorizerError', '"$context.authorizer.error"'],
  ];
  return jsonAccessLogFormat(fields);
}
