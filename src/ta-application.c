/* ta-application.c: the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions, accelerators, what the command line's options do to the
 * window (the options themselves, their parsing and the checks that exit
 * with status 2 are in ta-options.c; --hex, --encoding and --checksum in
 * ta-send-option.c), the About and Preferences windows, clean exit on
 * SIGTERM and SIGINT (which never ask), when to ask before quitting with
 * live connections (the question and its dialog are in
 * ta-quit-question.c), and the benchmark report asked for by
 * TA_BENCH_REPORT (the next thing to split out).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "ta-address.h"
#include "ta-application.h"
#include "ta-client-page-private.h"
#include "ta-composer.h"
#include "ta-server-page-private.h"
#include "ta-preferences-window.h"
#include "ta-log-store.h"
#include "ta-options.h"
#include "ta-quit-question.h"
#include "ta-help-window.h"
#include "ta-self-test.h"
#include "ta-self-test-window.h"
#include "ta-send-option.h"
#include "ta-settings.h"
#include "ta-server-tls.h"
#include "ta-tls.h"
#include "ta-window-report.h"
#include "ta-window.h"

struct _TaApplication
{
  AdwApplication parent_instance;

  TaLogRecorder *recorder;
  char *report_path;           /* --report: written when the window closes */

  /* Quitting with live connections asks first, except in scripted runs
   * (--listen, --connect, --send) and on SIGTERM/SIGINT. */
  gboolean scripted;
  gboolean quit_confirmed;
  AdwMessageDialog *quit_dialog;

  /* TA_BENCH_REPORT */
  char *bench_path;
  gint64 last_probe;
  double max_stall_ms;
  double first_frame_ms;
  guint64 bytes_received;
  guint probe_id;
  guint report_id;
  gulong after_paint_id;
  GdkFrameClock *frame_clock;
};

G_DEFINE_FINAL_TYPE (TaApplication, ta_application, ADW_TYPE_APPLICATION)

static gint64 process_start_us;

/**
 * ta_application_set_start_time:
 *
 * Records when the process started, for the benchmark report's
 * time to the first frame.
 */
void
ta_application_set_start_time (gint64 monotonic_us)
{
  process_start_us = monotonic_us;
}

/* Benchmark report */

static void
write_report (TaApplication *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (self->bench_path == NULL)
    return;

  text = g_strdup_printf ("first_frame_ms %.3f\nmax_stall_ms %.3f\nbytes_received %" G_GUINT64_FORMAT "\n",
                          self->first_frame_ms, self->max_stall_ms, self->bytes_received);
  if (!g_file_set_contents (self->bench_path, text, -1, &error))
    g_warning ("Could not write the benchmark report: %s", error->message);
}

static gboolean
probe_cb (gpointer user_data)
{
  TaApplication *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double stall = (now - self->last_probe) / 1000.0 - 10.0;

  if (stall > self->max_stall_ms)
    self->max_stall_ms = stall;
  self->last_probe = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
report_cb (gpointer user_data)
{
  write_report (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                TaApplication *self)
{
  self->first_frame_ms = (g_get_monotonic_time () - process_start_us) / 1000.0;
  /* The stall probe measures the running app, not its start-up: it
   * starts over once the first frame is painted. */
  self->max_stall_ms = 0;
  self->last_probe = g_get_monotonic_time ();
  g_clear_signal_handler (&self->after_paint_id, clock);
  write_report (self);
}

static void
on_window_realize (GtkWidget     *window,
                   TaApplication *self)
{
  if (self->frame_clock != NULL)
    return;
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (window));
  self->after_paint_id = g_signal_connect (self->frame_clock, "after-paint",
                                           G_CALLBACK (on_after_paint), self);
}

static void
on_server_received (TaServer      *server,
                    TaConnection  *conn,
                    GBytes        *bytes,
                    TaApplication *self)
{
  self->bytes_received += g_bytes_get_size (bytes);
}

static void
start_bench (TaApplication *self,
             TaWindow      *window)
{
  const char *path = g_getenv ("TA_BENCH_REPORT");

  if (path == NULL || *path == '\0' || self->bench_path != NULL)
    return;

  self->bench_path = g_strdup (path);
  self->last_probe = g_get_monotonic_time ();
  self->probe_id = g_timeout_add (10, probe_cb, self);
  self->report_id = g_timeout_add_seconds (1, report_cb, self);
  g_signal_connect (ta_server_page_get_server (ta_window_get_server_page (window)), "received",
                    G_CALLBACK (on_server_received), self);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_window_realize (GTK_WIDGET (window), self);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), self);
}

/* --report=PATH */

