import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import type { RestMethodResponse, RestRouteInfo } from './integration';
import { IntegrationResponse } from './integration-response';
import { RequestTransformOptions } from './transform-options';
import { GatewayValidationError } from '../core/errors';
import { javaRegexSyntaxError } from '../core/private/java-regex';
import { checkOneOf, enumValues, HEADER_NAME, HEADER_NAME_RULE, QUERY_NAME, QUERY_NAME_RULE, STAGE_VARIABLE_NAME } from '../core/rules';

/** A request parameter a method declares because its integration reads it. */
export interface MethodParameter {
  readonly location: 'path' | 'querystring' | 'header';
  readonly name: string;
  readonly required: boolean;
}

/** A status code a method declares, with the headers its integration responses set. */
export type MethodResponse = RestMethodResponse;

/** API Gateway's quota for one mapping template. */
const MAX_TEMPLATE_BYTES = 300 * 1024;
const CONTENT_TYPE = /^[A-Za-z0-9!#$%&*+.^_`|~-]+\/[A-Za-z0-9!#$%&*+.^_`|~-]+$/;
const PARAMETER_NAMES: Record<MethodParameter['location'], RegExp> = { path: /^[A-Za-z0-9._-]+$/, querystring: QUERY_NAME, header: HEADER_NAME };
const INTEGRATION_PARAMETER = /^integration\.request\.(path|querystring|header)\.(.+)$/;
const METHOD_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/;
const STATIC_VALUE = /^'[^']*'$/;
const CONTEXT_VALUE = /^context\.[A-Za-z0-9_.]+$/;

/** The integration-side request parameters and the method parameters they read. */
export interface RenderedRequest {
  readonly requestParameters?: Record<string, string>;
  readonly contentHandling?: string;
  readonly requestTemplates?: Record<string, string>;
  readonly passthroughBehavior: string;
  readonly methodParameters: MethodParameter[];
}

/**
 * Validates and renders a request transformation. `implicit` holds mappings
 * the integration adds itself (URL path parameters, service headers); the
 * user's own mappings win over them.
 */
export function renderRequestTransform(
  scope: IConstruct, route: RestRouteInfo, options: RequestTransformOptions, implicit: Record<string, string> = {},
  defaultTemplates?: Record<string, string>,
): RenderedRequest {
  const where = `route ${route.key}`;
  const mappings: Record<string, string> = { ...implicit };
  for (const [callerName, backendName] of Object.entries(options.renameQueryStrings ?? {})) {
    for (const name of [callerName, backendName]) {
      checkName(scope, where, 'query-string parameter', name, QUERY_NAME, QUERY_NAME_RULE);
    }
    mappings[`integration.request.querystring.${backendName}`] = `method.request.querystring.${callerName}`;
  }
  for (const [name, value] of Object.entries(options.addHeaders ?? {})) {
    checkName(scope, where, 'header', name, HEADER_NAME, HEADER_NAME_RULE);
    mappings[`integration.request.header.${name}`] = staticValue(scope, where, `header ${name}`, value);
  }
  Object.assign(mappings, options.requestParameters ?? {});

  const methodParameters: MethodParameter[] = [];
  for (const [target, source] of Object.entries(mappings)) {
    const targetMatch = INTEGRATION_PARAMETER.exec(target);
    if (!targetMatch) {
      throw new GatewayValidationError(scope, 'IntegrationParameterInvalid', `${where}: request parameter ${JSON.stringify(target)} is invalid: the key must be integration.request.path.<name>, integration.request.querystring.<name> or integration.request.header.<name>.`);
    }
    checkName(scope, where, `${targetMatch[1]} parameter`, targetMatch[2], PARAMETER_NAMES[targetMatch[1] as MethodParameter['location']], 'use letters, digits and the characters API Gateway allows there');
    const parameter = methodParameterOf(scope, route, target, source);
    if (parameter) {
      methodParameters.push(parameter);
    }
  }

  const templates = options.requestTemplates ?? defaultTemplates;
  if (templates) {
    validateTemplates(scope, `${where}: request template`, templates);
  }
  checkOneOf(scope, `${where}: passthroughBehavior`, options.passthroughBehavior, enumValues(apigw.PassthroughBehavior),
    'use apigw.PassthroughBehavior.WHEN_NO_MATCH, NEVER or WHEN_NO_TEMPLATES');
  const passthrough = options.passthroughBehavior ?? (templates ? apigw.PassthroughBehavior.NEVER : apigw.PassthroughBehavior.WHEN_NO_MATCH);
  checkContentHandling(scope, `${where}: contentHandling`, options.contentHandling);
  return {
    requestParameters: Object.keys(mappings).length > 0 ? mappings : undefined,
    contentHandling: options.contentHandling,
    requestTemplates: templates && Object.keys(templates).length > 0 ? templates : undefined,
    passthroughBehavior: passthrough.toLowerCase(),
    methodParameters,
  };
}

