/*
 * What the domain is handed rather than reaches for: small interfaces for what it needs,
 * which the platform implements and the composition root (src/app/services.ts) binds. They
 * live on the ground floor because both sides name them and neither may import the other.
 * The domain stays free of sockets, SMTP, files and native image code.
 */

/** A mail as Kindling hands it to a transport: both parts, and the headers it sets. */
export type OutgoingMail = {
  /** Kept across retries, so a mail sent twice is recognised as one by mail clients. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
};

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Where uploaded files live. Keys are `folder/name`; `removeAll` takes a folder. */
export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Null when there is no such blob. */
  get(key: string): Promise<Buffer | null>;
  /** Removes every blob whose key starts with `prefix/`. */
  removeAll(prefix: string): Promise<void>;
}

/** What an uploaded image is, read without decoding more than `maxPixels`. */
export type ImageFacts = { format?: string; width?: number; height?: number };

export interface ImageProcessor {
  /** Throws when the bytes are not an image it can read within `maxPixels`. */
  inspect(bytes: Buffer, maxPixels: number): Promise<ImageFacts>;
  /** A WebP `width` pixels wide, turned upright by its EXIF orientation. */
  webpAtWidth(bytes: Buffer, width: number): Promise<Buffer>;
}

/** Seals secrets Kindling must use again (not just compare); opens what it sealed. */
export interface Sealer {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

export type OutboundAnswer = { status: number; bodyStart: string; durationMs: number };

/** HTTP requests to addresses customers give (webhooks), guarded against reaching inside. */
export interface OutboundPoster {
  /** Whoever runs the server let requests reach private addresses. */
  readonly allowsInternal: boolean;
  /** How that is allowed, in a sentence for the owner who was refused. */
  readonly internalHint: string;
  /** Why `hostname` may not receive requests, in words; null when it may. */
  refusal(hostname: string): Promise<string | null>;
  /** POSTs and reads the answer's start; a network failure or refused target throws. */
  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    options: { timeoutMs: number; keepBytes?: number },
  ): Promise<OutboundAnswer>;
  /** A failure `post` threw, in words a marketer can act on, and whether to try again. */
  explain(error: unknown, hostname: string): { message: string; retry: boolean };
}
