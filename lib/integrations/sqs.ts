import { Aws, Token } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsServiceCall } from './aws-service';
import { SqsSendMessageOptions } from './aws-service-options';
import { serviceErrorResponses } from './error-responses';
import { fifoFormFields } from './fifo';
import { GatewayValidationError } from '../core/errors';

/** A queue name: letters, digits, _ and -, at most 80 characters with the .fifo suffix of a FIFO queue. */
const QUEUE_NAME = /^(?=.{1,80}$)[A-Za-z0-9_-]+(\.fifo)?$/;

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
      // The account and name make the integration's URI path: an imported queue's must be valid, or they would change the path.
      const account = queue.env.account;
      if (!Token.isUnresolved(queue.queueName) && !QUEUE_NAME.test(queue.queueName)) {
        throw new GatewayValidationError(scope, 'SqsQueueNameInvalid', `route ${route.key}: queue name ${JSON.stringify(queue.queueName)} (of ${queue.node.path}) is invalid: use 1 to 80 characters of letters, digits, _ and - (ending in .fifo for FIFO queues); import the queue by its valid ARN.`);
      }
      if (account !== undefined && !Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
        throw new GatewayValidationError(scope, 'SqsQueueAccountInvalid', `route ${route.key}: queue ${queue.node.path} is in account ${JSON.stringify(account)}, which is not 12 digits; import the queue by its valid ARN.`);
      }
      return 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)'
        + fifoFormFields(scope, route, 'queue', queue, queue.fifo, options.messageGroupId, parameters);
    },
    responses: serviceErrorResponses({
      statusCode: 202,
      templates: { 'application/json': '{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')"}' },
    }),
  };
}

