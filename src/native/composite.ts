// Composite requests, one typed wrapper each. libxcb-composite is loaded only when a window is
// captured through Composite; a missing library is an error naming its Debian package.
import { compositeLib, lazily, requestFunction } from './lib.js';
import { xcb_composite_query_version_reply_t } from './types.js';
import type { XConnection } from './xcb.js';

const declared = lazily(() => {
  const f = (prototype: string) => requestFunction(compositeLib(), prototype);
  return {
    queryVersion: f(
      'mss_xcb_cookie_t xcb_composite_query_version(void *c, uint32_t client_major_version, uint32_t client_minor_version)',
    ),
    redirectWindow: f(
      'mss_xcb_cookie_t xcb_composite_redirect_window_checked(void *c, uint32_t window, uint8_t update)',
    ),
    unredirectWindow: f(
      'mss_xcb_cookie_t xcb_composite_unredirect_window(void *c, uint32_t window, uint8_t update)',
    ),
    nameWindowPixmap: f(
      'mss_xcb_cookie_t xcb_composite_name_window_pixmap(void *c, uint32_t window, uint32_t pixmap)',
    ),
  };
});

/** The server keeps the window's contents up to date in its pixmap by itself. */
const REDIRECT_AUTOMATIC = 0;

/** CompositeQueryVersion, asking for 0.4 (NameWindowPixmap needs 0.2): [major, minor]. */
export function compositeQueryVersion(conn: XConnection): [number, number] {
  const { major_version, minor_version } = conn.reply(
    declared().queryVersion(conn.ptr, 0, 4),
    (r) => r.struct(xcb_composite_query_version_reply_t),
  );
  return [major_version, minor_version];
}

/** CompositeRedirectWindow, automatic (checked): the window is drawn into a pixmap of its own. */
export function compositeRedirectWindow(conn: XConnection, window: number): void {
  conn.check(declared().redirectWindow(conn.ptr, window, REDIRECT_AUTOMATIC));
}

/** CompositeUnredirectWindow, automatic (unchecked: the window may be gone already). */
export function compositeUnredirectWindow(conn: XConnection, window: number): void {
  declared().unredirectWindow(conn.ptr, window, REDIRECT_AUTOMATIC);
}

/**
 * CompositeNameWindowPixmap: `pixmap` names the window's current contents. Unchecked, so that
 * it costs no round trip: a failure shows as an error of the next request that uses `pixmap`.
 */
export function compositeNameWindowPixmap(conn: XConnection, window: number, pixmap: number): void {
  declared().nameWindowPixmap(conn.ptr, window, pixmap);
}
