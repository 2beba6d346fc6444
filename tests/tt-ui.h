/* tt-ui.h: helpers shared by the UI tests (run under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ta-client.h"
#include "ta-window.h"

G_BEGIN_DECLS

#define WAIT_US (5 * G_USEC_PER_SEC)

typedef gboolean (*TtUiCondition) (gpointer data);

TaWindow *tt_ui_new_window     (void);
void      tt_ui_destroy_window (TaWindow   *window);
void      tt_ui_iterate_for    (gint64      us);
gboolean  tt_ui_wait_for       (TtUiCondition cond,
                                gpointer    data);
gboolean  tt_ui_log_has        (TaLogView  *view,
                                const char *body);
void      tt_ui_dump_log       (const char *name,
                                TaLogView  *view);
guint16   tt_ui_start_server   (TaServerPage *page);
GtkFileChooser *tt_ui_shown_chooser (const char *title);

/* The Client page against a peer of the test's own */
typedef struct {
  GSocket *listener;
  GSocket *conn;
  guint16  port;
  guint    n_accepted;
} TtPeer;

void      tt_peer_open         (TtPeer       *peer);
gboolean  tt_peer_try_accept   (gpointer      peer);
void      tt_peer_close        (TtPeer       *peer);
TaClientState tt_ui_client_state (TaClientPage *page);
gboolean  tt_ui_client_is_connected    (gpointer page);
gboolean  tt_ui_client_is_connecting   (gpointer page);
gboolean  tt_ui_client_is_disconnected (gpointer page);
TaWindow *tt_ui_new_client_window (TaClientPage **page);
void      tt_ui_client_set_target (TaClientPage *page,
                                   guint16       port);
void      tt_ui_client_connect (TaClientPage *page,
                                TtPeer       *peer);

G_END_DECLS
