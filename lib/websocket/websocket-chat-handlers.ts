import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { declareConnectionsTableAccess } from './connections-table-access';
import { GatewayValidationError } from '../core/errors';
import { libraryLogGroup } from '../core/log-encryption';
import { acknowledgeLibraryFunction } from '../core/nag-acknowledgments';
import { checkArguments } from '../core/private/check-arguments';

/** The bundled handlers, shipped in the package. */
const BUNDLES = path.join(__dirname, '..', '..', 'assets', 'handlers', 'websocket-chat');

/** Properties of `WebSocketChatHandlers`. */
export interface WebSocketChatHandlersProps {
  /**
   * How long a connection's record lives without a disconnect (the table's TTL removes it then):
   * 2 to 24 hours. It must outlive a connection (up to 2 hours), or broadcasts would skip live ones.
   * @default Duration.hours(2) - API Gateway closes idle connections after 10 minutes and any after 2 hours
   */
  readonly connectionTtl?: Duration;

  /**
   * A KMS key that encrypts the handlers' log groups. The library adds a
   * statement to the key's policy that lets CloudWatch Logs of the key's
   * account and region use it; a key imported by ARN must allow that already.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logGroupEncryptionKey?: kms.IKey;
}

/**
 * A ready handler set for a chat on a `GatewayWebSocketApi`: `connect` stores
 * the connection, `disconnect` removes it, and `sendMessage` posts
 * `{ from, data }` to every connection through the callback URL, removing
 * connections that are gone. Node.js 24, bundled with the AWS SDK.
 *
 * ```ts
 * const chat = new WebSocketChatHandlers(this, 'Chat');
 * const api = new GatewayWebSocketApi(this, 'ChatApi', { connectHandler: chat.connect, disconnectHandler: chat.disconnect });
 * api.addRoute('sendmessage', chat.sendMessage, { returnResponse: true });
 * ```
 */
export class WebSocketChatHandlers extends Construct {
  /** Stores a new connection (`$connect`). */
  public readonly connect: lambda.Function;
  /** Removes a closed connection (`$disconnect`). */
  public readonly disconnect: lambda.Function;
  /** Posts a message to every connection (`sendmessage`, body `{ "action": "sendmessage", "data": "..." }`). */
  public readonly sendMessage: lambda.Function;

  constructor(scope: Construct, id: string, props: WebSocketChatHandlersProps = {}) {
    checkArguments(scope, 'WebSocketChatHandlers', arguments);
    super(scope, id);
    const ttlSeconds = (props.connectionTtl ?? Duration.hours(2)).toSeconds({ integral: false });
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 7_200 || ttlSeconds > 86_400) {
      throw new GatewayValidationError(this, 'ChatConnectionTtlOutOfRange', `connectionTtl must be 2 to 24 hours in whole seconds (a connection lives up to 2 hours), got ${ttlSeconds} s.`);
    }
    this.connect = this.handler('Connect', 'connect', ttlSeconds, props.logGroupEncryptionKey);
    this.disconnect = this.handler('Disconnect', 'disconnect', ttlSeconds, props.logGroupEncryptionKey);
    this.sendMessage = this.handler('SendMessage', 'send-message', ttlSeconds, props.logGroupEncryptionKey, Duration.seconds(29));
    // Least privilege: what each handler calls (handlers/websocket-chat), and nothing more, on the API's table.
    declareConnectionsTableAccess(this.connect, { tableActions: ['dynamodb:PutItem'], manageConnections: false });
    declareConnectionsTableAccess(this.disconnect, { tableActions: ['dynamodb:DeleteItem'], manageConnections: false });
    // A broadcast scans the table for connection ids, and deletes the items of connections that are gone.
    declareConnectionsTableAccess(this.sendMessage, { tableActions: ['dynamodb:Scan', 'dynamodb:DeleteItem'], manageConnections: true });
  }

  private handler(
    id: string, bundle: string, ttlSeconds: number, logKey: kms.IKey | undefined, timeout: Duration = Duration.seconds(10),
  ): lambda.Function {
    const fn = new lambda.Function(this, id, {
      description: `WebSocket chat: ${bundle} (cdk-apigateway-patterns)`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(BUNDLES, bundle)),
      memorySize: 256,
      timeout,
      tracing: lambda.Tracing.ACTIVE,
      environment: { CONNECTION_TTL_SECONDS: String(ttlSeconds) },
      logGroup: libraryLogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: logKey }),
    });
    acknowledgeLibraryFunction(fn, {
      dlq: 'API Gateway invokes the handler synchronously for each WebSocket event; a dead-letter queue only receives failed asynchronous invocations.',
      vpc: 'The handler reaches only DynamoDB and the API Gateway Management API, AWS endpoints it calls over TLS with its role\'s credentials; it needs nothing inside a VPC, and placing it in one would need a NAT gateway or endpoints there.',
      concurrency: 'API Gateway invokes the handler once per WebSocket event, and the stage\'s throttle (which GatewayWebSocketApi always sets) bounds those events; reserving concurrency would take capacity from every other function in the account (and an account at the default quota cannot reserve any).',
      wildcard: 'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; table and connection permissions are scoped to one table and one stage.',
    });
    return fn;
  }
}
