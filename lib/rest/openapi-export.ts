/** Options for `GatewayRestApi.openApiDocument()`. */
export interface OpenApiDocumentOptions {
  /**
   * Keep API Gateway's `x-amazon-apigateway-*` extensions (integrations,
   * authorizers, validators): the document API Gateway imports. Without them
   * the document describes the API for clients and SDK generators, and `ANY`
   * routes are listed under every method.
   * @default true
   */
  readonly awsExtensions?: boolean;
}
