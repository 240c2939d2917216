/**
 * Bucket notifications to a webhook, at least once, across a restart: the receiver is down when
 * the events happen, the failures show in `kith s3 outbox`, the node restarts, the receiver comes
 * up, and the events arrive. Writes through REST and WebDAV are announced as well.
 */
import { CreateBucketCommand, DeleteObjectCommand, GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, kithOk } from '../helpers/daemon.js';
import { startS3Bed, type S3Bed } from './helpers.js';

interface EventRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; sequencer: string; size?: number; eTag?: string; versionId?: string } };
}

let bed: S3Bed;
let receiver: Server | undefined;
const received: EventRecord[] = [];
beforeAll(async () => {
  bed = await startS3Bed({ s3: { notifyRetrySeconds: 0.2 } });
}, 180_000);
afterAll(async () => {
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  await bed?.stop();
}, 180_000);

function listen(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(...(JSON.parse(body) as { Records: EventRecord[] }).Records);
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const outbox = async () => JSON.parse(await kithOk(bed.daemon.dataDir, 's3', 'outbox', '--json')) as { attempts: number; lastError?: string }[];

describe('bucket notifications', () => {
  it('are kept through failures and a restart, then delivered', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    await bed.client.send(new CreateBucketCommand({ Bucket: 'events' }));
    await bed.client.send(new PutBucketNotificationConfigurationCommand({
      Bucket: 'events',
      NotificationConfiguration: { TopicConfigurations: [{ Id: 'hook', TopicArn: url, Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] }] },
    }));
    const config = await bed.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'events' }));
    expect(config.TopicConfigurations).toEqual([expect.objectContaining({ Id: 'hook', TopicArn: url, Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] })]);

    await bed.client.send(new PutObjectCommand({ Bucket: 'events', Key: 'new file.txt', Body: 'hello' }));
    await bed.client.send(new PutObjectCommand({ Bucket: 'events', Key: 'gone.txt', Body: 'bye' }));
    await bed.client.send(new DeleteObjectCommand({ Bucket: 'events', Key: 'gone.txt' }));
    await eventually('the outbox shows failed deliveries', async () => {
      const items = await outbox();
      return items.length === 3 && items.every((i) => i.attempts >= 1 && i.lastError === 'ECONNREFUSED');
    });

    await bed.restart();
    receiver = await listen(port);
    await eventually('the three events arrive', () => received.length >= 3);
    // Retries may reorder deliveries; the sequencer gives the order of the changes.
    received.sort((a, b) => a.s3.object.sequencer.localeCompare(b.s3.object.sequencer));
    expect(received.map((r) => [r.eventName, r.s3.object.key])).toEqual([
      ['ObjectCreated:Put', 'new+file.txt'],
      ['ObjectCreated:Put', 'gone.txt'],
      ['ObjectRemoved:Delete', 'gone.txt'],
    ]);
    expect(received[0]!.s3).toMatchObject({ bucket: { name: 'events' }, object: { size: 5, eTag: createHash('md5').update('hello').digest('hex'), versionId: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    await eventually('the outbox is empty', async () => (await outbox()).length === 0);

    // Writes through the other doors are announced too: they are in the same change log.
    expect((await bed.rest('/pools/events/content/via%20rest.txt', { method: 'PUT', body: 'rest' })).status).toBe(201);
    expect((await bed.dav('events/via%20dav.txt', { method: 'PUT', body: 'dav' })).status).toBe(201);
    await eventually('the REST and WebDAV writes are announced', () => received.length >= 5);
    expect(received.slice(3).map((r) => [r.eventName, r.s3.object.key, r.s3.object.size]).sort()).toEqual([
      ['ObjectCreated:Put', 'via+dav.txt', 3],
      ['ObjectCreated:Put', 'via+rest.txt', 4],
    ]);
  }, 600_000);
});
