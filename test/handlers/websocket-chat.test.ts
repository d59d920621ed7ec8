import * as http from 'http';
import * as net from 'net';
import { ApiGatewayManagementApiClient, ForbiddenException, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { connectionTtlSeconds, DEFAULT_CONNECTION_TTL_SECONDS, handler as connectHandler, storeConnection } from '../../handlers/websocket-chat/connect';
import { removeConnection, scanConnectionIds } from '../../handlers/websocket-chat/connections';
import { handler as disconnectHandler } from '../../handlers/websocket-chat/disconnect';
import { broadcast, CONNECT_GRACE_MS, handler as sendMessageHandler, MAX_DATA_BYTES, parseMessage } from '../../handlers/websocket-chat/send-message';
import { MotoServer, startMoto } from '../harness/moto';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: MotoServer;
let docClient: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  moto = await startMoto();
  docClient = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: moto.endpoint, region: REGION, credentials: CREDENTIALS }));
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

/** A fresh connections table, as the construct defines it: `connectionId` (string) and no sort key. */
async function createTable(): Promise<string> {
  const tableName = `connections-${++tables}`;
  await docClient.send(new CreateTableCommand({
    TableName: tableName,
    KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  return tableName;
}

async function putConnections(tableName: string, connectionIds: string[], connectedAt: number): Promise<void> {
  const expiresAt = Math.floor(connectedAt / 1000) + 7200;
  for (const connectionId of connectionIds) {
    await docClient.send(new PutCommand({ TableName: tableName, Item: { connectionId, connectedAt, expiresAt } }));
  }
}

async function storedIds(tableName: string): Promise<string[]> {
  const { Items } = await docClient.send(new ScanCommand({ TableName: tableName }));
  return (Items ?? []).map(item => item.connectionId as string).sort();
}

function websocketEvent(routeKey: string, connectionId: string, connectedAt: number, body?: string): APIGatewayProxyWebsocketEventV2 {
  return {
    requestContext: {
      routeKey,
      messageId: 'm1',
      eventType: routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE',
      extendedRequestId: 'e1',
      requestTime: '01/Jan/2026:00:00:00 +0000',
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt,
      requestTimeEpoch: connectedAt,
      requestId: 'r1',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      connectionId,
      apiId: 'abc123',
    },
    body,
    isBase64Encoded: false,
  };
}

/** A document client that records the Scans it forwards to moto, and can fail chosen commands. */
function recordingDocClient(fail?: (command: any) => Error | undefined) {
  const scans: any[] = [];
  const client = {
    send: async (command: any) => {
      const error = fail?.(command);
      if (error) {
        throw error;
      }
      if (command instanceof ScanCommand) {
        scans.push(command.input);
      }
      return docClient.send(command);
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, scans };
}

/** A management client that answers like API Gateway without a network, and records the posts and how many were in flight. */
function fakeManagementClient(answer: (connectionId: string) => Error | undefined, delayMs = 0) {
  const posts: { connectionId: string; data: string }[] = [];
  let inFlight = 0;
  const stats = { maxInFlight: 0 };
  const client = {
    send: async (command: any) => {
      expect(command).toBeInstanceOf(PostToConnectionCommand);
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      try {
        await new Promise(resolve => setTimeout(resolve, delayMs));
        posts.push({ connectionId: command.input.ConnectionId, data: Buffer.from(command.input.Data).toString('utf8') });
        const error = answer(command.input.ConnectionId);
        if (error) {
          throw error;
        }
        return {};
      } finally {
        inFlight--;
      }
    },
  } as unknown as ApiGatewayManagementApiClient;
  return { client, posts, stats };
}

describe('the connections table against moto_server', () => {
  test('connect stores the connection with connectedAt and an expiresAt in epoch seconds', async () => {
    const tableName = await createTable();
    const connectedAt = 1_767_225_600_123;
    const now = connectedAt + 250;
    const item = await storeConnection(docClient, tableName, websocketEvent('$connect', 'Kx9fYc1PIAMCJ3Q=', connectedAt), 60, now);
    const { Item } = await docClient.send(new GetCommand({ TableName: tableName, Key: { connectionId: 'Kx9fYc1PIAMCJ3Q=' } }));
    expect(Item).toEqual({ connectionId: 'Kx9fYc1PIAMCJ3Q=', connectedAt, expiresAt: 1_767_225_600 + 60 });
    expect(item).toEqual(Item);
  });

  test('the TTL defaults to 2 hours', async () => {
    const tableName = await createTable();
    const now = 1_767_225_600_999;
    await storeConnection(docClient, tableName, websocketEvent('$connect', 'c1', now), undefined, now);
    const { Item } = await docClient.send(new GetCommand({ TableName: tableName, Key: { connectionId: 'c1' } }));
    expect(DEFAULT_CONNECTION_TTL_SECONDS).toBe(7200);
    expect(Item?.expiresAt).toBe(1_767_225_600 + 7200);
  });

  test('disconnect deletes the item; deleting a missing item is fine', async () => {
    const tableName = await createTable();
    await putConnections(tableName, ['stays', 'leaves'], Date.now());
    await removeConnection(docClient, tableName, 'leaves');
    expect(await storedIds(tableName)).toEqual(['stays']);
    await expect(removeConnection(docClient, tableName, 'leaves')).resolves.toBe(true);
    expect(await storedIds(tableName)).toEqual(['stays']);
  });

  test('the scan reads every page, projecting only connectionId', async () => {
    const tableName = await createTable();
    const ids = Array.from({ length: 11 }, (_, i) => `conn-${i}`);
    await putConnections(tableName, ids, Date.now());
    const { client, scans } = recordingDocClient();
    const seen: string[] = [];
    for await (const connectionId of scanConnectionIds(client, tableName, 3)) {
      seen.push(connectionId);
    }
    expect(seen.sort()).toEqual(ids.sort());
    expect(scans.length).toBeGreaterThanOrEqual(4);
    expect(scans[0]).toMatchObject({ TableName: tableName, ProjectionExpression: 'connectionId', Limit: 3, ExclusiveStartKey: undefined });
    expect(scans[1].ExclusiveStartKey).toEqual({ connectionId: expect.any(String) });
  });
});

/**
 * moto 5.2.1 implements PostToConnection (and GetConnection, DeleteConnection) only at
 * `/@connections/{id}`, without a stage in the endpoint, answers 200 to any id (never GoneException),
 * and keeps the posted bytes where no API returns them: the posts are read from the SDK's request instead.
 */
describe('broadcast: DynamoDB and PostToConnection against moto_server', () => {
  test('posts {from, data} once to every connection, across several Scan pages', async () => {
    const tableName = await createTable();
    const ids = Array.from({ length: 25 }, (_, i) => `Zm9vYmFy${String(i).padStart(2, '0')}=`);
    await putConnections(tableName, ids, Date.now() - 60_000);
    const { client: scanning, scans } = recordingDocClient();
    const managementClient = new ApiGatewayManagementApiClient({ endpoint: moto.endpoint, region: REGION, credentials: CREDENTIALS });
    const posts: { path: string; body: string; status: number }[] = [];
    managementClient.middlewareStack.add((next: any) => async (args: any) => {
      const result: any = await next(args);
      posts.push({ path: args.request.path, body: Buffer.from(args.request.body).toString('utf8'), status: result.response.statusCode });
      return result;
    }, { step: 'finalizeRequest', name: 'recordPosts' });

    const result = await broadcast({ docClient: scanning, managementClient, tableName }, ids[3], 'héllo 👋', { pageSize: 4 });

    expect(result).toEqual({ delivered: 25, gone: 0, removed: 0, failed: 0 });
    expect(scans.length).toBeGreaterThanOrEqual(7);
    expect(posts.map(post => decodeURIComponent(post.path.replace('/@connections/', ''))).sort()).toEqual([...ids].sort());
    for (const post of posts) {
      expect(post.status).toBe(200);
      expect(JSON.parse(post.body)).toEqual({ from: ids[3], data: 'héllo 👋' });
    }
    expect(await storedIds(tableName)).toEqual([...ids].sort());
  });

  test('a table that does not exist fails the broadcast', async () => {
    const { client } = fakeManagementClient(() => undefined);
    await expect(broadcast({ docClient, managementClient: client, tableName: 'no-such-table' }, 'a', 'hi'))
      .rejects.toThrow(expect.objectContaining({ name: 'ResourceNotFoundException' }));
  });
});

describe('broadcast: gone connections and failures (a recording management client, moto cannot answer GoneException)', () => {
  let errors: jest.SpyInstance;

  beforeEach(() => {
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    errors.mockRestore();
  });

  test('GoneException (or a bare 410) removes the connection; other errors are counted and do not stop the broadcast', async () => {
    const tableName = await createTable();
    const now = Date.now();
    await putConnections(tableName, ['alive-1', 'alive-2', 'gone-1', 'gone-2', 'gone-410', 'forbidden'], now - 5 * 60_000);
    const { client, posts } = fakeManagementClient(connectionId => {
      if (connectionId.startsWith('gone-4')) {
        return Object.assign(new Error('410'), { name: 'Unknown', $metadata: { httpStatusCode: 410 } });
      }
      if (connectionId.startsWith('gone')) {
        return new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } });
      }
      return connectionId === 'forbidden' ? new ForbiddenException({ message: 'Forbidden', $metadata: { httpStatusCode: 403 } }) : undefined;
    });

    const result = await broadcast({ docClient, managementClient: client, tableName }, 'alive-1', 'hi', { now });

    expect(result).toEqual({ delivered: 2, gone: 3, removed: 3, failed: 1 });
    expect(posts.map(post => post.connectionId).sort()).toEqual(['alive-1', 'alive-2', 'forbidden', 'gone-1', 'gone-2', 'gone-410']);
    expect(await storedIds(tableName)).toEqual(['alive-1', 'alive-2', 'forbidden']);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(JSON.parse(errors.mock.calls[0][0])).toMatchObject({ connectionId: 'forbidden', operation: 'PostToConnection', error: 'ForbiddenException' });
  });

  test('a connection that is gone within the grace period after connecting is kept ($connect may still be running)', async () => {
    const tableName = await createTable();
    const now = Date.now();
    await putConnections(tableName, ['old'], now - CONNECT_GRACE_MS - 1);
    await putConnections(tableName, ['new'], now - CONNECT_GRACE_MS + 1000);
    const { client } = fakeManagementClient(() => new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } }));

    const result = await broadcast({ docClient, managementClient: client, tableName }, 'old', 'hi', { now });

    expect(result).toEqual({ delivered: 0, gone: 2, removed: 1, failed: 0 });
    expect(await storedIds(tableName)).toEqual(['new']);
  });

  test('a failed delete of a gone connection is counted as a failure and the broadcast goes on', async () => {
    const tableName = await createTable();
    await putConnections(tableName, ['gone', 'alive'], Date.now() - 60_000);
    const { client: failingDeletes } = recordingDocClient(command => command instanceof DeleteCommand
      ? Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }) : undefined);
    const { client } = fakeManagementClient(connectionId => connectionId === 'gone' ? new GoneException({ message: 'Gone', $metadata: {} }) : undefined);

    const result = await broadcast({ docClient: failingDeletes, managementClient: client, tableName }, 'alive', 'hi');

    expect(result).toEqual({ delivered: 1, gone: 1, removed: 0, failed: 1 });
    expect(JSON.parse(errors.mock.calls[0][0])).toMatchObject({ connectionId: 'gone', operation: 'DeleteItem', error: 'ProvisionedThroughputExceededException' });
    expect(await storedIds(tableName)).toEqual(['alive', 'gone']);
  });

  test('at most 10 posts are in flight at once, and they do run concurrently', async () => {
    const tableName = await createTable();
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    await putConnections(tableName, ids, Date.now());
    const { client, posts, stats } = fakeManagementClient(() => undefined, 20);

    const result = await broadcast({ docClient, managementClient: client, tableName }, 'c0', 'hi');

    expect(result.delivered).toBe(30);
    expect(posts.map(post => post.connectionId).sort()).toEqual([...ids].sort());
    expect(stats.maxInFlight).toBe(10);
  });
});

