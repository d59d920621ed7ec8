import { IRestIntegration, RestIntegrationBindOptions, RestIntegrationConfig } from './integration';
import { MockIntegrationOptions } from './mock-options';
import { renderIntegrationResponses } from './transform';

/**
 * A response API Gateway makes up itself.
 * @internal
 */
export class MockIntegration implements IRestIntegration {
  constructor(private readonly options: MockIntegrationOptions) {}

  public bind(context: RestIntegrationBindOptions): RestIntegrationConfig {
    const statusCode = this.options.statusCode ?? 200;
    const contentType = this.options.contentType ?? 'application/json';
    const responses = renderIntegrationResponses(context.scope, context.route, [{
      statusCode,
      templates: this.options.body !== undefined ? { [contentType]: this.options.body } : undefined,
      // API Gateway answers application/json unless the response sets its content type.
      headers: contentType === 'application/json' ? this.options.headers : { 'Content-Type': contentType, ...this.options.headers },
    }], context.corsResponseHeaders, context.corsOriginEcho);
    return {
      integration: {
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
