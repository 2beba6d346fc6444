/* ta-conversation-draw.c
 *
 * One drawing of a conversation step, used by the rows of the conversation
 * view (through gtk_snapshot_append_cairo) and by "Export Picture…" (SVG
 * and PNG surfaces), so the picture is what the window shows.
 *
 * This computer is the left lifeline, the peer the right one, time flows
 * down: a message is an arrow across with its first characters above and
 * its time, size and time since the step before below; a stage is a label
 * between the lifelines; lifelines start at "connected", end at the close,
 * and are dashed across a gap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "ta-conversation-draw.h"

#define MARGIN 28
#define PAD 5
#define ARROW 8

static void
set_color (cairo_t       *cr,
           const GdkRGBA *rgba,
           double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/* The layout's font, @scale times its size (absolute sizes stay absolute:
 * GTK gives widgets a font in device units). */
static PangoFontDescription *
scaled_font (PangoLayout *layout,
             double       scale)
{
  PangoFontDescription *desc = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));
  int size = pango_font_description_get_size (desc);

  if (size <= 0)
    pango_font_description_set_size (desc, (int) (10 * PANGO_SCALE * scale));
  else if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size * scale);
  else
    pango_font_description_set_size (desc, (int) (size * scale));
  return desc;
}

static int
line_height (PangoLayout *layout,
             double       scale)
{
  PangoFontDescription *desc = scaled_font (layout, scale);
  g_autoptr(PangoLayout) probe = pango_layout_copy (layout);
  int h;

  pango_layout_set_font_description (probe, desc);
  pango_layout_set_attributes (probe, NULL);
  pango_layout_set_text (probe, "Ag你", -1);
  pango_layout_get_pixel_size (probe, NULL, &h);
  pango_font_description_free (desc);
  return h;
}

/* Sets @layout to one line of @text, centred in @width, smaller if @small. */
static void
prepare (PangoLayout *layout,
         const char  *text,
         int          width,
         gboolean     small,
         gboolean     bold)
{
  PangoFontDescription *desc = scaled_font (layout, small ? 0.85 : 1.0);

  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  /* Plain text, never markup: received bytes are shown, not parsed. */
  pango_layout_set_attributes (layout, NULL);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
}

/**
 * ta_conversation_step_height:
 *
 * Returns: the height a step of @kind is drawn in, from the font of @layout
 */
int
ta_conversation_step_height (PangoLayout *layout,
                             TaStepKind   kind)
{
  int big = line_height (layout, 1.0), small = line_height (layout, 0.85);

  switch (kind)
    {
    case TA_STEP_MESSAGE:
      return PAD + big + 3 + ARROW + 3 + small + PAD;
    case TA_STEP_GAP:
      return PAD + small + PAD;
    default:
      return PAD + big + 8 + small + PAD;
    }
}

