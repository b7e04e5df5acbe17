/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Every service, built once at start (src/app/services.ts) and handed in by the Node front. */
    services: import('./app/services').Services;
    /** The services' database, the one thing nearly every route reads. */
    db: import('../db/client').Db;
    /** Set by the middleware for signed-in requests to /admin and /api/admin. */
    session: import('./domain/auth/sessions').SessionContext | null;
    requestId: string;
    /** Set by a published page's GET: the middleware remembers the HTML under this key. */
    rememberAs?: import('./http/render-cache').RenderKey;
  }
}
