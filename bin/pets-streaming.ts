import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeSynchronousFunction } from './acknowledgments';
import { sampleKey } from './sample-key';
import { GatewayRestApi, Integration, ResponseTransferMode } from '../lib';

/**
 * Streams a pet's medical history as server-sent events, one visit at a
 * time, as the (slow) records system yields them: the first event reaches
 * the browser at once instead of after the whole history, and a long history
 * may take longer than the 29 seconds a buffered response gets.
 */
export const PET_HISTORY_STREAM_CODE = `
const history = {
  '1': [{ date: '2024-03-02', visit: 'vaccination' }, { date: '2024-09-14', visit: 'dental cleaning' }, { date: '2025-05-20', visit: 'check-up' }],
  '2': [{ date: '2024-06-11', visit: 'microchip' }, { date: '2025-01-08', visit: 'check-up' }],
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// A proxy integration's response reaches the browser as is, so the function names the allowed origin itself.
const cors = process.env.ALLOWED_ORIGIN ? { 'access-control-allow-origin': process.env.ALLOWED_ORIGIN, 'access-control-allow-credentials': 'true', vary: 'Origin' } : {};
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const id = event.pathParameters && event.pathParameters.id;
  const visits = history[id];
  // HttpResponseStream.from writes the status and headers, then the delimiter API Gateway expects before the body.
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: visits ? 200 : 404,
    headers: { 'content-type': visits ? 'text/event-stream' : 'application/json', 'cache-control': 'no-store', ...cors },
  });
  if (!visits) {
    stream.end(JSON.stringify({ message: 'pet ' + id + ' not found' }));
    return;
  }
  for (const [index, visit] of visits.entries()) {
    stream.write('id: ' + index + '\\nevent: visit\\ndata: ' + JSON.stringify(visit) + '\\n\\n');
    await sleep(500);
  }
  stream.write('event: end\\ndata: {}\\n\\n');
  stream.end();
});
`;

/**
 * `GET /pets/{id}/history/stream`: a streamed Lambda proxy route (see
 * PET_HISTORY_STREAM_CODE), with the API's Cognito `pets/read` authorization.
 * The prod stage caches GET routes, and a streamed response cannot be
 * cached, so the route turns its caching off.
 */
export function addStreamingRoutes(scope: Construct, api: GatewayRestApi, allowedOrigin: string): lambda.Function {
  const fn = new lambda.Function(scope, 'PetHistoryStream', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(PET_HISTORY_STREAM_CODE),
    memorySize: 256,
    // Covers the whole stream: the function keeps running if API Gateway closes the connection first.
    timeout: Duration.minutes(5),
    tracing: lambda.Tracing.ACTIVE,
    environment: { ALLOWED_ORIGIN: allowedOrigin },
    logGroup: new logs.LogGroup(scope, 'PetHistoryStreamLogs', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: sampleKey(scope) }),
  });
  acknowledgeSynchronousFunction(fn);
  api.addRoute('GET /pets/{id}/history/stream', Integration.lambda(fn, {
    responseTransferMode: ResponseTransferMode.STREAM,
    timeout: Duration.minutes(5),
  }), { operationId: 'streamPetHistory', cache: { enabled: false } });
  return fn;
}
