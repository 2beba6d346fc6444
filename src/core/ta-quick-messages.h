/* ta-quick-messages.h: saved messages sent with one click, kept in a file
 *
 * TaQuickMessage is one message (name + what ta_message_build() needs);
 * TaQuickMessages the GListModel of them shared by both pages. Typical use:
 *
 *   path = ta_quick_messages_get_default_path ();
 *   if (!ta_quick_messages_open (list, path, &error))   // never loses a file
 *     toast (error->message);
 *   g_signal_connect (list, "changed", save_soon, …);   // ta_quick_messages_save (list, path, …)
 *   bytes = ta_quick_message_build (message, &error);   // one click: send these
 *   import: ta_quick_messages_import (list, chosen_path, &n, &error);
 *   export: ta_quick_messages_save (list, chosen_path, &error);
 *   delete + undo: m = ta_quick_messages_remove (list, i); … ta_quick_messages_insert (list, i, m);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-checksum.h"
#include "ta-message.h"

G_BEGIN_DECLS

#define TA_TYPE_QUICK_MESSAGE (ta_quick_message_get_type ())
G_DECLARE_FINAL_TYPE (TaQuickMessage, ta_quick_message, TA, QUICK_MESSAGE, GObject)

#define TA_TYPE_QUICK_MESSAGES (ta_quick_messages_get_type ())
G_DECLARE_FINAL_TYPE (TaQuickMessages, ta_quick_messages, TA, QUICK_MESSAGES, GObject)

#define TA_QUICK_MESSAGES_ERROR (ta_quick_messages_error_quark ())

/**
 * TaQuickMessagesError:
 * @TA_QUICK_MESSAGES_ERROR_INVALID: not a quick-messages file, or a value
 *   in it makes no sense (the message names the message and the key)
 * @TA_QUICK_MESSAGES_ERROR_TRUNCATED: fewer messages than the file says
 *   it holds (cut short while copying or writing)
 * @TA_QUICK_MESSAGES_ERROR_NOT_UTF8: not UTF-8 text
 * @TA_QUICK_MESSAGES_ERROR_FUTURE_VERSION: written by a newer version
 * @TA_QUICK_MESSAGES_ERROR_TOO_LARGE: over the size or count limits
 *
 * Reading errors from the file system keep their #G_FILE_ERROR domain
 * (%G_FILE_ERROR_NOENT: no file yet). Every message is a sentence that
 * names the file.
 */
typedef enum {
  TA_QUICK_MESSAGES_ERROR_INVALID,
  TA_QUICK_MESSAGES_ERROR_TRUNCATED,
  TA_QUICK_MESSAGES_ERROR_NOT_UTF8,
  TA_QUICK_MESSAGES_ERROR_FUTURE_VERSION,
  TA_QUICK_MESSAGES_ERROR_TOO_LARGE,
} TaQuickMessagesError;

/* The file format this version writes and the newest it reads. */
#define TA_QUICK_MESSAGES_VERSION 1
/* Limits that keep a hostile or mistaken file from filling memory. */
#define TA_QUICK_MESSAGES_MAX_FILE_SIZE (1024 * 1024)
#define TA_QUICK_MESSAGES_MAX_COUNT 1000

GQuark           ta_quick_messages_error_quark   (void);

TaQuickMessage  *ta_quick_message_new            (const char      *name,
                                                  const char      *content,
                                                  TaMessageMode    mode,
                                                  const char      *charset,
                                                  TaLineEnding     ending,
                                                  TaChecksum       checksum);
TaQuickMessage  *ta_quick_message_copy           (TaQuickMessage  *self);
const char      *ta_quick_message_get_name       (TaQuickMessage  *self);
void             ta_quick_message_set_name       (TaQuickMessage  *self,
                                                  const char      *name);
const char      *ta_quick_message_get_content    (TaQuickMessage  *self);
void             ta_quick_message_set_content    (TaQuickMessage  *self,
                                                  const char      *content);
TaMessageMode    ta_quick_message_get_mode       (TaQuickMessage  *self);
void             ta_quick_message_set_mode       (TaQuickMessage  *self,
                                                  TaMessageMode    mode);
const char      *ta_quick_message_get_charset    (TaQuickMessage  *self);
void             ta_quick_message_set_charset    (TaQuickMessage  *self,
                                                  const char      *charset);
TaLineEnding     ta_quick_message_get_line_ending (TaQuickMessage *self);
void             ta_quick_message_set_line_ending (TaQuickMessage *self,
                                                  TaLineEnding     ending);
TaChecksum       ta_quick_message_get_checksum   (TaQuickMessage  *self);
void             ta_quick_message_set_checksum   (TaQuickMessage  *self,
                                                  TaChecksum       checksum);
GBytes          *ta_quick_message_build          (TaQuickMessage  *self,
                                                  GError         **error);

TaQuickMessages *ta_quick_messages_new           (void);
char            *ta_quick_messages_get_default_path (void);
void             ta_quick_messages_add_examples  (TaQuickMessages *self);
TaQuickMessage  *ta_quick_messages_get           (TaQuickMessages *self,
                                                  guint            position);
gboolean         ta_quick_messages_append        (TaQuickMessages *self,
                                                  TaQuickMessage  *message);
gboolean         ta_quick_messages_insert        (TaQuickMessages *self,
                                                  guint            position,
                                                  TaQuickMessage  *message);
TaQuickMessage  *ta_quick_messages_remove        (TaQuickMessages *self,
                                                  guint            position);
void             ta_quick_messages_move          (TaQuickMessages *self,
                                                  guint            from,
                                                  guint            to);
void             ta_quick_messages_rename        (TaQuickMessages *self,
                                                  guint            position,
                                                  const char      *name);
void             ta_quick_messages_clear         (TaQuickMessages *self);
gboolean         ta_quick_messages_is_full       (TaQuickMessages *self);

gboolean         ta_quick_messages_open          (TaQuickMessages *self,
                                                  const char      *path,
                                                  GError         **error);
gboolean         ta_quick_messages_load          (TaQuickMessages *self,
                                                  const char      *path,
                                                  GError         **error);
gboolean         ta_quick_messages_import        (TaQuickMessages *self,
                                                  const char      *path,
                                                  guint           *n_added,
                                                  GError         **error);
gboolean         ta_quick_messages_save          (TaQuickMessages *self,
                                                  const char      *path,
                                                  GError         **error);
gboolean         ta_quick_messages_load_data     (TaQuickMessages *self,
                                                  const char      *data,
                                                  gsize            len,
                                                  gboolean         append,
                                                  GError         **error);
char            *ta_quick_messages_to_data       (TaQuickMessages *self,
                                                  gsize           *len);

G_END_DECLS
