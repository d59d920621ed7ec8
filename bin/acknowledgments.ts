import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The cdk-nag findings that the sample app's (and the test fixtures') own
 * resources raise by their nature, acknowledged in one place with their reasons.
 */

/** A function API Gateway invokes synchronously, with active tracing. */
export function acknowledgeSynchronousFunction(fn: IConstruct): void {
  Validations.of(fn).acknowledge({
    id: 'Serverless-LambdaDLQ',
    reason: 'API Gateway invokes this function synchronously and returns its errors to the caller; a dead-letter queue only receives failed asynchronous invocations.',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes, which every function needs.',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
  });
}

/** The role of a state machine with logging and tracing. */
export function acknowledgeWorkflowRole(role: IConstruct): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray writes and CloudWatch Logs delivery (which Step Functions logging needs) support no resource-level permissions.',
  });
}

/** A dead-letter queue, which has none of its own. */
export function acknowledgeDeadLetterQueue(queue: IConstruct): void {
  for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
    Validations.of(queue).acknowledge({ id: rule, reason: 'This is a dead-letter queue; it has none of its own.' });
  }
}
