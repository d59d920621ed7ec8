import { clientCertificatesReachHttpBackends } from '../../../lib/rest/validate/client-certificates';
import { newModel, route, ruleContext, stage } from '../model-fixtures';

describe('clientCertificatesReachHttpBackends', () => {
  test('warns only when a stage presents a certificate and no route is an HTTP integration', () => {
    // GIVEN a Lambda-only API, one stage with a client certificate
    const model = newModel();
    model.addRoute(route('GET /pets', { integration: { integration: { type: 'aws_proxy' } } }));
    model.addStage(stage('dev'));
    expect(ruleContext(model).warnings).toEqual([]);
    model.addStage(stage('prod', { clientCertificate: true }));
    // THEN
    const context = ruleContext(model);
    clientCertificatesReachHttpBackends(context);
    expect(context.warnings).toEqual([expect.stringMatching(/^cdk-apigateway-patterns:clientCertificateWithoutHttpBackend: stage prod presents a client certificate, but no route has an HTTP or HTTP proxy integration/)]);
    // WHEN an HTTP route is added, nothing is said
    model.addRoute(route('GET /legacy', { integration: { integration: { type: 'http_proxy' } } }));
    const after = ruleContext(model);
    clientCertificatesReachHttpBackends(after);
    expect(after.warnings).toEqual([]);
  });
});
