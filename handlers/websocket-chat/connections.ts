/**
 * The connections table of the WebSocket chat, shared by its three handlers: one item per
 * open connection, `{ connectionId, connectedAt, expiresAt }`, keyed by `connectionId`.
 *
 * `$disconnect` is best effort in API Gateway, so an item can outlive its connection: the
 * table's TTL (`expiresAt`) and the broadcast's GoneException handling remove those.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export interface ConnectionItem {
  readonly connectionId: string;
  /** Epoch milliseconds, as API Gateway reports it in `requestContext.connectedAt`. */
  readonly connectedAt: number;
  /** Epoch seconds: the unit DynamoDB TTL requires. */
  readonly expiresAt: number;
}

/** What a WebSocket route integration returns to API Gateway. */
export interface WebSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

let sharedDocumentClient: DynamoDBDocumentClient | undefined;

/**
 * One client per container. Built on first use rather than on import, so the environment
 * is read when the function runs (and tests can import the pure functions without one).
 */
export function documentClient(): DynamoDBDocumentClient {
  return sharedDocumentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
}

export function requiredEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

/**
 * Deletes a connection's item; a missing item is not an error.
 *
 * With `connectedBefore` (epoch milliseconds), an item whose connection is more recent is kept:
 * see `broadcast` for why.
 * @returns whether the item is gone (false only when `connectedBefore` kept it)
 */
export async function removeConnection(
  docClient: DynamoDBDocumentClient, tableName: string, connectionId: string, connectedBefore?: number,
): Promise<boolean> {
  try {
    await docClient.send(new DeleteCommand({
      TableName: tableName,
      Key: { connectionId },
      ...connectedBefore === undefined ? {} : {
        ConditionExpression: 'attribute_not_exists(connectedAt) OR connectedAt < :connectedBefore',
        ExpressionAttributeValues: { ':connectedBefore': connectedBefore },
      },
    }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
      return false;
    }
    throw error;
  }
}

/** Every connection id in the table, one Scan page at a time so that a large table is never held in memory. */
export async function* scanConnectionIds(docClient: DynamoDBDocumentClient, tableName: string, pageSize?: number): AsyncGenerator<string> {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await docClient.send(new ScanCommand({
      TableName: tableName,
      ProjectionExpression: 'connectionId',
      Limit: pageSize,
      ExclusiveStartKey: exclusiveStartKey,
    }));
    for (const item of page.Items ?? []) {
      yield item.connectionId as string;
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
}
