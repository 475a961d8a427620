/** The part of `mailgun-js` (no types of its own) the signature tests call. */
declare module "mailgun-js" {
  interface Mailgun {
    validateWebhook(timestamp: string, token: string, signature: string): boolean;
  }
  export default function mailgun(options: { apiKey: string; domain: string; mute?: boolean }): Mailgun;
}
