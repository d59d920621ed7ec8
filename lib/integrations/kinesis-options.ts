import { AwsServiceIntegrationOptions } from './aws-service-options';
import { RequestValue } from './request-value';

/** Options for `Integration.kinesisPutRecord()`. */
export interface KinesisPutRecordOptions extends AwsServiceIntegrationOptions {
  /**
   * The record's partition key (1 to 256 characters), which picks its shard:
   * records with one key keep their order, e.g. `RequestValue.path('deviceId')`.
   * @default RequestValue.requestId(): records spread over every shard, in no order
   */
  readonly partitionKey?: RequestValue;
}

/** Options for `Integration.kinesisPutRecords()`. */
export interface KinesisPutRecordsOptions extends AwsServiceIntegrationOptions {
  /**
   * The field of each record (a top-level string field) whose value is its
   * partition key, e.g. `deviceId`.
   * @default - the request id and the record's index: records spread over every shard, in no order
   */
  readonly partitionKeyField?: string;
}
