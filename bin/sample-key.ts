import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

const KEY_ID = 'SampleKey';

/**
 * The one customer-managed KMS key of a sample stack (created on first use):
 * it encrypts the stack's log groups, secrets and alarm topic. CloudWatch Logs
 * may use it because the library adds that to its policy when an API is given
 * the key as `logGroupEncryptionKey`.
 */
export function sampleKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(KEY_ID);
  if (existing) {
    return existing as kms.Key;
  }
  return new kms.Key(stack, KEY_ID, {
    description: `Encrypts the log groups, secrets and alarm topic of ${stack.stackName}`,
    enableKeyRotation: true,
  });
}
