/* ta-log-row.c: the rows of the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row is an icon (the kind, with an accessible name), the time, the
 * peer on the server page, and a GtkInscription with the body. Received
 * data is plain text in an inscription: never markup. Rows are cached
 * (each remembers what it shows, so a rebind changes only what differs):
 * a flood's frame time depends on it.
 *
 * In "Text and hex" a data row is its text, then the bytes as hex editors
 * show them (ta_format_hex_dump(), the entry window's layout): 16 bytes a
 * line, or 8 when 16 do not fit beside the time and peer (4 when even 8
 * do not), so a dump line is never wrapped in the middle. The width is
 * measured on a bound row at the first frame and after each change of
 * the list's width; the rows are re-rendered once when the count changes.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-log-view-private.h"
#include "ta-ui-util.h"

#define MAX_ROW_LINES 24

typedef struct {
  GtkImage *icon;
  GtkLabel *time;
  GtkLabel *peer;
  GtkInscription *body;
  int kind;          /* what the row shows now, -1 at first: rebinding */
  int timestamps;    /* a row costs less when only the text changes */
  guint lines;
} Row;

static const char *
kind_icon (TaLogKind kind)
{
  switch (kind)
    {
    case TA_LOG_RECEIVED: return "go-down-symbolic";
    case TA_LOG_SENT: return "go-up-symbolic";
    case TA_LOG_REPLY: return "mail-reply-sender-symbolic";
    case TA_LOG_ERROR: return "dialog-warning-symbolic";
    case TA_LOG_EVENT:
    default: return "dialog-information-symbolic";
    }
}

static const char *
kind_class (TaLogKind kind)
{
  switch (kind)
    {
    case TA_LOG_RECEIVED: return "log-received";
    case TA_LOG_SENT: return "log-sent";
    case TA_LOG_REPLY: return "log-reply";
    case TA_LOG_ERROR: return "log-error";
    case TA_LOG_EVENT:
    default: return "log-event";
    }
}

/**
 * _ta_log_view_format_body:
 * @max_lines: the rows show at most this many lines (0: all); a dump cut
 *   here keeps one line more, so the row ends in "…"
 *
 * Appends the body of @entry as the log shows it.
 */
void
_ta_log_view_format_body (TaLogView  *self,
                          TaLogEntry *entry,
                          guint       max_lines,
                          GString    *out)
{
  GBytes *bytes;
  gsize size = 0;
  const guint8 *data;

  if (self->display != TA_LOG_SHOW_BOTH || !ta_log_entry_is_data (entry))
    {
      ta_log_entry_format_body (entry, _ta_log_view_role (self), self->display, out);
      return;
    }
  ta_log_entry_format_body (entry, _ta_log_view_role (self), TA_LOG_SHOW_TEXT, out);
  bytes = ta_log_entry_get_data (entry);
  data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  if (size == 0)
    return;
  if (max_lines > 0)
    size = MIN (size, (gsize) (max_lines + 1) * self->hex_per_line);
  g_string_append_c (out, '\n');
  ta_format_hex_dump (data, size, self->hex_per_line, out);
}

static Row *
any_allocated_row (TaLogView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      GtkWidget *child = gtk_list_item_get_child (item);
      Row *row = child ? g_object_get_data (G_OBJECT (child), "ta-row") : NULL;

      if (row != NULL && gtk_widget_get_width (GTK_WIDGET (row->body)) > 0)
        return row;
    }
  return NULL;
}

/* From a tick callback, at the start of a frame: the rows have the
 * allocation of the frame before (a new row has none yet: then the next
 * frame, a few at most). */
static gboolean
measure_hex_width (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  TaLogView *self = data;
  Row *row;
  int available;
  guint per_line = 4;

  row = any_allocated_row (self);
  if (row == NULL)
    {
      if (++self->hex_measure_tries < 10)
        return G_SOURCE_CONTINUE;
      self->hex_measure_id = 0;
      return G_SOURCE_REMOVE;
    }
  self->hex_measure_id = 0;

  /* A dump line in the body's own (monospace) font, against the width
   * the row leaves the body: the list's width minus the other columns. */
  available = gtk_widget_get_width (GTK_WIDGET (self->list_view))
              - (gtk_widget_get_width (gtk_widget_get_parent (GTK_WIDGET (row->body)))
                 - gtk_widget_get_width (GTK_WIDGET (row->body)));
  for (guint candidate = 16; candidate > 4; candidate /= 2)
    {
      static const guint8 sample[16] = { 0 };
      g_autoptr(GString) line = g_string_new (NULL);
      g_autoptr(PangoLayout) layout = NULL;
      int line_width = 0;

      ta_format_hex_dump (sample, candidate, candidate, line);
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (row->body), line->str);
      pango_layout_get_pixel_size (layout, &line_width, NULL);
      if (available >= line_width)
        {
          per_line = candidate;
          break;
        }
    }
  self->hex_measured = TRUE;
  if (per_line != self->hex_per_line)
    {
      self->hex_per_line = per_line;
      if (self->display == TA_LOG_SHOW_BOTH)
        _ta_log_view_rerender_all (self);
    }
  return G_SOURCE_REMOVE;
}

