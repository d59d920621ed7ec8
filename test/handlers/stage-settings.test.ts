import * as http from 'http';
import * as net from 'net';
import {
  APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand,
  GetResourcesCommand, GetStageCommand, PutIntegrationCommand, PutMethodCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { applyStageSettings, handler, StageSettings } from '../../handlers/stage-settings';
import { MotoServer, startMoto } from '../harness/moto';

let moto: MotoServer;
let client: APIGatewayClient;

beforeAll(async () => {
  moto = await startMoto();
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  client = new APIGatewayClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

/** A REST API with one mock GET method, deployed to a stage. */
async function deployedStage(stageName: string): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name: `api-${stageName}` }));
  const resources = await client.send(new GetResourcesCommand({ restApiId: api.id! }));
  const root = resources.items!.find(item => item.path === '/')!;
  const pets = await client.send(new CreateResourceCommand({ restApiId: api.id!, parentId: root.id!, pathPart: 'pets' }));
  await client.send(new PutMethodCommand({ restApiId: api.id!, resourceId: pets.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: pets.id!, httpMethod: 'GET', type: 'MOCK' }));
  const deployment = await client.send(new CreateDeploymentCommand({ restApiId: api.id! }));
  await client.send(new CreateStageCommand({
    restApiId: api.id!,
    stageName,
    deploymentId: deployment.id!,
  }));
  return api.id!;
}

const CACHE_AUTHORIZATION: StageSettings = {
  apply: [
    { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'true' },
    { op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'FAIL_WITH_403' },
  ],
  revert: [
    { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'false' },
  ],
  removeCanary: false,
};

describe('stage-settings handler against moto_server', () => {
  test('create sets cache invalidation to require authorization, and is idempotent', async () => {
    const restApiId = await deployedStage('prod');
    for (let i = 0; i < 2; i++) {
      await applyStageSettings(client, { requestType: i === 0 ? 'Create' : 'Update', restApiId, stageName: 'prod', settings: CACHE_AUTHORIZATION });
    }
    const stage = await client.send(new GetStageCommand({ restApiId, stageName: 'prod' }));
    expect(stage.methodSettings?.['*/*']).toMatchObject({ requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'FAIL_WITH_403' });
  });

  test('delete reverts, and a stage that is already gone is not an error', async () => {
    const restApiId = await deployedStage('beta');
    await applyStageSettings(client, { requestType: 'Create', restApiId, stageName: 'beta', settings: CACHE_AUTHORIZATION });
    await applyStageSettings(client, { requestType: 'Delete', restApiId, stageName: 'beta', settings: CACHE_AUTHORIZATION });
    const stage = await client.send(new GetStageCommand({ restApiId, stageName: 'beta' }));
    expect(stage.methodSettings?.['*/*']?.requireAuthorizationForCacheControl).toBe(false);
    await expect(applyStageSettings(client, { requestType: 'Delete', restApiId, stageName: 'gone', settings: CACHE_AUTHORIZATION }))
      .resolves.toMatch(/already gone/);
  });

  test('an API error on create or update is thrown, to become a FAILED response', async () => {
    await expect(applyStageSettings(client, { requestType: 'Update', restApiId: 'nope123', stageName: 'prod', settings: CACHE_AUTHORIZATION }))
      .rejects.toThrow();
  });
});

/**
 * moto 5.2 stores no canary settings (CreateStage ignores them, GetStage never returns them),
 * so canary removal is tested against a recording client that answers like API Gateway.
 */
describe('stage-settings handler: canary removal (not implemented by moto)', () => {
  function recordingClient(canary: boolean) {
    const sent: any[] = [];
    const fake = {
      send: async (command: any) => {
        sent.push(command);
        if (command instanceof GetStageCommand) {
          return { stageName: 'live', methodSettings: { '*/*': {} }, canarySettings: canary ? { percentTraffic: 10, deploymentId: 'd1' } : undefined };
        }
        return {};
      },
    };
    return { client: fake as unknown as APIGatewayClient, sent };
  }

  test('a stage whose template has no canary loses the canary CloudFormation left behind', async () => {
    const { client: fake, sent } = recordingClient(true);
    const result = await applyStageSettings(fake, { requestType: 'Update', restApiId: 'a1', stageName: 'live', settings: { apply: [], revert: [], removeCanary: true } });
    expect(result).toBe('applied remove /canarySettings');
    expect(sent[1]).toBeInstanceOf(UpdateStageCommand);
    expect(sent[1].input).toEqual({ restApiId: 'a1', stageName: 'live', patchOperations: [{ op: 'remove', path: '/canarySettings' }] });
  });

  test('no canary, nothing to remove: no update at all', async () => {
    const { client: fake, sent } = recordingClient(false);
    expect(await applyStageSettings(fake, { requestType: 'Update', restApiId: 'a1', stageName: 'live', settings: { apply: [], revert: [], removeCanary: true } })).toBe('nothing to change');
    expect(sent).toHaveLength(1);
  });

  test('a stage that keeps its canary is left alone; delete removes it with the other settings', async () => {
    const { client: fake, sent } = recordingClient(true);
    await applyStageSettings(fake, { requestType: 'Update', restApiId: 'a1', stageName: 'live', settings: { ...CACHE_AUTHORIZATION, removeCanary: false } });
    expect(sent[1].input.patchOperations).toEqual(CACHE_AUTHORIZATION.apply);
    await applyStageSettings(fake, { requestType: 'Delete', restApiId: 'a1', stageName: 'live', settings: CACHE_AUTHORIZATION });
    expect(sent[3].input.patchOperations).toEqual([...CACHE_AUTHORIZATION.revert, { op: 'remove', path: '/canarySettings' }]);
  });
});

