/* ta-options.h: the command line's options, parsed and checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TA_OPTIONS_MAX_CLIENTS_LIMIT 100000

/**
 * TaOptions:
 *
 * One command line's options, read in the primary instance. Strings are
 * owned (ta_options_clear() frees them); %NULL when not given, or when
 * the value was wrong (the sentence is in the errors array then).
 */
typedef struct {
  char *listen;                /* --listen, already checked: listen_port (0 = any free port) */
  guint16 listen_port;
  char *host;                  /* --connect=HOST:PORT */
  guint16 connect_port;
  char *send;
  guint max_clients;           /* 0 when not given */
  char *log_file;
  char *report_file;
  char *rules_file;
  char *frame;
  gboolean tls;
  char *tls_cert;
  char *tls_key;
  char *fingerprint;           /* normalised, or %NULL */
  gboolean pause_display;
  /* --listen, --connect or --send: a script's run, that never asks before quitting */
  gboolean scripted;
} TaOptions;

void     ta_options_add_to             (GApplication  *app);
void     ta_options_rewrite_listen     (char         **argv);
int      ta_options_check              (GVariantDict  *options);
void     ta_options_read               (TaOptions     *self,
                                        GVariantDict  *options,
                                        GPtrArray     *errors);
void     ta_options_clear              (TaOptions     *self);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TaOptions, ta_options_clear)

G_END_DECLS
