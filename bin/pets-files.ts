import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeHipaaAndNist } from './acknowledgments';
import { sampleKey } from './sample-key';
import { GatewayRestApi, Integration, IRestAuthorization, RequestValue } from '../lib';

/** The media types of pet photos, which the pets API passes as bytes (its binaryMediaTypes). */
export const PET_PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * The pets API's file and event routes, with no Lambda function: photos are
 * read from and written to S3 as they are, and activity events go to a
 * Kinesis stream, partitioned by pet.
 */
export function addFileAndEventRoutes(scope: Construct, api: GatewayRestApi, write: IRestAuthorization): void {
  const key = sampleKey(scope);
  const photos = new s3.Bucket(scope, 'PetPhotos', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // The API's access logs record every photo read and write (caller, key, status); S3 server access logs would repeat them.
  const logged = 'Every request for a photo goes through the API, whose access logs record it; S3 server access logs would repeat them.';
  Validations.of(photos).acknowledge({ id: 'AwsSolutions-S1', reason: logged });
  acknowledgeHipaaAndNist(photos, 'S3BucketLoggingEnabled', logged);
  acknowledgeHipaaAndNist(photos, 'S3BucketReplicationEnabled', 'Photos are versioned and retained in one region; a second region adds cost that a pets showcase does not need.');
  // GET and PUT /pets/{id}/photos/{key}: the object photos/<key>, bytes in and out (Accept: image/png and the like).
  api.addRoute('GET /pets/{id}/photos/{key}', Integration.s3GetObject(photos, { keyPrefix: 'photos/' }), { operationId: 'getPetPhoto' });
  api.addRoute('PUT /pets/{id}/photos/{key}', Integration.s3PutObject(photos, { keyPrefix: 'photos/' }), { operationId: 'putPetPhoto', authorization: write });

  const events = new kinesis.Stream(scope, 'PetActivity', {
    encryption: kinesis.StreamEncryption.KMS,
    encryptionKey: key,
    retentionPeriod: Duration.days(7),
  });
  // Each event is one record; a pet's events keep their order (one partition key per pet).
  api.addRoute('POST /pets/{id}/events', Integration.kinesisPutRecord(events, { partitionKey: RequestValue.path('id') }), { operationId: 'recordPetEvent', authorization: write });
}
