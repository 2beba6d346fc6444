/* ta-help-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guide for people new to TCP: server and client, two computers step
 * by step, the log, messages in pieces, refused or timed out, the
 * self-test and the report. All of it is in ta-help-window.ui, translated
 * like every other string; no browser and no network.
 */
#include "config.h"

#include "ta-help-window.h"

struct _TaHelpWindow
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (TaHelpWindow, ta_help_window, ADW_TYPE_WINDOW)

static void
ta_help_window_class_init (TaHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-help-window.ui");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ta_help_window_init (TaHelpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ta_help_window_new (GtkWindow *parent)
{
  return g_object_new (TA_TYPE_HELP_WINDOW, "transient-for", parent, NULL);
}
