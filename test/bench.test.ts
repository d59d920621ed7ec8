import { figures } from '../bench/scale';

/**
 * The README's scale targets, enforced on the benchmark's own cases (bench/scale.ts), each
 * synthesized once in this process. Sizes and counts only: timings belong to `npm run bench`,
 * which runs each case in a fresh process on a quiet machine.
 */
describe('scale targets', () => {
  const small = figures('GatewayRestApi', 100);
  const inline = figures('GatewayRestApi', 1000);
  const large = figures('GatewayRestApi', 1500);

  test('1,000 routes: the body stays in the template, under the automatic threshold', () => {
    expect(inline.bodyLocation).toBe('template');
    expect(inline.templateBytes).toBeLessThan(600_000);
    expect(inline.resources).toBe(small.resources);
  });

  test('1,500 routes in one stack: fewer than 500 resources and fewer than 1,000,000 template bytes', () => {
    expect(large.resources).toBeLessThan(500);
    expect(large.templateBytes).toBeLessThan(1_000_000);
    // Over the automatic threshold (600,000 bytes of the template): BodyStorage.AUTO keeps the body in S3.
    expect(large.bodyLocation).toBe('s3');
  });

  test('the resources for the API do not grow with routes (one permission per function)', () => {
    expect(inline.resources).toBe(small.resources);
    // The body in S3 adds its custom resource and the provider (function, role, policy, log group): a fixed five.
    expect(large.resources).toBe(small.resources + 5);
    expect(large.lambdaPermissions).toBe(10);
    expect(small.lambdaPermissions).toBe(10);
  });

  test('the hand-written SpecRestApi baseline is what the benchmark says it is: the body in the template, one permission per function', () => {
    const spec = figures('SpecRestApi', 100);
    expect(spec).toMatchObject({ bodyLocation: 'template', lambdaPermissions: 10 });
    expect(spec.bodyBytes).toBeGreaterThan(0);
  });
});

/** The largest size the benchmark measures: the body has to leave the template (BodyS3Location) to fit. */
describe('scale targets at 5,000 routes', () => {
  test('5,000 routes in one stack: fewer than 500 resources and fewer than 1,000,000 template bytes', () => {
    const huge = figures('GatewayRestApi', 5000);
    expect(huge.resources).toBeLessThan(500);
    expect(huge.templateBytes).toBeLessThan(1_000_000);
    // BodyStorage.AUTO moved it to S3, well under API Gateway's 6 MB import limit; still one permission per function.
    expect(huge.bodyLocation).toBe('s3');
    expect(huge.bodyBytes).toBeGreaterThan(500_000);
    expect(huge.bodyBytes).toBeLessThan(6_000_000);
    expect(huge.lambdaPermissions).toBe(10);
  });
});
