/** The part of AWS's `sns-validator` (no types of its own) the SNS tests call. */
declare module "sns-validator" {
  export default class MessageValidator {
    constructor(hostPattern?: RegExp, encoding?: string);
    validate(message: string | object, callback: (error: Error | null, message?: object) => void): void;
  }
}
