/* ta-preferences-window.c: the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Declared in ta-preferences-window.ui; each control is bound to its
 * settings key, so a change here is what both pages follow live (the send
 * encoding included: the setting is its one owner).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-settings.h"
#include "ta-codec.h"
#include "ta-preferences-window.h"
#include "ta-preferences-window-private.h"
#include "ta-trusted-group.h"
#include "ta-ui-util.h"

struct _TaPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkSpinButton *max_clients_spin;
  GtkSpinButton *queue_cap_spin;
  GtkSpinButton *timeout_spin;
  GtkSpinButton *reconnect_limit_spin;
  AdwActionRow *encoding_row;
  GtkSpinButton *history_spin;
  GtkSpinButton *log_max_spin;
  GtkDropDown *encoding_dropdown;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (TaPreferencesWindow, ta_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_encoding_setting (TaPreferencesWindow *self)
{
  g_autofree char *charset = g_settings_get_string (self->settings, "send-encoding");

  ta_charset_dropdown_set_id (self->encoding_dropdown, *charset ? charset : ta_codec_default_send_charset ());
}

static void
on_encoding_chosen (TaPreferencesWindow *self)
{
  g_settings_set_string (self->settings, "send-encoding", ta_charset_dropdown_get_id (self->encoding_dropdown));
}

static void
ta_preferences_window_dispose (GObject *object)
{
  TaPreferencesWindow *self = TA_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ta_preferences_window_parent_class)->dispose (object);
}

static void
ta_preferences_window_class_init (TaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_preferences_window_dispose;

  g_type_ensure (TA_TYPE_TRUSTED_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TaPreferencesWindow, max_clients_spin);
  gtk_widget_class_bind_template_child (widget_class, TaPreferencesWindow, queue_cap_spin);
  gtk_widget_class_bind_template_child (widget_class, TaPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TaPreferencesWindow, reconnect_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, TaPreferencesWindow, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, TaPreferencesWindow, history_spin);
  gtk_widget_class_bind_template_child (widget_class, TaPreferencesWindow, log_max_spin);
}

static void
ta_preferences_window_init (TaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_object_ref (ta_settings_get ());
  g_settings_bind (self->settings, "max-clients", self->max_clients_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "queue-cap-kib", self->queue_cap_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "connect-timeout", self->timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reconnect-limit", self->reconnect_limit_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "history-size", self->history_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-max-entries", self->log_max_spin, "value", G_SETTINGS_BIND_DEFAULT);

  /* The charsets come from the core's table, as in the composer. */
  self->encoding_dropdown = ta_charset_dropdown_new (FALSE);
  gtk_widget_set_valign (GTK_WIDGET (self->encoding_dropdown), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->encoding_row, GTK_WIDGET (self->encoding_dropdown));
  on_encoding_setting (self);
  g_signal_connect_object (self->settings, "changed::send-encoding", G_CALLBACK (on_encoding_setting),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->encoding_dropdown, "notify::selected", G_CALLBACK (on_encoding_chosen), self);
}

/**
 * ta_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 */
GtkWidget *
ta_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (TA_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}

/* For tests */
GtkDropDown *_ta_preferences_window_get_encoding_dropdown (TaPreferencesWindow *self) { return self->encoding_dropdown; }