describe('the sendmessage body', () => {
  test.each([
    ['no body', undefined, /not JSON/],
    ['invalid JSON', '{"action":"sendmessage",', /not JSON/],
    ['JSON null', 'null', /non-empty string/],
    ['no data', '{"action":"sendmessage"}', /non-empty string/],
    ['data that is not a string', '{"action":"sendmessage","data":42}', /non-empty string/],
    ['empty data', '{"action":"sendmessage","data":""}', /non-empty string/],
    ['data over 32 KB', JSON.stringify({ action: 'sendmessage', data: 'a'.repeat(32 * 1024 + 1) }), /at most 32768 bytes/],
    ['data over 32 KB in UTF-8 bytes', JSON.stringify({ action: 'sendmessage', data: 'é'.repeat(16 * 1024 + 1) }), /at most 32768 bytes/],
  ])('%s is refused', (_, body, reason) => {
    expect(parseMessage(body)).toEqual({ error: expect.stringMatching(reason) });
  });

  test('data of exactly 32 KB and base64-encoded bodies are accepted', () => {
    expect(MAX_DATA_BYTES).toBe(32 * 1024);
    const data = 'é'.repeat(16 * 1024);
    expect(parseMessage(JSON.stringify({ action: 'sendmessage', data }))).toEqual({ data });
    expect(parseMessage(Buffer.from('{"action":"sendmessage","data":"hi"}').toString('base64'), true)).toEqual({ data: 'hi' });
  });

  test('CONNECTION_TTL_SECONDS must be a positive integer', () => {
    expect(connectionTtlSeconds(undefined)).toBe(7200);
    expect(connectionTtlSeconds('')).toBe(7200);
    expect(connectionTtlSeconds('60')).toBe(60);
    for (const invalid of ['abc', '0', '-5', '1.5']) {
      expect(() => connectionTtlSeconds(invalid)).toThrow(/positive integer/);
    }
  });
});