/**
 * _ta_log_view_queue_hex_measure:
 *
 * Measures again at the next frame (not during an allocation:
 * re-rendering there would queue a resize inside it).
 */
void
_ta_log_view_queue_hex_measure (TaLogView *self)
{
  self->hex_measure_tries = 0;
  if (self->hex_measure_id == 0)
    self->hex_measure_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), measure_hex_width,
                                                         self, NULL);
}

static void
render_row (TaLogView   *self,
            GtkListItem *item)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "ta-row");
  TaLogEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  TaLogKind kind;
  const char *peer;
  guint lines = 1;
  gboolean wide = FALSE;

  if (entry == NULL || row == NULL)
    return;

  kind = ta_log_entry_get_kind (entry);
  if (row->kind != (int) kind)
    {
      row->kind = kind;
      gtk_image_set_from_icon_name (row->icon, kind_icon (kind));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, ta_log_kind_describe (kind),
                                      -1);
      gtk_widget_set_css_classes (child, (const char *[]) { "log-row", kind_class (kind), NULL });
    }

  g_string_truncate (self->scratch, 0);
  ta_log_entry_format_time (entry, self->timestamps, self->scratch);
  gtk_label_set_text (row->time, self->scratch->str);
  if (row->timestamps != (int) self->timestamps)
    {
      row->timestamps = self->timestamps;
      gtk_widget_set_visible (GTK_WIDGET (row->time), self->timestamps != TA_LOG_TIME_OFF);
      gtk_label_set_width_chars (row->time, self->timestamps == TA_LOG_TIME_MS ? 12 : 8);
    }

  peer = ta_log_entry_get_peer (entry);
  if (g_strcmp0 (gtk_label_get_text (row->peer), peer ? peer : "") != 0)
    gtk_label_set_text (row->peer, peer ? peer : "");
  gtk_widget_set_visible (GTK_WIDGET (row->peer), _ta_log_view_role (self) == TA_LOG_ROLE_SERVER);

  g_string_truncate (self->scratch, 0);
  _ta_log_view_format_body (self, entry, MAX_ROW_LINES, self->scratch);
  for (const char *p = self->scratch->str; *p && lines < MAX_ROW_LINES; p++)
    {
      if (*p == '\n')
        lines++;
      else if ((guchar) *p >= 0x80)
        wide = TRUE;
    }
  /* The inscription's height is counted in lines of the log's font, but a
   * fallback font (Chinese in wqy-zenhei) has taller lines: a multi-line
   * row with such text showed only its first line. Give it room. */
  if (wide && lines > 1)
    lines = MIN (lines * 2, MAX_ROW_LINES);
  if (row->lines != lines)
    {
      row->lines = lines;
      gtk_inscription_set_min_lines (row->body, lines);
      gtk_inscription_set_nat_lines (row->body, lines);
    }
  gtk_inscription_set_text (row->body, self->scratch->str);
}

/* Tooltips are asked for when the pointer rests on a row, not set on every
 * bind: setting one makes GTK ask the X server where the pointer is, a
 * round trip per row that a busy log cannot afford. */
static gboolean
on_icon_query_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       Row        *row)
{
  if (row->kind < 0)
    return FALSE;
  gtk_tooltip_set_text (tooltip, ta_log_kind_describe ((TaLogKind) row->kind));
  return TRUE;
}

static gboolean
on_label_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip,
                        gpointer    data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
_ta_log_view_rerender_all (TaLogView *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    render_row (self, key);
}

void
_ta_log_row_setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          TaLogView                *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  Row *row = g_new0 (Row, 1);

  row->kind = -1;
  row->timestamps = -1;
  row->icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->icon), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  row->time = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->time, 0);
  gtk_widget_set_valign (GTK_WIDGET (row->time), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "log-time");
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "numeric");
  row->peer = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->peer, 0);
  gtk_label_set_width_chars (row->peer, 21);
  gtk_label_set_max_width_chars (row->peer, 21);
  gtk_label_set_ellipsize (row->peer, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_valign (GTK_WIDGET (row->peer), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (row->peer), "log-peer");
  row->body = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (row->body, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (row->body), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->body), "log-body");

  gtk_widget_set_has_tooltip (GTK_WIDGET (row->icon), TRUE);
  g_signal_connect (row->icon, "query-tooltip", G_CALLBACK (on_icon_query_tooltip), row);
  gtk_widget_set_has_tooltip (GTK_WIDGET (row->peer), TRUE);
  g_signal_connect (row->peer, "query-tooltip", G_CALLBACK (on_label_query_tooltip), NULL);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->time));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->peer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->body));
  g_object_set_data_full (G_OBJECT (box), "ta-row", row, g_free);
  gtk_list_item_set_child (item, box);
}

void
_ta_log_row_bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         TaLogView                *self)
{
  g_hash_table_add (self->bound_items, item);
  render_row (self, item);
  if (!self->hex_measured)
    _ta_log_view_queue_hex_measure (self);
}

void
_ta_log_row_unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           TaLogView                *self)
{
  g_hash_table_remove (self->bound_items, item);
}
