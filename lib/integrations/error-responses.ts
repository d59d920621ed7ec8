import { IntegrationResponse } from './integration-response';

/**
 * Responses that hide service errors: the caller learns whether it was its
 * fault (400) or not (502), never the service's message, which can name
 * resources and accounts.
 */
export function serviceErrorResponses(success: IntegrationResponse): IntegrationResponse[] {
  return [
    success,
    { statusCode: 400, selectionPattern: '4\\d{2}', templates: { 'application/json': '{"message": "Bad request", "requestId": "$context.requestId"}' } },
    { statusCode: 502, selectionPattern: '5\\d{2}', templates: { 'application/json': '{"message": "Bad gateway", "requestId": "$context.requestId"}' } },
  ];
}
