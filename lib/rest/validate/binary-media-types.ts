import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RuleContext } from './rule';
import { GatewayValidationError } from '../../core/errors';
import { PROXY_INTEGRATION_TYPES } from '../../integrations/integration';

/** RFC 6838's restricted-name, for a type and a subtype. */
const NAME = '[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}';
/** `type/subtype`, `type/*` or `*\/*`, without parameters (API Gateway matches the media type alone). */
const MEDIA_TYPE = new RegExp(`^(${NAME}/(${NAME}|\\*)|\\*/\\*)$`);

/** Checks `binaryMediaTypes` (syntax, duplicates) and returns them. */
export function checkBinaryMediaTypes(scope: IConstruct, types: readonly string[] | undefined): readonly string[] | undefined {
  if (types === undefined) {
    return undefined;
  }
  const seen = new Map<string, string>();
  for (const type of types) {
    if (Token.isUnresolved(type)) {
      continue;
    }
    if (!MEDIA_TYPE.test(type)) {
      throw new GatewayValidationError(scope, 'BinaryMediaTypeInvalid', `binaryMediaTypes has ${JSON.stringify(type)}, which is not a media type: use type/subtype (e.g. image/png), type/* for every subtype (image/*) or */* for every type, without parameters (; charset=...) or spaces.`);
    }
    const key = type.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new GatewayValidationError(scope, 'BinaryMediaTypeDuplicate', `binaryMediaTypes lists ${JSON.stringify(type)} twice${earlier === type ? '' : ` (as ${JSON.stringify(earlier)}; media types ignore case)`}, which API Gateway refuses; list each media type once.`);
    }
    seen.set(key, type);
  }
  return types;
}

/** Whether a binary media type (with wildcards) covers a content type. */
function covers(binaryType: string, contentType: string): boolean {
  const [type, subtype] = binaryType.toLowerCase().split('/');
  const [contentMain, contentSub] = contentType.toLowerCase().split('/');
  return (type === '*' || type === contentMain) && (subtype === '*' || subtype === contentSub);
}

const WARN_ROUTES = 5;

/**
 * How binary media types meet the routes (API Gateway's content type conversions):
 * - a route that passes bodies through as bytes (an S3 object) on an API without binary media types
 *   gets them as UTF-8 text, which corrupts images and other binary files;
 * - a mapping template for a content type that a binary media type covers (`*\/*` covers JSON) gets a
 *   binary body it cannot read, and a response template a body API Gateway base64-decodes, unless the
 *   integration (or integration response) sets `contentHandling`.
 */
export function binaryPayloadsHandled({ model, warn }: RuleContext): void {
  const types = model.settings.binaryMediaTypes?.filter(type => !Token.isUnresolved(type)) ?? [];
  const routes = model.routes.all;
  const binaryRoutes = routes.filter(route => route.integration.passesBinary === true);
  if (binaryRoutes.length > 0 && (model.settings.binaryMediaTypes ?? []).length === 0) {
    warn('cdk-apigateway-patterns:binaryMediaTypesMissing', `${list(binaryRoutes.map(route => route.parsed.key))} pass${binaryRoutes.length === 1 ? 'es' : ''} files through as bytes, but the API has no binaryMediaTypes, so API Gateway handles every body as UTF-8 text, which corrupts images, PDFs and other binary files; set binaryMediaTypes to the media types the routes serve (e.g. ['image/png', 'image/jpeg', 'application/octet-stream']).`);
  }
  if (types.length === 0) {
    return;
  }
  const affected: string[] = [];
  for (const route of routes) {
    const integration = route.integration.integration as Record<string, any>;
    if (PROXY_INTEGRATION_TYPES.has(String(integration.type).toLowerCase()) || route.integration.passesBinary === true) {
      continue;
    }
    const requestTypes = integration.contentHandling === undefined ? Object.keys(integration.requestTemplates ?? {}) : [];
    const responseTypes = Object.values<Record<string, any>>(integration.responses ?? {})
      .filter(response => response?.contentHandling === undefined)
      .flatMap(response => Object.keys(response?.responseTemplates ?? {}));
    const covered = [...new Set([...requestTypes, ...responseTypes])].filter(contentType => types.some(type => covers(type, contentType)));
    if (covered.length > 0) {
      affected.push(`${route.parsed.key} (${covered.join(', ')})`);
    }
  }
  if (affected.length > 0) {
    const covering = types.filter(type => type.includes('*') || affected.some(entry => entry.includes(type)));
    warn('cdk-apigateway-patterns:binaryMediaTypesCoverTemplates', `binaryMediaTypes ${JSON.stringify(covering)} cover${covering.length === 1 ? 's' : ''} the content type of mapping templates of ${list(affected)}: API Gateway handles those bodies as binary, so a request template cannot read the JSON and a response is base64-decoded; list only the binary types the API serves (e.g. image/png instead of */*), or set contentHandling: CONVERT_TO_TEXT on those integrations and their responses.`);
  }
}

function list(items: string[]): string {
  const shown = items.slice(0, WARN_ROUTES).join(', ');
  return items.length > WARN_ROUTES ? `${shown} and ${items.length - WARN_ROUTES} more` : shown;
}
