import { Aws } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsServiceCall } from './aws-service';
import { SqsSendMessageOptions } from './aws-service-options';
import { serviceErrorResponses } from './error-responses';
import { GatewayValidationError } from '../errors';

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
    template: (scope, route, parameters) => {
      let template = 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)';
      if (queue.fifo && !options.messageGroupId) {
        throw new GatewayValidationError(scope, `route ${route.key} sends to FIFO queue ${queue.node.path}, which needs a message group; pass messageGroupId, e.g. RequestValue.path('id').`);
      }
      if (options.messageGroupId) {
        if (!queue.fifo) {
          throw new GatewayValidationError(scope, `route ${route.key} sets messageGroupId, but queue ${queue.node.path} is not a FIFO queue; remove it.`);
        }
        template += `&MessageGroupId=${options.messageGroupId._render(scope, route, 'messageGroupId', 'form', parameters)}&MessageDeduplicationId=$context.requestId`;
      }
      return template;
    },
    responses: serviceErrorResponses({
      statusCode: 202,
      templates: { 'application/json': '{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')"}' },
    }),
  };
}

