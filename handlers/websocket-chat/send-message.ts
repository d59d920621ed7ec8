/**
 * The WebSocket chat's `sendmessage` route: `{ "action": "sendmessage", "data": "..." }` is
 * broadcast to every connection in the table, the sender included, as `{ "from", "data" }`.
 *
 * A connection that API Gateway reports gone is removed from the table (unless it connected within
 * `CONNECT_GRACE_MS`). Any other failure to deliver is logged and counted, and never stops the
 * broadcast to the other connections.
 */
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { documentClient, removeConnection, requiredEnvironment, scanConnectionIds, WebSocketResult } from './connections';

/** One API Gateway WebSocket frame: a chat line, not a file transfer. */
export const MAX_DATA_BYTES = 32 * 1024;

/**
 * How long after connecting a GoneException does not remove a connection. API Gateway answers
 * GoneException to a post that reaches a connection whose `$connect` has not completed yet, and
 * `$connect` (the integration timeout) can take up to 29 seconds.
 */
export const CONNECT_GRACE_MS = 30_000;

export interface BroadcastClients {
  readonly docClient: DynamoDBDocumentClient;
  readonly managementClient: ApiGatewayManagementApiClient;
  readonly tableName: string;
}

export interface BroadcastOptions {
  /** Posts in flight at once: enough to be fast, few enough to stay clear of API Gateway's throttling. */
  readonly concurrency?: number;
  /** `Limit` of each Scan; DynamoDB's own 1 MB page when not set. */
  readonly pageSize?: number;
  /** Epoch milliseconds. */
  readonly now?: number;
}

export interface BroadcastResult {
  readonly delivered: number;
  /** Connections that answered GoneException. */
  readonly gone: number;
  /** Those of them removed from the table (the others connected too recently to tell). */
  readonly removed: number;
  readonly failed: number;
}

/** The `data` of a `sendmessage` body, or why there is none (the 400 answer). */
export function parseMessage(body: string | undefined, isBase64Encoded = false): { data: string } | { error: string } {
  let message: unknown;
  try {
    message = JSON.parse(isBase64Encoded ? Buffer.from(body ?? '', 'base64').toString('utf8') : body ?? '');
  } catch {
    return { error: 'the message is not JSON' };
  }
  const data = (message as { data?: unknown } | null)?.data;
  if (typeof data !== 'string' || data.length === 0) {
    return { error: 'data must be a non-empty string' };
  }
  if (Buffer.byteLength(data, 'utf8') > MAX_DATA_BYTES) {
    return { error: `data must be at most ${MAX_DATA_BYTES} bytes` };
  }
  return { data };
}

/** Posts `{ from: senderId, data }` to every connection in the table. */
export async function broadcast(clients: BroadcastClients, senderId: string, data: string, options: BroadcastOptions = {}): Promise<BroadcastResult> {
  const { docClient, managementClient, tableName } = clients;
  const { concurrency = 10, pageSize, now = Date.now() } = options;
  const payload = Buffer.from(JSON.stringify({ from: senderId, data }));
  const counts = { delivered: 0, gone: 0, removed: 0, failed: 0 };

  const removeGone = async (connectionId: string): Promise<void> => {
    counts.gone++;
    try {
      if (await removeConnection(docClient, tableName, connectionId, now - CONNECT_GRACE_MS)) {
        counts.removed++;
      }
    } catch (error) {
      counts.failed++;
      logFailure(connectionId, 'DeleteItem', error);
    }
  };
  const deliver = async (connectionId: string): Promise<void> => {
    try {
      await managementClient.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: payload }));
      counts.delivered++;
    } catch (error) {
      if (isGone(error)) {
        await removeGone(connectionId);
      } else {
        counts.failed++;
        logFailure(connectionId, 'PostToConnection', error);
      }
    }
  };

  // The workers share one generator, whose next() calls are queued: each id is taken exactly once,
  // and the table is read a page at a time as the posts progress.
  const connectionIds = scanConnectionIds(docClient, tableName, pageSize);
  const worker = async (): Promise<void> => {
    for (let next = await connectionIds.next(); !next.done; next = await connectionIds.next()) {
      await deliver(next.value);
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  // A failed Scan fails the broadcast, but only once the posts already started have ended.
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
  return counts;
}

/** The SDK names the error from the response; a 410 without a name is still a connection that is gone. */
function isGone(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'GoneException' || $metadata?.httpStatusCode === 410;
}

function logFailure(connectionId: string, operation: string, error: unknown): void {
  const { name, message } = error as { name?: string; message?: string };
  console.error(JSON.stringify({ connectionId, operation, error: name ?? 'Error', message: message ?? String(error) }));
}

let sharedCallbackClient: ApiGatewayManagementApiClient | undefined;

function callbackClient(): ApiGatewayManagementApiClient {
  // CALLBACK_URL includes the stage, which the SDK keeps as the prefix of `/@connections/{id}`.
  return sharedCallbackClient ??= new ApiGatewayManagementApiClient({ endpoint: requiredEnvironment('CALLBACK_URL') });
}

/** The Lambda entry point for the `sendmessage` route. */
export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<WebSocketResult> {
  const message = parseMessage(event.body, event.isBase64Encoded);
  if ('error' in message) {
    return { statusCode: 400, body: message.error };
  }
  const from = event.requestContext.connectionId;
  const result = await broadcast(
    { docClient: documentClient(), managementClient: callbackClient(), tableName: requiredEnvironment('CONNECTIONS_TABLE') },
    from,
    message.data,
  );
  console.log(JSON.stringify({ from, bytes: Buffer.byteLength(message.data, 'utf8'), ...result }));
  return { statusCode: 200 };
}
