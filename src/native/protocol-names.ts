// Names for X errors and requests, so protocol errors read like Xlib's.

const CORE_ERRORS = [
  '',
  'BadRequest (invalid request code or no such operation)',
  'BadValue (integer parameter out of range for operation)',
  'BadWindow (invalid Window parameter)',
  'BadPixmap (invalid Pixmap parameter)',
  'BadAtom (invalid Atom parameter)',
  'BadCursor (invalid Cursor parameter)',
  'BadFont (invalid Font parameter)',
  'BadMatch (invalid parameter attributes)',
  'BadDrawable (invalid Pixmap or Window parameter)',
  'BadAccess (attempt to access private resource denied)',
  'BadAlloc (insufficient resources for operation)',
  'BadColor (invalid Colormap parameter)',
  'BadGC (invalid GC parameter)',
  'BadIDChoice (invalid resource ID chosen for this connection)',
  'BadName (named color or font does not exist)',
  'BadLength (poly request too large or internal Xlib length error)',
  'BadImplementation (server does not implement operation)',
];

const CORE_REQUESTS: Record<number, string> = {
  2: 'ChangeWindowAttributes',
  14: 'GetGeometry',
  17: 'GetAtomName',
  53: 'CreatePixmap',
  54: 'FreePixmap',
  55: 'CreateGC',
  60: 'FreeGC',
  72: 'PutImage',
  73: 'GetImage',
  95: 'FreeCursor',
  98: 'QueryExtension',
};

interface ExtensionNames {
  prefix: string;
  requests: Record<number, string>;
  errors: string[];
}

const EXTENSIONS: Record<string, ExtensionNames> = {
  'MIT-SHM': {
    prefix: 'Shm',
    requests: {
      0: 'QueryVersion',
      1: 'Attach',
      2: 'Detach',
      3: 'PutImage',
      4: 'GetImage',
      6: 'AttachFd',
    },
    errors: ['BadShmSeg (invalid shared segment parameter)'],
  },
  RANDR: {
    prefix: 'RR',
    requests: {
      0: 'QueryVersion',
      8: 'GetScreenResources',
      9: 'GetOutputInfo',
      20: 'GetCrtcInfo',
      25: 'GetScreenResourcesCurrent',
      42: 'GetMonitors',
    },
    errors: ['BadRROutput', 'BadRRCrtc', 'BadRRMode', 'BadRRProvider'],
  },
  XFIXES: {
    prefix: 'XFixes',
    requests: {
      0: 'QueryVersion',
      4: 'GetCursorImage',
      5: 'CreateRegion',
      10: 'DestroyRegion',
      19: 'FetchRegion',
      29: 'HideCursor',
      30: 'ShowCursor',
    },
    errors: ['BadRegion', 'BadBarrier'],
  },
  RENDER: {
    prefix: 'Render',
    requests: {
      0: 'QueryVersion',
      1: 'QueryPictFormats',
      4: 'CreatePicture',
      7: 'FreePicture',
      8: 'Composite',
      27: 'CreateCursor',
    },
    errors: ['BadPictFormat', 'BadPicture', 'BadPictOp', 'BadGlyphSet', 'BadGlyph'],
  },
  DAMAGE: {
    prefix: 'Damage',
    requests: { 0: 'QueryVersion', 1: 'Create', 2: 'Destroy', 3: 'Subtract' },
    errors: ['BadDamage'],
  },
};

/** What the server told us about an extension in QueryExtension. */
export interface ExtensionInfo {
  name: string;
  majorOpcode: number;
  firstError: number;
}

/** Xlib-style name for an error code, given the extensions known on this connection. */
export function errorName(code: number, extensions: Iterable<ExtensionInfo>): string {
  const core = CORE_ERRORS[code];
  if (core) return core;
  for (const ext of extensions) {
    const names = EXTENSIONS[ext.name]?.errors ?? [];
    const index = code - ext.firstError;
    if (ext.firstError > 0 && index >= 0 && index < names.length) return names[index] as string;
  }
  return `X error ${code}`;
}

/** Xlib-style name for a request ("GetImage", "ShmGetImage", "RANDR request 99"). */
export function requestName(
  major: number,
  minor: number,
  extensions: Iterable<ExtensionInfo>,
): string {
  if (major < 128) return CORE_REQUESTS[major] ?? `core request ${major}`;
  for (const ext of extensions) {
    if (ext.majorOpcode !== major) continue;
    const names = EXTENSIONS[ext.name];
    const request = names?.requests[minor];
    return request && names ? `${names.prefix}${request}` : `${ext.name} request ${minor}`;
  }
  return `request ${major}.${minor}`;
}
