/* ta-application.c: the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions, accelerators, the command line (--listen, --connect, --send,
 * --log-file, --max-clients, --rules, --frame; --hex, --encoding and --checksum in
 * ta-send-option.c), the About and Preferences windows, clean exit on SIGTERM
 * and SIGINT (which never ask), the question before quitting with live
 * connections, and the benchmark report asked for by TA_BENCH_REPORT.
 *
 * Why ~860 lines: the command line's checks are most of it; the next
 * split is the quit question (~130 lines, "Quitting") into a file of its
 * own, then the benchmark report.
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

static const GOptionEntry option_entries[] = {
  { "listen", 'l', 0, G_OPTION_ARG_STRING, NULL,
    N_("Start the server at launch, on PORT (default 7788)"), N_("PORT") },
  { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect the client to HOST:PORT at launch"), N_("HOST:PORT") },
  { "send", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Send TEXT once the client is connected"), N_("TEXT") },
  { "hex", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("The --send text is hex bytes, such as \"01 03 00 00 00 0A\""), NULL },
  { "encoding", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Encode the --send text in NAME (UTF-8, GBK, GB18030, BIG5, …)"), N_("NAME") },
  { "checksum", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Append a checksum to --send: none, sum8, xor8, crc8, crc16-modbus, crc16-ccitt-false, crc32"),
    N_("NAME") },
  { "log-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Append every log line of both pages to PATH"), N_("PATH") },
  /* A string: GApplication drops an integer option whose value is 0. */
  { "max-clients", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Accept at most N clients at a time in this run (1 to 100000); the preference is left unchanged"), N_("N") },
  { "rules", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Answer clients with the reply rules of FILE (imported, as in the rules editor)"), N_("FILE") },
  { "frame", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Cut received data into messages by MODE on both pages: chunk, line, line:crlf, "
       "delimiter:HEX, length:N, prefix:1, prefix:2be, prefix:2le, prefix:4be, prefix:4le or idle:MS"),
    N_("MODE") },
  { "tls", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use TLS for --listen (with the certificate made for this computer) and for --connect"), NULL },
  { "tls-fingerprint", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect with TLS and accept only the server certificate with this SHA-256 fingerprint"), N_("SHA256") },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Serve TLS with this certificate: a PEM file (with its key, or see --tls-key) or a PKCS#12 file"), N_("FILE") },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The PEM private key of --tls-cert"), N_("FILE") },
  { "pause-display", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start with the log display paused on both pages (traffic is still counted)"), NULL },
  { "report", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("When the window closes, write the HTML report (settings, addresses, errors, both logs) to PATH"), N_("PATH") },
  { "self-test", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Test whether a server on this computer can be reached, print the table and exit (0 when loopback works)"), NULL },
  { NULL }
};

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

#define MAX_CLIENTS_LIMIT 100000

/* A bad number for a launcher or a benchmark: fail at once, before any window. */
static gboolean
parse_max_clients (const char *text,
                   guint      *value)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_CLIENTS_LIMIT, &n, NULL))
    return FALSE;
  *value = (guint) n;
  return TRUE;
}

static int
ta_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autoptr(GBytes) send_bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *text, *charset;
  guint n;

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
  if (g_variant_dict_lookup (options, "max-clients", "&s", &text) && !parse_max_clients (text, &n))
    {
      /* Translators: %d is the largest allowed number, %s what was given */
      g_printerr (_("tcp-assistant: --max-clients must be a number from 1 to %d, not “%s”\n"),
                  MAX_CLIENTS_LIMIT, text);
      return 2;
    }
  if (!ta_send_option_build (options, &send_bytes, &charset, &error))
    {
      g_printerr ("tcp-assistant: %s\n", error->message);
      return 2;
    }
  /* A launcher's mistake in --frame or --rules: said at once, before any window. */
  if (g_variant_dict_lookup (options, "frame", "&s", &text))
    {
      TaFrameSpec spec;

      if (!ta_frame_spec_parse (&spec, text, &error))
        {
          g_printerr ("tcp-assistant: --frame: %s\n", error->message);
          return 2;
        }
    }
  if (g_variant_dict_lookup (options, "rules", "^&ay", &text))
    {
      g_autoptr(TaRules) rules = ta_rules_new ();

      if (!ta_rules_load_file (rules, text, &error))
        {
          g_printerr ("tcp-assistant: --rules: %s\n", error->message);
          return 2;
        }
    }
  /* TLS options: a bad fingerprint or a certificate that cannot serve is
   * said at once. */
  if (g_variant_dict_lookup (options, "tls-fingerprint", "&s", &text))
    {
      g_autofree char *fingerprint = ta_tls_fingerprint_parse (text, &error);

      if (fingerprint == NULL)
        {
          g_printerr ("tcp-assistant: --tls-fingerprint: %s\n", error->message);
          return 2;
        }
    }
  if (g_variant_dict_lookup (options, "tls-cert", "^&ay", &text))
    {
      const char *key = NULL;
      g_autoptr(GTlsCertificate) certificate = NULL;

      g_variant_dict_lookup (options, "tls-key", "^&ay", &key);
      certificate = ta_tls_certificate_load (text, key, NULL, &error);
      if (certificate == NULL)
        {
          g_printerr ("tcp-assistant: --tls-cert: %s\n", error->message);
          return 2;
        }
    }
  else if (g_variant_dict_contains (options, "tls-key"))
    {
      g_printerr ("tcp-assistant: %s\n", _("--tls-key needs --tls-cert=FILE, the certificate it belongs to."));
      return 2;
    }
  return -1;
}

