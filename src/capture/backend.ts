// Backend names, apart from the bindings so that option parsing does not load libxcb.

/** How pixels travel: MIT-SHM shared memory (fast), or copied out of GetImage replies. */
export type Backend = 'shm' | 'getimage';
export type BackendChoice = Backend | 'auto';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'shm', 'getimage'];
