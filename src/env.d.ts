/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    db: import('../db/client').Db;
    /** Set by the middleware for signed-in requests to /admin and /api/admin. */
    session: import('./domain/auth/sessions').SessionContext | null;
    requestId: string;
    /** Set by a published page's GET: the middleware remembers the HTML under this key. */
    rememberAs?: import('./platform/render-cache').RenderKey;
  }
}