/** The method parameter a mapping source reads, after checking the source. */
function methodParameterOf(scope: IConstruct, route: RestRouteInfo, target: string, source: string): MethodParameter | undefined {
  const where = `route ${route.key}`;
  if (Token.isUnresolved(source)) {
    return undefined;
  }
  const match = METHOD_PARAMETER.exec(source);
  if (match) {
    // A multi-value parameter is declared like its single-value form.
    const location = match[1].replace('multivalue', '') as MethodParameter['location'];
    const name = match[2];
    if (location === 'path' && !route.pathParameters.includes(name)) {
      throw new GatewayValidationError(scope, 'IntegrationParameterPathUnknown', `${where}: request parameter ${target} reads path parameter ${JSON.stringify(name)}, which the path does not have; the path's parameters are: ${route.pathParameters.join(', ') || '(none)'}.`);
    }
    checkName(scope, where, `${location} parameter`, name, PARAMETER_NAMES[location], 'use letters, digits and the characters API Gateway allows there');
    return { location, name, required: location === 'path' };
  }
  // The body, or a JSONPath into it without the leading $ (method.request.body.pets[0].name).
  if (source === 'method.request.body' || /^method\.request\.body\.[A-Za-z_]/.test(source)
    || STATIC_VALUE.test(source) || CONTEXT_VALUE.test(source) || (source.startsWith('stageVariables.') && STAGE_VARIABLE_NAME.test(source.slice('stageVariables.'.length)))) {
    return undefined;
  }
  throw new GatewayValidationError(scope, 'IntegrationParameterSourceInvalid', `${where}: request parameter ${target} has source ${JSON.stringify(source)}, which API Gateway does not accept; use method.request.<path|querystring|header|multivaluequerystring|multivalueheader>.<name>, method.request.body[.<JSONPath without $>], a quoted static value such as "'value'", context.<variable> or stageVariables.<name>.`);
}

/** The integration responses and the method responses they need. */
export interface RenderedResponses {
  readonly responses: Record<string, unknown>;
  readonly methodResponses: MethodResponse[];
}

/**
 * Validates and renders integration responses, keyed by selection pattern
 * (`default` for the one without). `extraHeaders` (CORS) are added to every
 * response unless it sets the header itself.
 */
export function renderIntegrationResponses(
  scope: IConstruct, route: RestRouteInfo, responses: readonly IntegrationResponse[], extraHeaders: Record<string, string>, originEcho?: string,
): RenderedResponses {
  const where = `route ${route.key}`;
  const defaults = responses.filter(response => response.selectionPattern === undefined);
  if (defaults.length !== 1) {
    throw new GatewayValidationError(scope, 'IntegrationResponseDefault', `${where} has ${defaults.length} integration responses without a selectionPattern; exactly one must be the default (no pattern), which answers everything the patterns do not match.`);
  }
  const rendered: Record<string, unknown> = {};
  const methodResponses = new Map<string, Set<string>>();
  for (const response of responses) {
    const status = response.statusCode;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new GatewayValidationError(scope, 'IntegrationResponseStatusInvalid', `${where}: integration response status code ${status} is invalid: use a whole number from 100 to 599.`);
    }
    const key = response.selectionPattern ?? 'default';
    if (response.selectionPattern !== undefined) {
      checkSelectionPattern(scope, where, response.selectionPattern);
    }
    if (key in rendered) {
      throw new GatewayValidationError(scope, 'IntegrationResponsePatternDuplicate', `${where}: two integration responses have the selection pattern ${JSON.stringify(key)}; each pattern may appear once.`);
    }
    const parameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(extraHeaders)) {
      parameters[`method.response.header.${name}`] = value;
    }
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      checkName(scope, where, 'response header', name, HEADER_NAME, HEADER_NAME_RULE);
      parameters[`method.response.header.${name}`] = staticValue(scope, where, `response header ${name}`, value);
    }
    for (const [name, backendName] of Object.entries(response.headersFromBackend ?? {})) {
      checkName(scope, where, 'response header', name, HEADER_NAME, HEADER_NAME_RULE);
      checkName(scope, where, 'backend header', backendName, HEADER_NAME, HEADER_NAME_RULE);
      parameters[`method.response.header.${name}`] = `integration.response.header.${backendName}`;
    }
    if (response.templates) {
      validateTemplates(scope, `${where}: response template`, response.templates);
    }
    let templates = response.templates;
    if (originEcho !== undefined) {
      // Without a template of its own the response passes the backend's body on, as $input.body does.
      templates = Object.fromEntries(Object.entries(templates ?? { 'application/json': '$input.body' })
        .map(([contentType, template]) => [contentType, `${template}\n${originEcho}`]));
    }
    checkContentHandling(scope, `${where}: integration response ${status} contentHandling`, response.contentHandling);
    rendered[key] = {
      statusCode: String(status),
      ...(response.contentHandling !== undefined ? { contentHandling: response.contentHandling } : {}),
      ...(templates && Object.keys(templates).length > 0 ? { responseTemplates: templates } : {}),
      ...(Object.keys(parameters).length > 0 ? { responseParameters: parameters } : {}),
    };
    const headers = methodResponses.get(String(status)) ?? new Set<string>();
    Object.keys(parameters).forEach(parameter => headers.add(parameter.slice('method.response.header.'.length)));
    methodResponses.set(String(status), headers);
  }
  return {
    responses: rendered,
    methodResponses: [...methodResponses].map(([statusCode, headers]) => ({ statusCode, headers: [...headers] })),
  };
}

