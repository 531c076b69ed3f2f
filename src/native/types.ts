// Every koffi struct, declared once: koffi's type names are global to the thread, and a test
// runner may evaluate this module twice, so an existing declaration is reused.
import koffi from 'koffi';

type TypeObject = ReturnType<typeof koffi.struct>;

function struct(name: string, members: Record<string, string>): TypeObject {
  try {
    return koffi.type(name) as TypeObject;
  } catch {
    return koffi.struct(name, members);
  }
}

/** Every xcb cookie has this one member, whatever its C name. */
export const Cookie = struct('mss_xcb_cookie_t', { sequence: 'uint32_t' });

/** xcb_generic_error_t, 32 bytes plus full_sequence. */
export const GenericError = struct('mss_xcb_generic_error_t', {
  response_type: 'uint8_t',
  error_code: 'uint8_t',
  sequence: 'uint16_t',
  resource_id: 'uint32_t',
  minor_code: 'uint16_t',
  major_code: 'uint8_t',
  pad0: 'uint8_t',
  pad: 'uint32_t[5]',
  full_sequence: 'uint32_t',
});

export interface CookieValue {
  sequence: number;
}

export interface GenericErrorValue {
  error_code: number;
  minor_code: number;
  major_code: number;
  sequence: number;
}

/** A C pointer as koffi 3 hands it out: a BigInt, or null for NULL. */
export type Pointer = bigint;
