import { Aws } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsServiceCall } from './aws-service';
import { SqsSendMessageOptions } from './aws-service-options';
import { serviceErrorResponses } from './error-responses';
import { fifoFormFields } from './fifo';

/** SQS `SendMessage` (query protocol): the request body becomes the message. */
export function sqsSendMessageCall(queue: sqs.IQueue, options: SqsSendMessageOptions): AwsServiceCall {
  return {
    service: 'sqs',
    uriPath: `path/${queue.env.account ?? Aws.ACCOUNT_ID}/${queue.queueName}`,
    action: 'SendMessage',
    iamAction: 'sqs:SendMessage',
    resourceArn: queue.queueArn,
    target: queue,
    encryptionKey: queue.encryptionMasterKey,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    template: (scope, route, parameters) => 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)'
      + fifoFormFields(scope, route, 'queue', queue, queue.fifo, options.messageGroupId, parameters),
    responses: serviceErrorResponses({
      statusCode: 202,
      templates: { 'application/json': '{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')"}' },
    }),
  };
}

