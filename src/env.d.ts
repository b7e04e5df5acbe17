/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    db: import('../db/client').Db;
    /** Set by the middleware for signed-in requests to /admin and /api/admin. */
    session: import('./domain/auth/sessions').SessionContext | null;
    requestId: string;
  }
}
