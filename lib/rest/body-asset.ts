import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  Aws, CustomResource, Duration, FileAssetLocation, FileAssetPackaging, Lazy, LegacyStackSynthesizer, Stack, Stage, Token, Validations,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { markIntrinsics } from './body-markers';
import { customResourceHandler, encryptHandlerLogs } from '../core/custom-resource-handler';
import { GatewayValidationError } from '../core/errors';

/** Where the build puts the bundled handler (handlers/rest-api-body, AWS SDK included). */
const HANDLER_BUNDLE = path.join(__dirname, '..', '..', 'assets', 'handlers', 'rest-api-body', 'index');
const PROVIDER_ID = 'CdkApigatewayPatternsRestApiBodyProvider';
/** Longest construct-path part of a target prefix; longer paths are cut and end with a hash of the whole path. */
const MAX_PATH_PART = 120;
/** What a value rendered from the body is while aws-cdk-lib prepares the app, which only looks for references in it. */
const PREPARING = 'preparing';

/** @internal */
export interface RestApiBodyAssetProps {
  /**
   * The deployed body with tokens resolved (plain JSON with CloudFormation
   * intrinsics as whole values). Called at synth, possibly several times;
   * same value while the API is unchanged.
   */
  readonly body: () => Record<string, unknown>;
  /**
   * The body's minified JSON, from whoever serialized that body object already (the size rule measures it).
   * @default JSON.stringify
   */
  readonly json?: (body: Record<string, unknown>) => string;
  /**
   * The body's values with tokens, unresolved: while aws-cdk-lib prepares the app (and looks for the references
   * that become cross-stack imports), the custom resource's `Values` are these, so the references are found.
   * @default the body's values are looked for in the resolved body only
   */
  readonly references?: () => unknown[];
  /**
   * Encrypts the log group of the stack's body handler (the first key any body of the stack sets wins).
   * @default the log group is not encrypted with a customer managed key
   */
  readonly logGroupEncryptionKey?: kms.IKey;
}

/** What one state of the body renders to at synth. */
interface RenderedAsset {
  readonly body: Record<string, unknown>;
  readonly json: string;
  readonly location: FileAssetLocation;
  readonly values: Record<string, unknown>;
  readonly markerPrefix: string;
}

/**
 * A REST API body kept outside the template: at synth, the body with its
 * intrinsics replaced by markers becomes a file asset, and a
 * `Custom::ApiGatewayRestApiBody` writes it, with the values CloudFormation
 * resolved, to a content-addressed object the RestApi reads through
 * `BodyS3Location`. The template holds each distinct intrinsic once.
 *
 * @internal
 */
export class RestApiBodyAsset extends Construct {
  /** For `CfnRestApi.bodyS3Location`: Bucket and Key of the rendered object (GetAtt of the custom resource). */
  public readonly location: apigw.CfnRestApi.S3LocationProperty;
  public readonly resource: CustomResource;
  /** Where this body's rendered objects go in the asset bucket (ends with "/"). */
  public readonly targetPrefix: string;
  private rendered?: RenderedAsset;

  constructor(scope: Construct, id: string, private readonly props: RestApiBodyAssetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (stack.synthesizer instanceof LegacyStackSynthesizer) {
      // It adds template parameters for every asset, which cannot be created once synthesis has begun.
      throw new GatewayValidationError(this, 'BodyAssetSynthesizerUnsupported', `a REST API body kept in S3 needs a stack synthesizer that publishes file assets without template parameters (DefaultStackSynthesizer or CliCredentialsStackSynthesizer); stack ${stack.node.path} uses LegacyStackSynthesizer. Use the default synthesizer, or keep the body in the template.`);
    }
    const provider = RestApiBodyProvider.of(stack);
    // The part before the first "." is literal and in the template, so `cdk gc` (which keeps an object whose key up to its
    // first "." occurs in a deployed template) keeps the rendered bodies; the stack's deployed name makes the prefix unique.
    this.targetPrefix = `${targetPrefixStem(this)}.${Aws.STACK_NAME}/`;
    const asset = () => this.asset();
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.function.functionArn,
      resourceType: 'Custom::ApiGatewayRestApiBody',
      // The handler answers within its own 2-minute timeout; CloudFormation need not wait an hour.
      serviceTimeout: Duration.minutes(5),
      properties: {
        SourceBucket: afterPrepare(() => asset().location.bucketName),
        SourceKey: afterPrepare(() => asset().location.objectKey),
        MarkerPrefix: afterPrepare(() => asset().markerPrefix),
        Values: Lazy.uncachedAny({ produce: context => context.preparing ? { references: props.references?.() ?? [] } : asset().values }),
        TargetPrefix: this.targetPrefix,
      },
    });
    this.location = { bucket: this.resource.getAttString('Bucket'), key: this.resource.getAttString('Key') };
    provider.allow(this, () => asset().location);
    provider.encryptLogsWith(props.logGroupEncryptionKey);
  }

  /**
   * The file asset of the body's present state: written and registered once
   * per state (the body's JSON), when the template is resolved.
   */
  private asset(): RenderedAsset {
    const body = this.props.body();
    if (this.rendered?.body === body) {
      return this.rendered;
    }
    // The API may hand a new object for the same state; the JSON decides.
    const json = (this.props.json ?? JSON.stringify)(body);
    if (this.rendered?.json === json) {
      this.rendered = { ...this.rendered, body };
      return this.rendered;
    }
    const marked = markIntrinsics(body, json);
    const content = JSON.stringify(marked.document);
    const sourceHash = createHash('sha256').update(content).digest('hex');
    const fileName = `asset.${sourceHash}.body.json`;
    // Every stack is in a Stage (a stack created without a scope gets an App).
    const outdir = (Stage.of(this) as Stage).outdir;
    fs.writeFileSync(path.join(outdir, fileName), content);
    const location = Stack.of(this).synthesizer.addFileAsset({ sourceHash, fileName, packaging: FileAssetPackaging.FILE });
    this.rendered = { body, json, location, values: marked.values, markerPrefix: marked.markerPrefix };
    return this.rendered;
  }
}

