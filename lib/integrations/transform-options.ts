import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IntegrationResponse } from './integration-response';

/** How the request is changed on its way to the backend. */
export interface RequestTransformOptions {
  /**
   * Mapping templates (VTL) that build the backend's request body, by the
   * content type of the caller's request.
   * @default - the body is passed through (AWS service integrations bring their own template)
   */
  readonly requestTemplates?: { [contentType: string]: string };

  /**
   * What API Gateway does with a request whose content type has no template.
   * @default - NEVER (answer 415) when there are templates, WHEN_NO_MATCH otherwise
   */
  readonly passthroughBehavior?: apigw.PassthroughBehavior;

  /**
   * How the request body is converted on its way to the backend:
   * `CONVERT_TO_TEXT` gives a binary body (one of the API's
   * `binaryMediaTypes`) to the template base64-encoded, `CONVERT_TO_BINARY`
   * decodes a base64 text body into bytes.
   * @default - passed as it is: bytes stay bytes and text stays text
   */
  readonly contentHandling?: apigw.ContentHandling;

  /**
   * Query-string parameters to rename: the caller's name to the backend's name.
   * In proxy mode the caller's parameter is passed on too.
   * @default - none
   */
  readonly renameQueryStrings?: { [callerName: string]: string };

  /**
   * Headers with fixed values added to the backend request, by name.
   * @default - none
   */
  readonly addHeaders?: { [name: string]: string };

  /**
   * Raw parameter mappings, `integration.request.<path|querystring|header>.<name>`
   * to a source: `method.request.<path|querystring|header>.<name>`,
   * `method.request.body`, a static `'value'`, `context.<variable>` or
   * `stageVariables.<name>`.
   * @default - none beyond the URL's path parameters, which are mapped automatically
   */
  readonly requestParameters?: { [integrationParameter: string]: string };
}

/** How backend answers become the caller's responses. */
export interface ResponseTransformOptions {
  /**
   * The integration's responses, matched by selection pattern. Exactly one has no pattern: the default.
   * @default - 200 passing the body through, and backend errors as 400 (4XX) and 502 (5XX) without the backend's message
   *   (AWS service integrations shape their success response too)
   */
  readonly responses?: IntegrationResponse[];
}
