import { Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { AwsServiceCall } from './aws-service';
import { EventBridgePutEventsOptions } from './aws-service-options';
import { errorBody, serviceErrorResponses } from './error-responses';
import { GatewayValidationError } from '../core/errors';
import { checkTemplateValue, checkTokensSafe, jsonStringInTemplate } from '../core/private/vtl';

/** An event bus ARN: the bus name is 1 to 256 characters of letters, digits, ., -, _ and / (partner buses). */
const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._\/-]{1,256}$/;

/** EventBridge `PutEvents`: the request body becomes the event's detail. */
export function putEventsCall(bus: events.IEventBus, options: EventBridgePutEventsOptions): AwsServiceCall {
  return {
    service: 'events',
    uriPath: 'action/PutEvents',
    action: 'PutEvents',
    iamAction: 'events:PutEvents',
    resourceArn: bus.eventBusArn,
    target: bus,
    headers: { 'X-Amz-Target': 'AWSEvents.PutEvents', 'Content-Type': 'application/x-amz-json-1.1' },
    template: (scope, route) => {
      for (const [what, value, max] of [['source', options.source, 256], ['detailType', options.detailType, 128]] as const) {
        // Any character is written escaped into the event's JSON; only the length is EventBridge's rule.
        if (!Token.isUnresolved(value) && (value.length === 0 || value.length > max)) {
          throw new GatewayValidationError(scope, 'EventBridgeFieldInvalid', `route ${route.key}: event ${what} ${JSON.stringify(value)} is invalid: use 1 to ${max} characters.`);
        }
        checkTokensSafe(scope, `route ${route.key}: event ${what}`, value, `pass the ${what} as a literal string.`);
      }
      checkTemplateValue(scope, `route ${route.key}: event bus ARN`, bus.eventBusArn, {
        pattern: EVENT_BUS_ARN,
        rule: 'an event bus ARN is arn:<partition>:events:<region>:<account>:event-bus/<name>, the name 1 to 256 characters of letters, digits, ., -, _ and /',
        fix: 'pass an EventBus of the app, or import the bus by its name or ARN as a literal string (events.EventBus.fromEventBusName).',
        code: 'EventBusArnInvalid',
      });
      if (!Token.isUnresolved(options.source) && options.source.startsWith('aws.')) {
        throw new GatewayValidationError(scope, 'EventBridgeSourceReserved', `route ${route.key}: event source ${JSON.stringify(options.source)} starts with "aws.", which EventBridge reserves for AWS services; use your own prefix, e.g. com.example.`);
      }
      return `{"Entries": [{"EventBusName": "${jsonStringInTemplate(bus.eventBusArn)}", "Source": "${jsonStringInTemplate(options.source)}", `
        + `"DetailType": "${jsonStringInTemplate(options.detailType)}", `
        + '"Detail": "$util.escapeJavaScript($input.body).replaceAll("\\\\\'", "\'")"}]}';
    },
    responses: serviceErrorResponses({
      statusCode: 202,
      templates: {
        'application/json': [
          // PutEvents answers 200 even when it rejected the entry.
          '#if($input.path(\'$.FailedEntryCount\') > 0)',
          '#set($context.responseOverride.status = 502)',
          errorBody('The event was not accepted'),
          '#else',
          '{"eventId": "$input.path(\'$.Entries[0].EventId\')"}',
          '#end',
        ].join('\n'),
      },
    }),
  };
}
