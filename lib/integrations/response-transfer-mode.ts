/**
 * How API Gateway returns a proxy integration's response to the caller
 * (the integration's `responseTransferMode`).
 */
export enum ResponseTransferMode {
  /** API Gateway waits for the whole response (at most 10 MB) before it sends any of it: the default. */
  BUFFERED = 'BUFFERED',
  /**
   * API Gateway sends the response on as the backend produces it: a lower
   * time to first byte, bodies over 10 MB, and up to 15 minutes per request.
   * Only Lambda proxy and HTTP proxy integrations can stream, and a streamed
   * route is neither cached, compressed nor transformed.
   */
  STREAM = 'STREAM',
}
