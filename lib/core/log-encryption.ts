import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The keys whose policy already lets CloudWatch Logs use them (one statement per key). */
const KEYS_FOR_LOGS = new WeakSet<kms.IKey>();

/**
 * A log group the library creates, encrypted with `encryptionKey` when one is
 * given. The key's policy is extended once so that CloudWatch Logs of the
 * key's account and region may use it for log groups (a key imported by ARN
 * keeps the policy its owner gave it, which must allow the same).
 */
export function libraryLogGroup(scope: Construct, id: string, props: LibraryLogGroupProps): logs.LogGroup {
  if (props.encryptionKey) {
    allowLogsToUseKey(props.encryptionKey);
  }
  return new logs.LogGroup(scope, id, props);
}

/** What the library sets on its log groups. */
export interface LibraryLogGroupProps {
  readonly retention: logs.RetentionDays;
  readonly removalPolicy?: RemovalPolicy;
  readonly encryptionKey?: kms.IKey;
}

/** Lets CloudWatch Logs encrypt and decrypt the log groups of the key's account and region with the key. */
export function allowLogsToUseKey(key: kms.IKey): void {
  if (KEYS_FOR_LOGS.has(key)) {
    return;
  }
  KEYS_FOR_LOGS.add(key);
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsToUseTheKeyForLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    // In a key policy, "*" is the key itself.
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  }), true);
}