static void
write_exit_report (TaApplication *self,
                   TaWindow      *window)
{
  g_autoptr(TaReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_steal_pointer (&self->report_path);

  if (path == NULL || window == NULL)
    return;
  report = ta_window_report_build (window);
  if (!ta_report_write (report, path, &error))
    g_printerr ("tcp-assistant: %s\n", error->message);
}

static gboolean
on_window_close_request (TaWindow      *window,
                         TaApplication *self)
{
  write_exit_report (self, window);
  return FALSE;
}

/* Window */

static gboolean on_window_close_confirm (GtkWindow *window, TaApplication *self);

static TaWindow *
get_window (TaApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (ta_window_new (GTK_APPLICATION (self)));
      /* First, so a close that asks stops before --report writes. */
      g_signal_connect (window, "close-request", G_CALLBACK (on_window_close_confirm), self);
      start_bench (self, TA_WINDOW (window));
      if (self->recorder)
        {
          TaWindow *w = TA_WINDOW (window);

          ta_log_store_set_recorder (ta_server_page_get_log_store (ta_window_get_server_page (w)),
                                     self->recorder, "Server");
          ta_log_store_set_recorder (ta_client_page_get_log_store (ta_window_get_client_page (w)),
                                     self->recorder, "Client");
        }
    }
  return TA_WINDOW (window);
}

static void
ta_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (TA_APPLICATION (app))));
}

/* A sentence about the command line goes to stderr always, and to the
 * window when there is one. */
static void
report_option_error (GApplicationCommandLine *cmdline,
                     TaWindow                *window,
                     const char              *message)
{
  g_application_command_line_printerr (cmdline, "tcp-assistant: %s\n", message);
  if (window != NULL)
    ta_window_add_toast (window, message);
}

static int
ta_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "self-test"))
    {
      g_autoptr(TaSelfTest) test = ta_self_test_run_sync (0);
      g_autofree char *table = NULL;

      if (test == NULL)
        return 1;
      table = ta_self_test_to_text (test);
      g_print ("%s", table);
      return test->loopback_ok ? 0 : 1;
    }
  return ta_options_check (options);
}

static gboolean
ta_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  ta_options_rewrite_listen (*arguments);
  return G_APPLICATION_CLASS (ta_application_parent_class)->local_command_line (app, arguments, exit_status);
}

