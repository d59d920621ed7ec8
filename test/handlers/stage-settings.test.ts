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
    await new Promise(resolve => server.close(resolve));
  });

  const event = (requestType: string, restApiId: string, stageName: string): any => ({
    RequestType: requestType,
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/test/1',
    RequestId: `request-${responses.length}`,
    LogicalResourceId: 'StageSettings',
    ResourceType: 'Custom::StageSettings',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x',
    PhysicalResourceId: `${restApiId}/${stageName}`,
    ResourceProperties: { ServiceToken: 'x', RestApiId: restApiId, StageName: stageName, Settings: JSON.stringify(CACHE_AUTHORIZATION) },
  });

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
});
