import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/**
 * A real DNS server on a UDP port that answers A queries from a table the test controls
 * (and AAAA with no records), so that a test can make a name resolve where it likes:
 * to 10.x, or to a public address first and a private one later (DNS rebinding).
 */
export async function startDnsServer(records: Record<string, string>) {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    // The question: length-prefixed labels from byte 12, then type and class.
    let at = 12;
    const labels: string[] = [];
    while (query[at]! > 0) {
      labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString('ascii'));
      at += query[at]! + 1;
    }
    const question = query.subarray(12, at + 5);
    const type = query.readUInt16BE(at + 1);
    const address = records[labels.join('.').toLowerCase()];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(address === undefined ? 0x8183 : 0x8180, 2); // NXDOMAIN or NOERROR
    header.writeUInt16BE(1, 4);
    const answers = address !== undefined && type === 1 ? 1 : 0;
    header.writeUInt16BE(answers, 6);
    const answer = Buffer.alloc(answers ? 16 : 0);
    if (answers) {
      answer.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      answer.writeUInt16BE(1, 2); // A
      answer.writeUInt16BE(1, 4); // IN
      answer.writeUInt32BE(0, 6); // TTL 0: asked again each time
      answer.writeUInt16BE(4, 10);
      address!.split('.').forEach((octet, i) => answer.writeUInt8(Number(octet), 12 + i));
    }
    socket.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    records,
    stop: () => new Promise<void>((r) => socket.close(() => r())),
  };
}
