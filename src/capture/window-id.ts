// How window ids are written, apart from the bindings so that output patterns load no koffi.

/** `0x3a00007`, as xwininfo and xprop write window ids. */
export const hexId = (id: number): string => `0x${id.toString(16)}`;
