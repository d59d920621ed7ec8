/** Where a REST API's OpenAPI body is kept. */
export enum BodyStorage {
  /**
   * In the template while it takes under 600,000 bytes of it (about 1,450
   * Lambda routes), in S3 above that, so that the template keeps room for the
   * rest of the stack under CloudFormation's 1,000,000-byte limit.
   */
  AUTO = 'AUTO',
  /**
   * Always in the template (`Body`). A body too large for the template fails
   * the synth.
   */
  TEMPLATE = 'TEMPLATE',
  /**
   * Always in S3 (`BodyS3Location`): the body is a file asset with each
   * deploy-time value replaced by a marker, and a custom resource writes it,
   * with the values CloudFormation resolved, to the bootstrap bucket. Up to
   * API Gateway's import limit of 6 MB. Costs one custom resource per API and
   * one Lambda function per stack, which runs only during deployments.
   */
  S3 = 'S3',
}

/** When the body would take more of the template than this, `BodyStorage.AUTO` keeps it in S3, leaving room for the rest of the stack. */
export const AUTO_S3_THRESHOLD_BYTES = 600_000;
