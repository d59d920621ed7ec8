/**
 * The WebSocket chat's `$connect` route: records the connection so that broadcasts reach it.
 *
 * A failure is thrown, not answered: API Gateway then refuses the connection, which is better
 * than accepting a client that would never receive a message.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { ConnectionItem, documentClient, requiredEnvironment, WebSocketResult } from './connections';

/** API Gateway closes every WebSocket connection after 2 hours at most. */
export const DEFAULT_CONNECTION_TTL_SECONDS = 7200;

/** `CONNECTION_TTL_SECONDS` as a number; a value that is not a positive integer is a deployment error. */
export function connectionTtlSeconds(value: string | undefined): number {
  if (value === undefined || value === '') {
    return DEFAULT_CONNECTION_TTL_SECONDS;
  }
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(`CONNECTION_TTL_SECONDS must be a positive integer, got "${value}"`);
  }
  return seconds;
}

/** Stores the connection's item; `now` is epoch milliseconds. */
export async function storeConnection(
  docClient: DynamoDBDocumentClient,
  tableName: string,
  event: APIGatewayProxyWebsocketEventV2,
  ttlSeconds = DEFAULT_CONNECTION_TTL_SECONDS,
  now = Date.now(),
): Promise<ConnectionItem> {
  const item: ConnectionItem = {
    connectionId: event.requestContext.connectionId,
    connectedAt: event.requestContext.connectedAt,
    expiresAt: Math.floor(now / 1000) + ttlSeconds,
  };
  await docClient.send(new PutCommand({ TableName: tableName, Item: item }));
  return item;
}

/** The Lambda entry point for `$connect`. */
export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<WebSocketResult> {
  const ttlSeconds = connectionTtlSeconds(process.env.CONNECTION_TTL_SECONDS);
  await storeConnection(documentClient(), requiredEnvironment('CONNECTIONS_TABLE'), event, ttlSeconds);
  return { statusCode: 200 };
}