static void
lifeline (cairo_t *cr,
          double   x,
          double   y0,
          double   y1,
          gboolean dashed)
{
  static const double dash[] = { 3, 4 };

  cairo_save (cr);
  if (dashed)
    cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/**
 * ta_conversation_draw_step:
 *
 * Draws @step in a @width × @height box at the origin of @cr.
 */
void
ta_conversation_draw_step (cairo_t                    *cr,
                           PangoLayout                *layout,
                           TaConversationStep         *step,
                           TaLogRole                   role,
                           int                         width,
                           int                         height,
                           const TaConversationColors *colors)
{
  TaStepKind kind = ta_conversation_step_get_kind (step);
  g_autofree char *title = ta_conversation_step_dup_title (step, role);
  g_autofree char *detail = ta_conversation_step_dup_detail (step);
  double xl = MARGIN, xr = MAX (width - MARGIN, MARGIN + 40);
  double top = 0, bottom = height;
  int text_w = (int) (xr - xl) - 2 * PAD;
  int tw, th;

  cairo_save (cr);
  cairo_set_line_width (cr, 2);

  /* Lifelines: from the connection to its close. */
  if (kind == TA_STEP_CONNECTED)
    top = height / 2.0;
  else if (kind == TA_STEP_CLOSED)
    bottom = height / 2.0;
  set_color (cr, &colors->fg, 0.35);
  lifeline (cr, xl, top, bottom, kind == TA_STEP_GAP);
  lifeline (cr, xr, top, bottom, kind == TA_STEP_GAP);

  if (kind == TA_STEP_MESSAGE)
    {
      gboolean out = ta_conversation_step_is_outgoing (step);
      const GdkRGBA *color = out ? &colors->outgoing : &colors->incoming;
      double from = out ? xl : xr, to = out ? xr : xl;
      double dir = out ? 1 : -1;
      double y;

      prepare (layout, title, text_w, FALSE, FALSE);
      pango_layout_get_pixel_size (layout, &tw, &th);
      set_color (cr, &colors->fg, 1.0);
      draw_text (cr, layout, xl + PAD, PAD);

      y = PAD + th + 3 + ARROW / 2.0;
      set_color (cr, color, 1.0);
      cairo_move_to (cr, from, y);
      cairo_line_to (cr, to - dir * ARROW, y);
      cairo_stroke (cr);
      cairo_move_to (cr, to, y);
      cairo_line_to (cr, to - dir * ARROW * 1.4, y - ARROW / 2.0 - 1);
      cairo_line_to (cr, to - dir * ARROW * 1.4, y + ARROW / 2.0 + 1);
      cairo_close_path (cr);
      cairo_fill (cr);

      prepare (layout, detail, text_w, TRUE, FALSE);
      set_color (cr, &colors->fg, 0.65);
      draw_text (cr, layout, xl + PAD, y + ARROW / 2.0 + 3);
    }
  else if (kind == TA_STEP_GAP)
    {
      prepare (layout, title, text_w, TRUE, FALSE);
      set_color (cr, &colors->fg, 0.65);
      draw_text (cr, layout, xl + PAD, PAD);
    }
  else
    {
      const GdkRGBA *color = &colors->fg;
      double pill_x, pill_w;
      guint reason = 0;

      if (kind == TA_STEP_CLOSED)
        reason = ta_log_entry_get_close_reason (ta_conversation_step_get_entry (step));
      if (kind == TA_STEP_CONNECTED)
        color = &colors->incoming;
      else if (kind == TA_STEP_CLOSED && reason != TA_CLOSE_PEER_CLOSED && reason != TA_CLOSE_BY_USER &&
               reason != TA_CLOSE_PEER_UNREAD)
        color = &colors->error;

      /* Who finished sending: a bar across that side's lifeline. */
      if (kind == TA_STEP_PEER_FINISHED || kind == TA_STEP_WE_FINISHED)
        {
          double x = kind == TA_STEP_WE_FINISHED ? xl : xr;

          set_color (cr, &colors->fg, 0.8);
          cairo_set_line_width (cr, 3);
          cairo_move_to (cr, x - 8, height / 2.0);
          cairo_line_to (cr, x + 8, height / 2.0);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 2);
        }

      prepare (layout, title, text_w - 16, FALSE, kind == TA_STEP_CONNECTED || kind == TA_STEP_CLOSED);
      /* Narrow: keep both ends ("Connected from A … B"), the addresses. */
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_get_pixel_size (layout, &tw, &th);
      pill_w = MIN (tw, text_w - 16) + 16;
      pill_x = (xl + xr - pill_w) / 2.0;

      /* A rounded label between the lifelines. */
      cairo_new_sub_path (cr);
      cairo_arc (cr, pill_x + pill_w - th / 2.0 - 2, PAD + th / 2.0 + 2, th / 2.0 + 2, -G_PI / 2, G_PI / 2);
      cairo_arc (cr, pill_x + th / 2.0 + 2, PAD + th / 2.0 + 2, th / 2.0 + 2, G_PI / 2, 3 * G_PI / 2);
      cairo_close_path (cr);
      set_color (cr, color, 0.15);
      cairo_fill_preserve (cr);
      set_color (cr, color, 0.6);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);

      set_color (cr, &colors->fg, 1.0);
      draw_text (cr, layout, xl + PAD + 8, PAD + 2);

      prepare (layout, detail, text_w, TRUE, FALSE);
      set_color (cr, &colors->fg, 0.65);
      draw_text (cr, layout, xl + PAD, PAD + th + 8);
    }

  cairo_restore (cr);
}

int
ta_conversation_header_height (PangoLayout *layout)
{
  return PAD + line_height (layout, 1.0) + line_height (layout, 0.85) + 2 * PAD;
}

/* One side's name and address, centred on its lifeline. */
static void
draw_side (cairo_t                    *cr,
           PangoLayout                *layout,
           const char                 *name,
           const char                 *address,
           double                      x,
           int                         width,
           const TaConversationColors *colors)
{
  int w = MIN (width / 2 - 4, 260), th;
  double left = CLAMP (x - w / 2.0, 2, width - w - 2);

  prepare (layout, name, w, FALSE, TRUE);
  pango_layout_get_pixel_size (layout, NULL, &th);
  set_color (cr, &colors->fg, 1.0);
  draw_text (cr, layout, left, PAD);
  prepare (layout, address ? address : "", w, TRUE, FALSE);
  set_color (cr, &colors->fg, 0.65);
  draw_text (cr, layout, left, PAD + th);
}