function checkContentHandling(scope: IConstruct, where: string, value: apigw.ContentHandling | undefined): void {
  checkOneOf(scope, where, value, enumValues(apigw.ContentHandling), 'use apigw.ContentHandling.CONVERT_TO_BINARY or CONVERT_TO_TEXT');
}

function checkSelectionPattern(scope: IConstruct, where: string, pattern: string): void {
  if (pattern === '') {
    throw new GatewayValidationError(scope, 'IntegrationResponsePatternEmpty', `${where}: an integration response has an empty selectionPattern; leave it out for the default response.`);
  }
  // API Gateway matches selection patterns with Java's java.util.regex, so they are checked as Java would.
  const error = Token.isUnresolved(pattern) ? undefined : javaRegexSyntaxError(pattern);
  if (error !== undefined) {
    throw new GatewayValidationError(scope, 'SelectionPatternInvalid', `${where}: selectionPattern ${JSON.stringify(pattern)} is not a valid regular expression in Java's syntax (${error}).`);
  }
}

export function validateTemplates(scope: IConstruct, what: string, templates: Record<string, string>): void {
  for (const [contentType, template] of Object.entries(templates)) {
    if (!CONTENT_TYPE.test(contentType)) {
      throw new GatewayValidationError(scope, 'TemplateContentTypeInvalid', `${what} has content type ${JSON.stringify(contentType)}, which is not a media type; use type/subtype, e.g. application/json.`);
    }
    if (!Token.isUnresolved(template) && Buffer.byteLength(template, 'utf8') > MAX_TEMPLATE_BYTES) {
      throw new GatewayValidationError(scope, 'TemplateTooLarge', `${what} for ${contentType} is ${Buffer.byteLength(template, 'utf8')} bytes, over API Gateway's limit of ${MAX_TEMPLATE_BYTES} bytes (300 KB); move logic to a Lambda function.`);
    }
  }
}

function checkName(scope: IConstruct, where: string, what: string, name: string, pattern: RegExp, rule: string): void {
  if (!pattern.test(name)) {
    throw new GatewayValidationError(scope, 'IntegrationNameInvalid', `${where}: ${what} name ${JSON.stringify(name)} is invalid: ${rule}.`);
  }
}

/** A fixed header value in API Gateway's quoted form; the quotes cannot be escaped, so a value must not contain one. */
function staticValue(scope: IConstruct, where: string, what: string, value: string): string {
  checkHeaderValue(scope, where, what, value);
  if (!Token.isUnresolved(value) && value.includes("'")) {
    throw new GatewayValidationError(scope, 'StaticValueInvalid', `${where}: ${what} has value ${JSON.stringify(value)}; API Gateway's static values are single-quoted and cannot contain a single quote.`);
  }
  return `'${value}'`;
}

/** Control characters an HTTP field value cannot hold (RFC 9110 allows visible characters, space and tab). */
const HEADER_VALUE_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * Rejects a fixed header value with CR, LF, NUL or another control character,
 * which would end the header (and start another) or break the response. The
 * literal parts of a value with tokens are checked too.
 */
export function checkHeaderValue(scope: IConstruct, where: string, what: string, value: string): void {
  const found = HEADER_VALUE_CONTROL.exec(value);
  if (found) {
    const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new GatewayValidationError(scope, 'HeaderValueInvalid', `${where}: ${what} has value ${JSON.stringify(value)}, with the control character U+${code} (CR, LF and NUL would end the header or cut it short); remove control characters from the value.`);
  }
}
