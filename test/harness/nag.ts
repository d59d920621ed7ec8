import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly constructPath: string;
}

/** The cdk-nag packs the suite runs. */
export enum NagPackName {
  AWS_SOLUTIONS = 'AwsSolutions',
  SERVERLESS = 'Serverless',
  HIPAA_SECURITY = 'HIPAA.Security',
  NIST_800_53_R5 = 'NIST.800.53.R5',
}

const PACKS = {
  [NagPackName.AWS_SOLUTIONS]: () => new AwsSolutionsChecks(),
  [NagPackName.SERVERLESS]: () => new ServerlessChecks(),
  [NagPackName.HIPAA_SECURITY]: () => new HIPAASecurityChecks(),
  [NagPackName.NIST_800_53_R5]: () => new NIST80053R5Checks(),
};

/** Every pack the suite runs: AwsSolutions, Serverless, HIPAA Security and NIST 800-53 R5. */
export const ALL_PACKS: readonly NagPackName[] = Object.values(NagPackName);

/**
 * Runs cdk-nag packs (by default AwsSolutions and Serverless) over a construct
 * tree and returns the findings that nobody acknowledged (acknowledgments are
 * made with `Validations.of(construct).acknowledge()` on the narrowest construct).
 * Each finding's rule starts with its pack's name (`HIPAA.Security-LambdaDLQ`).
 */
export function nagFindings(scope: IConstruct, packs: readonly NagPackName[] = [NagPackName.AWS_SOLUTIONS, NagPackName.SERVERLESS]): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of packs.map(name => PACKS[name]())) {
    const report = pack.validateScope(scope);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        findings.push({
          rule: violation.ruleName,
          severity: violation.severity ?? 'error',
          constructPath: (resource as { constructPath?: string }).constructPath ?? resource.resourceLogicalId ?? '(unknown)',
        });
      }
    }
  }
  return findings;
}

export function nagErrors(scope: IConstruct, packs?: readonly NagPackName[]): NagFinding[] {
  return nagFindings(scope, packs).filter(finding => finding.severity.toLowerCase() === 'error');
}
