import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsServiceCall } from './aws-service';
import { serviceErrorResponses } from './error-responses';
import { GatewayValidationError } from '../errors';

/** The execution input: the request body, JSON-escaped into a string (escapeJavaScript's \' is not JSON, so it is undone). */
const INPUT = '"input": "$util.escapeJavaScript($input.body).replaceAll("\\\\\'", "\'")"';

/** Step Functions `StartExecution`: starts the workflow and answers with the execution's ARN. */
export function startExecutionCall(stateMachine: sfn.IStateMachine): AwsServiceCall {
  return {
    service: 'states',
    uriPath: 'action/StartExecution',
    action: 'StartExecution',
    iamAction: 'states:StartExecution',
    resourceArn: stateMachine.stateMachineArn,
    target: stateMachine,
    template: () => `{"stateMachineArn": "${stateMachine.stateMachineArn}", ${INPUT}}`,
    responses: serviceErrorResponses({
      statusCode: 202,
      templates: { 'application/json': '{"executionArn": "$input.path(\'$.executionArn\')", "startDate": "$input.path(\'$.startDate\')"}' },
    }),
  };
}

/**
 * Step Functions `StartSyncExecution` (express workflows): waits for the
 * result and answers with the workflow's output, or 502 when it failed.
 */
export function startSyncExecutionCall(stateMachine: sfn.IStateMachine): AwsServiceCall {
  return {
    service: 'states',
    uriPath: 'action/StartSyncExecution',
    action: 'StartSyncExecution',
    iamAction: 'states:StartSyncExecution',
    resourceArn: stateMachine.stateMachineArn,
    target: stateMachine,
    template: (scope, route) => {
      if (stateMachine instanceof sfn.StateMachine && stateMachine.stateMachineType !== sfn.StateMachineType.EXPRESS) {
        throw new GatewayValidationError(scope, 'SyncExecutionNotExpress', `route ${route.key} runs ${stateMachine.node.path} synchronously, but StartSyncExecution only runs EXPRESS state machines; create it with stateMachineType: StateMachineType.EXPRESS, or use Integration.stepFunctionsStartExecution().`);
      }
      return `{"stateMachineArn": "${stateMachine.stateMachineArn}", ${INPUT}}`;
    },
    responses: serviceErrorResponses({
      statusCode: 200,
      templates: {
        'application/json': [
          // A failed execution is still a 200 from Step Functions: its status tells.
          '#if($input.path(\'$.status\') == "SUCCEEDED")',
          '$input.path(\'$.output\')',
          '#else',
          '#set($context.responseOverride.status = 502)',
          '{"message": "The workflow did not succeed", "status": "$input.path(\'$.status\')", "requestId": "$context.requestId"}',
          '#end',
        ].join('\n'),
      },
    }),
  };
}
