// Which X display a command captures: -D/--display, else $DISPLAY. With neither, the message
// says both ways to give one (the library's message knows nothing of flags).
import { ScreenShotError } from '../capture/errors.js';

/** @throws ScreenShotError (kind `display`, exit 69) when no display is named. */
export function displayName(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (option === '') {
    throw new ScreenShotError(
      "option '-D, --display' is empty: give a display name (for example -D :0)",
      'display',
    );
  }
  const name = option ?? env.DISPLAY ?? '';
  if (name !== '') return name;
  const wayland = env.WAYLAND_DISPLAY
    ? " (this is a Wayland session: mss-ts captures X11 displays, XWayland's among them)"
    : '';
  throw new ScreenShotError(
    `no X display: DISPLAY is unset; set it or pass -D/--display (for example -D :0)${wayland}`,
    'display',
  );
}
