import { AwsServiceIntegrationOptions } from './aws-service-options';
import { RequestValue } from './request-value';

/** Options for `Integration.dynamoDbUpdateItem()`. */
export interface DynamoDbUpdateItemOptions extends AwsServiceIntegrationOptions {
  /** The item's key: attribute name to value (string attributes), e.g. `{ id: RequestValue.path('id') }`. */
  readonly key: { [attributeName: string]: RequestValue };

  /** The attributes to set: attribute name to value (string attributes); key attributes cannot be updated. */
  readonly set: { [attributeName: string]: RequestValue };

  /**
   * Update only an item that exists (a condition on its key), answering 404
   * when there is none, instead of creating it.
   * @default true
   */
  readonly requireExisting?: boolean;
}

/** Options for `Integration.dynamoDbDeleteItem()`. */
export interface DynamoDbDeleteItemOptions extends AwsServiceIntegrationOptions {
  /** The item's key: attribute name to value (string attributes), e.g. `{ id: RequestValue.path('id') }`. */
  readonly key: { [attributeName: string]: RequestValue };

  /**
   * Answer 404 when there is no such item (a condition on its key); without
   * it, deleting an item that does not exist succeeds, as DynamoDB does.
   * @default false
   */
  readonly requireExisting?: boolean;
}

/** Options for `Integration.dynamoDbScan()`. */
export interface DynamoDbScanOptions extends AwsServiceIntegrationOptions {
  /**
   * The most items one page returns (1 to 1,000 here). A page that is not the
   * last answers a `nextToken`, which the caller passes back as the
   * `nextToken` query-string parameter for the next page.
   * @default 100
   */
  readonly limit?: number;
}
