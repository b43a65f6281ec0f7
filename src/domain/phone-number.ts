/**
 * A Vietnamese phone number in one comparable form: digits, national "0" prefix
 * ("+84 912 345 678", "84912345678", "0912.345.678" → "0912345678"). Undefined when it is not one.
 */
export function phoneNumber(raw: string): string | undefined {
  let digits = raw.replace(/[\s.\-()]/g, "");
  if (digits.startsWith("+")) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return undefined;
  if (digits.startsWith("84") && digits.length >= 11) digits = `0${digits.slice(2)}`;
  if (!digits.startsWith("0")) digits = `0${digits}`;
  return digits.length >= 10 && digits.length <= 11 ? digits : undefined;
}