/* GApplication's option dictionary cannot express an optional value, so a
 * bare "--listen" is rewritten to "--listen=7788" before parsing. */
static gboolean
ta_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  char **argv = *arguments;

  for (guint i = 1; argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--listen") || g_str_equal (argv[i], "-l"))
        {
          g_free (argv[i]);
          argv[i] = g_strdup_printf ("--listen=%u", TA_SERVER_DEFAULT_PORT);
        }
    }

  return G_APPLICATION_CLASS (ta_application_parent_class)->local_command_line (app, arguments, exit_status);
}

static int
ta_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  TaApplication *self = TA_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *listen = NULL, *connect = NULL, *send = NULL;
  const char *max_clients_text = NULL;
  guint max_clients = 0;
  g_autofree char *log_file = NULL;
  g_autofree char *report_file = NULL;
  g_autofree char *rules_file = NULL;
  const char *frame = NULL;
  g_autofree char *host = NULL;
  guint16 listen_port = 0, connect_port = 0;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  TaLogRecorder *recorder = NULL;
  TaWindow *window;
  int status = 0;

  g_variant_dict_lookup (options, "listen", "&s", &listen);
  g_variant_dict_lookup (options, "connect", "&s", &connect);
  g_variant_dict_lookup (options, "send", "&s", &send);
  if (listen != NULL || connect != NULL || send != NULL)
    self->scripted = TRUE;
  g_variant_dict_lookup (options, "log-file", "^ay", &log_file);
  g_variant_dict_lookup (options, "report", "^ay", &report_file);
  g_variant_dict_lookup (options, "rules", "^ay", &rules_file);
  if (g_variant_dict_lookup (options, "max-clients", "&s", &max_clients_text))
    parse_max_clients (max_clients_text, &max_clients);

  /* Everything that can be wrong with the options is found first, so a
   * launcher's mistake ends the process with a status and the sentence on
   * stderr instead of opening a window nobody asked for. */
  if (listen != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (g_strstrip ((char *) listen), "0") != 0 && !ta_parse_port (listen, &listen_port, &error))
        {
          g_ptr_array_add (errors, g_strdup_printf (_("--listen: %s"), error->message));
          listen = NULL;
        }
    }

  if (connect != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (ta_parse_host (connect, &host, &connect_port, &error))
        {
          if (connect_port == 0)
            connect_port = TA_SERVER_DEFAULT_PORT;
        }
      else
        {
          g_ptr_array_add (errors, g_strdup_printf (_("--connect: %s"), error->message));
          connect = NULL;
        }
    }

  if (log_file != NULL && self->recorder == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_canonicalize_filename (log_file, g_application_command_line_get_cwd (cmdline));

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

  if (report_file != NULL)
    {
      g_autofree char *path = g_canonicalize_filename (report_file, g_application_command_line_get_cwd (cmdline));
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

  if (g_variant_dict_contains (options, "pause-display"))
    {
      ta_log_store_set_paused (ta_server_page_get_log_store (ta_window_get_server_page (window)), TRUE);
      ta_log_store_set_paused (ta_client_page_get_log_store (ta_window_get_client_page (window)), TRUE);
    }

  /* Before --listen: the first client is already answered and framed so. */
  if (g_variant_dict_lookup (options, "frame", "&s", &frame))
    {
      GSettings *settings = ta_settings_get ();

      /* As if chosen in both logs' options: the choice shows there. */
      g_settings_set_string (settings, "server-framing", frame);
      g_settings_set_string (settings, "client-framing", frame);
    }
  if (rules_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_canonicalize_filename (rules_file, g_application_command_line_get_cwd (cmdline));
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
    gboolean tls = g_variant_dict_contains (options, "tls");
    g_autofree char *tls_cert = NULL;
    g_autofree char *tls_key = NULL;
    const char *fingerprint_text = NULL;
    g_autofree char *fingerprint = NULL;
    const char *cwd = g_application_command_line_get_cwd (cmdline);

    g_variant_dict_lookup (options, "tls-cert", "^ay", &tls_cert);
    g_variant_dict_lookup (options, "tls-key", "^ay", &tls_key);
    if (g_variant_dict_lookup (options, "tls-fingerprint", "&s", &fingerprint_text))
      fingerprint = ta_tls_fingerprint_parse (fingerprint_text, NULL);

    if (tls_cert != NULL)
      {
        g_autofree char *cert_path = g_canonicalize_filename (tls_cert, cwd);
        g_autofree char *key_path = tls_key ? g_canonicalize_filename (tls_key, cwd) : NULL;

        ta_server_tls_set_files (ta_server_page_get_tls (ta_window_get_server_page (window)),
                                 cert_path, key_path);
      }
    if ((tls && listen != NULL) || tls_cert != NULL)
      ta_server_tls_set_active (ta_server_page_get_tls (ta_window_get_server_page (window)), TRUE);
    if ((tls && connect != NULL) || fingerprint != NULL)
      ta_client_page_set_tls (ta_window_get_client_page (window), TRUE, fingerprint);
  }

  /* Before --listen: the limit holds from the first connection on. */
  if (max_clients != 0)
    ta_server_page_set_max_clients (ta_window_get_server_page (window), max_clients);

  if (listen != NULL)
    {
      /* A port in use is shown on the page, with a free port suggested. */
      ta_window_show_page (window, "server");
      if (!ta_server_page_start (ta_window_get_server_page (window), listen_port))
        status = 1;
    }

  if (connect != NULL)
    {
      TaClientPage *page = ta_window_get_client_page (window);
      g_autoptr(GBytes) send_bytes = NULL;
      const char *charset;

      if (listen == NULL)
        ta_window_show_page (window, "client");

      /* Checked in handle_local_options; built again here, in the
       * primary instance. */
      if (ta_send_option_build (options, &send_bytes, &charset, NULL) && send_bytes != NULL)
        {
          ta_client_page_connect (page, host, connect_port, NULL);
          if (ta_client_get_state (ta_client_page_get_client (page)) == TA_CLIENT_CONNECTING)
            ta_send_option_send_when_connected (ta_client_page_get_client (page),
                                                ta_client_page_get_log_store (page),
                                                send_bytes, charset);
        }
      else
        ta_client_page_connect (page, host, connect_port, send);
    }
  else if (send != NULL && errors->len == 0)
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
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  TaWindow *window;
  TaServerPage *server_page;
  TaClientPage *client_page;
  guint n_clients;

  if (!TA_IS_WINDOW (active))
    return NULL;
  window = TA_WINDOW (active);
  server_page = ta_window_get_server_page (window);
  client_page = ta_window_get_client_page (window);
  n_clients = ta_server_get_n_clients (ta_server_page_get_server (server_page));

  if (ta_composer_is_sending_file (_ta_server_page_get_composer (server_page)) ||
      ta_composer_is_sending_file (_ta_client_page_get_composer (client_page)))
    return g_strdup (_("A file is being sent. Quit anyway?"));
  if (n_clients > 0)
    /* Translators: asked before quitting, e.g. "3 clients are connected. Quit anyway?" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u client is connected. Quit anyway?",
                                         "%u clients are connected. Quit anyway?", n_clients),
                            n_clients);
  if (ta_client_get_state (ta_client_page_get_client (client_page)) == TA_CLIENT_CONNECTED)
    return g_strdup (_("The client is connected to a server. Quit anyway?"));
  if (ta_log_store_is_recording (ta_server_page_get_log_store (server_page)) ||
      ta_log_store_is_recording (ta_client_page_get_log_store (client_page)))
    return g_strdup (_("The log is being recorded to a file. Quit anyway?"));
  return NULL;
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
  self->quit_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, question,
                                                                   _("Quitting closes every connection.")));
  adw_message_dialog_add_responses (self->quit_dialog,
                                    "cancel", _("_Cancel"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (self->quit_dialog, "quit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (self->quit_dialog, "cancel");
  adw_message_dialog_set_close_response (self->quit_dialog, "cancel");
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
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Check that two machines can talk over TCP."));
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
