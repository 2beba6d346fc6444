/* ta-send-option.c: --send with --hex, --encoding and --checksum
 *
 * For scripts and launchers talking to devices:
 *   tcp-assistant --connect=127.0.0.1:502 --hex --checksum=crc16-modbus \
 *                 --send="01 03 00 00 00 0A"
 * sends exactly 01 03 00 00 00 0A C5 CD. With any of the three options the
 * message is built here, once, by ta_message_build() (no line ending; the
 * encoding defaults to the app's default send encoding), so a bad value
 * stops the launch with a sentence and exit status 2 before any window
 * opens. Without them, --send keeps its old meaning: the text is sent as
 * the Client page's composer would send it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-codec.h"
#include "ta-message.h"
#include "ta-send-option.h"

/**
 * ta_send_option_build:
 * @options: the command line's options (--send, --hex, --encoding,
 *   --checksum)
 * @bytes: (out) (transfer full): the bytes to send, or %NULL when none of
 *   --hex, --encoding, --checksum was given (plain --send, or no --send)
 * @charset: (out) (transfer none): the encoding of the message, for the
 *   log's display of what was sent
 *
 * Returns: %FALSE with a sentence naming the option when a value is bad
 */
gboolean
ta_send_option_build (GVariantDict  *options,
                      GBytes       **bytes,
                      const char   **charset,
                      GError       **error)
{
  const char *send = NULL, *encoding = NULL, *checksum_id = NULL;
  g_autoptr(GError) local_error = NULL;
  TaChecksum checksum = TA_CHECKSUM_NONE;
  gboolean hex;

  *bytes = NULL;
  *charset = ta_codec_default_send_charset ();

  g_variant_dict_lookup (options, "send", "&s", &send);
  g_variant_dict_lookup (options, "encoding", "&s", &encoding);
  g_variant_dict_lookup (options, "checksum", "&s", &checksum_id);
  hex = g_variant_dict_contains (options, "hex");

  if (encoding != NULL)
    {
      *charset = ta_message_find_charset (encoding);
      if (*charset == NULL)
        {
          g_autofree char *valid = ta_message_list_charsets ();

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: the last %s is a list such as "UTF-8, GBK, GB18030" */
                       _("--encoding: “%s” is not an encoding TCP Assistant offers. Use one of: %s."),
                       encoding, valid);
          return FALSE;
        }
    }

  if (checksum_id != NULL && !ta_checksum_from_id (checksum_id, &checksum))
    {
      g_autofree char *valid = ta_checksum_list_ids ();

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: the last %s is a list such as "none, sum8, crc16-modbus" */
                   _("--checksum: “%s” is not a checksum TCP Assistant knows. Use one of: %s."),
                   checksum_id, valid);
      return FALSE;
    }

  if (!hex && encoding == NULL && checksum_id == NULL)
    return TRUE;

  if (send == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--hex, --encoding and --checksum describe the message of --send: "
                             "add --send=TEXT (and --connect=HOST:PORT)."));
      return FALSE;
    }

  *bytes = ta_message_build (send, hex ? TA_MESSAGE_MODE_HEX : TA_MESSAGE_MODE_TEXT,
                             *charset, TA_LINE_ENDING_NONE, checksum, &local_error);
  if (*bytes == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--send: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Shared by the two handlers; each holds a reference, dropped when it is
 * disconnected (or when the client goes away first, as at quit). */
typedef struct {
  guint       ref_count;
  GBytes     *bytes;
  TaLogStore *store;
  char       *charset;
  gulong      connected_id;
  gulong      failed_id;
} PendingSend;

static void
pending_send_unref (gpointer data,
                    GClosure *closure)
{
  PendingSend *p = data;

  if (--p->ref_count > 0)
    return;
  g_bytes_unref (p->bytes);
  g_clear_object (&p->store);
  g_free (p->charset);
  g_free (p);
}

/* Once: the handlers go (the running one is released after it returns). */
static void
pending_send_forget (PendingSend *p,
                     TaClient    *client)
{
  gulong failed_id = p->failed_id;

  g_clear_signal_handler (&p->connected_id, client);
  p->failed_id = 0;
  if (failed_id != 0)
    g_signal_handler_disconnect (client, failed_id);
}

static void
on_connected (TaClient     *client,
              TaConnection *connection,
              PendingSend  *p)
{
  g_autoptr(GError) error = NULL;

  ta_log_store_set_send_charset (p->store, p->charset);
  /* Fails only if the connection closed in the meantime; the page shows
   * that, and the log shows nothing was sent. */
  if (!ta_client_send (client, p->bytes, &error))
    g_debug ("--send: %s", error->message);
  pending_send_forget (p, client);
}

static void
on_connect_failed (TaClient    *client,
                   const char  *sentence,
                   GError      *error,
                   PendingSend *p)
{
  /* The Client page shows why; nothing goes to a later connection. */
  pending_send_forget (p, client);
}

/**
 * ta_send_option_send_when_connected:
 *
 * Sends @bytes once, as soon as @client (connecting now) is connected;
 * forgets them if that connection attempt fails. What was sent appears in
 * @store's log, shown in @charset.
 */
void
ta_send_option_send_when_connected (TaClient   *client,
                                    TaLogStore *store,
                                    GBytes     *bytes,
                                    const char *charset)
{
  PendingSend *p;

  g_return_if_fail (TA_IS_CLIENT (client));
  g_return_if_fail (TA_IS_LOG_STORE (store));
  g_return_if_fail (bytes != NULL);

  p = g_new0 (PendingSend, 1);
  p->ref_count = 2;
  p->bytes = g_bytes_ref (bytes);
  p->store = g_object_ref (store);
  p->charset = g_strdup (charset);
  p->connected_id = g_signal_connect_data (client, "connected", G_CALLBACK (on_connected),
                                           p, pending_send_unref, 0);
  p->failed_id = g_signal_connect_data (client, "connect-failed",
                                        G_CALLBACK (on_connect_failed),
                                        p, pending_send_unref, 0);
}
