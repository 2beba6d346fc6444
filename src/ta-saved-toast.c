/* ta-saved-toast.c: "Saved as log.txt" with Open Folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After a save the window says where the file went, and "Open Folder"
 * opens the folder that holds it in the file manager (GtkFileLauncher is
 * GTK 4.10: g_app_info_launch_default_for_uri_async on the folder, which
 * goes through the OpenURI portal in a sandbox). A folder that cannot be
 * opened is a sentence in the window too.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-saved-toast.h"

static char *last_title;
static char *last_button;

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      /* Translators: %s says why, e.g. "No application is registered as handling this file" */
      g_autofree char *text = g_strdup_printf (_("The folder could not be opened: %s"), error->message);

      gtk_widget_activate_action (widget, "win.toast", "s", text);
    }
}

static void
on_open_folder (AdwToast  *toast,
                GtkWidget *widget)
{
  GFile *folder = g_object_get_data (G_OBJECT (toast), "ta-folder");
  g_autofree char *uri = g_file_get_uri (folder);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GAppLaunchContext) context = NULL;

  if (root != NULL)
    context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (root))));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched_cb, g_object_ref (widget));
}

/* The window's overlay: around @widget, or (for the window itself, as
 * Save Report has it) the first one inside its root. */
static GtkWidget *
find_overlay (GtkWidget *widget)
{
  GtkWidget *found = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GtkWidget *c = root;

  /* Depth first through the root's widgets, without recursion. */
  while (found == NULL && c != NULL)
    {
      if (ADW_IS_TOAST_OVERLAY (c))
        found = c;
      else if (gtk_widget_get_first_child (c) != NULL)
        c = gtk_widget_get_first_child (c);
      else
        {
          while (c != NULL && c != root && gtk_widget_get_next_sibling (c) == NULL)
            c = gtk_widget_get_parent (c);
          c = (c == NULL || c == root) ? NULL : gtk_widget_get_next_sibling (c);
        }
    }
  return found;
}

/**
 * ta_saved_toast_show_titled:
 * @widget: a widget of the window (inside its AdwToastOverlay, or the
 *   window)
 * @file: what was written
 * @title: what the toast says, e.g. "Report saved as report.html"
 *
 * Says where @file went, with an Open Folder button.
 */
void
ta_saved_toast_show_titled (GtkWidget  *widget,
                            GFile      *file,
                            const char *title)
{
  g_autofree char *escaped = NULL;
  GtkWidget *overlay = find_overlay (widget);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  AdwToast *toast;

  g_free (last_title);
  last_title = g_strdup (title);
  g_clear_pointer (&last_button, g_free);
  if (overlay == NULL || folder == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s", title);
      return;
    }
  /* A toast's title is markup in libadwaita 1.2; a file name is not. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Open Folder"));
  last_button = g_strdup (adw_toast_get_button_label (toast));
  g_object_set_data_full (G_OBJECT (toast), "ta-folder", g_steal_pointer (&folder), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_open_folder), widget, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/**
 * ta_saved_toast_show:
 * @widget: a widget inside the window's AdwToastOverlay
 * @file: what was written
 *
 * "Saved as /home/me/log.txt", with an Open Folder button.
 */
void
ta_saved_toast_show (GtkWidget *widget,
                     GFile     *file)
{
  g_autofree char *display = g_file_get_parse_name (file);
  g_autofree char *title = NULL;

  /* Translators: where a file was written, e.g. "Saved as /home/me/log.txt" */
  title = g_strdup_printf (_("Saved as %s"), display);
  ta_saved_toast_show_titled (widget, file, title);
}

const char *
_ta_saved_toast_get_last_title (void)
{
  return last_title;
}

/* The last toast's button label ("_Open Folder"), or NULL when it had none */
const char *
_ta_saved_toast_get_last_button (void)
{
  return last_button;
}
