/**
 * Mailbox providers anyone can sign up to: an address there says nothing about the
 * company behind a lead, so it adds no fit points.
 */
export const FREE_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'ymail.com',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'outlook.com', 'live.com', 'msn.com', 'icloud.com',
  'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de',
  'gmx.net', 'web.de', 'mail.com', 'mail.ru', 'yandex.com', 'yandex.ru', 'qq.com', '163.com',
  '126.com', 'zoho.com', 'fastmail.com', 'hey.com', 'tutanota.com', 'libero.it', 'orange.fr',
  'free.fr', 'laposte.net', 't-online.de', 'btinternet.com', 'comcast.net', 'verizon.net',
]);
