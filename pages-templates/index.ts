/**
 * Every template, listed statically so the bundled server and the scripts see the same
 * set. A template is a folder with `template.json` (a page document plus its gallery card).
 */
import b2bDemoRequest from './b2b-demo-request/template.json';
import consultationBooking from './consultation-booking/template.json';
import ebookDownload from './ebook-download/template.json';
import localQuoteRequest from './local-quote-request/template.json';
import newsletterSignup from './newsletter-signup/template.json';
import productWaitlist from './product-waitlist/template.json';
import saasFreeTrial from './saas-free-trial/template.json';
import webinarRegistration from './webinar-registration/template.json';

export const rawTemplates: unknown[] = [
  saasFreeTrial,
  b2bDemoRequest,
  ebookDownload,
  webinarRegistration,
  productWaitlist,
  consultationBooking,
  localQuoteRequest,
  newsletterSignup,
];
