/**
 * The WebSocket chat's `$disconnect` route: forgets the connection.
 *
 * API Gateway does not always deliver `$disconnect`, and may deliver it for a connection whose
 * item a broadcast has already removed; neither is an error here.
 */
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { documentClient, removeConnection, requiredEnvironment, WebSocketResult } from './connections';

/** The Lambda entry point for `$disconnect`. */
export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<WebSocketResult> {
  await removeConnection(documentClient(), requiredEnvironment('CONNECTIONS_TABLE'), event.requestContext.connectionId);
  return { statusCode: 200 };
}
