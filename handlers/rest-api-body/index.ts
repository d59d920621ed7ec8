/**
 * The REST API body custom resource (`Custom::ApiGatewayRestApiBody`): renders
 * an OpenAPI body kept outside the template.
 *
 * At synth the construct writes the body with every CloudFormation intrinsic
 * replaced by a marker string (a file asset, `SourceBucket`/`SourceKey`), and
 * puts the intrinsics in `Values` (marker → value), which CloudFormation
 * resolves. This handler substitutes the values and writes the result, content
 * addressed, to `<TargetPrefix><sha256>.json` in the same bucket; the RestApi
 * reads it through `BodyS3Location` (the resource's `Bucket` and `Key`).
 *
 * - Content addressing makes updates and rollbacks safe: another body is
 *   another key (a new physical id, so the RestApi's BodyS3Location changes),
 *   and CloudFormation deletes the old physical id only once the stack no
 *   longer needs it; a rollback renders the old body again, to its old key.
 * - Only JSON string values exactly equal to a marker are replaced (the body is
 *   parsed and walked, never edited as text), and a marker must be the body's
 *   `MarkerPrefix` and an index: user text is never touched.
 * - Delete removes the object of its physical id only if it lies under the
 *   resource's `TargetPrefix` in `SourceBucket` and has the rendered form
 *   (`<sha256>.json`); anything else is left alone. A delete never fails (a
 *   failure would leave the stack stuck in a rollback over a stale object).
 */
import { createHash } from 'crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { runCustomResource } from '../shared/cfn-response';

/** The resource's properties, once checked. */
export interface BodyProperties {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  readonly markerPrefix: string;
  readonly values: Record<string, unknown>;
  readonly targetPrefix: string;
}

/** Where a rendered body was written. */
export interface RenderedBody {
  readonly bucket: string;
  readonly key: string;
  readonly bytes: number;
}

/** A request the handler cannot carry out; its message says what is wrong and where. */
export class BodyRenderError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MARKER_PREFIX = /^cdk-rest-api-body-[0-9a-f]{20}-$/;

/** Checks the properties the construct renders. */
export function bodyProperties(properties: Record<string, unknown>): BodyProperties {
  const { SourceBucket: sourceBucket, SourceKey: sourceKey, MarkerPrefix: markerPrefix, TargetPrefix: targetPrefix } = properties;
  const values = properties.Values ?? {};
  if (typeof sourceBucket !== 'string' || !BUCKET_NAME.test(sourceBucket)) {
    throw new BodyRenderError('RequestRefused', `SourceBucket ${JSON.stringify(sourceBucket)} is not an S3 bucket name`);
  }
  if (typeof sourceKey !== 'string' || sourceKey === '') {
    throw new BodyRenderError('RequestRefused', `SourceKey ${JSON.stringify(sourceKey)} is not an S3 object key`);
  }
  if (typeof markerPrefix !== 'string' || !MARKER_PREFIX.test(markerPrefix)) {
    throw new BodyRenderError('RequestRefused', `MarkerPrefix ${JSON.stringify(markerPrefix)} is not one the construct renders (cdk-rest-api-body-<20 hex digits>-)`);
  }
  if (typeof targetPrefix !== 'string' || targetPrefix.length < 2 || !targetPrefix.endsWith('/') || targetPrefix.startsWith('/')) {
    throw new BodyRenderError('RequestRefused', `TargetPrefix ${JSON.stringify(targetPrefix)} must be a key prefix that ends with "/"`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new BodyRenderError('RequestRefused', 'Values must be a map of marker to value');
  }
  return { sourceBucket, sourceKey, markerPrefix, targetPrefix, values: values as Record<string, unknown> };
}

/**
 * The document with every string value that is a marker (`markerPrefix` and an
 * index) replaced by its value. Nothing else changes: not keys, not other
 * strings, not strings that merely contain a marker. A marker without a value
 * is an error (CloudFormation drops a value that resolves to `AWS::NoValue`).
 */
export function substituteMarkers(document: unknown, markerPrefix: string, values: Record<string, unknown>): unknown {
  if (!MARKER_PREFIX.test(markerPrefix)) {
    throw new BodyRenderError('RequestRefused', `MarkerPrefix ${JSON.stringify(markerPrefix)} is not one the construct renders`);
  }
  const marker = new RegExp(`^${markerPrefix}(0|[1-9][0-9]*)$`);
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      if (!marker.test(value)) {
        return value;
      }
      if (!Object.prototype.hasOwnProperty.call(values, value)) {
        throw new BodyRenderError('MarkerValueMissing', `the body has marker ${value} at ${path || '/'}, and Values has no value for it (a value that resolved to AWS::NoValue, or a template edited by hand)`);
      }
      return values[value];
    }
    if (Array.isArray(value)) {
      return value.map((item, index) => walk(item, `${path}/${index}`));
    }
    if (typeof value === 'object' && value !== null) {
      // No prototype: a "__proto__" key of the body stays an ordinary key.
      const result: Record<string, unknown> = Object.create(null);
      for (const [key, child] of Object.entries(value)) {
        result[key] = walk(child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
      return result;
    }
    return value;
  };
  return walk(document, '');
}

/** Reads the marked body, substitutes the values and writes the result to its content address. */
export async function renderBody(client: S3Client, props: BodyProperties, signal?: AbortSignal): Promise<RenderedBody> {
  const source = `s3://${props.sourceBucket}/${props.sourceKey}`;
  let text: string;
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: props.sourceBucket, Key: props.sourceKey }), { abortSignal: signal });
    text = await object.Body!.transformToString('utf-8');
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') {
      throw new BodyRenderError('SourceObjectMissing', `the body asset ${source} does not exist: deploy with a CDK CLI that publishes the stack's file assets first (cdk deploy does)`);
    }
    throw error;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BodyRenderError('SourceNotJson', `the body asset ${source} is not JSON: ${(error as Error).message}`);
  }
  const content = JSON.stringify(substituteMarkers(document, props.markerPrefix, props.values));
  const key = `${props.targetPrefix}${createHash('sha256').update(content).digest('hex')}.json`;
  await client.send(new PutObjectCommand({
    Bucket: props.sourceBucket, Key: key, Body: content, ContentType: 'application/json',
  }), { abortSignal: signal });
  return { bucket: props.sourceBucket, key, bytes: Buffer.byteLength(content) };
}

