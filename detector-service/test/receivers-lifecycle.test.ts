import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleLogsBatch } from '../src/bench/otlp-sample-batch.js';
import { encodeExportLogsRequest } from '../src/otlp/proto-encode-logs.js';
import { LOGS_EXPORT_PATH } from '../src/receivers/grpc-receiver.js';
import { RecordingConsumer, startReceivers } from './receivers-helpers.js';

const body = encodeExportLogsRequest(sampleLogsBatch({ records: 3, services: 1, seed: 4 }));

function grpcExport(client: grpc.Client): Promise<grpc.ServiceError | null> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(LOGS_EXPORT_PATH, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, new grpc.Metadata(), (err) => resolve(err));
  });
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests on both listeners, then refuses new connections', async () => {
    const consumer = new RecordingConsumer();
    consumer.delayMs = 1000;
    const receivers = await startReceivers(consumer);
    const url = `http://127.0.0.1:${receivers.httpPort}/v1/logs`;
    const client = new grpc.Client(`127.0.0.1:${receivers.grpcPort}`, grpc.credentials.createInsecure());
    const inFlightHttp = fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
    const inFlightGrpc = grpcExport(client);
    // Wait until both are inside the pipeline.
    for (let waited = 0; consumer.requests.length < 2 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(consumer.requests).toHaveLength(2);
    const stopped = receivers.stop();
    expect((await inFlightHttp).status).toBe(200);
    expect(await inFlightGrpc).toBeNull();
    await stopped;
    client.close();
    await expect(fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body })).rejects.toThrow();
  });
});

describe('TLS on both listeners', () => {
  let dir: string;
  let cert: Buffer;
  let key: Buffer;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'anomalog-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    key = readFileSync(join(dir, 'key.pem'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function httpsStatus(port: number, clientCert?: { cert: Buffer; key: Buffer }): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port, path: '/v1/logs', method: 'POST', ca: cert, ...clientCert, headers: { 'Content-Type': 'application/x-protobuf' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('with a client CA, takes only clients presenting a certificate it signed (mutual TLS)', async () => {
    const openssl = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    };
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-client-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=collector', '-keyout', 'client.key', '-out', 'client.csr');
    openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', 'client.pem');
    const clientCert = { cert: readFileSync(join(dir, 'client.pem')), key: readFileSync(join(dir, 'client.key')) };
    const consumer = new RecordingConsumer();
    const receivers = await startReceivers(consumer, { tls: { cert, key, clientCa: readFileSync(join(dir, 'ca.pem')) } });
    try {
      await expect(httpsStatus(receivers.httpPort)).rejects.toThrow();
      expect(await httpsStatus(receivers.httpPort, clientCert)).toBe(200);
      const anonymous = new grpc.Client(`localhost:${receivers.grpcPort}`, grpc.credentials.createSsl(cert));
      expect((await grpcExport(anonymous))?.code).toBe(grpc.status.UNAVAILABLE);
      anonymous.close();
      const withCert = new grpc.Client(`localhost:${receivers.grpcPort}`, grpc.credentials.createSsl(cert, clientCert.key, clientCert.cert));
      expect(await grpcExport(withCert)).toBeNull();
      withCert.close();
      expect(consumer.requests).toHaveLength(2);
    } finally {
      await receivers.stop();
    }
  });

  it('serves OTLP over HTTPS and gRPC with TLS to clients that trust the certificate', async () => {
    const consumer = new RecordingConsumer();
    const receivers = await startReceivers(consumer, { tls: { cert, key } });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest(
          { host: '127.0.0.1', port: receivers.httpPort, path: '/v1/logs', method: 'POST', ca: cert, headers: { 'Content-Type': 'application/x-protobuf' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(200);
      const client = new grpc.Client(`localhost:${receivers.grpcPort}`, grpc.credentials.createSsl(cert));
      expect(await grpcExport(client)).toBeNull();
      client.close();
      const plain = new grpc.Client(`localhost:${receivers.grpcPort}`, grpc.credentials.createInsecure());
      expect((await grpcExport(plain))?.code).toBe(grpc.status.UNAVAILABLE);
      plain.close();
      expect(consumer.requests).toHaveLength(2);
    } finally {
      await receivers.stop();
    }
  });
});
