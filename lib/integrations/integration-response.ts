import * as apigw from 'aws-cdk-lib/aws-apigateway';

/**
 * One response of a non-proxy integration: which backend answers it catches
 * and what the caller gets for them.
 */
export interface IntegrationResponse {
  /**
   * The HTTP status code the caller receives (100 to 599).
   */
  readonly statusCode: number;

  /**
   * A regular expression (Java syntax) matched against the backend's status
   * code (HTTP and AWS service integrations) or error message (Lambda). The
   * response without a pattern is the default and catches everything else;
   * exactly one response must be the default.
   * @default - the default response
   */
  readonly selectionPattern?: string;

  /**
   * Mapping templates (VTL) that turn the backend's body into the caller's, by
   * content type, e.g. `{ 'application/json': MappingTemplate.maskFields(['ssn']) }`.
   * @default - the backend's body is passed through
   */
  readonly templates?: { [contentType: string]: string };

  /**
   * Headers with fixed values added to the response, by name.
   * @default - none
   */
  readonly headers?: { [name: string]: string };

  /**
   * Headers copied from the backend's response: the caller's header name to the backend's header name.
   * @default - none
   */
  readonly headersFromBackend?: { [name: string]: string };

  /**
   * How the response body is converted for the caller: `CONVERT_TO_TEXT`
   * keeps a text body text (and base64-encodes a binary one) even when the
   * request's `Accept` is one of the API's `binaryMediaTypes`;
   * `CONVERT_TO_BINARY` decodes a base64 body into bytes.
   * @default - by the request's Accept header and the API's binaryMediaTypes (see the README's "Binary media types")
   */
  readonly contentHandling?: apigw.ContentHandling;
}
