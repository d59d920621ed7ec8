import { IntegrationResponse } from './integration-response';

/** The JSON body of the library's error answers: a fixed message and the request id, nothing of the service's. */
export function errorBody(message: string): string {
  return `{"message": "${message}", "requestId": "$context.requestId"}`;
}

/**
 * Responses that hide service errors: the caller learns whether it was its
 * fault (400) or not (502), never the service's message, which can name
 * resources and accounts.
 */
export function serviceErrorResponses(success: IntegrationResponse): IntegrationResponse[] {
  return [
    success,
    { statusCode: 400, selectionPattern: '4\\d{2}', templates: { 'application/json': errorBody('Bad request') } },
    { statusCode: 502, selectionPattern: '5\\d{2}', templates: { 'application/json': errorBody('Bad gateway') } },
  ];
}

/**
 * `serviceErrorResponses`, except that a 4xx whose error type (`__type`)
 * matches `errorType` answers `status` with `message`: for the one client
 * error a caller should tell apart (a missing item, a throttled stream).
 */
export function serviceErrorResponsesExcept(success: IntegrationResponse, errorType: string, status: number, message: string): IntegrationResponse[] {
  const [ok, badRequest, badGateway] = serviceErrorResponses(success);
  return [ok, {
    ...badRequest,
    templates: {
      'application/json': [
        '#set($type = "$!input.path(\'$.__type\')")',
        `#if($type.matches('${errorType}'))`,
        `#set($context.responseOverride.status = ${status})`,
        errorBody(message),
        '#else',
        badRequest.templates!['application/json'],
        '#end',
      ].join('\n'),
    },
  }, badGateway];
}
