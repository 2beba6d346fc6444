/* ta-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-settings.h"
#include "ta-ui-util.h"
#include "ta-window.h"

struct _TaWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwViewStack *stack;
  TaServerPage *server_page;
  TaClientPage *client_page;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (TaWindow, ta_window, ADW_TYPE_APPLICATION_WINDOW)

void
ta_window_add_toast (TaWindow   *self,
                     const char *message)
{
  AdwToast *toast;

  g_return_if_fail (TA_IS_WINDOW (self));

  {
    /* A toast's title is markup in libadwaita 1.2: messages name files,
     * hosts and what the user typed, which may contain "<" or "&". */
    g_autofree char *escaped = g_markup_escape_text (message, -1);

    toast = adw_toast_new (escaped);
  }
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ta_window_add_toast (TA_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ta_window_show_page (TA_WINDOW (widget), g_variant_get_string (param, NULL));
}

void
ta_window_show_page (TaWindow   *self,
                     const char *name)
{
  g_return_if_fail (TA_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, name))
    adw_view_stack_set_visible_child_name (self->stack, name);
}

static void
on_visible_page_changed (TaWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (name)
    g_settings_set_string (self->settings, "last-page", name);
}

static gboolean
ta_window_close_request (GtkWindow *window)
{
  TaWindow *self = TA_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (ta_window_parent_class)->close_request (window);
}

/* Accessibility pass over the whole window, for what GTK 4.8 leaves
 * unnamed: a GtkDropDown's inner toggle button (the part that takes focus)
 * is named after the dropdown, and a button whose content is a box (icon,
 * spinner, label) is named by the label inside. Without this, screen
 * readers say "GtkToggleButton" or "GtkButton". */
static GtkWidget *
find_first_label (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (c))
        return c;
      if ((found = find_first_label (c)))
        return found;
    }
  return NULL;
}

static void
name_unnamed_controls (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    {
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_TOGGLE_BUTTON (c))
          gtk_accessible_update_relation (GTK_ACCESSIBLE (c),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, widget, NULL,
                                          -1);
    }
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_TOGGLE_BUTTON (widget) &&
           gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
           gtk_button_get_icon_name (GTK_BUTTON (widget)) == NULL)
    {
      GtkWidget *label = find_first_label (widget);

      if (label)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                        -1);
    }

  ta_accessible_name_from_label (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    name_unnamed_controls (c);
}

static void
ta_window_dispose (GObject *object)
{
  TaWindow *self = TA_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ta_window_parent_class)->dispose (object);
}

static void
ta_window_class_init (TaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ta_window_dispose;
  window_class->close_request = ta_window_close_request;

  g_type_ensure (TA_TYPE_SERVER_PAGE);
  g_type_ensure (TA_TYPE_CLIENT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, server_page);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, client_page);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "server");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "client");
}

static void
ta_window_init (TaWindow *self)
{
  g_autofree char *page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_object_ref (ta_settings_get ());
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The number of connected clients as a badge on the Server page's tab. */
  g_object_bind_property (ta_server_page_get_server (self->server_page), "n-clients",
                          adw_view_stack_get_page (self->stack, GTK_WIDGET (self->server_page)),
                          "badge-number", G_BINDING_SYNC_CREATE);

  name_unnamed_controls (GTK_WIDGET (self));

  page = g_settings_get_string (self->settings, "last-page");
  ta_window_show_page (self, page);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name",
                            G_CALLBACK (on_visible_page_changed), self);
}

TaWindow *
ta_window_new (GtkApplication *application)
{
  return g_object_new (TA_TYPE_WINDOW, "application", application, NULL);
}

/**
 * ta_window_get_server_page:
 *
 * Returns: (transfer none): the Server page
 */
TaServerPage *
ta_window_get_server_page (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);
  return self->server_page;
}

/**
 * ta_window_get_client_page:
 *
 * Returns: (transfer none): the Client page
 */
TaClientPage *
ta_window_get_client_page (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);
  return self->client_page;
}
