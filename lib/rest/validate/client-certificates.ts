import { RuleContext } from './rule';

/** The integration types that present a stage's client certificate: API Gateway sends it only to HTTP backends. */
const HTTP_TYPES = new Set(['http', 'http_proxy']);

/** A stage's client certificate is presented only to HTTP and HTTP proxy integrations: without one, it does nothing. */
export function clientCertificatesReachHttpBackends({ model, warn }: RuleContext): void {
  const stages = model.stages.filter(stage => stage.clientCertificate === true);
  if (stages.length === 0) {
    return;
  }
  const http = model.routes.all.some(route => HTTP_TYPES.has(String(route.integration.integration.type).toLowerCase()));
  if (!http) {
    warn('cdk-apigateway-patterns:clientCertificateWithoutHttpBackend', `stage${stages.length > 1 ? 's' : ''} ${stages.map(stage => stage.name).join(', ')} present${stages.length > 1 ? '' : 's'} a client certificate, but no route has an HTTP or HTTP proxy integration, the only ones API Gateway sends it to (Lambda, AWS service and mock integrations do not use it); remove clientCertificate / clientCertificateId, or acknowledge this warning if HTTP routes come later.`);
  }
}
