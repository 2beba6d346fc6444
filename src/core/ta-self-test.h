/* ta-self-test.h: "Test this computer": can a server here be reached?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One address tried. */
typedef struct {
  GInetAddress *address;
  char         *interface;
  gboolean      reachable;   /* connected and the message came back whole */
  gint64        rtt_us;      /* the message's round trip, when reachable */
  char         *meaning;     /* a sentence: what it means for the user */
} TaSelfTestRow;

typedef struct {
  guint16    port;           /* the temporary server's port */
  GPtrArray *rows;           /* (element-type TaSelfTestRow) */
  char      *summary;        /* a sentence about the whole */
  gboolean   loopback_ok;    /* 127.0.0.1 or ::1 answered */
  gint64     elapsed_us;
} TaSelfTest;

#define TA_SELF_TEST_DEFAULT_TIMEOUT_MS 1500

void        ta_self_test_free          (TaSelfTest   *test);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaSelfTest, ta_self_test_free)

void        ta_self_test_run_async     (guint                timeout_ms,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
TaSelfTest *ta_self_test_run_finish    (GAsyncResult        *result,
                                        GError             **error);
TaSelfTest *ta_self_test_run_sync      (guint                timeout_ms);
char       *ta_self_test_format_address (TaSelfTestRow      *row);
char       *ta_self_test_format_rtt    (TaSelfTestRow       *row);
char       *ta_self_test_summarize     (TaSelfTest          *test);
char       *ta_self_test_to_text       (TaSelfTest          *test);

G_END_DECLS
