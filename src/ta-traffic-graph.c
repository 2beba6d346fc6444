/* ta-traffic-graph.c
 *
 * Bytes per second in and out over the last minute, messages per second
 * as thin bars along the bottom (on their own scale: a flood of small
 * messages and one big file look different), and on the Server page the
 * number of connected clients, drawn with cairo in a small box beside
 * the counters. The figures of the last second are its tooltip and its
 * accessible description.
 *
 * It redraws once a second while traffic flows: from the first traffic
 * after a quiet time (TaTraffic::activity) until STOP_AFTER_US after the
 * last. Then it stops, showing the minute up to then (its tooltip is
 * computed when asked, so it says the traffic of now): a redraw wakes the
 * process some 40 times (X11 and the frame clock), so a graph that kept
 * sliding for a minute after the traffic would break the idle bound of
 * 5 wake-ups a second. An idle program is not woken by it at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-traffic-graph.h"
#include "ta-ui-util.h"

struct _TaTrafficGraph
{
  GtkWidget  parent_instance;

  TaTraffic *traffic;
  guint      tick_id;
  guint      n_draws;
  gboolean   show_clients;
};

G_DEFINE_FINAL_TYPE (TaTrafficGraph, ta_traffic_graph, GTK_TYPE_WIDGET)

#define STOP_AFTER_US (2 * G_USEC_PER_SEC)

/* "1.2 kB/s" */
static char *
format_rate (guint64 bytes)
{
  g_autofree char *size = g_format_size (bytes);

  /* Translators: a rate, "1.2 kB/s" */
  return g_strdup_printf (_("%s/s"), size);
}

/**
 * _ta_traffic_graph_dup_summary:
 *
 * Returns: (transfer full): the last complete second in words
 */
char *
_ta_traffic_graph_dup_summary (TaTrafficGraph *self)
{
  TaTrafficSample w[TA_TRAFFIC_SECONDS];
  const TaTrafficSample *last = &w[TA_TRAFFIC_SECONDS - 1];
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  GString *s;
  guint messages;

  if (self->traffic == NULL)
    return g_strdup ("");

  ta_traffic_get_window (self->traffic, g_get_monotonic_time (), w);
  in = format_rate (last->bytes_in);
  out = format_rate (last->bytes_out);
  messages = last->messages_in + last->messages_out;
  s = g_string_new (NULL);
  /* Translators: the traffic graph's tooltip */
  g_string_append_printf (s, _("Traffic in the last minute. Last second: %s in, %s out"), in, out);
  g_string_append (s, ", ");
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u message per second", "%u messages per second",
                                          messages), messages);
  if (self->show_clients)
    {
      g_string_append (s, ", ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u client", "%u clients", last->clients),
                              last->clients);
    }
  g_string_append (s, ".");
  return g_string_free (s, FALSE);
}

static void
update_summary (TaTrafficGraph *self)
{
  g_autofree char *summary = _ta_traffic_graph_dup_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip)
{
  g_autofree char *summary = _ta_traffic_graph_dup_summary (TA_TRAFFIC_GRAPH (widget));

  gtk_tooltip_set_text (tooltip, summary);
  return TRUE;
}

static gboolean
moving (TaTrafficGraph *self)
{
  gint64 last = ta_traffic_get_last_change (self->traffic);

  return last != 0 && g_get_monotonic_time () - last <= STOP_AFTER_US;
}

