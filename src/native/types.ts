// Every struct of the X protocol that mss-ts reads, declared once, each named after its xcb C
// type and with xcb's member names (xcb's headers are generated from the protocol text in
// xcb-proto's XML files, /usr/share/xcb/*.xml), so that a reader can check one against the other;
// test/native/protocol-layout.test.ts does.
import { pad, struct } from './struct.js';

// Generic shapes and the core protocol (xproto.xml).

/** Every xcb_*_cookie_t has this one member. */
export const xcb_cookie_t = struct('xcb_cookie_t', { sequence: 'uint32_t' });
// Declared to koffi now, not on first use: the prototypes of every binding name it
// (mss_xcb_cookie_t), and koffi resolves those names when a function is declared.
void xcb_cookie_t.type;

/** The start of every reply: `length` counts the 4-byte units after the first 32 bytes. */
export const xcb_generic_reply_t = struct('xcb_generic_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
});

export const xcb_generic_error_t = struct('xcb_generic_error_t', {
  response_type: 'uint8_t',
  error_code: 'uint8_t',
  sequence: 'uint16_t',
  resource_id: 'uint32_t',
  minor_code: 'uint16_t',
  major_code: 'uint8_t',
  pad0: pad(1),
  pad: pad(20),
  full_sequence: 'uint32_t',
});

export const xcb_generic_event_t = struct('xcb_generic_event_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  pad: pad(28),
  full_sequence: 'uint32_t',
});

export const xcb_configure_notify_event_t = struct('xcb_configure_notify_event_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  event: 'uint32_t',
  window: 'uint32_t',
  above_sibling: 'uint32_t',
  x: 'int16_t',
  y: 'int16_t',
  width: 'uint16_t',
  height: 'uint16_t',
  border_width: 'uint16_t',
  override_redirect: 'uint8_t',
  pad1: pad(1),
});

/** The connection setup; the vendor string, pixmap formats and screens follow it. */
export const xcb_setup_t = struct('xcb_setup_t', {
  status: 'uint8_t',
  pad0: pad(1),
  protocol_major_version: 'uint16_t',
  protocol_minor_version: 'uint16_t',
  length: 'uint16_t',
  release_number: 'uint32_t',
  resource_id_base: 'uint32_t',
  resource_id_mask: 'uint32_t',
  motion_buffer_size: 'uint32_t',
  vendor_len: 'uint16_t',
  maximum_request_length: 'uint16_t',
  roots_len: 'uint8_t',
  pixmap_formats_len: 'uint8_t',
  image_byte_order: 'uint8_t',
  bitmap_format_bit_order: 'uint8_t',
  bitmap_format_scanline_unit: 'uint8_t',
  bitmap_format_scanline_pad: 'uint8_t',
  min_keycode: 'uint8_t',
  max_keycode: 'uint8_t',
  pad1: pad(4),
});

export const xcb_format_t = struct('xcb_format_t', {
  depth: 'uint8_t',
  bits_per_pixel: 'uint8_t',
  scanline_pad: 'uint8_t',
  pad0: pad(5),
});

/** A screen; its allowed depths follow it. */
export const xcb_screen_t = struct('xcb_screen_t', {
  root: 'uint32_t',
  default_colormap: 'uint32_t',
  white_pixel: 'uint32_t',
  black_pixel: 'uint32_t',
  current_input_masks: 'uint32_t',
  width_in_pixels: 'uint16_t',
  height_in_pixels: 'uint16_t',
  width_in_millimeters: 'uint16_t',
  height_in_millimeters: 'uint16_t',
  min_installed_maps: 'uint16_t',
  max_installed_maps: 'uint16_t',
  root_visual: 'uint32_t',
  backing_stores: 'uint8_t',
  save_unders: 'uint8_t',
  root_depth: 'uint8_t',
  allowed_depths_len: 'uint8_t',
});

/** A depth; its visuals follow it. */
export const xcb_depth_t = struct('xcb_depth_t', {
  depth: 'uint8_t',
  pad0: pad(1),
  visuals_len: 'uint16_t',
  pad1: pad(4),
});

