import { Duration } from 'aws-cdk-lib';
import { RequestValue } from './request-value';
import { RequestTransformOptions, ResponseTransformOptions } from './transform-options';

/** Options every AWS service integration takes. */
export interface AwsServiceIntegrationOptions extends RequestTransformOptions, ResponseTransformOptions {
  /**
   * How long API Gateway waits for the service before answering 504.
   * @default Duration.seconds(29)
   */
  readonly timeout?: Duration;
}

/** Options for `Integration.sqsSendMessage()`. */
export interface SqsSendMessageOptions extends AwsServiceIntegrationOptions {
  /**
   * The message group of a FIFO queue (required there); messages are deduplicated by request id.
   * @default - none (standard queues)
   */
  readonly messageGroupId?: RequestValue;
}

/** Options for `Integration.snsPublish()`. */
export interface SnsPublishOptions extends AwsServiceIntegrationOptions {
  /**
   * The subject of the message (email subscriptions show it).
   * @default - none
   */
  readonly subject?: RequestValue;

  /**
   * The message group of a FIFO topic (required there); messages are deduplicated by request id.
   * @default - none (standard topics)
   */
  readonly messageGroupId?: RequestValue;
}

/** Options for `Integration.eventBridgePutEvents()`. */
export interface EventBridgePutEventsOptions extends AwsServiceIntegrationOptions {
  /** The event's `source`, e.g. `com.example.orders`. */
  readonly source: string;

  /** The event's `detail-type`, e.g. `OrderPlaced`. */
  readonly detailType: string;
}

/** Options for `Integration.dynamoDbGetItem()`. */
export interface DynamoDbGetItemOptions extends AwsServiceIntegrationOptions {
  /** The item's key: attribute name to value (string attributes), e.g. `{ id: RequestValue.path('id') }`. */
  readonly key: { [attributeName: string]: RequestValue };

  /**
   * Read with strong consistency.
   * @default false
   */
  readonly consistentRead?: boolean;
}

/** Options for `Integration.dynamoDbPutItem()`. */
export interface DynamoDbPutItemOptions extends AwsServiceIntegrationOptions {
  /** The item to write: attribute name to value (string attributes); it must include the table's key. */
  readonly item: { [attributeName: string]: RequestValue };
}

/** Options for `Integration.dynamoDbQuery()`. */
export interface DynamoDbQueryOptions extends AwsServiceIntegrationOptions {
  /** The partition key attribute (of the table or of `indexName`). */
  readonly partitionKey: string;

  /** The partition key's value (a string attribute). */
  readonly value: RequestValue;

  /**
   * A global or local secondary index to query.
   * @default - the table
   */
  readonly indexName?: string;

  /**
   * The most items one call returns (1 to 1,000 here).
   * @default - DynamoDB's 1 MB page
   */
  readonly limit?: number;
}
