import * as s3 from 'aws-cdk-lib/aws-s3';

/** Mutual TLS: clients must present a certificate signed by a CA in the truststore. */
export interface MutualTlsOptions {
  /** The bucket that holds the truststore (a PEM bundle of CA certificates). */
  readonly bucket: s3.IBucket;

  /** The truststore's object key, e.g. `'truststore.pem'`. */
  readonly key: string;

  /**
   * The object version to use, so that a new truststore is a deliberate change.
   * @default - the latest version
   */
  readonly version?: string;
}

/** Options of `domain.addApi()`. */
export interface DomainMappingOptions {
  /**
   * The base path the API is served under, e.g. `'v1'`, or `'v1/pets'` (several
   * levels: regional domains with TLS 1.2 only).
   * @default - the domain's root, which also catches paths no other mapping matches
   */
  readonly basePath?: string;

  /**
   * The stage of the API to serve.
   * @default - the API's first stage
   */
  readonly stage?: string;
}
