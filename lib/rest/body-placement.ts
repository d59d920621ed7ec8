import { AspectPriority, Aspects } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { RestApiBodyAsset } from './body-asset';
import { AUTO_S3_THRESHOLD_BYTES, BodyStorage } from './body-storage';
import type { RestApiOutputs } from './rest-api-outputs';

/** What placing a body needs from its API. */
export interface BodyPlacement {
  readonly storage: BodyStorage;
  readonly resource: apigw.CfnRestApi;
  readonly outputs: RestApiOutputs;
  readonly logGroupEncryptionKey?: kms.IKey;
}

/**
 * Keeps the API's body where `storage` says. For `AUTO` the choice waits
 * until every route is known: an aspect, which runs before anything reads
 * the template (and before cdk-nag, so that the checks see the S3 body's
 * handler), measures the body once and moves it to S3 if it is large.
 */
export function placeBody(api: Construct, placement: BodyPlacement): void {
  if (placement.storage === BodyStorage.S3) {
    keepInS3(api, placement);
  } else if (placement.storage === BodyStorage.AUTO) {
    let decided = false;
    Aspects.of(api).add({
      visit: (node: IConstruct) => {
        if (node !== api || decided) {
          return;
        }
        decided = true;
        if (placement.outputs.deployedBodyBytes() > AUTO_S3_THRESHOLD_BYTES) {
          keepInS3(api, placement);
        }
      },
    }, { priority: AspectPriority.MUTATING });
  }
}

function keepInS3(api: Construct, placement: BodyPlacement): void {
  const asset = new RestApiBodyAsset(api, 'Body', {
    body: () => placement.outputs.resolvedDeployedBody(),
    json: body => placement.outputs.minifiedJson(body),
    references: () => placement.outputs.bodyTokenValues(),
    logGroupEncryptionKey: placement.logGroupEncryptionKey,
  });
  placement.resource.body = undefined;
  placement.resource.bodyS3Location = asset.location;
  placement.outputs.markKeptInS3();
}
