import { Token } from 'aws-cdk-lib';
import { factoryScope, GatewayValidationError } from '../core/errors';
import { jsonStringInTemplate } from '../core/private/vtl';
/** A JSON field name the response helpers can name in a VTL list literal. */
const FIELD_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** An XML element name (without namespace prefix). */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
/** A namespace URI that is safe inside the template: no spaces, quotes, markup, nor VTL's $ and #. */
const XML_NAMESPACE = /^[^\s"<>&'$#\u0000-\u001f\u007f]+$/;

/**
 * Mapping templates (VTL) for what REST APIs do most with non-proxy
 * integrations. Each returns the template text, for `requestTemplates` or an
 * integration response's `templates`.
 *
 * API Gateway runs at most 1,000 iterations of a `#foreach`: the field
 * helpers handle lists of up to 1,000 objects, each with up to 1,000 fields.
 */
export class MappingTemplate {
  /**
   * A response template that replaces the values of the named top-level
   * fields with a mask, in an object or in every object of a list; other
   * fields pass through unchanged.
   * @param fields the field names to mask (letters, digits, _ and -)
   * @param mask the replacement value
   */
  public static maskFields(fields: string[], mask: string = '***'): string {
    checkFields(fields);
    if (Token.isUnresolved(mask)) {
      throw new GatewayValidationError(factoryScope('MappingTemplate.maskFields'), 'MaskInvalid', `the mask ${JSON.stringify(mask)} is a deploy-time value, which the template cannot escape; pass the mask as a literal string.`);
    }
    // Any mask is written escaped into the JSON string (quotes, \\, $, # and control characters included).
    return objectWalk(fields, `"${jsonStringInTemplate(mask)}"`, false);
  }

  /**
   * A response template that removes the named top-level fields, from an
   * object or from every object of a list.
   * @param fields the field names to drop (letters, digits, _ and -)
   */
  public static dropFields(fields: string[]): string {
    checkFields(fields);
    return objectWalk(fields, undefined, true);
  }

  /**
   * A request template that turns a JSON request into a SOAP 1.1 envelope:
   * `<soap:Body><ns:{operation}>` with one child element per named top-level
   * field of the JSON body, its text XML-escaped. Send it with
   * `Content-Type: text/xml` (and the `SOAPAction` header the service wants), or use `Integration.soap()`.
   * @param namespace the operation's XML namespace, e.g. `http://example.com/quotes`
   * @param operation the operation's element name, e.g. `GetQuote`
   * @param fields the body's top-level fields, in the order the service expects them; each becomes an element of the same name
   */
  public static jsonToSoapEnvelope(namespace: string, operation: string, fields: string[]): string {
    checkXml('operation', operation);
    if (!XML_NAMESPACE.test(namespace)) {
      throw new GatewayValidationError(factoryScope('MappingTemplate.jsonToSoapEnvelope'), 'XmlNamespaceInvalid', `namespace ${JSON.stringify(namespace)} must be a URI without spaces, control characters, quotes, <, >, &, $ or #.`);
    }
    fields.forEach(field => checkXml('field', field));
    const elements = fields.map(field => [
      `#set($value = "$!input.path('$.${field}')")`,
      `<ns:${field}>${XML_ESCAPED}</ns:${field}>`,
    ].join('\n'));
    return [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">',
      '<soap:Body>',
      `<ns:${operation} xmlns:ns="${namespace}">`,
      ...elements,
      `</ns:${operation}>`,
      '</soap:Body>',
      '</soap:Envelope>',
    ].join('\n');
  }

  /**
   * A response template that turns an XML (for example SOAP) response into a
   * JSON object: each JSON field takes the text of the first element of the
   * given name (any namespace prefix), XML entities decoded; a missing element gives null.
   * @param fields JSON field name to XML element name, e.g. `{ price: 'Price' }`
   */
  public static xmlToJson(fields: { [jsonField: string]: string }): string {
    const entries = Object.entries(fields);
    if (entries.length === 0) {
      throw new GatewayValidationError(factoryScope('MappingTemplate.xmlToJson'), 'TemplateFieldsEmpty', 'name at least one field.');
    }
    const lines = ['#set($xml = $input.body)', '{'];
    entries.forEach(([field, element], index) => {
      if (!FIELD_NAME.test(field)) {
        throw new GatewayValidationError(factoryScope('MappingTemplate.xmlToJson'), 'TemplateFieldInvalid', `JSON field ${JSON.stringify(field)} must be 1 to 128 letters, digits, _ or -.`);
      }
      checkXml('element', element);
      const open = `<(?:[A-Za-z_][A-Za-z0-9_.-]*:)?${element.replace(/\./g, '\\.')}(?:\\s[^>]*)?>`;
      const close = `</(?:[A-Za-z_][A-Za-z0-9_.-]*:)?${element.replace(/\./g, '\\.')}>`;
      lines.push(
        `#if($xml.matches('(?s).*${open}.*?${close}.*'))`,
        `#set($value = $xml.replaceFirst('(?s).*?${open}(.*?)${close}.*', '$1'))`,
        `"${field}": "${XML_DECODED_JSON}"`,
        '#else',
        `"${field}": null`,
        '#end',
        index < entries.length - 1 ? ',' : '',
      );
    });
    lines.push('}');
    return lines.filter(line => line !== '').join('\n');
  }

  private constructor() {}
}

/** `$value` XML-escaped (ampersand first, so that the other entities are not escaped twice). */
const XML_ESCAPED = '$value.replace(\'&\', \'&amp;\').replace(\'<\', \'&lt;\').replace(\'>\', \'&gt;\').replace(\'"\', \'&quot;\')';
/** `$value` with XML's predefined entities decoded (ampersand last), then escaped for a JSON string. */
const XML_DECODED_JSON = '$util.escapeJavaScript($value.replace(\'&lt;\', \'<\').replace(\'&gt;\', \'>\').replace(\'&quot;\', \'"\')'
  + '.replace("&apos;", "\'").replace(\'&amp;\', \'&\')).replaceAll("\\\\\'", "\'")';

function checkFields(fields: string[]): void {
  if (fields.length === 0) {
    throw new GatewayValidationError(factoryScope('MappingTemplate'), 'TemplateFieldsEmpty', 'name at least one field.');
  }
  for (const field of fields) {
    if (!FIELD_NAME.test(field)) {
      throw new GatewayValidationError(factoryScope('MappingTemplate'), 'TemplateFieldInvalid', `field ${JSON.stringify(field)} must be 1 to 128 letters, digits, _ or -.`);
    }
  }
}

function checkXml(what: string, name: string): void {
  if (!XML_NAME.test(name)) {
    throw new GatewayValidationError(factoryScope('MappingTemplate'), 'XmlNameInvalid', `XML ${what} name ${JSON.stringify(name)} is invalid: start with a letter or _, then letters, digits, _, - or .`);
  }
}

/**
 * Walks the top-level object (or each object of a top-level list), copying
 * every field with `$input.json` (so values keep their JSON form) except the
 * named ones, which are replaced or dropped.
 */
function objectWalk(fields: string[], replacement: string | undefined, drop: boolean): string {
  const named = `[${fields.map(field => `'${field}'`).join(', ')}]`;
  return [
    `#set($named = ${named})`,
    '#set($root = $input.path(\'$\'))',
    '#set($isList = $input.json(\'$\').trim().startsWith(\'[\'))',
    '#if($isList)',
    '#set($paths = [])',
    '#foreach($element in $root)#set($ignored = $paths.add("$[$foreach.index]"))#end',
    '#else',
    '#set($paths = [\'$\'])',
    '#end',
    '#if($isList)[#end',
    '#foreach($path in $paths)',
    // Elements that are not objects (strings, numbers, nested lists) pass through unchanged.
    '#if($input.json($path).trim().startsWith(\'{\'))',
    '#set($object = $input.path($path))',
    '#set($first = true)',
    '{',
    '#foreach($key in $object.keySet())',
    // The key as a JSON string (escapeJavaScript writes \' for a quote, which JSON does not know), and as a JSONPath member.
    '#set($jsonKey = $util.escapeJavaScript($key).replaceAll("\\\\\'", "\'"))',
    '#set($pathKey = $key.replace("\'", "\\\'"))',
    drop
      ? '#if(!$named.contains($key))#if(!$first),#end#set($first = false)"$jsonKey": $input.json("${path}[\'$pathKey\']")#end'
      : `#if(!$first),#end#set($first = false)"$jsonKey": #if($named.contains($key))${replacement}#else$input.json("\${path}['$pathKey']")#end`,
    '#end',
    '}',
    '#else',
    '$input.json($path)',
    '#end',
    '#if($foreach.hasNext),#end',
    '#end',
    '#if($isList)]#end',
  ].join('\n');
}
