import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { GatewayValidationError } from './errors';
import { allowLogsToUseKey } from './log-encryption';
import { acknowledgeLibraryFunction } from './nag-acknowledgments';

/** Why a custom resource's handler has no dead-letter queue: CloudFormation waits for its answer. */
const NO_DLQ = 'CloudFormation invokes the handler for a custom resource and waits for its response; an event that fails is retried and then fails the stack operation, so a dead-letter queue would hold nothing anyone acts on.';

/** What differs between the library's custom resource handlers. */
export interface CustomResourceHandlerProps {
  /** The handler's name in the missing-bundle error, e.g. "stage-settings". */
  readonly name: string;
  /** The directory of the bundled handler (its index.js), which the build makes and the package ships. */
  readonly bundle: string;
  readonly description: string;
  readonly memorySize: number;
  readonly environment?: Record<string, string>;
  /** Why the handler is outside a VPC (what it calls). */
  readonly vpcReason: string;
  /** Why its concurrency is not reserved (how often CloudFormation invokes it). */
  readonly concurrencyReason: string;
  /** Why its role may use `Resource::*` (active tracing, and whatever else). */
  readonly wildcardReason: string;
}

/** A custom resource's handler function and its log group. */
export interface CustomResourceHandler {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
}

/**
 * The Lambda function (child `Handler`) and log group (child `Logs`) of one of
 * the library's custom resource providers, with the nag acknowledgments every
 * such handler needs. A missing bundle is `HandlerBundleMissing`.
 */
export function customResourceHandler(scope: Construct, props: CustomResourceHandlerProps): CustomResourceHandler {
  if (!fs.existsSync(path.join(props.bundle, 'index.js'))) {
    throw new GatewayValidationError(scope, 'HandlerBundleMissing', `the ${props.name} handler bundle is missing at ${props.bundle}; run "npx projen bundle" (the published package ships it).`);
  }
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
  const fn = new lambda.Function(scope, 'Handler', {
    description: props.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(props.bundle),
    memorySize: props.memorySize,
    timeout: Duration.minutes(2),
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    environment: props.environment,
  });
  acknowledgeLibraryFunction(fn, { dlq: NO_DLQ, vpc: props.vpcReason, concurrency: props.concurrencyReason, wildcard: props.wildcardReason });
  return { function: fn, logGroup };
}

/** Encrypts a handler's log group with `key`, unless it has a key already (the first one set wins). */
export function encryptHandlerLogs(logGroup: logs.LogGroup, key: kms.IKey | undefined): void {
  const resource = logGroup.node.defaultChild as logs.CfnLogGroup;
  if (key && resource.kmsKeyId === undefined) {
    allowLogsToUseKey(key);
    resource.kmsKeyId = key.keyArn;
  }
}
