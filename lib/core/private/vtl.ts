import { CfnResource, IResolvable, IResolveContext, Reference, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from '../errors';

/*
 * Escaping for the places a value can take in a mapping template (VTL), and
 * the check for deploy-time values (tokens) that land there.
 *
 * Contexts:
 * - a JSON string in the template's text (`{"TableName": "<here>"}`):
 *   `jsonStringInTemplate` writes every character that Velocity, JSON or
 *   CloudFormation could read as syntax (", \, $, #, braces, control and
 *   non-ASCII characters) as a
 *   JSON \uXXXX escape, which Velocity passes through as plain text and JSON
 *   decodes back to the character;
 * - a form field in the template's text (`&Subject=<here>`):
 *   `formFieldInTemplate` percent-encodes everything but A-Z a-z 0-9 - . _ ~;
 * - a VTL string literal ('<here>' or "<here>"): Velocity versions disagree on
 *   how quotes are escaped inside literals and interpolate $ and # inside
 *   double quotes, so no escaping is portable; `isSafeInVtlLiteral` tells
 *   whether a value can go there as it is, and callers reject the others.
 *
 * A token cannot be escaped before deploy. `unsafeTokens` lists the tokens of
 * a value whose deployed value is not known to be of a safe charset: every
 * token but references to the pseudo parameters and to the names, ARNs and
 * URLs of resources defined in the app (which AWS validated on creation).
 */

/**
 * Characters that mean the same in every context above: printable ASCII without " ' \ $ #, and
 * without braces, so that no CloudFormation dynamic reference ({{resolve:...}}) can form.
 */
const SAFE_TEXT = /^[\x20-\x21\x25-\x26\x28-\x5b\x5d-\x7a\x7c\x7e]*$/;

/** A JSON string's content (without the quotes) for the text of a mapping template. Tokens are kept as they are. */
export function jsonStringInTemplate(value: string): string {
  return mapLiterals(value, literal => literal.replace(/[^\x20-\x21\x25-\x26\x28-\x5b\x5d-\x7a\x7c\x7e]/g,
    char => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`));
}

/** A form field's value (application/x-www-form-urlencoded) for the text of a mapping template. Tokens are kept as they are. */
export function formFieldInTemplate(value: string): string {
  return mapLiterals(value, literal => encodeURIComponent(literal).replace(/[!'()*]/g, char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** Whether a literal value reads the same inside a VTL string literal (single- or double-quoted) as it is: printable ASCII without quotes, \, $, # and braces. */
export function isSafeInVtlLiteral(value: string): boolean {
  return SAFE_TEXT.test(value);
}

/** The literal parts of a value that may hold tokens. */
export function literalParts(value: string): string[] {
  return value.split(TOKEN_MARKER);
}

/** A CDK string token's marker in a string. */
const TOKEN_MARKER = /\$\{Token\[[^\]]*\]\}/;
const TOKEN_MARKERS = /(\$\{Token\[[^\]]*\]\})/;

function mapLiterals(value: string, map: (literal: string) => string): string {
  return value.split(TOKEN_MARKERS).map((part, index) => (index % 2 === 1 ? part : map(part))).join('');
}

/** Pseudo parameters, whose values are names, ids and ARNs of a safe charset. */
const SAFE_PSEUDO = new Set(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId']);

/** Attributes (and `Ref`) of resource types whose values are names, ids, ARNs, URLs or domain names of a safe charset. */
const SAFE_ATTRIBUTES: Record<string, readonly string[]> = {
  'AWS::SNS::Topic': ['Ref', 'TopicArn', 'TopicName'],
  'AWS::SQS::Queue': ['Ref', 'Arn', 'QueueName', 'QueueUrl'],
  'AWS::DynamoDB::Table': ['Ref', 'Arn', 'StreamArn'],
  'AWS::DynamoDB::GlobalTable': ['Ref', 'Arn', 'StreamArn', 'TableId'],
  'AWS::StepFunctions::StateMachine': ['Ref', 'Arn', 'Name'],
  'AWS::Events::EventBus': ['Ref', 'Arn', 'Name'],
  'AWS::Lambda::Function': ['Ref', 'Arn'],
  'AWS::Lambda::Alias': ['Ref'],
  'AWS::KMS::Key': ['Ref', 'Arn', 'KeyId'],
  'AWS::Kinesis::Stream': ['Ref', 'Arn'],
  'AWS::IAM::Role': ['Ref', 'Arn', 'RoleId'],
  'AWS::S3::Bucket': ['Ref', 'Arn', 'DomainName', 'RegionalDomainName', 'DualStackDomainName', 'WebsiteURL'],
  'AWS::CloudFront::Distribution': ['Ref', 'DomainName', 'Id'],
  'AWS::ApiGateway::RestApi': ['Ref', 'RootResourceId', 'RestApiId'],
  'AWS::ApiGateway::DomainName': ['Ref', 'DistributionDomainName', 'RegionalDomainName'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Ref', 'DNSName', 'LoadBalancerArn', 'LoadBalancerName'],
  'AWS::Cognito::UserPool': ['Ref', 'Arn', 'ProviderName', 'ProviderURL'],
  'AWS::Amplify::App': ['AppId', 'Arn', 'DefaultDomain'],
};

/**
 * The tokens of `value` whose deployed value may hold characters a template
 * cannot take as they are, each described (`Stack/Param.Ref`,
 * `{"Fn::ImportValue":"x"}`); empty when every token is a safe reference.
 */
export function unsafeTokens(scope: IConstruct, value: string): string[] {
  if (!Token.isUnresolved(value)) {
    return [];
  }
  const unsafe: string[] = [];
  const context: IResolveContext = {
    scope,
    preparing: true,
    documentPath: [],
    resolve: x => x,
    registerPostProcessor: () => undefined,
  };
  for (const token of Tokenization.reverseString(value).tokens) {
    checkToken(token, context, unsafe, 0);
  }
  return unsafe;
}

function checkToken(token: IResolvable, context: IResolveContext, unsafe: string[], depth: number): void {
  if (Reference.isReference(token)) {
    const target = token.target;
    const safe = CfnResource.isCfnResource(target) && (SAFE_ATTRIBUTES[target.cfnResourceType] ?? []).includes(token.displayName);
    if (!safe) {
      unsafe.push(`${target.node.path}.${token.displayName}`);
    }
    return;
  }
  let resolved: unknown;
  try {
    resolved = token.resolve(context);
  } catch {
    unsafe.push(String(token));
    return;
  }
  checkResolved(resolved, context, unsafe, depth + 1);
}

/** Walks what a token resolves to: literals, pseudo parameters, references, and Fn::Select / Split / Join of those. */
function checkResolved(value: unknown, context: IResolveContext, unsafe: string[], depth: number): void {
  if (depth > 20) {
    unsafe.push('a deeply nested value');
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return;
  }
  if (typeof value === 'string') {
    if (Token.isUnresolved(value)) {
      if (value.startsWith('#{Token[')) {
        checkResolved(Tokenization.reverseList([value]), context, unsafe, depth + 1);
        return;
      }
      for (const literal of literalParts(value)) {
        checkResolved(literal, context, unsafe, depth + 1);
      }
      Tokenization.reverseString(value).tokens.forEach(token => checkToken(token, context, unsafe, depth + 1));
    } else if (!SAFE_TEXT.test(value)) {
      unsafe.push(JSON.stringify(value));
    }
    return;
  }
  if (Array.isArray(value)) {
    const listToken = Tokenization.reverseList(value);
    if (listToken) {
      checkToken(listToken, context, unsafe, depth + 1);
      return;
    }
    value.forEach(each => checkResolved(each, context, unsafe, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    if (Tokenization.isResolvable(value)) {
      checkToken(value, context, unsafe, depth + 1);
      return;
    }
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [name, args] = entries[0];
      if (name === 'Ref' && typeof args === 'string' && SAFE_PSEUDO.has(args)) {
        return;
      }
      // A part of a safe value (Select of Split) is safe; so is a join of safe values.
      if (['Fn::Select', 'Fn::Split', 'Fn::Join'].includes(name) && Array.isArray(args) && args.length === 2) {
        checkResolved(args, context, unsafe, depth + 1);
        return;
      }
    }
  }
  unsafe.push(JSON.stringify(value) ?? String(value));
}

/** How a value that lands in a template is checked: the rule for a literal value, and the fix for a token. */
export interface TemplateValueRule {
  /** What a whole literal value must match. */
  readonly pattern: RegExp;
  /** The rule in words, for the message: `use ...`. */
  readonly rule: string;
  /** What to pass instead of a token that is not a safe reference. */
  readonly fix: string;
  /** The error code of a literal that breaks the rule (for `checkTemplateValue`), e.g. `SnsTopicArnInvalid`. */
  readonly code?: string;
}

/**
 * Checks a value that lands in a mapping template: a literal against its
 * rule; a value with tokens by its literal parts (printable, without quotes,
 * \, $ or #) and its tokens (safe references only, else it throws
 * `TokenInTemplateUnsafe`). Returns the message for a literal that breaks
 * the rule, which the caller throws under its own code.
 * @param where the message's prefix, e.g. `route POST /a: the topic ARN`
 */
export function templateValueProblem(scope: IConstruct, where: string, value: string, rule: TemplateValueRule): string | undefined {
  if (!Token.isUnresolved(value)) {
    return rule.pattern.test(value) ? undefined : `${where} ${JSON.stringify(value)} is invalid: ${rule.rule}.`;
  }
  const badLiteral = literalParts(value).find(part => !SAFE_TEXT.test(part));
  if (badLiteral !== undefined) {
    return `${where} has the literal part ${JSON.stringify(badLiteral)}, with a quote, \\, $, # or a control character that the mapping template would read as syntax: ${rule.rule}.`;
  }
  checkTokensSafe(scope, where, value, rule.fix);
  return undefined;
}

/** `templateValueProblem`, thrown under the rule's code. */
export function checkTemplateValue(scope: IConstruct, where: string, value: string, rule: TemplateValueRule & { readonly code: string }): void {
  const problem = templateValueProblem(scope, where, value, rule);
  if (problem) {
    const { code } = rule;
    throw new GatewayValidationError(scope, code, problem);
  }
}

/** Rejects a value with tokens that are not safe references (see `unsafeTokens`), naming them and the fix. */
export function checkTokensSafe(scope: IConstruct, where: string, value: string, fix: string): void {
  const unsafe = unsafeTokens(scope, value);
  if (unsafe.length > 0) {
    throw new GatewayValidationError(scope, 'TokenInTemplateUnsafe', `${where} is a deploy-time value (${unsafe.join(', ')}) that lands inside a mapping template, where it cannot be escaped before deploy and could change the template; ${fix}`);
  }
}
