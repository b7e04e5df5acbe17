import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets Kindling must use again, not just compare (a webhook's signing secret), sealed
 * with AES-256-GCM under a key derived from an instance secret: a copy of the table alone
 * (a dump, a backup of one table, a leaked query result) does not give them away.
 */
export class SecretBox {
  private key: Buffer | null = null;

  constructor(
    private readonly keyMaterial: () => Promise<string> | string,
    private readonly purpose: string,
  ) {}

  private async keyOf(): Promise<Buffer> {
    this.key ??= Buffer.from(
      hkdfSync('sha256', await this.keyMaterial(), 'kindling', this.purpose, 32),
    );
    return this.key;
  }

  async seal(plain: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.keyOf(), iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
  }

  async open(sealed: string): Promise<string> {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', await this.keyOf(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}
