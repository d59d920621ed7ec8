import { Duration } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import { API_ENTRIES, callEntry, validArguments, withValueAt, World } from './api-values';
import { GatewayErrors, GatewayRestApi, Integration, Authorization, OpenApiDefinition } from '../lib';
import { committedApiTypes, generateApiTypes, renderApiTypes } from './harness/api-types';
import { checkArguments } from '../lib/core/private/check-arguments';

/** A value of no declared type (not a string, number, boolean, object or array): fails every check but `any`. */
const NO_TYPE = Symbol('no type');

describe('the public API type table', () => {
  test('the committed table matches lib/ (regenerate with `npx projen api-types`)', () => {
    // GIVEN the public API as lib/index.ts exports it
    // WHEN the table is generated again
    const generated = renderApiTypes(generateApiTypes());
    // THEN it is the committed one
    expect(committedApiTypes()).toBe(generated);
  });
});

describe('every public entry point checks the types of its arguments', () => {
  const checked = Object.entries(API_ENTRIES).filter(([, parameters]) => parameters.some(([, type]) => type.replace(/^\?/, '') !== 'any'));

  test.each(checked.map(([entry]) => entry))('%s rejects a value of no declared type with the library error', entry => {
    // GIVEN valid arguments for the entry point
    const world = new World();
    const args = validArguments(world, entry);
    const index = API_ENTRIES[entry].findIndex(([, type]) => type.replace(/^\?/, '') !== 'any');
    // WHEN its first checked parameter gets a value of no type
    const call = () => callEntry(world, entry, withValueAt(world, entry, args, [index], NO_TYPE));
    // THEN the library's error names the parameter
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(GatewayErrors.isValidationError(error)).toBe(true);
    expect(GatewayErrors.codeOf(error)).toBe('ArgumentTypeInvalid');
    expect((error as Error).message).toContain(`${API_ENTRIES[entry][index][0]} must be`);
  });
});

describe('argument checks', () => {
  test('a string where an array is expected names the prop, the value and the type', () => {
    // GIVEN a stack
    const world = new World();
    // WHEN stages is a string
    // THEN the library error says so, under the new construct's path
    expect(() => new GatewayRestApi(world.stack, 'Api', { stages: 'prod' as any }))
      .toThrow(/Hostile\/Api: \[ArgumentTypeInvalid\] GatewayRestApi: props.stages must be an array .*got the string "prod"/);
  });

  test('a number where a Duration is expected, deep in a struct', () => {
    const world = new World();
    expect(() => new GatewayRestApi(world.stack, 'Api', { stages: [{ name: 'prod', cache: { size: '0.5', ttl: 300 } as any }] }))
      .toThrow(/\[ArgumentTypeInvalid\] .*props.stages\[0\].cache.ttl must be an instance of Duration, got the number 300/);
  });

  test('an object with a toSeconds method passes as a Duration (duck-typed across copies of aws-cdk-lib)', () => {
    const world = new World();
    expect(() => Integration.lambda(world.fn(), { timeout: Duration.seconds(3) })).not.toThrow();
    expect(() => Integration.lambda(world.fn(), { timeout: {} as any })).toThrow(/\[ArgumentTypeInvalid\] .*options.timeout/);
  });

  test('null or undefined in a required parameter is ArgumentMissing', () => {
    const world = new World();
    const api = world.restApi();
    expect(() => api.addRoute(null as any, Integration.mock(), { authorization: Authorization.none() }))
      .toThrow(/Hostile\/Rest: \[ArgumentMissing\] GatewayRestApi.addRoute: routeKey is required \(a string\), got null/);
    expect(() => Integration.http(undefined as any)).toThrow(/Integration.http: \[ArgumentMissing\]/);
  });

  test('a required struct field left undefined is ArgumentMissing', () => {
    expect(() => OpenApiDefinition.fromObject(undefined as any)).toThrow(/\[ArgumentMissing\] .*document is required/);
    const world = new World();
    expect(() => world.restApi().addStage({} as any)).toThrow(/\[ArgumentMissing\] .*options.name is required \(a string\), got undefined/);
  });

  test('a getter that throws, a cyclic value and a wrong scope are the library error, never a TypeError', () => {
    const world = new World();
    const throwing = Object.defineProperty({}, 'name', { get: () => { throw new Error('boom'); } }) as any;
    expect(() => world.restApi().addStage(throwing)).toThrow(/\[ArgumentTypeInvalid\] .*options.name could not be read/);
    const cyclic: any = { 'application/json': '{}' };
    cyclic.self = cyclic;
    expect(() => Integration.mock({ headers: cyclic })).toThrow(/\[ArgumentTypeInvalid\] .*options.headers\["self"\] must be a string/);
    expect(() => new GatewayRestApi(42 as any, 'Api')).toThrow(/^GatewayRestApi: \[ArgumentTypeInvalid\] GatewayRestApi: scope must be an instance of Construct/);
  });

  test('objects of other packages are duck-typed by a member they declare, looked up without running getters', () => {
    const world = new World();
    // A CodeDeploy predefined config is a detached construct whose `node` getter throws: it passes.
    expect(() => checkArguments(undefined, 'GradualAliasDeployment', [world.stack, 'Shift', {
      alias: { aliasName: 'live' }, deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
    }])).not.toThrow();
    // Something with only a `node` is not a secret.
    expect(() => checkArguments(undefined, 'GatewayApiKey', [world.stack, 'Key', { usagePlan: world.restApi().addUsagePlan('P'), secret: { node: {} } }]))
      .toThrow(/\[ArgumentTypeInvalid\] .*props.secret must be an instance of ISecret, got an object/);
  });

  test('an empty construct id is ConstructIdInvalid (constructs throws a plain Error for it)', () => {
    const world = new World();
    expect(() => new GatewayRestApi(world.stack, '')).toThrow(/Hostile: \[ConstructIdInvalid\] GatewayRestApi: id must not be empty/);
    expect(() => world.restApi().addUsagePlan('')).toThrow(/\[ConstructIdInvalid\]/);
  });

  test('checks only types: an enum value of the right kind and any number pass to the rules', () => {
    // Range and membership are the rules' own checks, with their own codes.
    expect(() => checkArguments(undefined, 'Canary.lambdaAlias', [{ lambdaAlias: 'next', percentTraffic: NaN }])).not.toThrow();
    expect(() => checkArguments(undefined, 'GatewayDomain', [new World().stack, 'D', { domainName: 'x', endpoint: 'NOT_AN_ENDPOINT' }])).not.toThrow();
    expect(() => checkArguments(undefined, 'GatewayDomain', [new World().stack, 'D', { domainName: 'x', endpoint: {} }]))
      .toThrow(/props.endpoint must be a value of the enum EndpointType/);
  });
});
