import { BoundIntegration, IntegrationContext, IntegrationSpec } from './integration';
import { MockIntegrationOptions } from './mock-options';
import { renderIntegrationResponses } from './transform';

/** @internal */
export class MockIntegration implements IntegrationSpec {
  constructor(private readonly options: MockIntegrationOptions) {}

  public bind(context: IntegrationContext): BoundIntegration {
    const statusCode = this.options.statusCode ?? 200;
    const contentType = this.options.contentType ?? 'application/json';
    const responses = renderIntegrationResponses(context.scope, context.route, [{
      statusCode,
      templates: this.options.body !== undefined ? { [contentType]: this.options.body } : undefined,
      // API Gateway answers application/json unless the response sets its content type.
      headers: contentType === 'application/json' ? this.options.headers : { 'Content-Type': contentType, ...this.options.headers },
    }], context.corsHeaders, context.corsOriginEcho);
    return {
      openApi: {
        type: 'mock',
        // A mock integration answers with the status code its request template names.
        requestTemplates: { 'application/json': `{"statusCode": ${statusCode}}` },
        passthroughBehavior: 'when_no_match',
        responses: responses.responses,
      },
      methodResponses: responses.methodResponses,
    };
  }
}
