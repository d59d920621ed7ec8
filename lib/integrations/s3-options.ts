import { AwsServiceIntegrationOptions } from './aws-service-options';

/** Options for `Integration.s3GetObject()` and `Integration.s3PutObject()`. */
export interface S3ObjectOptions extends AwsServiceIntegrationOptions {
  /**
   * The route's path parameter that names the object, e.g. `key` for
   * `GET /files/{key}` (or `{key+}` for keys with slashes).
   * @default 'key'
   */
  readonly keyParameter?: string;

  /**
   * Where in the bucket the objects are: the object key is this prefix
   * followed by the path parameter, and the API's role may reach only keys
   * that start with it, e.g. `photos/`.
   * @default - the whole bucket
   */
  readonly keyPrefix?: string;
}
