/**
 * Every template, listed statically so the bundled server and the scripts see the same
 * set. A template is a folder with `template.json` (a page document plus its gallery card).
 */
import b2bDemoRequest from './b2b-demo-request/template.json';
import ebookDownload from './ebook-download/template.json';
import newsletterSignup from './newsletter-signup/template.json';

export const rawTemplates: unknown[] = [b2bDemoRequest, ebookDownload, newsletterSignup];
