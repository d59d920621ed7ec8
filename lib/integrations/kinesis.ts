import { Token } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IConstruct } from 'constructs';
import { AwsServiceCall } from './aws-service';
import { serviceErrorResponsesExcept } from './error-responses';
import type { RestRouteInfo } from './integration';
import { IntegrationResponse } from './integration-response';
import { KinesisPutRecordOptions, KinesisPutRecordsOptions } from './kinesis-options';
import { RequestValue } from './request-value';
import { GatewayValidationError } from '../core/errors';
import { checkTemplateValue, jsonStringInTemplate } from '../core/private/vtl';

const STREAM_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
/** A record field the template can name in a JSONPath. */
const FIELD = /^[A-Za-z0-9_]{1,128}$/;
const MAX_PARTITION_KEY = 256;

function streamCall(stream: kinesis.IStream, action: string): Omit<AwsServiceCall, 'template' | 'responses'> {
  return {
    service: 'kinesis',
    uriPath: `action/${action}`,
    action,
    iamAction: `kinesis:${action}`,
    resourceArn: stream.streamArn,
    target: stream,
    encryptionKey: stream.encryptionKey,
    // A producer of an encrypted stream needs only data keys (Kinesis encrypts each record with one).
    encryptionKeyActions: ['kms:GenerateDataKey'],
    headers: { 'Content-Type': 'application/x-amz-json-1.1' },
  };
}

function streamNameJson(scope: IConstruct, route: RestRouteInfo, stream: kinesis.IStream): string {
  checkTemplateValue(scope, `route ${route.key}: stream name`, stream.streamName, {
    pattern: STREAM_NAME,
    rule: 'use 1 to 128 characters of A-Z, a-z, 0-9, _, - and .',
    fix: 'pass a Stream of the app, or import the stream by its ARN as a literal string (kinesis.Stream.fromStreamArn).',
    code: 'KinesisStreamNameInvalid',
  });
  return jsonStringInTemplate(stream.streamName);
}

/** Kinesis answers 400 when a shard's (or the key's) throughput is used up: that answers 429, which tells the caller to retry later. */
function streamResponses(success: IntegrationResponse): IntegrationResponse[] {
  return serviceErrorResponsesExcept(success, '.*(ProvisionedThroughputExceededException|KMSThrottlingException)', 429, 'Too many requests');
}

/** Kinesis `PutRecord`: the request body (base64-encoded) is the record; answers with its sequence number and shard. */
export function putRecordCall(stream: kinesis.IStream, options: KinesisPutRecordOptions): AwsServiceCall {
  const partitionKey = options.partitionKey ?? RequestValue.requestId();
  return {
    ...streamCall(stream, 'PutRecord'),
    template: (scope, route, parameters) => {
      const text = partitionKey._literal();
      if (text !== undefined && !Token.isUnresolved(text) && (text.length === 0 || [...text].length > MAX_PARTITION_KEY)) {
        throw new GatewayValidationError(scope, 'KinesisPartitionKeyInvalid', `route ${route.key}: partition key ${JSON.stringify(text)} is invalid: use 1 to ${MAX_PARTITION_KEY} characters.`);
      }
      const key = partitionKey._render(scope, route, 'the partition key', 'json', parameters);
      return `{"StreamName": "${streamNameJson(scope, route, stream)}", "Data": "$util.base64Encode($input.body)", "PartitionKey": "${key}"}`;
    },
    responses: streamResponses({
      statusCode: 200,
      templates: { 'application/json': '{"sequenceNumber": "$input.path(\'$.SequenceNumber\')", "shardId": "$input.path(\'$.ShardId\')"}' },
    }),
    overrideStatusCodes: ['429'],
  };
}

/**
 * Kinesis `PutRecords`: each element of the body's `records` list (its JSON,
 * base64-encoded) is a record; answers with the count of failed records and,
 * per record, its sequence number and shard or its error code.
 */
export function putRecordsCall(stream: kinesis.IStream, options: KinesisPutRecordsOptions): AwsServiceCall {
  return {
    ...streamCall(stream, 'PutRecords'),
    template: (scope, route) => {
      const field = options.partitionKeyField;
      if (field !== undefined && !FIELD.test(field)) {
        throw new GatewayValidationError(scope, 'KinesisPartitionKeyFieldInvalid', `route ${route.key}: partitionKeyField ${JSON.stringify(field)} is invalid: use 1 to 128 characters of A-Z, a-z, 0-9 and _.`);
      }
      // A double-quoted JSONPath, so that Velocity puts the index in; the value is escaped for the JSON string.
      const key = field !== undefined
        ? '#set($key = $input.path("$.records[$foreach.index].' + field + '"))$util.escapeJavaScript("$!key").replaceAll("\\\\\'", "\'")'
        : '${context.requestId}-${foreach.index}';
      return [
        `{"StreamName": "${streamNameJson(scope, route, stream)}", "Records": [`,
        '#foreach($record in $input.path(\'$.records\'))',
        `{"Data": "$util.base64Encode($input.json("$.records[$foreach.index]"))", "PartitionKey": "${key}"}#if($foreach.hasNext),#end`,
        '#end',
        ']}',
      ].join('\n');
    },
    responses: streamResponses({
      statusCode: 200,
      templates: {
        'application/json': [
          '{"failedRecordCount": $input.path(\'$.FailedRecordCount\'), "records": [',
          '#foreach($record in $input.path(\'$.Records\'))',
          // The error message can name the stream and the account: only the code is passed on.
          '#if("$!record.ErrorCode" != ""){"errorCode": "$record.ErrorCode"}#else{"sequenceNumber": "$record.SequenceNumber", "shardId": "$record.ShardId"}#end#if($foreach.hasNext),#end',
          '#end',
          ']}',
        ].join('\n'),
      },
    }),
    overrideStatusCodes: ['429'],
  };
}
