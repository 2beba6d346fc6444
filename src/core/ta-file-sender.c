/* ta-file-sender.c
 *
 * Reads the file in pieces and queues each into the connection only while
 * little is waiting there, so a 100 MB file never sits in memory and a
 * slow peer slows the reading down instead of filling the queue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-file-sender.h"

#define PIECE_SIZE (64 * 1024)
#define HIGH_WATER (4 * PIECE_SIZE)

struct _TaFileSender
{
  GObject        parent_instance;

  TaConnection  *connection;
  GFile         *file;
  GInputStream  *input;
  GCancellable  *cancellable;
  guint64        total;
  guint64        read;
  guint64        sent;
  gulong         sent_id;
  gulong         closed_id;
  guint          reading : 1;
  guint          eof : 1;
  guint          done : 1;
};

G_DEFINE_FINAL_TYPE (TaFileSender, ta_file_sender, G_TYPE_OBJECT)

enum {
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_next (TaFileSender *self);

static void
disconnect_connection (TaFileSender *self)
{
  if (self->connection == NULL)
    return;
  g_clear_signal_handler (&self->sent_id, self->connection);
  g_clear_signal_handler (&self->closed_id, self->connection);
}

static void
finish (TaFileSender *self,
        GError       *error)
{
  g_autoptr(TaFileSender) hold = g_object_ref (self);

  if (self->done)
    return;
  self->done = TRUE;
  g_cancellable_cancel (self->cancellable);
  disconnect_connection (self);
  if (self->input != NULL)
    g_input_stream_close_async (self->input, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_signal_emit (self, signals[FINISHED], 0, error);
}

static void
ta_file_sender_dispose (GObject *object)
{
  TaFileSender *self = TA_FILE_SENDER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  disconnect_connection (self);
  g_clear_object (&self->connection);
  g_clear_object (&self->input);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (ta_file_sender_parent_class)->dispose (object);
}

static void
ta_file_sender_class_init (TaFileSenderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ta_file_sender_dispose;

  /* @sent, @total: bytes */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  /* @error: (nullable): %NULL when the whole file went out; else a
   * sentence for the user */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ta_file_sender_init (TaFileSender *self)
{
  self->cancellable = g_cancellable_new ();
}

TaFileSender *
ta_file_sender_new (TaConnection *connection,
                    GFile        *file)
{
  TaFileSender *self;

  g_return_val_if_fail (TA_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (TA_TYPE_FILE_SENDER, NULL);
  self->connection = g_object_ref (connection);
  self->file = g_object_ref (file);
  return self;
}

static void
fail_with_file_error (TaFileSender *self,
                      const GError *cause)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (self->file);

  g_set_error (&error, cause->domain, cause->code,
               _("The file “%s” cannot be read: %s"), name, cause->message);
  finish (self, error);
}

static void
maybe_finish (TaFileSender *self)
{
  if (self->eof && self->sent == self->read && !self->done)
    finish (self, NULL);
}

static void
on_sent (TaFileSender *self,
         GBytes       *bytes,
         guint         flags,
         TaConnection *connection)
{
  if (!(flags & TA_SEND_FILE))
    return;

  self->sent += g_bytes_get_size (bytes);
  g_signal_emit (self, signals[PROGRESS], 0, self->sent, self->total);

  maybe_finish (self);
  if (!self->done && !self->reading && !self->eof &&
      ta_connection_get_queued_bytes (self->connection) < HIGH_WATER)
    read_next (self);
}

static void
on_closed (TaFileSender *self,
           guint         reason,
           const char   *message,
           TaConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sent = g_format_size (self->sent);
  g_autofree char *total = g_format_size (self->total);

  g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
               _("The connection closed before the whole file was sent (%s of %s went out)."),
               sent, total);
  finish (self, error);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TaFileSender) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) piece = NULL;

  self->reading = FALSE;
  piece = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (self->done)
    return;

  if (piece == NULL)
    {
      fail_with_file_error (self, error);
      return;
    }

  if (g_bytes_get_size (piece) == 0)
    {
      self->eof = TRUE;
      maybe_finish (self);
      return;
    }

  self->read += g_bytes_get_size (piece);
  if (!ta_connection_send (self->connection, piece, TA_SEND_FILE, &error))
    {
      /* The connection is closing; ::closed tells the user. */
      if (!self->done)
        finish (self, error);
      return;
    }

  /* ::sent may already have run (the send can complete at once) and
   * started the next read. */
  if (!self->done && !self->reading &&
      ta_connection_get_queued_bytes (self->connection) < HIGH_WATER)
    read_next (self);
}

static void
read_next (TaFileSender *self)
{
  self->reading = TRUE;
  g_input_stream_read_bytes_async (self->input, PIECE_SIZE, G_PRIORITY_DEFAULT_IDLE,
                                   self->cancellable, read_cb, g_object_ref (self));
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TaFileSender) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;

  input = g_file_read_finish (G_FILE (object), result, &error);
  if (self->done)
    return;
  if (input == NULL)
    {
      fail_with_file_error (self, error);
      return;
    }

  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL);
  if (info != NULL)
    self->total = g_file_info_get_size (info);

  self->input = G_INPUT_STREAM (g_steal_pointer (&input));
  g_signal_emit (self, signals[PROGRESS], 0, self->sent, self->total);
  read_next (self);
}

/**
 * ta_file_sender_start:
 *
 * Starts sending; ends with ::finished.
 */
void
ta_file_sender_start (TaFileSender *self)
{
  g_return_if_fail (TA_IS_FILE_SENDER (self));

  if (ta_connection_is_closed (self->connection))
    {
      g_autoptr(GError) error = NULL;

      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Not connected: connect to a server first."));
      finish (self, error);
      return;
    }

  self->sent_id = g_signal_connect_swapped (self->connection, "sent", G_CALLBACK (on_sent), self);
  self->closed_id = g_signal_connect_swapped (self->connection, "closed", G_CALLBACK (on_closed), self);
  g_file_read_async (self->file, G_PRIORITY_DEFAULT, self->cancellable, open_cb, g_object_ref (self));
}

/**
 * ta_file_sender_cancel:
 *
 * Stops reading; what is already queued still goes out.
 */
void
ta_file_sender_cancel (TaFileSender *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TA_IS_FILE_SENDER (self));

  g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sending the file was cancelled."));
  finish (self, error);
}

guint64 ta_file_sender_get_sent (TaFileSender *self) { return self->sent; }
guint64 ta_file_sender_get_total (TaFileSender *self) { return self->total; }
gboolean ta_file_sender_is_done (TaFileSender *self) { return self->done; }

/**
 * ta_file_sender_get_file:
 *
 * Returns: (transfer none): the file
 */
GFile *
ta_file_sender_get_file (TaFileSender *self)
{
  return self->file;
}
