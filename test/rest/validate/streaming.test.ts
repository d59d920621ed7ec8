import { CacheSize } from '../../../lib';
import { streamingRoutesUncached, streamingRoutesUncompressed } from '../../../lib/rest/validate/streaming';
import { newModel, route, ruleContext, stage } from '../model-fixtures';

const STREAMING = { integration: { type: 'http_proxy', httpMethod: 'GET', uri: 'https://a.example.com/', responseTransferMode: 'STREAM' } };

describe('streamingRoutesUncached', () => {
  test('StreamingRouteCached only when a stage has a cache and the streaming route is cacheable, naming the stage', () => {
    // GIVEN a streaming GET route and an uncached stage
    const model = newModel();
    model.addRoute(route('GET /stream', { integration: STREAMING }));
    model.addRoute(route('GET /buffered'));
    model.addStage(stage('dev'));
    // THEN
    expect(() => streamingRoutesUncached(ruleContext(model))).not.toThrow();
    model.addStage(stage('prod', { cache: { size: CacheSize.GB_0_5 } }));
    expect(() => streamingRoutesUncached(ruleContext(model))).toThrow(/\[StreamingRouteCached\] route GET \/stream streams its response.*stage prod has a cache/);
  });

  test('a streaming route that turns caching off, or a POST (not cached by default), passes; a POST that turns it on fails', () => {
    const cached = (fields: Parameters<typeof route>[1], key: string) => {
      const model = newModel();
      model.addRoute(route(key, fields));
      model.addStage(stage('prod', { cache: { size: CacheSize.GB_0_5 } }));
      return () => streamingRoutesUncached(ruleContext(model));
    };
    expect(cached({ integration: STREAMING, options: { cache: { enabled: false } } }, 'GET /a')).not.toThrow();
    expect(cached({ integration: STREAMING }, 'POST /a')).not.toThrow();
    expect(cached({ integration: STREAMING, options: { cache: { enabled: true } } }, 'POST /a')).toThrow(/\[StreamingRouteCached\] route POST \/a/);
  });
});

describe('streamingRoutesUncompressed', () => {
  test('warns, listing the streaming routes, when the API compresses responses', () => {
    const model = newModel({ minimumCompressionSize: 1024 });
    model.addRoute(route('GET /stream', { integration: STREAMING }));
    model.addRoute(route('GET /buffered'));
    const context = ruleContext(model);
    streamingRoutesUncompressed(context);
    expect(context.warnings).toEqual([
      expect.stringMatching(/^cdk-apigateway-patterns:streamingNotCompressed: minimumCompressionSize 1024 does not apply to routes that stream \(GET \/stream\)/),
    ]);
  });

  test('is silent without compression, or without streaming routes', () => {
    for (const [settings, fields] of [[{}, { integration: STREAMING }], [{ minimumCompressionSize: 0 }, {}]] as const) {
      const model = newModel(settings);
      model.addRoute(route('GET /a', fields));
      const context = ruleContext(model);
      streamingRoutesUncompressed(context);
      expect(context.warnings).toEqual([]);
    }
  });
});