static gboolean
tick_cb (gpointer user_data)
{
  TaTrafficGraph *self = user_data;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_summary (self);
  if (moving (self))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_activity (TaTrafficGraph *self,
             TaTraffic      *traffic)
{
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
line (cairo_t               *cr,
      const TaTrafficSample *w,
      gsize                  offset,
      gboolean               is_uint,
      double                 max,
      double                 width,
      double                 height)
{
  double before = 0;

  /* Seconds of silence are not drawn: a flat line at the bottom read as
   * an empty text entry. */
  for (guint i = 0; i < TA_TRAFFIC_SECONDS; i++)
    {
      const guint8 *p = (const guint8 *) &w[i] + offset;
      double v = is_uint ? *(const guint *) p : (double) *(const guint64 *) p;
      double x = width * i / (TA_TRAFFIC_SECONDS - 1);
      double y = height - 2 - (height - 4) * (max > 0 ? v / max : 0);

      if (i == 0 || (v == 0 && before == 0))
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      before = v;
    }
  cairo_stroke (cr);
}

static void
ta_traffic_graph_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TaTrafficGraph *self = TA_TRAFFIC_GRAPH (widget);
  static const GdkRGBA blue = { 0.11, 0.44, 0.85, 1 }, green = { 0.15, 0.56, 0.28, 1 },
    orange = { 0.9, 0.6, 0.0, 1 };
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  TaTrafficSample w[TA_TRAFFIC_SECONDS];
  GdkRGBA fg, in, out;
  guint64 max_bytes = 0;
  guint max_clients = 0;
  guint max_messages = 0;
  cairo_t *cr;

  if (self->traffic == NULL || width <= 0 || height <= 0)
    return;
  self->n_draws++;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", &in))
    in = blue;
  if (!gtk_style_context_lookup_color (context, "success_color", &out))
    out = green;

  ta_traffic_get_window (self->traffic, g_get_monotonic_time (), w);
  for (guint i = 0; i < TA_TRAFFIC_SECONDS; i++)
    {
      max_bytes = MAX (max_bytes, MAX (w[i].bytes_in, w[i].bytes_out));
      max_clients = MAX (max_clients, w[i].clients);
      max_messages = MAX (max_messages, w[i].messages_in + w[i].messages_out);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* A rounded frame with a faint grid, so an idle graph still reads as a
   * graph (and not as an empty entry). */
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - 4, 4, 4, -G_PI / 2, 0);
  cairo_arc (cr, width - 4, height - 4, 4, 0, G_PI / 2);
  cairo_arc (cr, 4, height - 4, 4, G_PI / 2, G_PI);
  cairo_arc (cr, 4, 4, 4, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.05);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  for (int i = 1; i < 4; i++)
    {
      double x = (int) (width * i / 4) + 0.5;

      cairo_move_to (cr, x, 3);
      cairo_line_to (cr, x, height - 3);
    }
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.07);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1.5);
  if (max_bytes == 0 && max_clients == 0 && max_messages == 0)
    {
      cairo_destroy (cr);
      return;
    }

  if (max_messages > 0)
    {
      GdkRGBA bars;

      /* Messages: a bar per second, up to a third of the height. */
      if (!gtk_style_context_lookup_color (context, "warning_color", &bars))
        bars = orange;
      cairo_set_source_rgba (cr, bars.red, bars.green, bars.blue, 0.8);
      for (guint i = 0; i < TA_TRAFFIC_SECONDS; i++)
        {
          guint m = w[i].messages_in + w[i].messages_out;
          double x = width * i / (TA_TRAFFIC_SECONDS - 1);
          double h = MAX (1, (height - 4) / 3 * m / max_messages);

          if (m > 0)
            cairo_rectangle (cr, x - 1, height - 2 - h, 2, h);
        }
      cairo_fill (cr);
    }
  if (self->show_clients && max_clients > 0)
    {
      static const double dash[] = { 2, 2 };

      cairo_save (cr);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      /* Clients on their own scale: the peak is two thirds up. */
      line (cr, w, G_STRUCT_OFFSET (TaTrafficSample, clients), TRUE, max_clients * 1.5, width, height);
      cairo_restore (cr);
    }

  if (max_bytes > 0)
    {
      gdk_cairo_set_source_rgba (cr, &out);
      line (cr, w, G_STRUCT_OFFSET (TaTrafficSample, bytes_out), FALSE, max_bytes, width, height);
      gdk_cairo_set_source_rgba (cr, &in);
      line (cr, w, G_STRUCT_OFFSET (TaTrafficSample, bytes_in), FALSE, max_bytes, width, height);
    }
  cairo_destroy (cr);
}

static void
ta_traffic_graph_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 60;
      *natural = 180;
    }
  else
    *minimum = *natural = 32;
}

static void
ta_traffic_graph_dispose (GObject *object)
{
  TaTrafficGraph *self = TA_TRAFFIC_GRAPH (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->traffic != NULL)
    g_signal_handlers_disconnect_by_data (self->traffic, self);
  g_clear_object (&self->traffic);
  G_OBJECT_CLASS (ta_traffic_graph_parent_class)->dispose (object);
}

static void
ta_traffic_graph_class_init (TaTrafficGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_traffic_graph_dispose;
  widget_class->snapshot = ta_traffic_graph_snapshot;
  widget_class->measure = ta_traffic_graph_measure;
  widget_class->query_tooltip = query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "tatrafficgraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ta_traffic_graph_init (TaTrafficGraph *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Traffic graph"), -1);
}

GtkWidget *
ta_traffic_graph_new (void)
{
  return g_object_new (TA_TYPE_TRAFFIC_GRAPH, NULL);
}

/**
 * ta_traffic_graph_set_traffic:
 * @show_clients: also draw the number of connected clients (Server page)
 */
void
ta_traffic_graph_set_traffic (TaTrafficGraph *self,
                              TaTraffic      *traffic,
                              gboolean        show_clients)
{
  g_return_if_fail (TA_IS_TRAFFIC_GRAPH (self));
  g_return_if_fail (TA_IS_TRAFFIC (traffic));

  if (self->traffic != NULL)
    g_signal_handlers_disconnect_by_data (self->traffic, self);
  g_set_object (&self->traffic, traffic);
  self->show_clients = show_clients;
  g_signal_connect_swapped (traffic, "activity", G_CALLBACK (on_activity), self);
  if (moving (self))
    on_activity (self, traffic);
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean _ta_traffic_graph_is_ticking (TaTrafficGraph *self) { return self->tick_id != 0; }
guint _ta_traffic_graph_get_n_draws (TaTrafficGraph *self) { return self->n_draws; }