export const xcb_visualtype_t = struct('xcb_visualtype_t', {
  visual_id: 'uint32_t',
  _class: 'uint8_t',
  bits_per_rgb_value: 'uint8_t',
  colormap_entries: 'uint16_t',
  red_mask: 'uint32_t',
  green_mask: 'uint32_t',
  blue_mask: 'uint32_t',
  pad0: pad(4),
});

export const xcb_rectangle_t = struct('xcb_rectangle_t', {
  x: 'int16_t',
  y: 'int16_t',
  width: 'uint16_t',
  height: 'uint16_t',
});

export const xcb_query_extension_reply_t = struct('xcb_query_extension_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  present: 'uint8_t',
  major_opcode: 'uint8_t',
  first_event: 'uint8_t',
  first_error: 'uint8_t',
});

export const xcb_get_geometry_reply_t = struct('xcb_get_geometry_reply_t', {
  response_type: 'uint8_t',
  depth: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  root: 'uint32_t',
  x: 'int16_t',
  y: 'int16_t',
  width: 'uint16_t',
  height: 'uint16_t',
  border_width: 'uint16_t',
  pad0: pad(2),
});

/** GetAtomName's reply; the name follows it. */
export const xcb_get_atom_name_reply_t = struct('xcb_get_atom_name_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  name_len: 'uint16_t',
  pad1: pad(22),
});

/** GetImage's reply; `length` * 4 bytes of pixels follow it. */
export const xcb_get_image_reply_t = struct('xcb_get_image_reply_t', {
  response_type: 'uint8_t',
  depth: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  visual: 'uint32_t',
  pad0: pad(20),
});

// MIT-SHM (shm.xml).

export const xcb_shm_query_version_reply_t = struct('xcb_shm_query_version_reply_t', {
  response_type: 'uint8_t',
  shared_pixmaps: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  major_version: 'uint16_t',
  minor_version: 'uint16_t',
  uid: 'uint16_t',
  gid: 'uint16_t',
  pixmap_format: 'uint8_t',
  pad0: pad(15),
});

// RandR (randr.xml).

export const xcb_randr_query_version_reply_t = struct('xcb_randr_query_version_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  major_version: 'uint32_t',
  minor_version: 'uint32_t',
  pad1: pad(16),
});

/** GetMonitors' reply; `nMonitors` monitors follow it. */
export const xcb_randr_get_monitors_reply_t = struct('xcb_randr_get_monitors_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  timestamp: 'uint32_t',
  nMonitors: 'uint32_t',
  nOutputs: 'uint32_t',
  pad1: pad(12),
});

/** One monitor; its `nOutput` outputs follow it. */
export const xcb_randr_monitor_info_t = struct('xcb_randr_monitor_info_t', {
  name: 'uint32_t',
  primary: 'uint8_t',
  automatic: 'uint8_t',
  nOutput: 'uint16_t',
  x: 'int16_t',
  y: 'int16_t',
  width: 'uint16_t',
  height: 'uint16_t',
  width_in_millimeters: 'uint32_t',
  height_in_millimeters: 'uint32_t',
});

const screenResources = {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  timestamp: 'uint32_t',
  config_timestamp: 'uint32_t',
  num_crtcs: 'uint16_t',
  num_outputs: 'uint16_t',
  num_modes: 'uint16_t',
  names_len: 'uint16_t',
  pad1: pad(8),
} as const;

/** GetScreenResources' reply; the CRTCs come first of the lists that follow it. */
export const xcb_randr_get_screen_resources_reply_t = struct(
  'xcb_randr_get_screen_resources_reply_t',
  screenResources,
);

/** GetScreenResourcesCurrent's reply, laid out as GetScreenResources'. */
export const xcb_randr_get_screen_resources_current_reply_t = struct(
  'xcb_randr_get_screen_resources_current_reply_t',
  screenResources,
);

