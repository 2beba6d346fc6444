/* ta-window-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gathers what a helper asks for first (app version, system and desktop,
 * every setting, the server's and client's state, this computer's
 * addresses, the errors and the doctor's last diagnosis), each page's
 * conversation (picture and words) and both logs, into a TaReport (src/core/ta-report.c, which escapes everything).
 * "Save Report…" asks for a file with GtkFileChooserNative (a portal in
 * Flatpak) and writes it without blocking; --report=PATH writes it at exit.
 */
#include "config.h"

#include <string.h>
#include <sys/utsname.h>
#include <glib/gi18n.h>

#include "ta-conversation-draw.h"
#include "ta-conversation-view.h"
#include "ta-doctor-button.h"
#include "ta-log-switcher.h"
#include "ta-netinfo.h"
#include "ta-saved-toast.h"
#include "ta-window-report.h"

/* Keys left out of the report: the user's own message history. */
static const char *private_keys[] = { "history", NULL };

static void
add_system (TaReport *report)
{
  const char *section = _("Application and system");
  g_autofree char *os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  g_autofree char *versions = g_strdup_printf ("GTK %u.%u.%u, libadwaita %u.%u.%u, GLib %u.%u.%u",
                                               gtk_get_major_version (), gtk_get_minor_version (),
                                               gtk_get_micro_version (), adw_get_major_version (),
                                               adw_get_minor_version (), adw_get_micro_version (),
                                               glib_major_version, glib_minor_version, glib_micro_version);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %z");
  struct utsname uts;
  const char *desktop = g_getenv ("XDG_CURRENT_DESKTOP");
  const char *session = g_getenv ("XDG_SESSION_TYPE");

  ta_report_add_field (report, section, _("Application"), "TCP Assistant " PACKAGE_VERSION);
  ta_report_add_field (report, section, _("Libraries"), versions);
  ta_report_add_field (report, section, _("Report made"), when);
  ta_report_add_field (report, section, _("Operating system"), os ? os : "?");
  if (uname (&uts) == 0)
    {
      g_autofree char *kernel = g_strdup_printf ("%s %s %s", uts.sysname, uts.release, uts.machine);

      ta_report_add_field (report, section, _("Kernel"), kernel);
    }
  ta_report_add_field (report, section, _("Desktop"), desktop ? desktop : "?");
  ta_report_add_field (report, section, _("Session"), session ? session : "?");
  ta_report_add_field (report, section, _("Language"), g_get_language_names ()[0]);
  ta_report_add_field (report, section, _("Flatpak"),
                       g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? _("yes") : _("no"));
}

static void
add_settings (TaReport *report)
{
  const char *section = _("Settings");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = NULL;
      g_autofree char *text = NULL;

      if (g_strv_contains (private_keys, keys[i]))
        {
          ta_report_add_field (report, section, keys[i], _("(left out: your own messages)"));
          continue;
        }
      value = g_settings_get_value (settings, keys[i]);
      text = g_variant_print (value, FALSE);
      ta_report_add_field (report, section, keys[i], text);
    }
}

static void
add_pages (TaReport *report,
           TaWindow *window)
{
  const char *section = _("Server and client now");
  TaServer *server = ta_server_page_get_server (ta_window_get_server_page (window));
  TaClient *client = ta_client_page_get_client (ta_window_get_client_page (window));
  const char *target = ta_client_get_target (client);
  const char *states[] = { N_("not connected"), N_("connecting"), N_("connected") };
  g_autofree char *server_text = NULL;

  if (ta_server_get_listening (server))
    server_text = g_strdup_printf (_("listening on port %u, %s, %u clients connected"),
                                   ta_server_get_port (server),
                                   ta_server_get_scope (server) == TA_BIND_LOOPBACK
                                   ? _("this computer only") : _("all network interfaces"),
                                   ta_server_get_n_clients (server));
  else
    server_text = g_strdup (_("not started"));
  ta_report_add_field (report, section, _("Server"), server_text);
  ta_report_add_field (report, section, _("Client"), _(states[MIN (ta_client_get_state (client), 2)]));
  ta_report_add_field (report, section, _("Client’s last target"), target ? target : "–");
}

static void
add_addresses (TaReport *report)
{
  const char *section = _("This computer’s addresses");
  g_autoptr(GPtrArray) locals = ta_netinfo_local_addresses ();

  for (guint i = 0; i < locals->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (locals, i);
      g_autofree char *address = g_inet_address_to_string (local->address);
      g_autofree char *value = g_strdup_printf ("%s/%u", address, local->prefix);

      ta_report_add_field (report, section, local->interface, value);
    }
  if (locals->len == 0)
    ta_report_add_paragraph (report, section, _("None found."));
}

