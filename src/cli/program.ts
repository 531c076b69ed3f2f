// The commander program: every option, its parser and its help text. Actions live elsewhere.
import { Command, type HelpContext, Option } from 'commander';
import { BACKEND_CHOICES } from '../capture/backend.js';
import { PIXEL_FORMATS } from '../encode/formats.js';
import { printable } from '../output/safe-name.js';
import {
  type DoctorOptions,
  doctorOptionsOf,
  type GrabOptions,
  type MonitorsOptions,
  monitorsOptionsOf,
  type WindowsOptions,
} from './options.js';
import {
  integerFrom,
  parseDuration,
  parseFormat,
  parseFps,
  parseGeometry,
  parseLoopDuration,
  parseMonitor,
  parseResize,
  parseScale,
} from './parse.js';

export interface Actions {
  grab(output: string | undefined, options: GrabOptions): Promise<void>;
  monitors(options: MonitorsOptions): Promise<void>;
  windows(options: WindowsOptions): Promise<void>;
  doctor(options: DoctorOptions): Promise<void>;
}

/**
 * Options that make sense for every command, given before or after the command's name
 * (`mss-ts -D :1 grab` or `mss-ts grab -D :1`): actions read them with optsWithGlobals().
 */
function withGlobalOptions(program: Command): Command {
  return program
    .option('-D, --display <name>', 'X display to capture (default: $DISPLAY)')
    .addOption(
      new Option(
        '--backend <name>',
        'how pixels travel: MIT-SHM, GetImage, or auto (SHM, else GetImage)',
      )
        .choices(BACKEND_CHOICES)
        .default('auto'),
    )
    .option('-q, --quiet', 'print nothing but errors')
    .option('--verbose', 'explain what happens on stderr (also MSS_TS_DEBUG=1)');
}

/** What `mss-ts --help` and `mss-ts grab --help` end with: the three everyday uses. */
export const EXAMPLES = `
Examples:
  Monitor 1 to a PNG:
    mss-ts grab -m 1 shot.png
  An area or a window you select with the pointer:
    mss-ts grab -s shot.png
  A timelapse, one JPEG every 5 seconds, numbered:
    mss-ts grab --interval 5s -o 'timelapse/{n:06}.jpg'
  Monitor 1 recorded through ffmpeg, as H.264 that every player plays:
    mss-ts grab -m 1 --fps 30 -f raw - | ffmpeg $(mss-ts grab -m 1 --fps 30 -f raw --print-ffmpeg-args) -pix_fmt yuv420p out.mp4

See man mss-ts for every option, output patterns and exit statuses.
`;

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/**
 * Commander's error message as one line: its suggestion, on a line of its own
 * ("\n(Did you mean --region?)"), goes at the end of the message instead, and control
 * characters in an argument it quotes (a newline, a terminal's escape) are shown as \xNN.
 */
function errorLine(text: string): string {
  return printable(
    text
      .replace(/^error: /, '')
      .replace(/\n$/, '')
      .replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean $1?)'),
  );
}

/**
 * The root command. Commander answers a missing command (`mss-ts` alone) or help for an unknown
 * one (`mss-ts help frob`) with the whole help on stderr; mss-ts says what is wrong in one line.
 */
