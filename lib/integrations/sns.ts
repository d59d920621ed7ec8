import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsServiceCall } from './aws-service';
import { SnsPublishOptions } from './aws-service-options';
import { serviceErrorResponses } from './error-responses';
import { fifoFormFields } from './fifo';
import { checkTemplateValue } from '../core/private/vtl';

/** A topic ARN: partition, region, account, and a name of letters, digits, _ and - (FIFO topics end in .fifo). */
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

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
      // The ARN goes inside a VTL string literal, which cannot escape anything: it must be a valid ARN, or a safe reference.
      checkTemplateValue(scope, `route ${route.key}: topic ARN`, topic.topicArn, {
        pattern: TOPIC_ARN,
        rule: 'a topic ARN is arn:<partition>:sns:<region>:<account>:<name>, the name of letters, digits, _ and - (and .fifo for FIFO topics)',
        fix: 'pass a Topic of the app, or import the topic by its ARN as a literal string (sns.Topic.fromTopicArn).',
        code: 'SnsTopicArnInvalid',
      });
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
