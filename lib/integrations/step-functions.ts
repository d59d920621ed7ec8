import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { IConstruct } from 'constructs';
import { AwsServiceCall } from './aws-service';
import { serviceErrorResponses } from './error-responses';
import type { RestRouteInfo } from './integration';
import { GatewayValidationError } from '../core/errors';
import { checkTemplateValue, jsonStringInTemplate } from '../core/private/vtl';

/**
 * A state machine ARN (or a version's or alias's): the name has no spaces, quotes, brackets, wildcards or the
 * characters Step Functions reserves, as its documentation says.
 */
const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}(:[A-Za-z0-9_-]{1,80})?$/;

/** The state machine ARN, checked and escaped for the request template's JSON. */
function stateMachineArnJson(scope: IConstruct, route: RestRouteInfo, stateMachine: sfn.IStateMachine): string {
  checkTemplateValue(scope, `route ${route.key}: state machine ARN`, stateMachine.stateMachineArn, {
    pattern: STATE_MACHINE_ARN,
    rule: 'a state machine ARN is arn:<partition>:states:<region>:<account>:stateMachine:<name>, the name 1 to 80 characters without spaces, quotes, brackets, wildcards or any of #%\\^|~`$&,;:/',
    fix: 'pass a StateMachine of the app, or import it by its ARN as a literal string (sfn.StateMachine.fromStateMachineArn).',
    code: 'StateMachineArnInvalid',
  });
  return jsonStringInTemplate(stateMachine.stateMachineArn);
}

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
    template: (scope, route) => `{"stateMachineArn": "${stateMachineArnJson(scope, route, stateMachine)}", ${INPUT}}`,
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
      return `{"stateMachineArn": "${stateMachineArnJson(scope, route, stateMachine)}", ${INPUT}}`;
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