/**
 * ta_conversation_draw_header:
 *
 * The names and addresses of both sides, above their lifelines.
 */
void
ta_conversation_draw_header (cairo_t                    *cr,
                             PangoLayout                *layout,
                             TaConversation             *conversation,
                             TaLogRole                   role,
                             int                         width,
                             const TaConversationColors *colors)
{
  double xr = MAX (width - MARGIN, MARGIN + 40);

  cairo_save (cr);
  draw_side (cr, layout, ta_conversation_local_name (role), ta_conversation_get_local (conversation),
             MARGIN, width, colors);
  draw_side (cr, layout, ta_conversation_peer_name (role), ta_conversation_get_peer (conversation),
             xr, width, colors);
  cairo_restore (cr);
}

static cairo_status_t
append_to_string (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* cairo draws text as glyph outlines: the words go into <title> and
 * <desc> too, for screen readers, search and tests. */
static void
add_svg_text (GString        *svg,
              TaConversation *conversation,
              TaLogRole       role,
              guint           shown,
              const char     *more)
{
  const char *open = strstr (svg->str, "<svg");
  const char *end = open ? strchr (open, '>') : NULL;
  GString *meta = g_string_new ("\n<title>");
  g_autofree char *title = NULL;
  g_autofree char *title_escaped = NULL;

  if (end == NULL)
    {
      g_string_free (meta, TRUE);
      return;
    }

  title = g_strdup_printf ("%s %s — %s %s", ta_conversation_local_name (role),
                           ta_conversation_get_local (conversation) ? ta_conversation_get_local (conversation) : "",
                           ta_conversation_peer_name (role),
                           ta_conversation_get_peer (conversation) ? ta_conversation_get_peer (conversation) : "");
  title_escaped = g_markup_escape_text (title, -1);
  g_string_append_printf (meta, "%s</title>\n<desc>", title_escaped);
  for (guint i = 0; i < shown; i++)
    {
      g_autoptr(TaConversationStep) step = g_list_model_get_item (G_LIST_MODEL (conversation), i);
      g_autofree char *line = ta_conversation_step_describe (step, role);
      g_autofree char *escaped = g_markup_escape_text (line, -1);

      g_string_append (meta, escaped);
      g_string_append_c (meta, '\n');
    }
  if (more != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (more, -1);

      g_string_append (meta, escaped);
      g_string_append_c (meta, '\n');
    }
  g_string_append (meta, "</desc>\n");
  g_string_insert (svg, end + 1 - svg->str, meta->str);
  g_string_free (meta, TRUE);
}

/* Draws the picture on a new surface: SVG into @svg, PNG as an image
 * surface returned (for the caller to write). Returns the surface's
 * status; @surface is set only on success. */
static cairo_status_t
render (TaConversation   *conversation,
        TaLogRole         role,
        TaPictureFormat   format,
        guint             max,
        GString          *svg,
        cairo_surface_t **surface_out)
{
  static const TaConversationColors light = {
    .fg = { 0.13, 0.13, 0.15, 1 },
    .incoming = { 0.11, 0.44, 0.85, 1 },
    .outgoing = { 0.15, 0.56, 0.28, 1 },
    .error = { 0.75, 0.11, 0.16, 1 },
    .background = { 1, 1, 1, 1 },
  };
  GListModel *model = G_LIST_MODEL (conversation);
  guint n = g_list_model_get_n_items (model);
  guint shown = MIN (n, max);
  const int width = 640;
  cairo_surface_t *measure_surface, *surface;
  cairo_t *cr;
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *desc;
  cairo_status_t status;
  int height, y;
  g_autofree char *more = NULL;

  /* Heights first, with a layout on a scratch surface. */
  measure_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (measure_surface);
  layout = pango_cairo_create_layout (cr);
  desc = pango_font_description_from_string ("Sans 10");
  pango_context_set_font_description (pango_layout_get_context (layout), desc);
  pango_font_description_free (desc);
  height = ta_conversation_header_height (layout) + PAD;
  for (guint i = 0; i < shown; i++)
    {
      g_autoptr(TaConversationStep) step = g_list_model_get_item (model, i);

      height += ta_conversation_step_height (layout, ta_conversation_step_get_kind (step));
    }
  if (shown < n)
    {
      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more step, not drawn",
                                           "… and %u more steps, not drawn", n - shown),
                              n - shown);
      height += ta_conversation_step_height (layout, TA_STEP_GAP);
    }
  height += PAD;
  cairo_destroy (cr);
  cairo_surface_destroy (measure_surface);
  g_clear_object (&layout);

  if (format == TA_PICTURE_SVG)
    surface = cairo_svg_surface_create_for_stream (append_to_string, svg, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  cr = cairo_create (surface);
  layout = pango_cairo_create_layout (cr);
  desc = pango_font_description_from_string ("Sans 10");
  pango_context_set_font_description (pango_layout_get_context (layout), desc);
  pango_font_description_free (desc);

  set_color (cr, &light.background, 1.0);
  cairo_paint (cr);
  ta_conversation_draw_header (cr, layout, conversation, role, width, &light);
  y = ta_conversation_header_height (layout) + PAD;
  for (guint i = 0; i < shown; i++)
    {
      g_autoptr(TaConversationStep) step = g_list_model_get_item (model, i);
      int h = ta_conversation_step_height (layout, ta_conversation_step_get_kind (step));

      cairo_save (cr);
      cairo_translate (cr, 0, y);
      ta_conversation_draw_step (cr, layout, step, role, width, h, &light);
      cairo_restore (cr);
      y += h;
    }
  if (more != NULL)
    {
      prepare (layout, more, width - 2 * MARGIN, TRUE, FALSE);
      set_color (cr, &light.fg, 0.65);
      draw_text (cr, layout, MARGIN, y + PAD);
    }
  cairo_destroy (cr);
  g_clear_object (&layout);

  status = cairo_surface_status (surface);
  if (format == TA_PICTURE_SVG)
    {
      /* Finishing the SVG surface writes its end into @svg. */
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return status;
    }
  if (format == TA_PICTURE_SVG)
    {
      cairo_surface_destroy (surface);
      add_svg_text (svg, conversation, role, shown, more);
    }
  else
    *surface_out = surface;
  return CAIRO_STATUS_SUCCESS;
}

