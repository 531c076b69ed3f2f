// What the demo's private Xvfb shows: a desktop-like picture made here, the same on every machine
// (integer arithmetic only), so the demo needs no file from outside the project.

type Rgb = readonly [number, number, number];
type Paint = Rgb | ((x: number, y: number) => Rgb);

/** BGRX pixels (padding byte 0) that rectangles are filled into, clipped to the picture. */
class Canvas {
  readonly bgrx: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.bgrx = Buffer.alloc(width * height * 4);
  }

  fill(left: number, top: number, width: number, height: number, paint: Paint): void {
    const x0 = Math.max(0, Math.round(left));
    const y0 = Math.max(0, Math.round(top));
    const x1 = Math.min(this.width, Math.round(left + width));
    const y1 = Math.min(this.height, Math.round(top + height));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const [r, g, b] = typeof paint === 'function' ? paint(x - x0, y - y0) : paint;
        const i = (y * this.width + x) * 4;
        this.bgrx[i] = b;
        this.bgrx[i + 1] = g;
        this.bgrx[i + 2] = r;
      }
    }
  }
}

/** 0 up to 255 and back down over `period`. */
function triangle(t: number, period: number): number {
  const phase = (((t % period) + period) % period) * 2;
  return Math.floor((255 * (phase < period ? phase : 2 * period - phase)) / period);
}

/** A linear congruential generator: the same "words" every time. */
function lcg(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 16) % below;
  };
}

/** A window: a dark title bar with three buttons above a body. */
function window(c: Canvas, left: number, top: number, width: number, height: number, body: Paint) {
  c.fill(left + 6, top + 6, width, height, [24, 36, 66]); // shadow
  c.fill(left, top, width, 26, [60, 63, 65]);
  const buttons: Rgb[] = [
    [255, 95, 86],
    [255, 189, 46],
    [39, 201, 63],
  ];
  for (const [n, colour] of buttons.entries()) c.fill(left + 10 + n * 20, top + 8, 11, 11, colour);
  c.fill(left, top + 26, width, height - 26, body);
}

/** Rows of monospace "letters" (blocks 6 wide in cells 8x16), words of varying length. */
function textLines(c: Canvas, left: number, top: number, width: number, height: number) {
  const next = lcg(9);
  const columns = Math.floor((width - 24) / 8);
  for (let row = 0; (row + 1) * 16 <= height - 16; row++) {
    const y = top + 10 + row * 16;
    let column = 0;
    if (row % 6 === 0) {
      c.fill(left + 12, y + 3, 6, 9, [46, 139, 87]); // a prompt, then a command
      column = 2;
    }
    const end = Math.min(columns, 12 + next(columns - 12));
    while (column < end) {
      const word = 1 + next(9);
      for (let k = 0; k < word && column + k < end; k++) {
        const tall = next(4) === 0; // a capital or an ascender among x-height letters
        const ink: Rgb = row % 6 === 0 ? [30, 30, 30] : [80, 80, 80];
        c.fill(left + 12 + (column + k) * 8, tall ? y + 3 : y + 6, 6, tall ? 9 : 6, ink);
      }
      column += word + 1;
    }
  }
}

/** A desktop-like BGRX picture: wallpaper, panel, a photo, a terminal, three colour squares. */
export function desktopPicture(width: number, height: number): Buffer {
  const c = new Canvas(width, height);
  c.fill(0, 0, width, height, (x, y) => [
    31 + Math.floor((75 * y) / height),
    58 + Math.floor((77 * y) / height),
    110 + Math.floor((90 * y) / height) + Math.floor((10 * x) / width),
  ]);
  c.fill(0, 0, width, 24, [43, 43, 43]); // the panel: a menu, a clock
  c.fill(12, 8, 48, 9, [200, 200, 200]);
  c.fill(width - 72, 8, 60, 9, [200, 200, 200]);

  const photoWidth = Math.floor(width * 0.36);
  const photoHeight = Math.floor(height * 0.4);
  window(c, 20, 40, photoWidth, photoHeight, (x, y) => [
    Math.floor((triangle(3 * x + 2 * y, 1400) + triangle(x - 3 * y, 900)) / 2),
    Math.floor((triangle(2 * x - y + 300, 1000) + triangle(5 * y, 1300)) / 2),
    Math.floor((triangle(x + 4 * y + 600, 1700) + triangle(4 * x, 1100)) / 2),
  ]);

  const termLeft = photoWidth + 50;
  const termWidth = Math.min(Math.floor(width * 0.45), width - termLeft - 20);
  const termHeight = Math.floor(height * 0.5);
  window(c, termLeft, 40, termWidth, termHeight, [250, 250, 250]);
  textLines(c, termLeft, 40 + 26, termWidth, termHeight - 26);

  const side = Math.floor(height * 0.11);
  const squares: Rgb[] = [
    [204, 51, 51],
    [51, 204, 51],
    [51, 51, 204],
  ];
  for (const [n, colour] of squares.entries()) {
    c.fill(40 + n * (side + 20), height - 2 * side, side, side, colour);
  }
  return c.bgrx;
}
