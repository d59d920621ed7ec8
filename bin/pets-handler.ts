import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeSynchronousFunction } from './acknowledgments';
import { sampleKey } from './sample-key';

/**
 * A small, real Node.js handler for the sample API, inlined so that the sample
 * app synthesizes with no bundler and no Docker.
 */
export function petsHandler(scope: Construct, id: string, body: string): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(body),
    memorySize: 256,
    timeout: Duration.seconds(10),
    tracing: lambda.Tracing.ACTIVE,
    logGroup: new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: sampleKey(scope) }),
  });
  acknowledgeSynchronousFunction(fn);
  return fn;
}

/** The pets handler: answers GET /pets, GET /pets/{id}, POST /pets and DELETE /pets/{id} (under any prefix) from an in-memory list. */
export const PETS_HANDLER_CODE = `
const pets = [{ id: '1', name: 'Rex', kind: 'dog' }, { id: '2', name: 'Tom', kind: 'cat' }];
// A proxy integration's response reaches the browser as is, so the function names the allowed origin itself.
const cors = process.env.ALLOWED_ORIGIN ? { 'access-control-allow-origin': process.env.ALLOWED_ORIGIN, 'access-control-allow-credentials': 'true', vary: 'Origin' } : {};
const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json', ...cors }, body: JSON.stringify(body) });
exports.handler = async (event) => {
  const id = event.pathParameters && event.pathParameters.id;
  const version = process.env.AWS_LAMBDA_FUNCTION_VERSION;
  if (event.resource === '/admin/stats') return json(200, { pets: pets.length, version, caller: event.requestContext.identity.userArn });
  switch (event.httpMethod) {
    case 'GET':
      if (!id) return json(200, { pets, version });
      const pet = pets.find((p) => p.id === id);
      return pet ? json(200, pet) : json(404, { message: 'pet ' + id + ' not found' });
    case 'POST': {
      let input;
      try { input = JSON.parse(event.body || '{}'); } catch { return json(400, { message: 'body must be JSON' }); }
      if (!input.name) return json(400, { message: 'name is required' });
      return json(201, { id: String(Date.now()), name: input.name, kind: input.kind || 'unknown' });
    }
    case 'DELETE':
      return pets.some((p) => p.id === id) ? { statusCode: 204, headers: cors, body: '' } : json(404, { message: 'pet ' + id + ' not found' });
    default:
      return json(405, { message: 'method not allowed' });
  }
};
`;

/** A health check that reports the function version serving it. */
export const HEALTH_HANDLER_CODE = `
exports.handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'ok', version: process.env.AWS_LAMBDA_FUNCTION_VERSION }),
});
`;
