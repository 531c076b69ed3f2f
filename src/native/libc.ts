// The few libc calls mss-ts needs, with errno turned into ScreenShotError.
import koffi from 'koffi';
import { ScreenShotError, type ScreenShotErrorKind } from '../capture/errors.js';
import { libc } from './lib.js';
import type { Pointer } from './types.js';

const c = libc();
const memfd_create = c.func('int memfd_create(const char *name, unsigned int flags)');
const ftruncate = c.func('int ftruncate(int fd, int64_t length)');
const mmap = c.func(
  'void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)',
);
const munmapC = c.func('int munmap(void *addr, size_t length)');
const closeC = c.func('int close(int fd)');
const strerror = c.func('const char *strerror(int errnum)');
const getsockname = c.func('int getsockname(int fd, _Out_ uint8_t *addr, _Inout_ uint32_t *len)');
const fcntl = c.func('int fcntl(int fd, int cmd, ...)');
/** free(3), for the memory libxcb hands over (replies, errors, events). */
export const free = c.func('void free(void *ptr)') as (ptr: Pointer) => void;
export const memcpy = c.func('void *memcpy(void *dest, void *src, size_t n)') as (
  dest: Pointer | Uint8Array,
  src: Pointer | Uint8Array,
  n: number,
) => Pointer;

const MFD_CLOEXEC = 1;
const PROT_READ_WRITE = 0x1 | 0x2;
const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_ANONYMOUS = 0x20;
const MAP_FAILED = 0xffffffffffffffffn;
const AF_UNIX = 1;

function fail(what: string, kind: ScreenShotErrorKind = 'resource'): never {
  const errno = koffi.errno();
  throw new ScreenShotError(`${what}: ${strerror(errno) as string}`, kind);
}

/** A sealed-off memfd of `size` bytes (close-on-exec), for a segment the X server can map too. */
export function memfdOfSize(name: string, size: number): number {
  const fd = memfd_create(name, MFD_CLOEXEC) as number;
  if (fd < 0) fail('memfd_create failed');
  if ((ftruncate(fd, size) as number) !== 0) {
    closeFd(fd);
    fail(`could not size a ${size}-byte shared memory segment`);
  }
  return fd;
}

/** mmap(MAP_SHARED) of a memfd, or anonymous private memory when `fd` is -1. */
export function mapMemory(size: number, fd: number): Pointer {
  const flags = fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED;
  const ptr = mmap(null, size, PROT_READ_WRITE, flags, fd, 0) as Pointer | null;
  if (ptr === null || BigInt.asUintN(64, ptr) === MAP_FAILED) fail(`could not map ${size} bytes`);
  return ptr as Pointer;
}

/**
 * The bytes of mapped memory as a Uint8Array, without a copy. The array does not own the memory:
 * reading it after unmapMemory() crashes the process, so unmap only once no view is reachable.
 */
export function viewOf(ptr: Pointer, size: number): Uint8Array {
  return new Uint8Array(koffi.view(ptr, size));
}

/**
 * Copy `length` bytes of C memory into a Buffer owned by JavaScript. memcpy into the Buffer, not
 * a koffi.view: a view is an external ArrayBuffer, and Node frees the bookkeeping of each one
 * from the event loop, a cost per reply that a capture loop pays on every frame.
 */
export function copyOut(ptr: Pointer, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  memcpy(out, ptr, length);
  return out;
}

export function unmapMemory(ptr: Pointer, size: number): void {
  munmapC(ptr, size);
}

export function closeFd(fd: number): void {
  closeC(fd);
}

/** Whether `fd` is a Unix-domain socket, the only kind that can pass a memfd to the X server. */
export function isUnixSocket(fd: number): boolean {
  const addr = Buffer.alloc(128);
  const len = [addr.length];
  if ((getsockname(fd, addr, len) as number) !== 0) return false;
  return addr.readUInt16LE(0) === AF_UNIX;
}

const F_GETPIPE_SZ = 1032;
const F_SETPIPE_SZ = 1031;

/** Grow a pipe's buffer (F_SETPIPE_SZ); returns the size in force afterwards, or -1. */
export function setPipeSize(fd: number, size: number): number {
  const result = fcntl(fd, F_SETPIPE_SZ, 'int', size) as number;
  return result >= 0 ? result : (fcntl(fd, F_GETPIPE_SZ) as number);
}

const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;

/** Clear O_NONBLOCK, so that a write on a libuv worker thread waits for the reader. */
export function setBlocking(fd: number): void {
  const flags = fcntl(fd, F_GETFL) as number;
  if (flags >= 0 && flags & O_NONBLOCK) fcntl(fd, F_SETFL, 'int', flags & ~O_NONBLOCK);
}