static guint
add_errors_of (TaReport   *report,
               const char *page,
               GListModel *log)
{
  const char *section = _("Errors and diagnoses");
  guint n = g_list_model_get_n_items (log), found = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaLogEntry) entry = g_list_model_get_item (log, i);
      g_autoptr(GString) line = NULL;

      if (ta_log_entry_get_kind (entry) != TA_LOG_ERROR)
        continue;
      line = g_string_new (page);
      g_string_append (line, " — ");
      ta_log_format_wall_time (ta_log_entry_get_time (entry), TRUE, TRUE, line);
      g_string_append (line, " — ");
      g_string_append (line, ta_log_entry_get_text (entry));
      ta_report_add_paragraph (report, section, line->str);
      found++;
    }
  return found;
}

/* The conversation a page shows: the picture Export Picture… makes (SVG)
 * and, beside it, the same in words for screen readers and search. */
static void
add_conversation (TaReport   *report,
                  const char *section,
                  GtkWidget  *page)
{
  TaLogSwitcher *switcher = ta_log_switcher_find (page);
  TaConversation *conv = switcher ? ta_conversation_view_get_conversation (ta_log_switcher_get_conversation_view (switcher)) : NULL;
  g_autofree char *text = switcher ? ta_log_switcher_dup_conversation_text (switcher) : NULL;
  g_autoptr(GBytes) svg = NULL;

  if (conv != NULL)
    svg = ta_conversation_to_svg (conv, ta_log_store_get_role (ta_conversation_get_store (conv)),
                                  TA_PICTURE_MAX_STEPS_REPORT);
  if (svg != NULL)
    ta_report_add_picture (report, section, _("Picture of the conversation (the same steps are written below)"), svg);
  if (text != NULL)
    ta_report_add_paragraph (report, section, text);
}

/**
 * ta_window_report_build:
 *
 * Returns: (transfer full): the report of @window as it is now
 */
TaReport *
ta_window_report_build (TaWindow *window)
{
  TaReport *report = ta_report_new (_("TCP Assistant report"));
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaClientPage *client_page = ta_window_get_client_page (window);
  TaLogStore *server_log = ta_server_page_get_log_store (server_page);
  TaLogStore *client_log = ta_client_page_get_log_store (client_page);
  TaDoctorButton *doctor = ta_doctor_button_find (GTK_WIDGET (client_page));
  guint errors;

  ta_log_store_flush (server_log);
  ta_log_store_flush (client_log);

  add_system (report);
  add_pages (report, window);
  add_addresses (report);
  errors = add_errors_of (report, _("Server"), G_LIST_MODEL (server_log));
  errors += add_errors_of (report, _("Client"), G_LIST_MODEL (client_log));
  if (doctor != NULL && ta_doctor_button_get_text (doctor) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Diagnosis of the last failed connect:\n%s"),
                                               ta_doctor_button_get_text (doctor));

      ta_report_add_paragraph (report, _("Errors and diagnoses"), text);
    }
  else if (errors == 0)
    ta_report_add_paragraph (report, _("Errors and diagnoses"), _("No errors in the logs."));
  add_settings (report);
  add_conversation (report, _("Conversation of the Server page’s client"), GTK_WIDGET (server_page));
  add_conversation (report, _("Conversation of the Client page’s connection"), GTK_WIDGET (client_page));
  ta_report_add_log (report, _("Server log"), G_LIST_MODEL (server_log), TA_LOG_ROLE_SERVER);
  ta_report_add_log (report, _("Client log"), G_LIST_MODEL (client_log), TA_LOG_ROLE_CLIENT);
  return report;
}

static void
replaced_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not save the report to %s: %s"), name, error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * ta_window_report_save_async:
 *
 * Builds the report now and writes it to @file without blocking. On
 * failure the error is a sentence naming the file.
 */
void
ta_window_report_save_async (TaWindow            *window,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(TaReport) report = ta_window_report_build (window);
  g_autoptr(GBytes) bytes = NULL;
  char *html = ta_report_to_html (report);
  GTask *task = g_task_new (window, cancellable, callback, user_data);

  bytes = g_bytes_new_take (html, strlen (html));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replaced_cb, task);
}

gboolean
ta_window_report_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  TaWindow *window = TA_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;

  if (!ta_window_report_save_finish (result, &error))
    ta_window_add_toast (window, error->message);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (name);
      g_autofree char *text = g_strdup_printf (_("Report saved as %s"), display);

      /* With Open Folder, as Save Log has it. */
      ta_saved_toast_show_titled (GTK_WIDGET (window), file, text);
    }
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     TaWindow        *window)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ta_window_report_save_async (window, file, NULL, saved_cb, g_object_ref (file));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (window);
}

/**
 * ta_window_report_choose_and_save:
 *
 * "Save Report…": asks where, then saves.
 */
void
ta_window_report_choose_and_save (TaWindow *window)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "tcp-assistant-report-%Y%m%d-%H%M%S.html");

  chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
