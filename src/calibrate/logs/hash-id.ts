import { createHash } from 'node:crypto';

/** A stable pseudonym for a client or user id: the first 16 hex digits of its SHA-256 (never the id itself). */
export const hashId = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);