static void
set_cannot_make (GError         **error,
                 const char      *path,
                 cairo_status_t   status)
{
  g_autofree char *display = g_filename_display_name (path);

  if (status == CAIRO_STATUS_WRITE_ERROR)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The picture “%s” cannot be written: the disk refused it (is the folder writable, the disk full?)."),
                 display);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The picture “%s” cannot be made: %s."), display, cairo_status_to_string (status));
}

/**
 * ta_conversation_to_svg:
 * @max_steps: steps past this are left out, and a last line says how many
 *
 * The picture Export Picture… writes as SVG, in memory (for the report):
 * the words in <title> and <desc>, received text only escaped.
 *
 * Returns: (transfer full) (nullable): the SVG file's bytes, or %NULL
 *   when there is no step or cairo failed
 */
GBytes *
ta_conversation_to_svg (TaConversation *conversation,
                        TaLogRole       role,
                        guint           max_steps)
{
  g_autoptr(GString) svg = g_string_new (NULL);
  gsize len;

  g_return_val_if_fail (TA_IS_CONVERSATION (conversation), NULL);

  if (g_list_model_get_n_items (G_LIST_MODEL (conversation)) == 0)
    return NULL;
  if (render (conversation, role, TA_PICTURE_SVG, max_steps, svg, NULL) != CAIRO_STATUS_SUCCESS)
    return NULL;
  /* (g_string_free_to_bytes is GLib 2.76) */
  len = svg->len;
  return g_bytes_new_take (g_string_free (g_steal_pointer (&svg), FALSE), len);
}

/**
 * ta_conversation_export:
 *
 * Writes the conversation as a picture for a report or a lesson: light
 * colours, the header, then each step (at most TA_PICTURE_MAX_STEPS_*; a
 * last line says how many were left out).
 *
 * Returns: %FALSE with a sentence for the user in @error
 */
gboolean
ta_conversation_export (TaConversation   *conversation,
                        TaLogRole         role,
                        TaPictureFormat   format,
                        const char       *path,
                        GError          **error)
{
  g_autoptr(GString) svg = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;

  g_return_val_if_fail (TA_IS_CONVERSATION (conversation), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (conversation)) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("There is no conversation to export yet."));
      return FALSE;
    }

  if (format == TA_PICTURE_SVG)
    svg = g_string_new (NULL);
  status = render (conversation, role, format,
                   format == TA_PICTURE_SVG ? TA_PICTURE_MAX_STEPS_SVG : TA_PICTURE_MAX_STEPS_PNG,
                   svg, &surface);
  if (status == CAIRO_STATUS_SUCCESS && surface != NULL)
    {
      status = cairo_surface_write_to_png (surface, path);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      set_cannot_make (error, path, status);
      return FALSE;
    }

  if (svg != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!g_file_set_contents (path, svg->str, svg->len, &local_error))
        {
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, G_FILE_ERROR, local_error->code,
                       _("The picture “%s” cannot be written: %s."), display, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