/**
 * The entry points build their clients from the environment. CALLBACK_URL points at a local server
 * that answers like API Gateway, because moto routes no management API request whose path has a stage.
 */
describe('the Lambda handlers, configured by the environment', () => {
  const saved = { ...process.env };
  const requests: { method?: string; url?: string; authorization?: string; body: string }[] = [];
  let server: http.Server;
  let tableName: string;
  let logs: jest.SpyInstance;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', chunk => body += chunk);
      request.on('end', () => {
        requests.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
        if (request.url?.includes('Gone')) {
          response.writeHead(410, { 'content-type': 'application/json', 'x-amzn-errortype': 'GoneException' });
          response.end('{"message":null}');
        } else {
          response.end();
        }
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
    tableName = await createTable();
    Object.assign(process.env, {
      CONNECTIONS_TABLE: tableName,
      CALLBACK_URL: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/prod`,
      CONNECTION_TTL_SECONDS: '60',
      AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
    });
  });

  afterAll(async () => {
    process.env = saved;
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    logs = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    logs.mockRestore();
  });

  test('connect, sendmessage and disconnect use CONNECTIONS_TABLE, CONNECTION_TTL_SECONDS and CALLBACK_URL', async () => {
    const before = Date.now();
    expect(await connectHandler(websocketEvent('$connect', 'AliceConn=', before))).toEqual({ statusCode: 200 });
    expect(await connectHandler(websocketEvent('$connect', 'GoneConn=', before - 5 * 60_000))).toEqual({ statusCode: 200 });
    const after = Date.now();
    const { Item } = await docClient.send(new GetCommand({ TableName: tableName, Key: { connectionId: 'AliceConn=' } }));
    expect(Item).toMatchObject({ connectionId: 'AliceConn=', connectedAt: before });
    expect(Item?.expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 60);
    expect(Item?.expiresAt).toBeLessThanOrEqual(Math.floor(after / 1000) + 60);

    const sent = await sendMessageHandler(websocketEvent('sendmessage', 'AliceConn=', before, '{"action":"sendmessage","data":"hello"}'));

    expect(sent).toEqual({ statusCode: 200 });
    expect(requests.map(request => `${request.method} ${request.url}`).sort()).toEqual([
      'POST /prod/@connections/AliceConn%3D',
      'POST /prod/@connections/GoneConn%3D',
    ]);
    for (const request of requests) {
      expect(JSON.parse(request.body)).toEqual({ from: 'AliceConn=', data: 'hello' });
      expect(request.authorization).toContain(`/${REGION}/execute-api/aws4_request`);
    }
    expect(await storedIds(tableName)).toEqual(['AliceConn=']);
    expect(logs).toHaveBeenCalledTimes(1);
    expect(JSON.parse(logs.mock.calls[0][0])).toMatchObject({ from: 'AliceConn=', delivered: 1, gone: 1, removed: 1, failed: 0 });

    expect(await disconnectHandler(websocketEvent('$disconnect', 'AliceConn=', before))).toEqual({ statusCode: 200 });
    expect(await storedIds(tableName)).toEqual([]);
    expect(await disconnectHandler(websocketEvent('$disconnect', 'AliceConn=', before))).toEqual({ statusCode: 200 });
  });

  test('an invalid sendmessage answers 400 with the reason and sends nothing', async () => {
    await putConnections(tableName, ['Listener='], Date.now() - 60_000);
    const count = requests.length;
    for (const body of ['not json', '{"action":"sendmessage"}', '{"action":"sendmessage","data":""}']) {
      const result = await sendMessageHandler(websocketEvent('sendmessage', 'Listener=', Date.now(), body));
      expect(result).toEqual({ statusCode: 400, body: expect.any(String) });
      expect(result.body!.length).toBeGreaterThan(0);
    }
    expect(requests.length).toBe(count);
    expect(logs).not.toHaveBeenCalled();
    expect(await storedIds(tableName)).toContain('Listener=');
  });

  test('a missing CONNECTIONS_TABLE or an invalid CONNECTION_TTL_SECONDS fails the invocation', async () => {
    try {
      process.env.CONNECTION_TTL_SECONDS = 'soon';
      await expect(connectHandler(websocketEvent('$connect', 'x', Date.now()))).rejects.toThrow(/CONNECTION_TTL_SECONDS/);
      process.env.CONNECTION_TTL_SECONDS = '60';
      delete process.env.CONNECTIONS_TABLE;
      await expect(disconnectHandler(websocketEvent('$disconnect', 'x', Date.now()))).rejects.toThrow(/CONNECTIONS_TABLE/);
    } finally {
      Object.assign(process.env, { CONNECTION_TTL_SECONDS: '60', CONNECTIONS_TABLE: tableName });
    }
    expect(await storedIds(tableName)).not.toContain('x');
  });
});
