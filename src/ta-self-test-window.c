/* ta-self-test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the self-test (src/core/ta-self-test.c) when shown and on "Test
 * Again", and lists one row per address: the address and its network
 * card, what it means, and the round trip or "Not reachable". The copy
 * button puts the same table as text on the clipboard for a support
 * message.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-self-test-window.h"

struct _TaSelfTestWindow
{
  AdwWindow             parent_instance;

  AdwToastOverlay      *toasts;
  GtkWidget            *run_button;
  GtkWidget            *copy_button;
  GtkSpinner           *spinner;
  GtkLabel             *summary_label;
  AdwPreferencesGroup  *rows_group;

  GPtrArray            *rows;         /* the AdwActionRows shown */
  GCancellable         *cancellable;
  TaSelfTest           *result;
};

G_DEFINE_FINAL_TYPE (TaSelfTestWindow, ta_self_test_window, ADW_TYPE_WINDOW)

static void
clear_rows (TaSelfTestWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->rows_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
make_row (TaSelfTestRow *row)
{
  g_autofree char *title = ta_self_test_format_address (row);
  g_autofree char *rtt = ta_self_test_format_rtt (row);
  GtkWidget *widget = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (row->reachable ? rtt : _("Not reachable"));
  GtkWidget *icon = gtk_image_new_from_icon_name (row->reachable ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), row->meaning);
  gtk_widget_add_css_class (status, row->reachable ? "success" : "error");
  gtk_widget_add_css_class (icon, row->reachable ? "success" : "error");
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (widget), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), status);
  return widget;
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(TaSelfTestWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  TaSelfTest *test = ta_self_test_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the window closed */
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_sensitive (self->run_button, TRUE);

  if (test == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      return;
    }

  g_clear_pointer (&self->result, ta_self_test_free);
  self->result = test;
  gtk_label_set_text (self->summary_label, test->summary);
  if (test->loopback_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
  for (guint i = 0; i < test->rows->len; i++)
    {
      GtkWidget *row = make_row (g_ptr_array_index (test->rows, i));

      adw_preferences_group_add (self->rows_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_sensitive (self->copy_button, TRUE);
}

/**
 * ta_self_test_window_run:
 *
 * Starts a run (the window runs one when created).
 */
void
ta_self_test_window_run (TaSelfTestWindow *self)
{
  if (self->cancellable != NULL)
    return;
  clear_rows (self);
  g_clear_pointer (&self->result, ta_self_test_free);
  gtk_widget_set_sensitive (self->copy_button, FALSE);
  gtk_widget_set_sensitive (self->run_button, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
  gtk_label_set_text (self->summary_label, _("Testing…"));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  self->cancellable = g_cancellable_new ();
  ta_self_test_run_async (0, self->cancellable, run_cb, g_object_ref (self));
}

static void
on_run_clicked (TaSelfTestWindow *self)
{
  ta_self_test_window_run (self);
}

static void
on_copy_clicked (TaSelfTestWindow *self)
{
  g_autofree char *text = NULL;

  if (self->result == NULL)
    return;
  text = ta_self_test_to_text (self->result);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Results copied")));
}

static void
ta_self_test_window_dispose (GObject *object)
{
  TaSelfTestWindow *self = TA_SELF_TEST_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ta_self_test_window_parent_class)->dispose (object);
}

static void
ta_self_test_window_finalize (GObject *object)
{
  TaSelfTestWindow *self = TA_SELF_TEST_WINDOW (object);

  g_ptr_array_unref (self->rows);
  g_clear_pointer (&self->result, ta_self_test_free);

  G_OBJECT_CLASS (ta_self_test_window_parent_class)->finalize (object);
}

static void
ta_self_test_window_class_init (TaSelfTestWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_self_test_window_dispose;
  object_class->finalize = ta_self_test_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-self-test-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TaSelfTestWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, TaSelfTestWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, TaSelfTestWindow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, TaSelfTestWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, TaSelfTestWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TaSelfTestWindow, rows_group);
  gtk_widget_class_bind_template_callback (widget_class, on_run_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ta_self_test_window_init (TaSelfTestWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

/**
 * ta_self_test_window_new:
 *
 * Returns: a new window, already testing
 */
GtkWidget *
ta_self_test_window_new (GtkWindow *parent)
{
  TaSelfTestWindow *self = g_object_new (TA_TYPE_SELF_TEST_WINDOW,
                                         "transient-for", parent,
                                         NULL);

  ta_self_test_window_run (self);
  return GTK_WIDGET (self);
}

/**
 * ta_self_test_window_get_result:
 *
 * Returns: (nullable) (transfer none): the last run's result
 */
TaSelfTest *
ta_self_test_window_get_result (TaSelfTestWindow *self)
{
  return self->result;
}

guint
ta_self_test_window_get_n_rows (TaSelfTestWindow *self)
{
  return self->rows->len;
}
