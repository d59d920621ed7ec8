import { Aws, Lazy, Stack, Token } from 'aws-cdk-lib';
import { resolveTokenValues, tokenValues } from '../../../lib/rest/render/token-values';

describe('token values', () => {
  const stack = new Stack();
  const region = `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda`;
  const lazy = Lazy.any({ produce: () => ({ Ref: 'Thing' }) });
  const gone = Lazy.any({ produce: () => undefined });
  const number = Token.asNumber({ Ref: 'Count' });
  const list = Token.asList({ 'Fn::Split': [',', 'a,b'] });
  const document = {
    a: { uri: region, again: region, object: lazy, count: number, plain: 'no tokens', n: 3, flag: true, none: null },
    b: [region, lazy, gone, 'x'],
    c: { optional: gone, list },
    [`key-${Lazy.string({ produce: () => 'k' })}`]: 'value',
  };
  const keyToken = Object.keys(document)[3];

  test('each distinct value with tokens once, in the order they appear', () => {
    expect(tokenValues(document)).toEqual([region, lazy, number, gone, list, keyToken]);
  });

  test('resolving the values and putting them in place gives what resolving the whole document gives', () => {
    const calls: unknown[] = [];
    const { document: resolved, values } = resolveTokenValues(stack, document, value => {
      calls.push(value);
      return stack.resolve(value);
    });
    expect(resolved).toEqual(stack.resolve(document));
    // Each distinct value was resolved once, however often it appears.
    expect(calls).toHaveLength(new Set(calls).size);
    expect(values).toEqual(calls);
  });

  test('a key must resolve to a string, as aws-cdk-lib requires', () => {
    const bad = { [`key-${Aws.REGION}`]: 'value' };
    expect(() => stack.resolve(bad)).toThrow();
    expect(() => resolveTokenValues(stack, bad, value => stack.resolve(value))).toThrow(/\[OpenApiKeyNotString\].*must resolve to a string/);
  });

  test('a document without tokens is copied as it is', () => {
    const plain = { a: [1, 'two', { three: false }], b: null };
    const { document: resolved, values } = resolveTokenValues(stack, plain, () => { throw new Error('no token to resolve'); });
    expect(resolved).toEqual(plain);
    expect(values).toEqual([]);
  });
});