/** GetCrtcInfo's reply; its outputs follow it. */
export const xcb_randr_get_crtc_info_reply_t = struct('xcb_randr_get_crtc_info_reply_t', {
  response_type: 'uint8_t',
  status: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  timestamp: 'uint32_t',
  x: 'int16_t',
  y: 'int16_t',
  width: 'uint16_t',
  height: 'uint16_t',
  mode: 'uint32_t',
  rotation: 'uint16_t',
  rotations: 'uint16_t',
  num_outputs: 'uint16_t',
  num_possible_outputs: 'uint16_t',
});

/** GetOutputInfo's reply; CRTCs, modes, clones and the name follow it. */
export const xcb_randr_get_output_info_reply_t = struct('xcb_randr_get_output_info_reply_t', {
  response_type: 'uint8_t',
  status: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  timestamp: 'uint32_t',
  crtc: 'uint32_t',
  mm_width: 'uint32_t',
  mm_height: 'uint32_t',
  connection: 'uint8_t',
  subpixel_order: 'uint8_t',
  num_crtcs: 'uint16_t',
  num_modes: 'uint16_t',
  num_preferred: 'uint16_t',
  num_clones: 'uint16_t',
  name_len: 'uint16_t',
});

export const xcb_randr_get_output_primary_reply_t = struct('xcb_randr_get_output_primary_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  output: 'uint32_t',
});

// DAMAGE (damage.xml) and XFixes (xfixes.xml).

const queryVersion = {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  major_version: 'uint32_t',
  minor_version: 'uint32_t',
  pad1: pad(16),
} as const;

export const xcb_damage_query_version_reply_t = struct(
  'xcb_damage_query_version_reply_t',
  queryVersion,
);

export const xcb_xfixes_query_version_reply_t = struct(
  'xcb_xfixes_query_version_reply_t',
  queryVersion,
);

/** FetchRegion's reply; `length / 2` rectangles follow it. */
export const xcb_xfixes_fetch_region_reply_t = struct('xcb_xfixes_fetch_region_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  extents: xcb_rectangle_t,
  pad1: pad(16),
});

/** A C pointer as koffi 3 hands it out: a BigInt, or null for NULL. */
export type Pointer = bigint;

/** What an xcb request function returns: the request's sequence number. */
export interface CookieValue {
  sequence: number;
}

// The pointer in frames (--cursor): XFixes (xfixes.xml).

/** GetCursorImage's reply; `width * height` ARGB32 pixels follow it. */
export const xcb_xfixes_get_cursor_image_reply_t = struct('xcb_xfixes_get_cursor_image_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  x: 'int16_t',
  y: 'int16_t',
  width: 'uint16_t',
  height: 'uint16_t',
  xhot: 'uint16_t',
  yhot: 'uint16_t',
  cursor_serial: 'uint32_t',
  pad1: pad(8),
});

// RENDER (render.xml): only tests use it, to define a pointer of known pixels.

export const xcb_render_query_version_reply_t = struct('xcb_render_query_version_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  major_version: 'uint32_t',
  minor_version: 'uint32_t',
  pad1: pad(16),
});

/** QueryPictFormats' reply; `num_formats` xcb_render_pictforminfo_t follow it. */
export const xcb_render_query_pict_formats_reply_t = struct(
  'xcb_render_query_pict_formats_reply_t',
  {
    response_type: 'uint8_t',
    pad0: pad(1),
    sequence: 'uint16_t',
    length: 'uint32_t',
    num_formats: 'uint32_t',
    num_screens: 'uint32_t',
    num_depths: 'uint32_t',
    num_visuals: 'uint32_t',
    num_subpixel: 'uint32_t',
    pad1: pad(4),
  },
);

export const xcb_render_directformat_t = struct('xcb_render_directformat_t', {
  red_shift: 'uint16_t',
  red_mask: 'uint16_t',
  green_shift: 'uint16_t',
  green_mask: 'uint16_t',
  blue_shift: 'uint16_t',
  blue_mask: 'uint16_t',
  alpha_shift: 'uint16_t',
  alpha_mask: 'uint16_t',
});

export const xcb_render_pictforminfo_t = struct('xcb_render_pictforminfo_t', {
  id: 'uint32_t',
  type: 'uint8_t',
  depth: 'uint8_t',
  pad0: pad(2),
  direct: xcb_render_directformat_t,
  colormap: 'uint32_t',
});