static int
ta_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  TaApplication *self = TA_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_auto(TaOptions) o = { 0 };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  TaLogRecorder *recorder = NULL;
  TaWindow *window;
  int status = 0;

  /* A wrong --listen or --connect is a sentence in errors (ta-options.c). */
  ta_options_read (&o, options, errors);
  if (o.scripted)
    self->scripted = TRUE;

  if (o.log_file != NULL && self->recorder == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_canonicalize_filename (o.log_file, g_application_command_line_get_cwd (cmdline));

      recorder = ta_log_recorder_open (path, &error);
      if (recorder == NULL)
        g_ptr_array_add (errors, g_strdup (error->message));
    }

  if (errors->len > 0)
    {
      status = 1;
      if (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL)
        {
          for (guint i = 0; i < errors->len; i++)
            report_option_error (cmdline, NULL, g_ptr_array_index (errors, i));
          g_clear_pointer (&recorder, ta_log_recorder_unref);
          return status;
        }
    }

  window = get_window (self);
  if (recorder != NULL)
    {
      /* The window may be older than this command line (a second launch). */
      self->recorder = recorder;
      ta_log_store_set_recorder (ta_server_page_get_log_store (ta_window_get_server_page (window)),
                                 recorder, "Server");
      ta_log_store_set_recorder (ta_client_page_get_log_store (ta_window_get_client_page (window)),
                                 recorder, "Client");
    }
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < errors->len; i++)
    report_option_error (cmdline, window, g_ptr_array_index (errors, i));

  if (o.report_file != NULL)
    {
      g_autofree char *path = g_canonicalize_filename (o.report_file, g_application_command_line_get_cwd (cmdline));
      g_autofree char *dir = g_path_get_dirname (path);

      /* Said now rather than only at exit, when nobody may be looking. */
      if (g_access (dir, W_OK) != 0)
        {
          g_autofree char *msg = g_strdup_printf (_("--report: cannot write in the folder %s: %s"),
                                                  dir, g_strerror (errno));

          report_option_error (cmdline, window, msg);
          status = 1;
        }
      else
        {
          if (self->report_path == NULL)
            g_signal_connect (window, "close-request", G_CALLBACK (on_window_close_request), self);
          g_free (self->report_path);
          self->report_path = g_steal_pointer (&path);
        }
    }

  if (o.pause_display)
    {
      ta_log_store_set_paused (ta_server_page_get_log_store (ta_window_get_server_page (window)), TRUE);
      ta_log_store_set_paused (ta_client_page_get_log_store (ta_window_get_client_page (window)), TRUE);
    }

  /* Before --listen: the first client is already answered and framed so. */
  if (o.frame != NULL)
    {
      GSettings *settings = ta_settings_get ();

      /* As if chosen in both logs' options: the choice shows there. */
      g_settings_set_string (settings, "server-framing", o.frame);
      g_settings_set_string (settings, "client-framing", o.frame);
    }
  if (o.rules_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_canonicalize_filename (o.rules_file, g_application_command_line_get_cwd (cmdline));
      TaServer *server = ta_server_page_get_server (ta_window_get_server_page (window));

      if (ta_rules_load_file (ta_server_get_rules (server), path, &error))
        {
          GSettings *settings = ta_settings_get ();
          g_settings_set_string (settings, "reply-mode", "rules");
        }
      else
        {
          report_option_error (cmdline, window, error->message);
          status = 1;
        }
    }

  /* TLS, before --listen and --connect. */
  {
    const char *cwd = g_application_command_line_get_cwd (cmdline);

    if (o.tls_cert != NULL)
      {
        g_autofree char *cert_path = g_canonicalize_filename (o.tls_cert, cwd);
        g_autofree char *key_path = o.tls_key ? g_canonicalize_filename (o.tls_key, cwd) : NULL;

        ta_server_tls_set_files (ta_server_page_get_tls (ta_window_get_server_page (window)),
                                 cert_path, key_path);
      }
    if ((o.tls && o.listen != NULL) || o.tls_cert != NULL)
      ta_server_tls_set_active (ta_server_page_get_tls (ta_window_get_server_page (window)), TRUE);
    if ((o.tls && o.host != NULL) || o.fingerprint != NULL)
      ta_client_page_set_tls (ta_window_get_client_page (window), TRUE, o.fingerprint);
  }

  /* Before --listen: the limit holds from the first connection on. */
  if (o.max_clients != 0)
    ta_server_page_set_max_clients (ta_window_get_server_page (window), o.max_clients);

  if (o.listen != NULL)
    {
      /* A port in use is shown on the page, with a free port suggested. */
      ta_window_show_page (window, "server");
      if (!ta_server_page_start (ta_window_get_server_page (window), o.listen_port))
        status = 1;
    }

  if (o.host != NULL)
    {
      TaClientPage *page = ta_window_get_client_page (window);
      g_autoptr(GBytes) send_bytes = NULL;
      const char *charset;

      if (o.listen == NULL)
        ta_window_show_page (window, "client");

      /* Checked in handle_local_options; built again here, in the
       * primary instance. */
      if (ta_send_option_build (options, &send_bytes, &charset, NULL) && send_bytes != NULL)
        {
          ta_client_page_connect (page, o.host, o.connect_port, NULL);
          if (ta_client_get_state (ta_client_page_get_client (page)) == TA_CLIENT_CONNECTING)
            ta_send_option_send_when_connected (ta_client_page_get_client (page),
                                                ta_client_page_get_log_store (page),
                                                send_bytes, charset);
        }
      else
        ta_client_page_connect (page, o.host, o.connect_port, o.send);
    }
  else if (o.send != NULL && errors->len == 0)
    report_option_error (cmdline, window, _("--send needs --connect=HOST:PORT to know where to send."));

  return status;
}

/* Quitting */

/**
 * ta_application_dup_quit_warning:
 *
 * What quitting now would cut off, as the question to ask, or %NULL
 * when nothing is live: connected clients, the client's connection, a
 * file being sent, a recording.
 *
 * Returns: (transfer full) (nullable): the question
 */
char *
ta_application_dup_quit_warning (TaApplication *self)
{
  return ta_quit_question_dup_text (gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void quit_now (TaApplication *self);

static gboolean
quit_idle_cb (gpointer user_data)
{
  quit_now (user_data);
  return G_SOURCE_REMOVE;
}

/* Quitting closes the dialog's parent: not from inside the dialog's own
 * signal, but once it has closed itself. */
static void
on_quit_response (AdwMessageDialog *dialog,
                  const char       *response,
                  TaApplication    *self)
{
  self->quit_dialog = NULL;
  if (g_strcmp0 (response, "quit") == 0)
    {
      self->quit_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, quit_idle_cb, g_object_ref (self), g_object_unref);
    }
}

/* Asks before cutting live connections off; returns whether it asked
 * (the quit then waits for the answer). */
static gboolean
confirm_quit (TaApplication *self)
{
  g_autofree char *question = NULL;
  GtkWindow *parent;

  if (self->scripted || self->quit_confirmed)
    return FALSE;
  question = ta_application_dup_quit_warning (self);
  if (question == NULL)
    return FALSE;
  if (self->quit_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->quit_dialog));
      return TRUE;
    }
  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  self->quit_dialog = ta_quit_question_new (parent, question);
  g_signal_connect (self->quit_dialog, "response", G_CALLBACK (on_quit_response), self);
  gtk_window_present (GTK_WINDOW (self->quit_dialog));
  return TRUE;
}

