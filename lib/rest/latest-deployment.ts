import { createHash } from 'crypto';
import { CfnCondition, Lazy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';

/** What a `LatestDeployment` needs from its API. */
export interface LatestDeploymentProps {
  /** The API the deployment snapshots. */
  readonly api: apigw.IRestApi;
  /** The deployment's description. */
  readonly description: string;
  /** A hash of everything the deployment snapshots; the logical id ends with it. */
  readonly definitionHash: () => string;
}

/**
 * The deployment of a `GatewayRestApi`, as aws-cdk-lib's `apigw.Deployment`, so that
 * `api.latestDeployment` and the stages (which are `apigw.Stage`s) are the L2 types
 * other constructs take.
 *
 * Its `AWS::ApiGateway::Deployment` keeps the logical id it had before the API had an
 * L2 deployment (`<Api>Deployment<path hash><definition hash>`): a changed logical id
 * replaces a deployment, and a template that changes for no reason is a regression.
 * `addToLogicalId` works as on any `apigw.Deployment`: what is added changes the id.
 * @internal
 */
export class LatestDeployment extends apigw.Deployment {
  /** The `AWS::ApiGateway::Deployment`. */
  public readonly cfnDeployment: apigw.CfnDeployment;
  private readonly contributions: unknown[] = [];

  constructor(scope: Construct, id: string, props: LatestDeploymentProps) {
    super(scope, id, { api: props.api, description: props.description });
    const resource = this.node.findChild('Resource');
    if (!(resource instanceof apigw.CfnDeployment)) {
      throw new GatewayValidationError(this, 'DeploymentResourceMissing', 'apigw.Deployment did not create its AWS::ApiGateway::Deployment as child "Resource"; this aws-cdk-lib version is not supported: use the aws-cdk-lib version this library declares as its peer dependency.');
    }
    this.cfnDeployment = resource;
    // apigw.Deployment marks its resource for `cdk refactor`; the library's templates never had that metadata.
    delete resource.cfnOptions.metadata?.[ArtifactMetadataEntryType.DO_NOT_REFACTOR];
    // The id the stack gives the path <api>/Deployment, where the resource used to be: the stack drops a last
    // path part named "Default", so an element at <api>/Deployment/Default gets exactly that id (with any
    // `allocateLogicalId` override or rename of the user's stack). The element is only asked, never synthesized.
    const stack = Stack.of(this);
    const probe = new CfnCondition(this, 'Default');
    const pathId = stack.getLogicalId(probe);
    this.node.tryRemoveChild(probe.node.id);
    resource.overrideLogicalId(Lazy.uncachedString({ produce: () => pathId + this.hash(props.definitionHash()) }));
  }

  /** Adds data to what the deployment's logical id is derived from, as on any `apigw.Deployment`. */
  public addToLogicalId(data: any): void {
    if (this.node.locked) {
      throw new GatewayValidationError(this, 'DeploymentLogicalIdLocked', 'addToLogicalId was called during synthesis, after the deployment\'s logical id was fixed; call it while defining the stack.');
    }
    this.contributions.push(data);
  }

  /** The definition's hash, or (when something was added to the logical id) a hash of both. */
  private hash(definitionHash: string): string {
    if (this.contributions.length === 0) {
      return definitionHash;
    }
    const added = JSON.stringify(Stack.of(this).resolve(this.contributions));
    return createHash('sha256').update(definitionHash + added).digest('hex').slice(0, 10).toUpperCase();
  }
}
