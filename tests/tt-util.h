/* tt-util.h: helpers for tests over real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*TtPredicate) (gpointer data);

guint     tt_slowdown        (void);
gint64    tt_thread_cpu_us   (void);
gboolean  tt_wait_for        (TtPredicate  predicate,
                              gpointer     data,
                              guint        timeout_ms);
void      tt_spin            (guint        ms);
GSocket  *tt_connect         (const char  *ip,
                              guint16      port);
void      tt_send            (GSocket     *socket,
                              const void  *data,
                              gsize        len);
GBytes   *tt_read_n          (GSocket     *socket,
                              gsize        n,
                              guint        timeout_ms);
GBytes   *tt_read_available  (GSocket     *socket,
                              guint        quiet_ms);
gboolean  tt_read_eof        (GSocket     *socket,
                              guint        timeout_ms);
GSocket  *tt_bound_port      (guint16     *port);
char     *tt_log_text        (GListModel  *store);
guint     tt_count_fds       (void);

G_END_DECLS

G_BEGIN_DECLS

/* A Python peer whose stdout is collected while the main loop runs. */
typedef struct {
  GSubprocess      *proc;
  GDataInputStream *in;
  GString          *out;
  gboolean          eof;
} TtChild;

TtChild  *tt_child_spawn_python  (const char *code);
gboolean  tt_child_wait_output   (TtChild    *child,
                                  const char *needle,
                                  guint       timeout_ms);
void      tt_child_free          (TtChild    *child);
gsize     tt_rss_kb              (const char *field);

/* Waiting on a TaServer or a TaLogStore (declared as gpointer: tt-util
 * does not include the core headers here). */
void      tt_wait_clients            (gpointer    server,
                                      guint       n);
void      tt_assert_log_eventually   (gpointer    log,
                                      const char *needle);

/* A listening socket that never accepts and whose backlog is full: a
 * connect to it hangs, and no packet leaves loopback. */
typedef struct {
  GSocket *listener;
  GSocket *filler;
  guint16  port;
} TtBlackhole;

void      tt_blackhole_open      (TtBlackhole *b);
void      tt_blackhole_close     (TtBlackhole *b);

G_END_DECLS
