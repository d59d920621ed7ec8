import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';

/**
 * CloudFormation's limit on a template uploaded to S3, as `cdk deploy` does: 1 MB ("Template body size in an
 * Amazon S3 object"), enforced as 1,000,000 bytes. The REST API's body is inline in the template.
 */
export const TEMPLATE_MAX_BYTES = 1_000_000;
/** Past this share of the limit, synth warns: the rest of the stack's template needs room too. */
const TEMPLATE_WARN_SHARE = 0.8;

/** The body is inline in the stack's template, which CloudFormation takes up to 1,000,000 bytes. */
export function bodyFitsTemplate({ model, scope, warn, resolvedBody }: RuleContext): void {
  const bytes = Buffer.byteLength(JSON.stringify(resolvedBody()), 'utf8');
  const where = `the REST API's OpenAPI body (${model.routes.size} routes, ${model.models.size} models) renders to ${bytes.toLocaleString('en-US')} bytes of JSON`;
  const fix = 'split the API into several GatewayRestApi constructs (or stacks), or reduce the document: fewer or smaller models, shorter descriptions and mapping templates';
  if (bytes > TEMPLATE_MAX_BYTES) {
    throw new GatewayValidationError(scope, 'TemplateTooLarge', `${where}, over CloudFormation's template size limit of ${TEMPLATE_MAX_BYTES.toLocaleString('en-US')} bytes, so the stack cannot deploy; ${fix}.`);
  }
  if (bytes > TEMPLATE_MAX_BYTES * TEMPLATE_WARN_SHARE) {
    warn('cdk-apigateway-patterns:templateSize', `${where}, more than ${TEMPLATE_WARN_SHARE * 100}% of CloudFormation's template size limit of ${TEMPLATE_MAX_BYTES.toLocaleString('en-US')} bytes, which the whole template (indented, with the stack's other resources) must fit; ${fix}.`);
  }
}
