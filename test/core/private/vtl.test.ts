import { App, CfnParameter, Fn, Lazy, SecretValue, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as fc from 'fast-check';
import {
  formFieldInTemplate, isSafeInVtlLiteral, jsonStringInTemplate, templateValueProblem, unsafeTokens,
} from '../../../lib/core/private/vtl';
import { renderMappingTemplate } from '../../harness/vtl';
import { newStack } from '../../helpers';

/** Strings made to break templates: VTL syntax, quotes, backslashes, control characters and any Unicode. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('"', '\'', '\\', '$', '#', '{', '}', '(', ')', '!', '*', '[', ']', '\n', '\r', '\u0000', '\u2028', 'a', ' ') }),
  fc.constantFrom('${x}', '$!x', '#set($x = 1)', '$util.escapeJavaScript("a")', '#if(true)yes#end', '## comment', '#* c *#', '#[[raw]]#', '\\$x', '\\#set', '$input.body'),
  fc.string({ unit: 'binary' }),
);

describe('escaping for mapping templates', () => {
  test('a JSON string in the template text: the rendered JSON gives back exactly the value', () => {
    fc.assert(fc.property(hostile, hostile, (a, b) => {
      // GIVEN a value between two fields, WHEN rendered by Velocity and parsed as JSON
      const template = `{"a": "${jsonStringInTemplate(a)}", "b": "${jsonStringInTemplate(b)}", "id": "$context.requestId"}`;
      const parsed = JSON.parse(renderMappingTemplate(template).output);
      // THEN the values come back unchanged, and the template's own reference still works
      expect(parsed).toEqual({ a, b, id: expect.stringMatching(/^c0ffee00/) });
    }), { numRuns: 300 });
  });

  test('a form field in the template text: the decoded form gives back exactly the value', () => {
    fc.assert(fc.property(hostile, value => {
      // GIVEN a value as a form field after others, WHEN rendered and decoded
      const output = renderMappingTemplate(`Action=Send&Field=${formFieldInTemplate(value)}&Body=$util.urlEncode($input.body)`, { body: 'b' }).output;
      const form = new URLSearchParams(output);
      // THEN the fields are the three expected, with the value intact
      expect([...form.keys()]).toEqual(['Action', 'Field', 'Body']);
      expect(form.get('Field')).toBe(value);
    }), { numRuns: 300 });
  });

  test('a VTL string literal: safe values render as themselves, quotes, \\, $, # and control characters are not safe', () => {
    fc.assert(fc.property(hostile, value => {
      if (isSafeInVtlLiteral(value)) {
        // WHEN a safe value is a single- and a double-quoted literal THEN both render it unchanged
        expect(renderMappingTemplate(`#set($s = '${value}')#set($d = "${value}")$s|$d`).output).toBe(`${value}|${value}`);
      } else {
        expect(value).toMatch(/["'\\$#{}]|[^\x20-\x7e]/);
      }
    }), { numRuns: 300 });
    expect(isSafeInVtlLiteral('arn:aws:sns:us-east-1:123456789012:topic-1')).toBe(true);
    for (const bad of ['x" || true || "', "a'b", 'a\\b', '$x', '#set', 'a\nb', 'é', '{{resolve:ssm:/x}}']) {
      expect(isSafeInVtlLiteral(bad)).toBe(false);
    }
  });

  test('safe values and tokens pass through the escapes unchanged', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'T');
    expect(jsonStringInTemplate(topic.topicArn)).toBe(topic.topicArn);
    expect(jsonStringInTemplate(`arn:aws:x/${topic.topicName}`)).toBe(`arn:aws:x/${topic.topicName}`);
    expect(formFieldInTemplate('a b&c')).toBe('a%20b%26c');
  });
});

describe('deploy-time values in templates', () => {
  test('references to names and ARNs of resources of the app, and pseudo parameters, are safe', () => {
    // GIVEN resources of the app, in this stack and in another, and imported ones built from pseudo parameters
    const app = new App();
    const stack = new Stack(app, 'S');
    const other = new Stack(app, 'O');
    const table = new dynamodb.TableV2(other, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const queue = new sqs.Queue(stack, 'Q');
    const bus = events.EventBus.fromEventBusName(stack, 'B', 'orders');
    const distribution = new cloudfront.Distribution(stack, 'D', { defaultBehavior: { origin: new origins.HttpOrigin('example.com') } });
    // THEN none of them is unsafe
    for (const value of [table.tableName, table.tableArn, queue.queueUrl, queue.queueName, bus.eventBusArn, `https://${distribution.distributionDomainName}`,
      Fn.select(1, Fn.split('/', queue.queueArn)), Fn.join(':', [stack.region, stack.account])]) {
      expect(unsafeTokens(stack, value)).toEqual([]);
    }
  });

  test('parameters, imports, custom values and lazy values with quotes are unsafe, and named', () => {
    // GIVEN deploy-time values whose charset nothing checks
    const stack = newStack();
    const parameter = new CfnParameter(stack, 'Origin');
    const imported = dynamodb.Table.fromTableArn(stack, 'I', Fn.importValue('SharedTableArn'));
    // THEN each is listed
    expect(unsafeTokens(stack, parameter.valueAsString)).toEqual(['Test/Origin.Ref']);
    expect(unsafeTokens(stack, imported.tableName)[0]).toMatch(/Fn::ImportValue/);
    expect(unsafeTokens(stack, Lazy.string({ produce: () => 'x" || true || "' }))).toEqual([JSON.stringify('x" || true || "')]);
    expect(unsafeTokens(stack, Lazy.string({ produce: () => 'fine' }))).toEqual([]);
    // A dynamic reference resolves at deploy, to anything.
    expect(unsafeTokens(stack, SecretValue.ssmSecure('/origin').unsafeUnwrap())).toHaveLength(1);
    expect(unsafeTokens(stack, `x${Lazy.string({ produce: () => '{{resolve:ssm:/p}}' })}`)).toEqual([JSON.stringify('{{resolve:ssm:/p}}')]);
  });

  test('templateValueProblem: a literal by its rule, a token by its parts', () => {
    const stack = newStack();
    const rule = { pattern: /^[a-z]+$/, rule: 'use a-z', fix: 'pass a literal.' };
    expect(templateValueProblem(stack, 'the thing', 'abc', rule)).toBeUndefined();
    expect(templateValueProblem(stack, 'the thing', 'a"b', rule)).toBe('the thing "a\\"b" is invalid: use a-z.');
    expect(templateValueProblem(stack, 'the thing', `x"${stack.region}`, rule)).toMatch(/literal part "x\\""/);
    expect(templateValueProblem(stack, 'the thing', `x${stack.region}`, rule)).toBeUndefined();
    expect(() => templateValueProblem(stack, 'the thing', new CfnParameter(stack, 'P').valueAsString, rule))
      .toThrow(/\[TokenInTemplateUnsafe\].*\(Test\/P.Ref\).*pass a literal\./);
  });
});