static gboolean
on_window_close_confirm (GtkWindow     *window,
                         TaApplication *self)
{
  return confirm_quit (self);
}

/**
 * _ta_application_get_quit_dialog:
 *
 * Returns: (transfer none) (nullable): the question asked before quitting
 */
AdwMessageDialog *
_ta_application_get_quit_dialog (TaApplication *self)
{
  return self->quit_dialog;
}

/* Actions */

static void
quit_now (TaApplication *self)
{
  GApplication *app = G_APPLICATION (self);
  GList *windows;

  self->quit_confirmed = TRUE;

  /* Closing a window removes it from the application's list, freeing the
   * node a loop over that list would read next: walk a copy, holding a
   * reference on each window until it is closed. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
  g_application_quit (app);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  TaApplication *self = user_data;

  if (!confirm_quit (self))
    quit_now (self);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("TCP Assistant developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("TCP Assistant"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("TCP Assistant developers"),
                         "developers", developers,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_WEBSITE "/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 TCP Assistant developers",
                         "translator-credits", _("translator-credits"),
                         "comments", _("Check that two machines can talk over TCP, and see what TCP does: "
                                       "a server that answers “hello” to every message and a client that "
                                       "sends one, as in the classic Python socket tutorial."),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  GtkApplication *app = user_data;

  gtk_window_present (GTK_WINDOW (ta_preferences_window_new (gtk_application_get_active_window (app))));
}

static void
self_test_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  GtkApplication *app = user_data;

  gtk_window_present (GTK_WINDOW (ta_self_test_window_new (gtk_application_get_active_window (app))));
}

static void
save_report_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  ta_window_report_choose_and_save (get_window (TA_APPLICATION (user_data)));
}

static void
help_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkApplication *app = user_data;

  gtk_window_present (GTK_WINDOW (ta_help_window_new (gtk_application_get_active_window (app))));
}

static const GActionEntry app_actions[] = {
  { "help", help_activated },
  { "save-report", save_report_activated },
  { "self-test", self_test_activated },
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

static gboolean
on_unix_signal (gpointer user_data)
{
  /* A signal is a script's or the session's: it does not ask. */
  quit_now (user_data);
  return G_SOURCE_CONTINUE;
}

static void
ta_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (ta_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", (const char *[]) { "F1", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", (const char *[]) { "<Control>question", NULL });

  g_unix_signal_add (SIGTERM, on_unix_signal, app);
  g_unix_signal_add (SIGINT, on_unix_signal, app);
}

static void
ta_application_shutdown (GApplication *app)
{
  TaApplication *self = TA_APPLICATION (app);

  write_report (self);
  /* --report when the app quits without closing its window first */
  write_exit_report (self, TA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  g_clear_handle_id (&self->probe_id, g_source_remove);
  g_clear_handle_id (&self->report_id, g_source_remove);
  if (self->frame_clock)
    g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);

  G_APPLICATION_CLASS (ta_application_parent_class)->shutdown (app);

  g_clear_pointer (&self->recorder, ta_log_recorder_unref);
}

static void
ta_application_finalize (GObject *object)
{
  TaApplication *self = TA_APPLICATION (object);

  g_free (self->bench_path);
  g_free (self->report_path);
  g_clear_pointer (&self->recorder, ta_log_recorder_unref);

  G_OBJECT_CLASS (ta_application_parent_class)->finalize (object);
}

static void
ta_application_class_init (TaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ta_application_finalize;
  app_class->activate = ta_application_activate;
  app_class->startup = ta_application_startup;
  app_class->shutdown = ta_application_shutdown;
  app_class->command_line = ta_application_command_line;
  app_class->local_command_line = ta_application_local_command_line;
  app_class->handle_local_options = ta_application_handle_local_options;
}

static void
ta_application_init (TaApplication *self)
{
  ta_options_add_to (G_APPLICATION (self));
}

TaApplication *
ta_application_new (void)
{
  return g_object_new (TA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", APP_PATH,
                       NULL);
}