class Program extends Command {
  override help(context?: HelpContext): never;
  override help(cb: (str: string) => string): never;
  override help(context?: HelpContext | ((str: string) => string)): never {
    if (typeof context === 'object' && context.error) {
      const names = this.commands.map((c) => c.name());
      const expected = `expected ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
      const [first, name] = this.args;
      if (first === 'help' && name !== undefined) {
        this.error(`unknown command '${name}': ${expected}`, {
          code: 'commander.unknownCommand',
        });
      }
      this.error(`missing command: ${expected} (mss-ts --help describes them)`, {
        code: 'commander.missingCommand',
      });
    }
    return super.help(context as HelpContext);
  }
}

export function buildProgram(version: string, output: ProgramOutput, actions: Actions): Command {
  const program = new Program('mss-ts')
    .configureOutput({
      ...output,
      outputError: (text, write) => write(`mss-ts: ${errorLine(text)}\n`),
    })
    .description('Fast screenshots of X11 monitors and regions, to PNG, JPEG, WebP or raw frames.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', EXAMPLES)
    .exitOverride();
  withGlobalOptions(program);

  program
    .command('grab')
    .description('capture a monitor, a region, a window or every monitor to a file or stdout')
    .argument('[output]', "file name or pattern ('-' for stdout); same as -o")
    .addOption(
      new Option('-m, --monitor <sel>', '0 (all monitors), 1..N, primary, each, or a monitor name')
        .argParser(parseMonitor)
        .default(parseMonitor('0'), '0'),
    )
    .addOption(
      new Option(
        '-w, --window <id|name|active|root>',
        'a window: id (0x3a00007 or decimal), part of its name, the active one, or root',
      ).conflicts('monitor'),
    )
    .option(
      '--frame',
      "with -w, or a click with -s, include the window manager's frame around the window",
    )
    .option(
      '--no-composite',
      "with -w, capture the screen area (where other windows may cover it), not the window's own contents",
    )
    .option(
      '-r, --region <geometry>',
      'area inside the monitor (or window): WxH+X+Y or X,Y,W,H',
      parseGeometry,
    )
    .option(
      '-s, --select',
      'select the area with the pointer: drag a rectangle, or click a window (Escape cancels)',
    )
    .option('-o, --output <pattern>', "file name or pattern ('-' for stdout)")
    .option(
      '-f, --format <format>',
      'png, jpeg, webp or raw (default: from the extension, else png)',
      parseFormat,
    )
    .option(
      '-l, --level <0-9>',
      'PNG compression level (a loop deflates again only the strips of rows that changed)',
      integerFrom(0, 9),
      6,
    )
    .option('--quality <1-100>', 'JPEG and WebP quality', integerFrom(1, 100), 90)
    .addOption(
      new Option(
        '--pixel-format <layout>',
        'raw byte layout (bgr0: as captured, no conversion)',
      ).choices(PIXEL_FORMATS),
    )
    .addOption(
      new Option('--scale <factor>', 'scale the image before encoding: 0.5 halves each side')
        .argParser(parseScale)
        .conflicts('resize'),
    )
    .option(
      '--resize <WxH|Wx|xH>',
      'resize before encoding: WxH exactly, Wx or xH keeping the aspect ratio',
      parseResize,
    )
    .option(
      '-d, --delay <duration>',
      'wait before capturing: 500ms, 2s, 1m (a bare number is seconds)',
      parseDuration,
    )
    .option(
      '-c, --clipboard',
      'put the image on the clipboard (PNG, JPEG or WebP); with no output name, write no file',
    )
    .option('--force', 'write image data to stdout even when it is a terminal')
    .option('--no-damage', 'copy every pixel on every grab instead of only the rows that changed')
    .option('--cursor', 'draw the mouse pointer into the image (XFIXES extension)')
    .addOption(
      new Option(
        '--interval <duration>',
        'repeat: one frame every duration (0: as fast as possible)',
      )
        .argParser(parseDuration)
        .conflicts('fps'),
    )
    .option('--fps <rate>', 'repeat: frames per second, up to 10000', parseFps)
    .option(
      '-n, --count <N>',
      'repeat: stop after N ticks (written, unchanged, repeated or dropped)',
      integerFrom(1, Number.MAX_SAFE_INTEGER),
    )
    .option('--duration <duration>', 'repeat: stop after this long', parseLoopDuration)
    .option(
      '--skip-unchanged',
      'in a loop, write no file for a tick whose frame equals the last one written (with damage tracking, a tick with nothing drawn is not even grabbed); {n} still counts every tick, so the numbers have gaps',
    )
    .addOption(
      new Option(
        '--pace <mode>',
        'for a tick with no frame of its own: send the newest frame (frames) or leave it out (drop); default frames for raw output at a fixed rate',
      ).choices(['frames', 'drop']),
    )
    .option('--overwrite', 'in a loop, replace existing files (a loop refuses by default)')
    .option('--print-ffmpeg-args', 'print the ffmpeg input arguments for this raw stream and exit')
    .option('--json', 'print a JSON line for each file on stdout instead of its path')
    .addHelpText('after', EXAMPLES)
    .action((output: string | undefined, _options: unknown, command: Command) =>
      actions.grab(output, command.optsWithGlobals()),
    );

  program
    .command('monitors')
    .description('list the monitors: index, name, geometry, primary')
    .option('--json', 'print the monitors and the capture method as one JSON object')
    .action((_options: unknown, command: Command) =>
      actions.monitors(monitorsOptionsOf(command.optsWithGlobals())),
    );

  program
    .command('windows')
    .description('list the top-level windows: id, name, class, geometry, mapped, * for active')
    .option('--json', 'print the windows as one JSON object')
    .action((_options: unknown, command: Command) =>
      actions.windows(monitorsOptionsOf(command.optsWithGlobals())),
    );

  program
    .command('doctor')
    .description(
      'check what capture needs (display, libraries, extensions), time it, and say what to fix',
    )
    .option('--json', 'print every check and the verdict as one JSON object')
    .action((_options: unknown, command: Command) =>
      actions.doctor(doctorOptionsOf(command.optsWithGlobals())),
    );

  return program;
}
