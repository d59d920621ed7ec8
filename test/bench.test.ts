import { benchmark, warmUp } from '../bench/scale';

/** The README's scale targets, enforced: the benchmark's own code, fewer runs. */
describe('scale targets', () => {
  warmUp();
  const large = benchmark('GatewayRestApi', 1500, 1);
  const small = benchmark('GatewayRestApi', 100, 1);

  test('1,500 routes in one stack: fewer than 500 resources and fewer than 1,000,000 template bytes', () => {
    expect(large.resources).toBeLessThan(500);
    expect(large.templateBytes).toBeLessThan(1_000_000);
  });

  test('the resources for the API do not grow with routes (one permission per function)', () => {
    expect(large.resources).toBe(small.resources);
    expect(large.lambdaPermissions).toBe(10);
  });

  test('synth at 1,000 routes is no slower than the L2 at 100 routes, measured in the same run', () => {
    const ours = benchmark('GatewayRestApi', 1000, 3);
    const l2 = benchmark('RestApi+LambdaIntegration', 100, 3);
    expect(l2.lambdaPermissions).toBe(200);
    expect(ours.synthMs).toBeLessThanOrEqual(l2.synthMs);
  });
});
