import { randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** 256 bits of randomness, URL-safe: session cookies, invite links, CSRF tokens. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');
