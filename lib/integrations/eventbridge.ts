import { Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { AwsServiceCall } from './aws-service';
import { EventBridgePutEventsOptions } from './aws-service-options';
import { serviceErrorResponses } from './error-responses';
import { GatewayValidationError } from '../errors';

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
        if (!Token.isUnresolved(value) && (value.length === 0 || value.length > max || /["\\$#]/.test(value))) {
          throw new GatewayValidationError(scope, 'EventBridgeFieldInvalid', `route ${route.key}: event ${what} ${JSON.stringify(value)} is invalid: use 1 to ${max} characters without ", \\, $ or #.`);
        }
      }
      if (!Token.isUnresolved(options.source) && options.source.startsWith('aws.')) {
        throw new GatewayValidationError(scope, 'EventBridgeSourceReserved', `route ${route.key}: event source ${JSON.stringify(options.source)} starts with "aws.", which EventBridge reserves for AWS services; use your own prefix, e.g. com.example.`);
      }
      return `{"Entries": [{"EventBusName": "${bus.eventBusArn}", "Source": "${options.source}", "DetailType": "${options.detailType}", `
        + '"Detail": "$util.escapeJavaScript($input.body).replaceAll("\\\\\'", "\'")"}]}';
    },
    responses: serviceErrorResponses({
      statusCode: 202,
      templates: {
        'application/json': [
          // PutEvents answers 200 even when it rejected the entry.
          '#if($input.path(\'$.FailedEntryCount\') > 0)',
          '#set($context.responseOverride.status = 502)',
          '{"message": "The event was not accepted", "requestId": "$context.requestId"}',
          '#else',
          '{"eventId": "$input.path(\'$.Entries[0].EventId\')"}',
          '#end',
        ].join('\n'),
      },
    }),
  };
}
