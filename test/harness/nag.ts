import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly constructPath: string;
}

/**
 * Runs the cdk-nag AwsSolutions and Serverless packs over a construct tree and
 * returns the findings that nobody acknowledged (acknowledgments are made with
 * `Validations.of(construct).acknowledge()` on the narrowest construct).
 */
export function nagFindings(scope: IConstruct): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
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

export function nagErrors(scope: IConstruct): NagFinding[] {
  return nagFindings(scope).filter(finding => finding.severity.toLowerCase() === 'error');
}
