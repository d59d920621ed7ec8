import * as lambda from 'aws-cdk-lib/aws-lambda';

/** What a handler does with the connections table and the connections, as the handler itself knows. */
export interface ConnectionsTableAccess {
  /** The DynamoDB actions the handler calls on the table, e.g. `dynamodb:PutItem`. */
  readonly tableActions: string[];
  /** Whether the handler posts to, reads or closes connections (`execute-api:ManageConnections`). */
  readonly manageConnections: boolean;
}

/** Handlers that said what they need: the API grants them that and nothing more. */
const DECLARED = new WeakMap<lambda.IFunction, ConnectionsTableAccess>();

/** Records what `handler` needs from the API it will serve (one-way: the API reads it when it equips the handler). */
export function declareConnectionsTableAccess(handler: lambda.IFunction, access: ConnectionsTableAccess): void {
  DECLARED.set(handler, access);
}

/** What `handler` declared, if it did. */
export function declaredConnectionsTableAccess(handler: lambda.IFunction): ConnectionsTableAccess | undefined {
  return DECLARED.get(handler);
}