// Properties and selections, for the clipboard (xproto.xml): InternAtom, GetProperty,
// GetSelectionOwner, and the events a selection owner receives and sends.

export const xcb_intern_atom_reply_t = struct('xcb_intern_atom_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  atom: 'uint32_t',
});

/** GetProperty's reply; `value_len` items of `format` bits follow it. */
export const xcb_get_property_reply_t = struct('xcb_get_property_reply_t', {
  response_type: 'uint8_t',
  format: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  type: 'uint32_t',
  bytes_after: 'uint32_t',
  value_len: 'uint32_t',
  pad0: pad(12),
});

export const xcb_get_selection_owner_reply_t = struct('xcb_get_selection_owner_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  owner: 'uint32_t',
});

export const xcb_property_notify_event_t = struct('xcb_property_notify_event_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  window: 'uint32_t',
  atom: 'uint32_t',
  time: 'uint32_t',
  state: 'uint8_t',
  pad1: pad(3),
});

/** A window was destroyed: a requestor that went away in the middle of an INCR transfer. */
export const xcb_destroy_notify_event_t = struct('xcb_destroy_notify_event_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  event: 'uint32_t',
  window: 'uint32_t',
});

export const xcb_selection_clear_event_t = struct('xcb_selection_clear_event_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  time: 'uint32_t',
  owner: 'uint32_t',
  selection: 'uint32_t',
});

export const xcb_selection_request_event_t = struct('xcb_selection_request_event_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  time: 'uint32_t',
  owner: 'uint32_t',
  requestor: 'uint32_t',
  selection: 'uint32_t',
  target: 'uint32_t',
  property: 'uint32_t',
});

/** What a selection owner sends the requestor (SendEvent): the answer to a SelectionRequest. */
export const xcb_selection_notify_event_t = struct('xcb_selection_notify_event_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  time: 'uint32_t',
  requestor: 'uint32_t',
  selection: 'uint32_t',
  target: 'uint32_t',
  property: 'uint32_t',
});

// Windows: the tree, attributes, coordinates and focus (xproto.xml), and Composite
// (composite.xml), for --window and `mss-ts windows`.

/** QueryTree's reply; `children_len` window ids follow it, bottom of the stack first. */
export const xcb_query_tree_reply_t = struct('xcb_query_tree_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  root: 'uint32_t',
  parent: 'uint32_t',
  children_len: 'uint16_t',
  pad1: pad(14),
});

export const xcb_get_window_attributes_reply_t = struct('xcb_get_window_attributes_reply_t', {
  response_type: 'uint8_t',
  backing_store: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  visual: 'uint32_t',
  _class: 'uint16_t',
  bit_gravity: 'uint8_t',
  win_gravity: 'uint8_t',
  backing_planes: 'uint32_t',
  backing_pixel: 'uint32_t',
  save_under: 'uint8_t',
  map_is_installed: 'uint8_t',
  map_state: 'uint8_t',
  override_redirect: 'uint8_t',
  colormap: 'uint32_t',
  all_event_masks: 'uint32_t',
  your_event_mask: 'uint32_t',
  do_not_propagate_mask: 'uint16_t',
  pad0: pad(2),
});

export const xcb_translate_coordinates_reply_t = struct('xcb_translate_coordinates_reply_t', {
  response_type: 'uint8_t',
  same_screen: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  child: 'uint32_t',
  dst_x: 'int16_t',
  dst_y: 'int16_t',
});

export const xcb_get_input_focus_reply_t = struct('xcb_get_input_focus_reply_t', {
  response_type: 'uint8_t',
  revert_to: 'uint8_t',
  sequence: 'uint16_t',
  length: 'uint32_t',
  focus: 'uint32_t',
});

export const xcb_composite_query_version_reply_t = struct('xcb_composite_query_version_reply_t', {
  response_type: 'uint8_t',
  pad0: pad(1),
  sequence: 'uint16_t',
  length: 'uint32_t',
  major_version: 'uint32_t',
  minor_version: 'uint32_t',
  pad1: pad(16),
});
