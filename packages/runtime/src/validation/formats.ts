/**
 * Format checks used by generated validators, one `{ type, validate }` record per format name.
 *
 * The checks reproduce ajv-formats' "full" mode (MIT, (c) Evgeny Poberezkin) exactly, so that
 * precompiled validators give the same verdicts as ajv compiling in-process with ajv-formats; the
 * validators' differential tests hold them to that. Generation registers every format through this
 * same record shape, so generated code always calls `formats[name].validate(value)` and a whole
 * table can be swapped for another at run time (see `noFormats`).
 */

export interface FormatCheck {
  /** The JSON type the format applies to; values of other types are not checked. */
  readonly type: "string" | "number";
  readonly validate: (value: never) => boolean;
}

export type FormatTable = Readonly<Record<string, FormatCheck>>;

const DURATION = /^P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$/;
const URI_REFERENCE =
  /^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
const URI_TEMPLATE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 6570 excludes the control characters by range.
  /^(?:(?:[^\x00-\x20"'<>%\\^`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$/i;
const URL =
  /^(?:https?|ftp):\/\/(?:\S+(?::\S*)?@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)(?:\.(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)*(?:\.(?:[a-z\u{00a1}-\u{ffff}]{2,})))(?::\d{2,5})?(?:\/[^\s]*)?$/iu;
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const HOSTNAME =
  /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 =
  /^((([0-9a-f]{1,4}:){7}([0-9a-f]{1,4}|:))|(([0-9a-f]{1,4}:){6}(:[0-9a-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){5}(((:[0-9a-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){4}(((:[0-9a-f]{1,4}){1,3})|((:[0-9a-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){3}(((:[0-9a-f]{1,4}){1,4})|((:[0-9a-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){2}(((:[0-9a-f]{1,4}){1,5})|((:[0-9a-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){1}(((:[0-9a-f]{1,4}){1,6})|((:[0-9a-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9a-f]{1,4}){1,7})|((:[0-9a-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))$/i;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const JSON_POINTER = /^(?:\/(?:[^~/]|~0|~1)*)*$/;
const JSON_POINTER_URI_FRAGMENT = /^#(?:\/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$/i;
const RELATIVE_JSON_POINTER = /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/;
const URI =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
const NOT_URI_FRAGMENT = /\/|:/;
/**
 * The shape almost every real URI has — `scheme://host[:port]/path?query#fragment` with no
 * userinfo, IP literal or percent escape — as a small regex that every string it accepts is also
 * accepted by URI (each part is one of URI's own alternatives with fewer characters allowed). It
 * answers those in a fraction of URI's time; anything else still goes to URI, so verdicts agree.
 */
const COMMON_URI =
  /^[a-z][a-z0-9+\-.]*:\/\/[a-z0-9\-._~!$&'()*+,;=]*(?::\d*)?(?:\/[a-z0-9\-._~!$&'()*+,;=:@]*)*(?:\?[a-z0-9\-._~!$&'()*+,;=:@/?]*)?(?:#[a-z0-9\-._~!$&'()*+,;=:@/?]*)?$/i;
const BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/gm;
const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
// Global so that two `exec` calls find the first and a possible second separator without `split`.
const DATE_TIME_SEPARATOR = /t|\s/gi;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const Z_ANCHOR = /[^\\]\\Z/;
const MIN_INT32 = -(2 ** 31);
const MAX_INT32 = 2 ** 31 - 1;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function date(text: string): boolean {
  // full-date, RFC 3339 section 5.6
  const matches = DATE.exec(text);
  if (!matches) return false;
  const year = +(matches[1] as string);
  const month = +(matches[2] as string);
  const day = +(matches[3] as string);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 && isLeapYear(year) ? 29 : (DAYS[month] as number))
  );
}

function time(strictTimeZone: boolean): (text: string) => boolean {
  return (text) => {
    const matches = TIME.exec(text);
    if (!matches) return false;
    const hour = +(matches[1] as string);
    const minute = +(matches[2] as string);
    const second = +(matches[3] as string);
    const zone = matches[4];
    const zoneSign = matches[5] === "-" ? -1 : 1;
    const zoneHours = +(matches[6] || 0);
    const zoneMinutes = +(matches[7] || 0);
    if (zoneHours > 23 || zoneMinutes > 59 || (strictTimeZone && !zone)) return false;
    if (hour <= 23 && minute <= 59 && second < 60) return true;
    // A leap second is only valid at 23:59:60 UTC.
    const utcMinute = minute - zoneMinutes * zoneSign;
    const utcHour = hour - zoneHours * zoneSign - (utcMinute < 0 ? 1 : 0);
    return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
  };
}

/**
 * Where the one date/time separator is, or -1 when there is none or more than one: ajv-formats
 * splits on the separator and wants exactly two parts. `String#split` with a regex is several
 * times slower than two `exec` calls, and date-time is the most common format in payloads.
 */
function onlySeparator(text: string): number {
  DATE_TIME_SEPARATOR.lastIndex = 0;
  const first = DATE_TIME_SEPARATOR.exec(text);
  if (first === null) return -1;
  return DATE_TIME_SEPARATOR.exec(text) === null ? first.index : -1;
}

const DIGIT_0 = 48;
const digitAt = (text: string, index: number): number => text.charCodeAt(index) - DIGIT_0;
const isDigitAt = (text: string, index: number): boolean => {
  const digit = digitAt(text, index);
  return digit >= 0 && digit <= 9;
};
const twoDigits = (text: string, index: number): number =>
  isDigitAt(text, index) && isDigitAt(text, index + 1)
    ? digitAt(text, index) * 10 + digitAt(text, index + 1)
    : -1;

/**
 * True for the form nearly every payload uses, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with
 * in-range fields, read character by character. Every string it accepts is one the general check
 * below accepts too (a subset of its grammar, no leap second, no fraction on second 59); false
 * means "not this form" and the general check decides, so the verdicts are ajv-formats' either way.
 */
function isCommonDateTime(text: string): boolean {
  const length = text.length;
  if (length < 20 || text[4] !== "-" || text[7] !== "-" || text[10] !== "T") return false;
  if (text[13] !== ":" || text[16] !== ":") return false;
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yearInCentury < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && isLeapYear(century * 100 + yearInCentury);
  if (day > (leap ? 29 : (DAYS[month] as number))) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let index = 19;
  // ajv-formats reads seconds as a number: "59.999…" with enough nines rounds to 60, so a fraction
  // on second 59 is left to the general check.
  if (text[index] === "." && second === 59) return false;
  if (text[index] === ".") {
    index++;
    if (!isDigitAt(text, index)) return false;
    while (isDigitAt(text, index)) index++;
  }
  const zone = text[index];
  if (zone === "Z" || zone === "z") return index === length - 1;
  if ((zone !== "+" && zone !== "-") || index !== length - 6 || text[index + 3] !== ":") return false;
  const zoneHours = twoDigits(text, index + 1);
  const zoneMinutes = twoDigits(text, index + 4);
  return zoneHours >= 0 && zoneHours <= 23 && zoneMinutes >= 0 && zoneMinutes <= 59;
}

function dateTime(strictTimeZone: boolean): (text: string) => boolean {
  const checkTime = time(strictTimeZone);
  return (text) => {
    if (isCommonDateTime(text)) return true;
    const at = onlySeparator(text);
    return at >= 0 && date(text.slice(0, at)) && checkTime(text.slice(at + 1));
  };
}

function uri(text: string): boolean {
  return COMMON_URI.test(text) || (NOT_URI_FRAGMENT.test(text) && URI.test(text));
}

function byte(text: string): boolean {
  BYTE.lastIndex = 0;
  return BYTE.test(text);
}

function regex(text: string): boolean {
  if (Z_ANCHOR.test(text)) return false;
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}

const matches =
  (pattern: RegExp) =>
  (text: string): boolean =>
    pattern.test(text);
const string = (validate: (text: string) => boolean): FormatCheck => ({ type: "string", validate });
const number = (validate: (value: number) => boolean): FormatCheck => ({ type: "number", validate });

/** Every format ajv-formats checks (`password` and `binary` are annotations there and here). */
export const formats: FormatTable = Object.freeze({
  date: string(date),
  time: string(time(true)),
  "date-time": string(dateTime(true)),
  "iso-time": string(time(false)),
  "iso-date-time": string(dateTime(false)),
  duration: string(matches(DURATION)),
  uri: string(uri),
  "uri-reference": string(matches(URI_REFERENCE)),
  "uri-template": string(matches(URI_TEMPLATE)),
  url: string(matches(URL)),
  email: string(matches(EMAIL)),
  hostname: string(matches(HOSTNAME)),
  ipv4: string(matches(IPV4)),
  ipv6: string(matches(IPV6)),
  regex: string(regex),
  uuid: string(matches(UUID)),
  "json-pointer": string(matches(JSON_POINTER)),
  "json-pointer-uri-fragment": string(matches(JSON_POINTER_URI_FRAGMENT)),
  "relative-json-pointer": string(matches(RELATIVE_JSON_POINTER)),
  byte: string(byte),
  int32: number((value) => Number.isInteger(value) && value <= MAX_INT32 && value >= MIN_INT32),
  // JavaScript numbers hold integers exactly up to 2**53: every integer is a valid int64 here.
  int64: number((value) => Number.isInteger(value)),
  float: number(() => true),
  double: number(() => true),
});

const pass = (): boolean => true;

/** The same names with every check passing: format validation switched off. */
export const noFormats: FormatTable = Object.freeze(
  Object.fromEntries(
    Object.entries(formats).map(([name, check]) => [name, { type: check.type, validate: pass }]),
  ),
);
