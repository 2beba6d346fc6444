/* ta-options.c: the command line's options, parsed and checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The option table (--listen, --connect, --send, --log-file,
 * --max-clients, --rules, --frame, the TLS options, --pause-display,
 * --report, --self-test; --hex, --encoding and --checksum are read by
 * ta-send-option.c), the bare "--listen" rewrite, the checks made before
 * any window (a launcher's mistake exits with status 2 and a sentence on
 * stderr) and the reading of one command line's values in the primary
 * instance (--listen and --connect values that are wrong become
 * sentences; the application shows them). What the options then do to
 * the window is TaApplication's.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ta-address.h"
#include "ta-framer.h"
#include "ta-options.h"
#include "ta-rules.h"
#include "ta-send-option.h"
#include "ta-server.h"
#include "ta-tls.h"

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

/**
 * ta_options_add_to:
 *
 * Gives @app the option table and the summary of `--help`.
 */
void
ta_options_add_to (GApplication *app)
{
  g_application_add_main_option_entries (app, option_entries);
  g_application_set_option_context_parameter_string (app, NULL);
  g_application_set_option_context_summary (app, _("Check that two machines can talk over TCP."));
}

/**
 * ta_options_rewrite_listen:
 *
 * GApplication's option dictionary cannot express an optional value, so a
 * bare "--listen" is rewritten to "--listen=7788" before parsing.
 */
void
ta_options_rewrite_listen (char **argv)
{
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
}

/* A bad number for a launcher or a benchmark: fail at once, before any window. */
static gboolean
parse_max_clients (const char *text,
                   guint      *value)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (text, 10, 1, TA_OPTIONS_MAX_CLIENTS_LIMIT, &n, NULL))
    return FALSE;
  *value = (guint) n;
  return TRUE;
}

/**
 * ta_options_check:
 *
 * The checks made in the launching process, before any window: a wrong
 * --max-clients, --send (with --hex, --encoding, --checksum), --frame,
 * --rules or TLS option is a sentence on stderr.
 *
 * Returns: 2 when one is wrong, -1 to go on
 */
int
ta_options_check (GVariantDict *options)
{
  g_autoptr(GBytes) send_bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *text, *charset;
  guint n;

  if (g_variant_dict_lookup (options, "max-clients", "&s", &text) && !parse_max_clients (text, &n))
    {
      /* Translators: %d is the largest allowed number, %s what was given */
      g_printerr (_("tcp-assistant: --max-clients must be a number from 1 to %d, not “%s”\n"),
                  TA_OPTIONS_MAX_CLIENTS_LIMIT, text);
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

/**
 * ta_options_read:
 * @errors: (element-type utf8): where a wrong --listen or --connect adds
 *   its sentence
 *
 * Reads one command line's values (checked by ta_options_check() in the
 * launching process, except what only the primary instance can say).
 */
void
ta_options_read (TaOptions    *self,
                 GVariantDict *options,
                 GPtrArray    *errors)
{
  g_autofree char *listen = NULL;
  g_autofree char *connect = NULL;
  g_autofree char *max_clients_text = NULL;
  g_autofree char *fingerprint_text = NULL;

  memset (self, 0, sizeof *self);
  g_variant_dict_lookup (options, "listen", "s", &listen);
  g_variant_dict_lookup (options, "connect", "s", &connect);
  g_variant_dict_lookup (options, "send", "s", &self->send);
  self->scripted = listen != NULL || connect != NULL || self->send != NULL;
  g_variant_dict_lookup (options, "log-file", "^ay", &self->log_file);
  g_variant_dict_lookup (options, "report", "^ay", &self->report_file);
  g_variant_dict_lookup (options, "rules", "^ay", &self->rules_file);
  g_variant_dict_lookup (options, "frame", "s", &self->frame);
  if (g_variant_dict_lookup (options, "max-clients", "s", &max_clients_text))
    parse_max_clients (max_clients_text, &self->max_clients);
  self->tls = g_variant_dict_contains (options, "tls");
  g_variant_dict_lookup (options, "tls-cert", "^ay", &self->tls_cert);
  g_variant_dict_lookup (options, "tls-key", "^ay", &self->tls_key);
  if (g_variant_dict_lookup (options, "tls-fingerprint", "s", &fingerprint_text))
    self->fingerprint = ta_tls_fingerprint_parse (fingerprint_text, NULL);
  self->pause_display = g_variant_dict_contains (options, "pause-display");

  /* Everything that can be wrong with the options is found first, so a
   * launcher's mistake ends the process with a status and the sentence on
   * stderr instead of opening a window nobody asked for. */
  if (listen != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (g_strstrip (listen), "0") != 0 && !ta_parse_port (listen, &self->listen_port, &error))
        g_ptr_array_add (errors, g_strdup_printf (_("--listen: %s"), error->message));
      else
        self->listen = g_steal_pointer (&listen);
    }

  if (connect != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (ta_parse_host (connect, &self->host, &self->connect_port, &error))
        {
          if (self->connect_port == 0)
            self->connect_port = TA_SERVER_DEFAULT_PORT;
        }
      else
        {
          g_clear_pointer (&self->host, g_free);
          g_ptr_array_add (errors, g_strdup_printf (_("--connect: %s"), error->message));
        }
    }
}

void
ta_options_clear (TaOptions *self)
{
  g_free (self->listen);
  g_free (self->host);
  g_free (self->send);
  g_free (self->log_file);
  g_free (self->report_file);
  g_free (self->rules_file);
  g_free (self->frame);
  g_free (self->tls_cert);
  g_free (self->tls_key);
  g_free (self->fingerprint);
  memset (self, 0, sizeof *self);
}
