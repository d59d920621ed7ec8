/** What API Gateway validates before calling a route's integration. */
export enum RequestValidation {
  /** The body against the route's request model, and the required parameters. */
  BODY_AND_PARAMETERS = 'all',
  /** The body only. */
  BODY = 'body',
  /** The required parameters only. */
  PARAMETERS = 'params',
  /** Nothing. */
  NONE = 'none',
}

/** The validators' settings, by name, as rendered in `x-amazon-apigateway-request-validators`. */
export const REQUEST_VALIDATORS: Record<RequestValidation, { validateRequestBody: boolean; validateRequestParameters: boolean }> = {
  [RequestValidation.BODY_AND_PARAMETERS]: { validateRequestBody: true, validateRequestParameters: true },
  [RequestValidation.BODY]: { validateRequestBody: true, validateRequestParameters: false },
  [RequestValidation.PARAMETERS]: { validateRequestBody: false, validateRequestParameters: true },
  [RequestValidation.NONE]: { validateRequestBody: false, validateRequestParameters: false },
};
