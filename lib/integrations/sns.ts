import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsServiceCall } from './aws-service';
import { SnsPublishOptions } from './aws-service-options';
import { serviceErrorResponses } from './error-responses';
import { fifoFormFields } from './fifo';

/** SNS `Publish` (query protocol): the request body becomes the message. */
export function snsPublishCall(topic: sns.ITopic, options: SnsPublishOptions): AwsServiceCall {
  return {
    service: 'sns',
    uriPath: 'action/Publish',
    action: 'Publish',
    iamAction: 'sns:Publish',
    resourceArn: topic.topicArn,
    target: topic,
    encryptionKey: topic.masterKey,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    template: (scope, route, parameters) => {
      let template = `TopicArn=$util.urlEncode('${topic.topicArn}')&Message=$util.urlEncode($input.body)`;
      if (options.subject) {
        template += `&Subject=${options.subject._render(scope, route, 'subject', 'form', parameters)}`;
      }
      template += fifoFormFields(scope, route, 'topic', topic, topic.fifo, options.messageGroupId, parameters);
      return template;
    },
    responses: serviceErrorResponses({
      statusCode: 202,
      templates: { 'application/json': '{"messageId": "$input.path(\'$.PublishResponse.PublishResult.MessageId\')"}' },
    }),
  };
}
