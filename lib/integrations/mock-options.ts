/** Options for `Integration.mock()`. */
export interface MockIntegrationOptions {
  /**
   * The status code of the response (100 to 599).
   * @default 200
   */
  readonly statusCode?: number;

  /**
   * The response body, a mapping template: `$context` variables are expanded, e.g. `{"requestId": "$context.requestId"}`.
   * @default - an empty body
   */
  readonly body?: string;

  /**
   * The content type of the body.
   * @default 'application/json'
   */
  readonly contentType?: string;

  /**
   * Headers with fixed values, by name.
   * @default - none
   */
  readonly headers?: { [name: string]: string };
}
