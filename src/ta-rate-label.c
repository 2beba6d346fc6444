/* ta-rate-label.c: the live rate "↓ X/s ↑ Y/s" beside a page's counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the Client and Server pages. The figures are the page's
 * TaTraffic, which counts the same bytes as the counters: the last
 * complete second in and out. A 1 s timer runs only while bytes move: it
 * starts with TaTraffic::activity and stops (hiding the rate) at the
 * first quiet second, so an idle program is not woken. Reset Counters
 * clears it at once; new traffic brings it back.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-rate-label.h"
#include "ta-ui-util.h"

struct _TaRateLabel
{
  GtkWidget  parent_instance;

  GtkLabel  *label;
  TaTraffic *traffic;
  guint      tick_id;
};

G_DEFINE_FINAL_TYPE (TaRateLabel, ta_rate_label, GTK_TYPE_WIDGET)

static void
show_rate (TaRateLabel *self,
           const char  *text)
{
  gtk_label_set_text (self->label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  TaRateLabel *self = user_data;
  TaTrafficSample w[TA_TRAFFIC_SECONDS];
  const TaTrafficSample *last = &w[TA_TRAFFIC_SECONDS - 1];
  gint64 now = g_get_monotonic_time ();
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  ta_traffic_get_window (self->traffic, now, w);
  if (last->bytes_in == 0 && last->bytes_out == 0 &&
      now - ta_traffic_get_last_change (self->traffic) >= G_USEC_PER_SEC)
    {
      self->tick_id = 0;
      show_rate (self, NULL);
      return G_SOURCE_REMOVE;
    }
  in = ta_format_size (last->bytes_in);
  out = ta_format_size (last->bytes_out);
  /* Translators: the live rate while bytes move: "↓ 1.2 kB/s ↑ 300 bytes/s" (in, out) */
  text = g_strdup_printf (_("↓ %s/s ↑ %s/s"), in, out);
  show_rate (self, text);
  return G_SOURCE_CONTINUE;
}

static void
on_activity (TaRateLabel *self)
{
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (1000, tick_cb, self);
}

static void
ta_rate_label_dispose (GObject *object)
{
  TaRateLabel *self = TA_RATE_LABEL (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->traffic != NULL)
    g_signal_handlers_disconnect_by_data (self->traffic, self);
  g_clear_object (&self->traffic);
  if (self->label != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->label));
  self->label = NULL;
  G_OBJECT_CLASS (ta_rate_label_parent_class)->dispose (object);
}

static void
ta_rate_label_class_init (TaRateLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_rate_label_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tarate");
}

static void
ta_rate_label_init (TaRateLabel *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * ta_rate_label_set_traffic:
 * @traffic: the page's traffic (once)
 */
void
ta_rate_label_set_traffic (TaRateLabel *self,
                           TaTraffic   *traffic)
{
  g_return_if_fail (TA_IS_RATE_LABEL (self));
  g_return_if_fail (TA_IS_TRAFFIC (traffic));
  g_return_if_fail (self->traffic == NULL);

  self->traffic = g_object_ref (traffic);
  g_signal_connect_swapped (traffic, "activity", G_CALLBACK (on_activity), self);
}

/**
 * ta_rate_label_reset:
 *
 * Reset Counters, or the connection shown ended: no rate until new
 * traffic (the last figure would be stale).
 */
void
ta_rate_label_reset (TaRateLabel *self)
{
  g_return_if_fail (TA_IS_RATE_LABEL (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  show_rate (self, NULL);
}

const char *
_ta_rate_label_get_text (TaRateLabel *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_text (self->label) : "";
}

gboolean
_ta_rate_label_is_ticking (TaRateLabel *self)
{
  return self->tick_id != 0;
}
