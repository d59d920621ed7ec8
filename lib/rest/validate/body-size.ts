import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';
import { AUTO_S3_THRESHOLD_BYTES } from '../body-storage';

/**
 * CloudFormation's limit on a template uploaded to S3, as `cdk deploy` does: 1 MB ("Template body size in an
 * Amazon S3 object"), enforced as 1,000,000 bytes. A body kept in the template must fit in it with the rest of the stack.
 */
const TEMPLATE_MAX_BYTES = 1_000_000;
/** API Gateway's limit on an imported API definition ("The maximum size of the API definition file is 6MB"), which a body kept in S3 meets. */
const IMPORT_MAX_BYTES = 6_000_000;
/** Past this share of a limit, synth warns: the rest of the stack's template needs room too, and bodies grow. */
const WARN_SHARE = 0.8;

/** The deployed body fits where it is kept: the template (1,000,000 bytes with the rest of the stack) or S3 (API Gateway's 6 MB import limit). */
export function bodyFitsTemplate({ model, scope, warn, bodyLocation, deployedBodyBytes }: RuleContext): void {
  const bytes = deployedBodyBytes();
  const where = `the REST API's OpenAPI body (${model.routes.size} routes, ${model.models.size} models) takes ${bytes.toLocaleString('en-US')} bytes ${bodyLocation === 's3' ? 'of JSON in S3' : 'of the template'}`;
  const reduce = 'reduce the document (fewer or smaller models, shorter descriptions and mapping templates) or split the API into several GatewayRestApi constructs';
  if (bodyLocation === 's3') {
    const limit = `API Gateway's limit of ${IMPORT_MAX_BYTES.toLocaleString('en-US')} bytes on an imported API definition`;
    if (bytes > IMPORT_MAX_BYTES) {
      throw new GatewayValidationError(scope, 'BodyTooLarge', `${where}, over ${limit}, so API Gateway cannot import it; ${reduce}.`);
    }
    if (bytes > IMPORT_MAX_BYTES * WARN_SHARE) {
      warn('cdk-apigateway-patterns:bodySize', `${where}, more than ${WARN_SHARE * 100}% of ${limit}; ${reduce}.`);
    }
    return;
  }
  const limit = `CloudFormation's template size limit of ${TEMPLATE_MAX_BYTES.toLocaleString('en-US')} bytes`;
  const fix = `keep the body in S3 (bodyStorage: BodyStorage.S3, or BodyStorage.AUTO, the default, which does so above ${AUTO_S3_THRESHOLD_BYTES.toLocaleString('en-US')} bytes of the template), or ${reduce}`;
  if (bytes > TEMPLATE_MAX_BYTES) {
    throw new GatewayValidationError(scope, 'TemplateTooLarge', `${where}, over ${limit}, so the stack cannot deploy; ${fix}.`);
  }
  if (bytes > TEMPLATE_MAX_BYTES * WARN_SHARE) {
    warn('cdk-apigateway-patterns:templateSize', `${where}, more than ${WARN_SHARE * 100}% of ${limit}, which the whole template (indented, with the stack's other resources) must fit; ${fix}.`);
  }
}