describe('stage-settings handler: conflicts and reverts', () => {
  test('an UpdateStage that conflicts with another change to the API is retried', async () => {
    let updates = 0;
    const fake = {
      send: async (command: any) => {
        if (command instanceof GetStageCommand) {
          return { methodSettings: {} };
        }
        updates++;
        if (updates < 3) {
          throw Object.assign(new Error('Unable to complete operation due to concurrent modification'), { name: 'ConflictException' });
        }
        return {};
      },
    } as unknown as APIGatewayClient;
    const delays: number[] = [];
    await applyStageSettings(fake, { requestType: 'Update', restApiId: 'a1', stageName: 'prod', settings: CACHE_AUTHORIZATION }, async ms => { delays.push(ms); });
    expect(updates).toBe(3);
    expect(delays).toEqual([1000, 2000]);
  });

  test('other errors are not retried', async () => {
    const fake = {
      send: async (command: any) => {
        if (command instanceof GetStageCommand) {
          return { methodSettings: {} };
        }
        throw Object.assign(new Error('bad patch'), { name: 'BadRequestException' });
      },
    } as unknown as APIGatewayClient;
    await expect(applyStageSettings(fake, { requestType: 'Update', restApiId: 'a1', stageName: 'prod', settings: CACHE_AUTHORIZATION }, async () => undefined))
      .rejects.toThrow('bad patch');
  });

  test('delete reverts only the method settings the stage still has', async () => {
    const sent: any[] = [];
    const fake = {
      send: async (command: any) => {
        sent.push(command);
        return command instanceof GetStageCommand ? { methodSettings: { '*/*': {} } } : {};
      },
    } as unknown as APIGatewayClient;
    const settings: StageSettings = {
      apply: [],
      revert: [
        { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'false' },
        { op: 'replace', path: '/~1gone/GET/caching/requireAuthorizationForCacheControl', value: 'false' },
      ],
      removeCanary: false,
    };
    await applyStageSettings(fake, { requestType: 'Delete', restApiId: 'a1', stageName: 'prod', settings });
    expect(sent[1].input.patchOperations).toEqual([settings.revert[0]]);
  });
});

