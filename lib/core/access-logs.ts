import * as apigw from 'aws-cdk-lib/aws-apigateway';

/**
 * The default access log record: one JSON object per request. `errorMessage`
 * uses `$context.error.messageString`, which API Gateway emits already quoted,
 * so a message containing quotes cannot break the JSON.
 */
export function defaultAccessLogFormat(): apigw.AccessLogFormat {
  const fields: Array<[string, string]> = [
    ['requestId', '"$context.requestId"'],
    ['extendedRequestId', '"$context.extendedRequestId"'],
    ['requestTime', '"$context.requestTime"'],
    ['sourceIp', '"$context.identity.sourceIp"'],
    ['caller', '"$context.identity.caller"'],
    ['user', '"$context.identity.user"'],
    ['userAgent', '"$context.identity.userAgent"'],
    ['httpMethod', '"$context.httpMethod"'],
    ['resourcePath', '"$context.resourcePath"'],
    ['path', '"$context.path"'],
    ['protocol', '"$context.protocol"'],
    ['stage', '"$context.stage"'],
    ['status', '"$context.status"'],
    ['responseLength', '"$context.responseLength"'],
    ['latency', '"$context.responseLatency"'],
    ['integrationLatency', '"$context.integrationLatency"'],
    ['integrationStatus', '"$context.integration.status"'],
    ['errorMessage', '$context.error.messageString'],
    ['errorType', '"$context.error.responseType"'],
    ['xrayTraceId', '"$context.xrayTraceId"'],
  ];
  return jsonAccessLogFormat(fields);
}

/** One JSON object per record, from field names and their `$context` values (quoted unless already JSON). */
export function jsonAccessLogFormat(fields: ReadonlyArray<readonly [string, string]>): apigw.AccessLogFormat {
  return apigw.AccessLogFormat.custom(`{${fields.map(([name, value]) => `"${name}":${value}`).join(',')}}`);
}