/** `s3://bucket/key` of a rendered body, the resource's physical id. */
export function physicalIdOf(rendered: Pick<RenderedBody, 'bucket' | 'key'>): string {
  return `s3://${rendered.bucket}/${rendered.key}`;
}

/**
 * Deletes the rendered body a physical id names, if it is one this resource
 * wrote: in `SourceBucket`, under `TargetPrefix`, `<sha256>.json`.
 */
export async function deleteRendered(client: S3Client, physicalResourceId: string, props: BodyProperties, signal?: AbortSignal): Promise<string> {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(physicalResourceId);
  const rest = match && match[2].startsWith(props.targetPrefix) ? match[2].slice(props.targetPrefix.length) : undefined;
  if (!match || match[1] !== props.sourceBucket || rest === undefined || !/^[0-9a-f]{64}\.json$/.test(rest)) {
    return `${physicalResourceId} is not a body this resource rendered (s3://${props.sourceBucket}/${props.targetPrefix}<sha256>.json); nothing deleted`;
  }
  await client.send(new DeleteObjectCommand({ Bucket: match[1], Key: match[2] }), { abortSignal: signal });
  return `deleted ${physicalResourceId}`;
}

/** The Lambda entry point: CloudFormation's custom resource protocol around `renderBody` and `deleteRendered`. */
export async function handler(event: CloudFormationCustomResourceEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<void> {
  await runCustomResource(event, context, {
    // A failed create still needs an id; it names no object, so the delete that follows deletes nothing.
    failedCreateId: `failed:${event.RequestId}`,
    notDone: 'the body was not rendered',
    work: async signal => {
      const props = bodyProperties(event.ResourceProperties);
      const client = new S3Client({ maxAttempts: 3, requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } });
      if (event.RequestType === 'Delete') {
        return { reason: await deleteRendered(client, event.PhysicalResourceId, props, signal) };
      }
      const rendered = await renderBody(client, props, signal);
      const physicalResourceId = physicalIdOf(rendered);
      return {
        reason: `rendered ${physicalResourceId} (${rendered.bytes} bytes, ${Object.keys(props.values).length} values)`,
        physicalResourceId,
        data: { Bucket: rendered.bucket, Key: rendered.key },
      };
    },
  });
}