describe('stage-settings handler: the CloudFormation response protocol', () => {
  let server: http.Server;
  let responses: any[];
  let responseUrl: string;

  beforeAll(async () => {
    // The handler logs one line per request for CloudWatch; the tests read the responses instead.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    responses = [];
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', chunk => body += chunk);
      request.on('end', () => {
        responses.push({ method: request.method, contentType: request.headers['content-type'], body: JSON.parse(body) });
        response.end();
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
    responseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/response`;
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = moto.endpoint;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    delete process.env.AWS_ENDPOINT_URL_API_GATEWAY;
    delete process.env.MANAGED_STAGES;
    await new Promise(resolve => server.close(resolve));
  });

  const event = (requestType: string, restApiId: string, stageName: string): any => ({
    ...manage(restApiId, stageName),
    RequestType: requestType,
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/test/1',
    RequestId: `request-${responses.length}`,
    LogicalResourceId: 'StageSettings',
    ResourceType: 'Custom::StageSettings',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x',
    PhysicalResourceId: `${restApiId}/${stageName}`,
    ResourceProperties: { ServiceToken: 'x', RestApiId: restApiId, StageName: stageName, Settings: JSON.stringify(CACHE_AUTHORIZATION) },
    OldResourceProperties: { ServiceToken: 'x', RestApiId: restApiId, StageName: stageName, Settings: JSON.stringify(CACHE_AUTHORIZATION) },
  });
  /** The function manages the stages its construct granted it (MANAGED_STAGES); the events here come for those. */
  const manage = (restApiId: string, stageName: string) => {
    const managed = (process.env.MANAGED_STAGES ?? '').split(',').filter(Boolean);
    process.env.MANAGED_STAGES = [...new Set([...managed, `${restApiId}/${stageName}`])].join(',');
    return {};
  };

  test('success is PUT to the response URL with a stable physical id', async () => {
    const restApiId = await deployedStage('cfn');
    await handler(event('Create', restApiId, 'cfn'));
    expect(responses.at(-1)).toMatchObject({
      method: 'PUT',
      contentType: '',
      body: { Status: 'SUCCESS', PhysicalResourceId: `${restApiId}/cfn`, LogicalResourceId: 'StageSettings' },
    });
    const stage = await client.send(new GetStageCommand({ restApiId, stageName: 'cfn' }));
    expect(stage.methodSettings?.['*/*']?.requireAuthorizationForCacheControl).toBe(true);
  });

  test('an API error becomes FAILED with the reason', async () => {
    await handler(event('Update', 'missing1', 'prod'));
    expect(responses.at(-1).body).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/NotFoundException/) });
  });

  test('delete of a stage that is gone answers SUCCESS', async () => {
    await handler(event('Delete', 'missing2', 'prod'));
    expect(responses.at(-1).body.Status).toBe('SUCCESS');
  });

  test('a delete that fails is still SUCCESS (best effort), so a rollback never gets stuck', async () => {
    const broken = { ...event('Delete', 'any', 'prod'), ResourceProperties: { RestApiId: 'any', StageName: 'prod', Settings: 'not json' } };
    await handler(broken);
    expect(responses.at(-1).body).toMatchObject({ Status: 'SUCCESS', Reason: expect.stringMatching(/SyntaxError/) });
    const brokenUpdate = { ...event('Update', 'any', 'prod'), ResourceProperties: { RestApiId: 'any', StageName: 'prod', Settings: 'not json' } };
    await handler(brokenUpdate);
    expect(responses.at(-1).body.Status).toBe('FAILED');
  });
  test('a patch operation for a path the resource does not manage is refused, before any call to API Gateway', async () => {
    // GIVEN a stage whose settings ask to change something other than cache invalidation
    const restApiId = await deployedStage('patched');
    const sneaky: StageSettings = { ...CACHE_AUTHORIZATION, apply: [...CACHE_AUTHORIZATION.apply, { op: 'replace', path: '/deploymentId', value: 'other' }] };
    const create = { ...event('Create', restApiId, 'patched'), ResourceProperties: { RestApiId: restApiId, StageName: 'patched', Settings: JSON.stringify(sneaky) } };
    // WHEN
    await handler(create);
    // THEN FAILED, naming the operation, and the stage is untouched
    expect(responses.at(-1).body).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^RequestRefused: patch operation .*\/deploymentId.* is not one this resource sets/) });
    const stage = await client.send(new GetStageCommand({ restApiId, stageName: 'patched' }));
    expect(stage.methodSettings?.['*/*']?.requireAuthorizationForCacheControl).toBeFalsy();
  });

  test.each([
    ['an op other than replace', { op: 'remove', path: '/*/*/caching/requireAuthorizationForCacheControl' }, /is not one this resource sets/],
    ['another method setting field', { op: 'replace', path: '/*/*/throttling/rateLimit', value: '1' }, /is not one this resource sets/],
    ['a value API Gateway does not take', { op: 'replace', path: '/~1pets/GET/caching/unauthorizedCacheControlHeaderStrategy', value: 'ALLOW' }, /has a value unauthorizedCacheControlHeaderStrategy does not take/],
  ])('applyStageSettings refuses %s without calling API Gateway', async (_what, operation, message) => {
    const send = jest.fn();
    const fake = { send } as unknown as APIGatewayClient;
    await expect(applyStageSettings(fake, { requestType: 'Update', restApiId: 'a1', stageName: 'prod', settings: { apply: [], revert: [operation as any], removeCanary: false } }))
      .rejects.toThrow(message);
    expect(send).not.toHaveBeenCalled();
  });

  test('a request for a stage the function does not manage is refused; a delete of it changes nothing', async () => {
    // GIVEN a deployed stage that is not in MANAGED_STAGES
    const restApiId = await deployedStage('foreign');
    const foreign = (requestType: string) => ({ ...event(requestType, 'x', 'y'), PhysicalResourceId: `${restApiId}/foreign`, ResourceProperties: { RestApiId: restApiId, StageName: 'foreign', Settings: JSON.stringify(CACHE_AUTHORIZATION) } });
    // WHEN / THEN
    await handler(foreign('Create'));
    expect(responses.at(-1).body).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(new RegExp(`RequestRefused: stage ${restApiId}/foreign is not one this function manages`)) });
    await handler(foreign('Delete'));
    expect(responses.at(-1).body).toMatchObject({ Status: 'SUCCESS', Reason: expect.stringMatching(/RequestRefused/) });
    const stage = await client.send(new GetStageCommand({ restApiId, stageName: 'foreign' }));
    expect(stage.methodSettings?.['*/*']?.requireAuthorizationForCacheControl).toBeFalsy();
  });

  test('an update or delete must come for the stage the resource was created for', async () => {
    // GIVEN two managed stages; the resource was created for the first
    const first = await deployedStage('first');
    const second = await deployedStage('second');
    manage(second, 'second');
    // WHEN a delete for the first names the second
    await handler({ ...event('Delete', second, 'second'), PhysicalResourceId: `${first}/first` });
    // THEN it is refused (best effort: SUCCESS without change)
    expect(responses.at(-1).body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${first}/first`, Reason: expect.stringMatching(/may only revert the stage it was created for/) });
    // WHEN an update's old properties are not the stage of its physical id
    await handler({ ...event('Update', second, 'second'), PhysicalResourceId: `${first}/first` });
    expect(responses.at(-1).body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${first}/first`, Reason: expect.stringMatching(/says it was created for/) });
    // WHEN the stage was replaced (old properties: the first): the update moves to the second
    await handler({ ...event('Update', second, 'second'), PhysicalResourceId: `${first}/first`, OldResourceProperties: { RestApiId: first, StageName: 'first', Settings: '{}' } });
    expect(responses.at(-1).body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${second}/second` });
  });

  test('a 500 from the response URL is logged, retried, then thrown so that Lambda retries the event', async () => {
    // GIVEN a response URL that always answers 500
    let attempts = 0;
    const failing = http.createServer((request, response) => {
      attempts++;
      request.resume();
      request.on('end', () => {
        response.statusCode = 500;
        response.end('InternalError');
      });
    });
    await new Promise<void>(resolve => failing.listen(0, '127.0.0.1', () => resolve()));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const restApiId = await deployedStage('answer');
      const url = `http://127.0.0.1:${(failing.address() as net.AddressInfo).port}/response`;
      // WHEN / THEN
      await expect(handler({ ...event('Create', restApiId, 'answer'), ResponseURL: url })).rejects.toThrow(/CloudFormation did not take the SUCCESS response for StageSettings: the response URL answered HTTP 500/);
      expect(attempts).toBe(3);
      expect(errors).toHaveBeenCalledTimes(3);
      expect(errors.mock.calls[0][0]).toMatch(/"failure":"the response URL answered HTTP 500"/);
    } finally {
      errors.mockRestore();
      await new Promise(resolve => failing.close(resolve));
    }
  });

  test('a 403 from the response URL (an expired URL) is thrown at once', async () => {
    let attempts = 0;
    const refusing = http.createServer((request, response) => {
      attempts++;
      request.resume();
      request.on('end', () => {
        response.statusCode = 403;
        response.end();
      });
    });
    await new Promise<void>(resolve => refusing.listen(0, '127.0.0.1', () => resolve()));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const url = `http://127.0.0.1:${(refusing.address() as net.AddressInfo).port}/response`;
      await expect(handler({ ...event('Delete', 'gone1', 'prod'), ResponseURL: url })).rejects.toThrow(/HTTP 403/);
      expect(attempts).toBe(1);
    } finally {
      errors.mockRestore();
      await new Promise(resolve => refusing.close(resolve));
    }
  });

  test('an API Gateway endpoint that never answers becomes a FAILED response within the time budget', async () => {
    // GIVEN an endpoint on a free loopback port that accepts connections and never answers
    const sockets = new Set<net.Socket>();
    const hanging = net.createServer(socket => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>(resolve => hanging.listen(0, '127.0.0.1', () => resolve()));
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`;
    try {
      manage('hang1', 'prod');
      // WHEN the function has 4 seconds left (half is kept to answer CloudFormation)
      const started = Date.now();
      await handler(event('Update', 'hang1', 'prod'), { getRemainingTimeInMillis: () => 4_000 });
      // THEN FAILED, within the budget
      const elapsed = Date.now() - started;
      expect(responses.at(-1).body).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^Timeout: the stage was not updated within 2000 ms/) });
      expect(elapsed).toBeGreaterThanOrEqual(1_900);
      expect(elapsed).toBeLessThan(4_000);
    } finally {
      process.env.AWS_ENDPOINT_URL_API_GATEWAY = moto.endpoint;
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise(resolve => hanging.close(resolve));
    }
  });
});