/**
 * A value rendered from the body, uncached and never while the app is prepared: the body's references take their
 * final form (a value from another stack becomes an import) only after that, and what is rendered is the final body.
 */
function afterPrepare(produce: () => string): string {
  return Lazy.uncachedString({ produce: context => context.preparing ? PREPARING : produce() });
}

/**
 * `cdk-apigateway-patterns/rest-api-bodies/<stack>/<path>`: literal (the top-level
 * stack's name and the construct's path under it), without ".".
 */
function targetPrefixStem(scope: Construct): string {
  let top = Stack.of(scope);
  while (top.nestedStackParent) {
    top = top.nestedStackParent;
  }
  const relative = scope.node.path.slice(top.node.path.length + 1);
  let part = relative.replace(/[^A-Za-z0-9-]+/g, '-');
  if (part.length > MAX_PATH_PART) {
    part = `${part.slice(0, MAX_PATH_PART - 17)}-${createHash('sha256').update(relative).digest('hex').slice(0, 16)}`;
  }
  return `cdk-apigateway-patterns/rest-api-bodies/${top.stackName}/${part}`;
}

/** The one function per stack that renders every body kept in S3 in it. */
class RestApiBodyProvider extends Construct {
  public static of(stack: Stack): RestApiBodyProvider {
    return (stack.node.tryFindChild(PROVIDER_ID) as RestApiBodyProvider | undefined) ?? new RestApiBodyProvider(stack, PROVIDER_ID);
  }

  public readonly function: lambda.Function;
  private readonly logGroup: logs.LogGroup;
  private keyGranted = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const handler = customResourceHandler(this, {
      name: 'REST API body',
      bundle: HANDLER_BUNDLE,
      description: 'Renders REST API bodies kept in S3 with the values CloudFormation resolved (cdk-apigateway-patterns)',
      // A body of thousands of routes is parsed and written whole.
      memorySize: 1024,
      vpcReason: 'The handler calls only S3, over TLS with its role\'s credentials, during deployments; it reaches no resource inside a VPC, and placing it in one would need a NAT gateway or an S3 endpoint there.',
      concurrencyReason: 'CloudFormation invokes the handler only during deployments, once per REST API body; reserving concurrency would take capacity from every other function in the account (and an account at the default quota cannot reserve any).',
      wildcardReason: 'Two grants: active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; and kms:Decrypt / kms:GenerateDataKey, for a bootstrap bucket encrypted with a customer managed key whose ARN the stack cannot know at synth, are usable only through S3 in this region (kms:ViaService), that is, only on objects the role may already read or write.',
    });
    this.function = handler.function;
    this.logGroup = handler.logGroup;
  }

  /** Encrypts the handler's log group with the first key a body of the stack sets. */
  public encryptLogsWith(key: kms.IKey | undefined): void {
    encryptHandlerLogs(this.logGroup, key);
  }

  /** Lets the handler read the body's asset and write and delete its rendered objects (under its target prefix only). */
  public allow(body: RestApiBodyAsset, location: () => FileAssetLocation): void {
    const bucketArn = () => `arn:${Aws.PARTITION}:s3:::${location().bucketName}`;
    this.function.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [afterPrepare(() => `${bucketArn()}/${location().objectKey}`)],
    }));
    this.function.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:DeleteObject'],
      resources: [afterPrepare(() => `${bucketArn()}/${body.targetPrefix}*`)],
    }));
    if (!this.keyGranted) {
      this.keyGranted = true;
      // A bootstrap bucket encrypted with a customer managed key: that key is the bootstrap stack's, unknown at synth (its
      // export exists only when there is one), so the grant names any key, usable only by S3 in this region for this bucket.
      this.function.addToRolePolicy(new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` },
          // S3 passes the object's ARN (the bucket's, with an S3 Bucket Key) as encryption context.
          ArnLike: { 'kms:EncryptionContext:aws:s3:arn': Lazy.uncachedList({ produce: context => context.preparing ? [PREPARING] : [bucketArn(), `${bucketArn()}/*`] }) },
        },
      }));
    }
    const bucket = assetBucketForNag(Stack.of(body));
    if (bucket !== undefined) {
      Validations.of(this.function).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket}/${targetPrefixStem(body)}.<AWS::StackName>/*]`,
        reason: 'The rendered body\'s key is the SHA-256 of its content, known only at deploy; the grant covers the prefix of this one API\'s bodies, which the handler also checks before it deletes anything.',
      });
    }
  }
}

/**
 * The synthesizer's asset bucket as cdk-nag prints it in a finding
 * (`${AWS::AccountId}` as `<AWS::AccountId>`), when the synthesizer has one.
 */
function assetBucketForNag(stack: Stack): string | undefined {
  let top = stack;
  while (top.nestedStackParent) {
    top = top.nestedStackParent;
  }
  // A nested stack's assets are the top-level stack's.
  const bucket = (top.synthesizer as unknown as { bucketName?: unknown }).bucketName;
  if (typeof bucket !== 'string' || Token.isUnresolved(bucket)) {
    return undefined;
  }
  return bucket.replace(/\$\{([A-Za-z0-9:]+)\}/g, '<$1>');
}
