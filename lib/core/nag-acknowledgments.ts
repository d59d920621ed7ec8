import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The cdk-nag packs whose rules share names: HIPAA Security and NIST 800-53 R5. */
const COMPLIANCE_PACKS = ['HIPAA.Security', 'NIST.800.53.R5'];

/** Acknowledges a rule of both the HIPAA Security and the NIST 800-53 R5 pack on one construct. */
export function acknowledgeCompliance(scope: IConstruct, rule: string, reason: string): void {
  for (const pack of COMPLIANCE_PACKS) {
    Validations.of(scope).acknowledge({ id: `${pack}-${rule}`, reason });
  }
}

/** Why a function the library creates has no dead-letter queue, VPC or reserved concurrency. */
export interface LibraryFunctionReasons {
  readonly dlq: string;
  readonly vpc: string;
  readonly concurrency: string;
  /** Why its role's policy has `Resource: *` (active tracing's X-Ray writes, and whatever else the function needs). */
  readonly wildcard: string;
}

/**
 * The findings that a function the library creates raises by design, with the
 * reasons: the compliance packs' and Serverless' dead-letter queue, VPC and
 * concurrency rules, the AWS managed basic execution role (AwsSolutions-IAM4)
 * and the wildcard of tracing (AwsSolutions-IAM5); its role's policy is the
 * one that CDK grants write for it alone.
 */
export function acknowledgeLibraryFunction(fn: IConstruct, reasons: LibraryFunctionReasons): void {
  acknowledgeCompliance(fn, 'LambdaDLQ', reasons.dlq);
  Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: reasons.dlq });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes, which the handler needs.',
  });
  Validations.of(fn).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: reasons.wildcard });
  acknowledgeCompliance(fn, 'LambdaInsideVPC', reasons.vpc);
  acknowledgeCompliance(fn, 'LambdaConcurrency', reasons.concurrency);
  acknowledgeRolePolicy(fn);
}

/** A role the library creates for one purpose, whose permissions CDK grants write into a policy of that role alone. */
export function acknowledgeRolePolicy(scope: IConstruct): void {
  acknowledgeCompliance(scope, 'IAMNoInlinePolicy', 'The policy belongs to this one role, which the library creates for one purpose; it holds only the grants scoped to the resources that purpose needs and is created and deleted with the role, so a managed policy would add no reuse, versioning or delegation.');
}

/**
 * A resource as cdk-nag names it in a finding's id: `<LogicalId.Arn>` for an
 * attribute, `<LogicalId>` for a reference, `<AWS::Partition>` for a pseudo
 * parameter, literal text as it is.
 */
export function nagResourceName(scope: IConstruct, value: string): string {
  const render = (part: unknown): string => {
    if (typeof part === 'string') {
      return part;
    }
    const intrinsic = part as Record<string, any>;
    if (intrinsic['Fn::GetAtt']) {
      return `<${intrinsic['Fn::GetAtt'][0]}.${intrinsic['Fn::GetAtt'][1]}>`;
    }
    if (intrinsic.Ref) {
      return `<${intrinsic.Ref}>`;
    }
    if (intrinsic['Fn::Join']) {
      return (intrinsic['Fn::Join'][1] as unknown[]).map(render).join(intrinsic['Fn::Join'][0]);
    }
    return JSON.stringify(part);
  };
  return render(Stack.of(scope).resolve(value));
}

/** A wildcard resource the library's own role needs by design (the objects under a key prefix), acknowledged with the reason. */
export function acknowledgeWildcardResource(role: IConstruct, resource: string, reason: string): void {
  Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${nagResourceName(role, resource)}]`, reason });
}
