/* ta-quit-question.c: the question asked before quitting with live connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What quitting now would cut off (connected clients, the client's
 * connection, a file being sent, a recording), said as the question
 * ("3 clients are connected. Quit anyway?"), and the dialog that asks it
 * with Quit as the destructive choice. When to ask (not in scripted runs,
 * not on SIGTERM, once) is TaApplication's.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-client-page-private.h"
#include "ta-composer.h"
#include "ta-log-store.h"
#include "ta-quit-question.h"
#include "ta-server-page-private.h"
#include "ta-window.h"

/**
 * ta_quit_question_dup_text:
 * @window: (nullable): the application's window
 *
 * Returns: (transfer full) (nullable): the question, or %NULL when
 *   nothing is live
 */
char *
ta_quit_question_dup_text (GtkWindow *window)
{
  TaServerPage *server_page;
  TaClientPage *client_page;
  guint n_clients;

  if (!TA_IS_WINDOW (window))
    return NULL;
  server_page = ta_window_get_server_page (TA_WINDOW (window));
  client_page = ta_window_get_client_page (TA_WINDOW (window));
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

/**
 * ta_quit_question_new:
 *
 * The dialog asking @question: "cancel" (the default, and Escape) or
 * "quit" (destructive). Not shown yet.
 *
 * Returns: (transfer floating): the dialog
 */
AdwMessageDialog *
ta_quit_question_new (GtkWindow  *parent,
                      const char *question)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, question,
                                                       _("Quitting closes every connection.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "quit", _("_Quit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "quit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}
