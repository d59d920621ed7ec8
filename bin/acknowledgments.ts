import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The cdk-nag findings that the sample app's (and the test fixtures') own
 * resources raise by their nature, acknowledged in one place with their reasons.
 */

/** Acknowledges one rule of both the HIPAA Security and the NIST 800-53 R5 pack. */
export function acknowledgeHipaaAndNist(scope: IConstruct, rule: string, reason: string): void {
  for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
    Validations.of(scope).acknowledge({ id: `${pack}-${rule}`, reason });
  }
}

/** A role whose policy holds only what CDK grants write for it. */
export function acknowledgeOwnRolePolicy(role: IConstruct): void {
  acknowledgeHipaaAndNist(role, 'IAMNoInlinePolicy', 'The policy belongs to this one role and holds only the grants CDK writes for it, scoped to the resources it uses; it is created and deleted with the role, so a managed policy would add no reuse, versioning or delegation.');
}

/** A function API Gateway invokes synchronously, with active tracing. */
export function acknowledgeSynchronousFunction(fn: IConstruct): void {
  acknowledgeHipaaAndNist(fn, 'LambdaDLQ', 'API Gateway invokes this function synchronously and returns its errors to the caller; a dead-letter queue only receives failed asynchronous invocations.');
  acknowledgeHipaaAndNist(fn, 'LambdaInsideVPC', 'The function reaches nothing inside a VPC: API Gateway invokes it, and it calls only AWS endpoints (Secrets Manager, for the token authorizer) over TLS with its role\'s credentials.');
  acknowledgeHipaaAndNist(fn, 'LambdaConcurrency', 'API Gateway\'s stage, route and usage-plan throttles bound the requests that invoke this function; reserving concurrency would take capacity from every other function in the account, which an account at the default quota cannot spare.');
  acknowledgeOwnRolePolicy(fn);
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
  acknowledgeOwnRolePolicy(role);
}

/** The stages of an API whose routes are all Lambda, AWS service or mock integrations. */
export function acknowledgeNoHttpBackends(stages: IConstruct[]): void {
  for (const stage of stages) {
    acknowledgeHipaaAndNist(stage, 'APIGWSSLEnabled', 'Every route of this API invokes Lambda (or answers itself); a client certificate only authenticates API Gateway to HTTP backends, and Lambda invocations are authenticated by IAM.');
  }
}

/** A dead-letter queue, which has none of its own. */
export function acknowledgeDeadLetterQueue(queue: IConstruct): void {
  for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
    Validations.of(queue).acknowledge({ id: rule, reason: 'This is a dead-letter queue; it has none of its own.' });
  }
}

/**
 * The role of an AgentCore gateway with a `GatewayMcpTarget`: aws-cdk-lib's
 * `GatewayTarget.forApiGateway` grants it execute-api:Invoke on every method
 * of the stage it targets.
 */
export function acknowledgeMcpGatewayRole(role: IConstruct, api: { readonly resource: CfnElement }, stageName: string): void {
  const stack = Stack.of(api.resource);
  const logicalId = stack.resolve(stack.getLogicalId(api.resource));
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${stack.region}:${stack.account}:<${logicalId}>/${stageName}/*/*]`,
    reason: 'The gateway calls only the operations its target\'s tool filters name (the synth checks each one); aws-cdk-lib\'s API Gateway target grants the stage as a whole, and execute-api addresses that with wildcards.',
  });
  acknowledgeOwnRolePolicy(role);
}
