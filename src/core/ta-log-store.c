/* ta-log-store.c: the bounded, batched list of log entries of one page
 *
 * A GListModel of TaLogEntry fed by appends that reach the model in one
 * batch every 30 ms, with its count and byte bounds, pausing, clearing
 * with undo, and the decoding of received and sent bytes. Its neighbours:
 * ta-log-recorder.c writes the lines to a file, ta-log-store-sentences.c
 * turns what the server and client do into appends.
 *
 * Over 700 lines: the model, its bounds, clear/restore and re-decoding all
 * work on the same items/pending arrays and byte count; splitting them
 * further would expose the store's struct to other files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-log-recorder-private.h"
#include "ta-log-store.h"

/* Appends reach the model at most this often, whatever the traffic. */
#define FLUSH_INTERVAL_MS 30

/* Store */

typedef struct {
  TaDecoder  *decoder;
  TaLogEntry *last;
} Stream;

struct _TaLogStore
{
  GObject         parent_instance;

  GPtrArray      *items;     /* the model is items[start..len) */
  guint           start;
  GPtrArray      *pending;   /* appended since the last flush */
  guint           flush_id;
  gsize           mem_size;
  guint           max_entries;
  guint64         n_dropped;
  guint64         n_paused;

  GHashTable     *streams;   /* conn id -> Stream */
  char           *receive_charset;
  TaDecoder      *send_decoder;  /* sent messages are whole: flushed each time */

  TaLogRecorder  *recorder;
  char           *source_name;

  GString        *scratch;
  GString        *escaped;

  TaLogRole       role;
  guint           paused : 1;
};

static void list_model_iface_init (GListModelInterface *iface);
static void compact (TaLogStore *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (TaLogStore, ta_log_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_DROPPED,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECORDING_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  ta_decoder_free (stream->decoder);
  g_clear_object (&stream->last);
  g_free (stream);
}

static GType
ta_log_store_get_item_type (GListModel *model)
{
  return TA_TYPE_LOG_ENTRY;
}

static guint
ta_log_store_get_n_items (GListModel *model)
{
  TaLogStore *self = TA_LOG_STORE (model);

  return self->items->len - self->start;
}

static gpointer
ta_log_store_get_item (GListModel *model,
                       guint       position)
{
  TaLogStore *self = TA_LOG_STORE (model);

  if (position >= self->items->len - self->start)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, self->start + position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ta_log_store_get_item_type;
  iface->get_n_items = ta_log_store_get_n_items;
  iface->get_item = ta_log_store_get_item;
}

static void
ta_log_store_dispose (GObject *object)
{
  TaLogStore *self = TA_LOG_STORE (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->recorder)
    ta_log_recorder_flush (self->recorder);
  g_clear_pointer (&self->recorder, ta_log_recorder_unref);

  G_OBJECT_CLASS (ta_log_store_parent_class)->dispose (object);
}

static void
ta_log_store_finalize (GObject *object)
{
  TaLogStore *self = TA_LOG_STORE (object);

  compact (self);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->pending);
  g_hash_table_unref (self->streams);
  g_free (self->receive_charset);
  ta_decoder_free (self->send_decoder);
  g_free (self->source_name);
  g_string_free (self->scratch, TRUE);
  g_string_free (self->escaped, TRUE);

  G_OBJECT_CLASS (ta_log_store_parent_class)->finalize (object);
}

static void
ta_log_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TaLogStore *self = TA_LOG_STORE (object);

  switch (prop_id)
    {
    case PROP_N_DROPPED:
      g_value_set_uint64 (value, self->n_dropped);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_log_store_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TaLogStore *self = TA_LOG_STORE (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      ta_log_store_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_log_store_class_init (TaLogStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_log_store_dispose;
  object_class->finalize = ta_log_store_finalize;
  object_class->get_property = ta_log_store_get_property;
  object_class->set_property = ta_log_store_set_property;

  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TaLogStore::recording-failed:
   * @message: why, and from which time on lines are not in the file
   * @first: %TRUE for the first store to tell of this recorder's failure
   *   (a recorder is shared by both pages: one toast is enough)
   *
   * The recorder could not write: the store has stopped recording, and
   * says so in its log.
   */
  signals[RECORDING_FAILED] =
    g_signal_new ("recording-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
ta_log_store_init (TaLogStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->streams = g_hash_table_new_full (NULL, NULL, NULL, stream_free);
  self->max_entries = TA_LOG_STORE_DEFAULT_MAX_ENTRIES;
  self->receive_charset = g_strdup (TA_CHARSET_AUTO);
  self->send_decoder = ta_decoder_new ("UTF-8");
  self->scratch = g_string_sized_new (256);
  self->escaped = g_string_sized_new (256);
}

TaLogStore *
ta_log_store_new (TaLogRole role)
{
  TaLogStore *self = g_object_new (TA_TYPE_LOG_STORE, NULL);

  self->role = role;
  return self;
}

TaLogRole ta_log_store_get_role (TaLogStore *self) { return self->role; }
guint64 ta_log_store_get_n_dropped (TaLogStore *self) { return self->n_dropped; }
guint ta_log_store_get_max_entries (TaLogStore *self) { return self->max_entries; }
const char *ta_log_store_get_receive_charset (TaLogStore *self) { return self->receive_charset; }
gboolean ta_log_store_get_paused (TaLogStore *self) { return self->paused; }
guint64 ta_log_store_get_n_paused (TaLogStore *self) { return self->n_paused; }

static void
drop_oldest (TaLogStore *self,
             GPtrArray  *array,
             guint      *start)
{
  TaLogEntry *entry = g_ptr_array_index (array, *start);

  self->mem_size -= ta_log_entry_get_mem_size (entry);
  g_ptr_array_index (array, *start) = NULL;
  g_object_unref (entry);
  (*start)++;
  self->n_dropped++;
}

/* Drops the slots of entries already freed by drop_oldest(). */
static void
compact (TaLogStore *self)
{
  g_ptr_array_set_free_func (self->items, NULL);
  g_ptr_array_remove_range (self->items, 0, self->start);
  g_ptr_array_set_free_func (self->items, g_object_unref);
  self->start = 0;
}

static void append (TaLogStore *self, TaLogEntry *entry);

/* If the recorder failed (here or in the other page's store), stop
 * recording and say so in the log, once. */
static void
check_recorder (TaLogStore *self)
{
  g_autoptr(TaLogRecorder) recorder = NULL;
  const char *failure;
  gboolean first;

  if (self->recorder == NULL || ta_log_recorder_get_failure (self->recorder) == NULL)
    return;

  recorder = g_steal_pointer (&self->recorder);
  failure = ta_log_recorder_get_failure (recorder);
  first = ta_log_recorder_tell (recorder);
  append (self, ta_log_entry_new_event (TA_LOG_ERROR, NULL, failure));
  g_signal_emit (self, signals[RECORDING_FAILED], 0, failure, first);
}

/**
 * ta_log_store_flush:
 *
 * Moves pending entries into the model now: one items-changed for the
 * oldest entries dropped, one for the new ones.
 */
void
ta_log_store_flush (TaLogStore *self)
{
  guint n_old, n_new, removed = 0, skipped = 0, added;
  guint64 dropped_before = self->n_dropped;

  g_return_if_fail (TA_IS_LOG_STORE (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);

  if (self->recorder != NULL)
    {
      ta_log_recorder_flush (self->recorder);
      check_recorder (self);
    }

  n_new = self->pending->len;
  if (n_new == 0)
    return;

  n_old = self->items->len - self->start;

  /* First make room among the old entries. Past a bound, go down to 90 %
   * of it: removing at the top makes the view re-bind every visible row,
   * so it should happen once in a while, not on every flush. */
  if (n_old + n_new > self->max_entries || self->mem_size > TA_LOG_STORE_MAX_BYTES)
    {
      guint keep = self->max_entries - self->max_entries / 10;
      gsize keep_bytes = TA_LOG_STORE_MAX_BYTES - TA_LOG_STORE_MAX_BYTES / 10;

      while (n_old - removed > 0 &&
             ((n_old - removed) + n_new > keep || self->mem_size > keep_bytes))
        {
          drop_oldest (self, self->items, &self->start);
          removed++;
        }
    }
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  /* ... then among the new ones, if they alone are too many. */
  while (n_new - skipped > 0 &&
         (n_new - skipped > self->max_entries || self->mem_size > TA_LOG_STORE_MAX_BYTES))
    {
      drop_oldest (self, self->pending, &skipped);
    }

  added = n_new - skipped;
  for (guint i = skipped; i < n_new; i++)
    g_ptr_array_add (self->items, g_ptr_array_index (self->pending, i));
  g_ptr_array_set_free_func (self->pending, NULL);
  g_ptr_array_set_size (self->pending, 0);
  g_ptr_array_set_free_func (self->pending, g_object_unref);

  if (self->start > 4096 && self->start > self->items->len / 2)
    compact (self);

  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), n_old - removed, 0, added);

  if (self->n_dropped != dropped_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
}

static gboolean
flush_cb (gpointer user_data)
{
  TaLogStore *self = user_data;

  self->flush_id = 0;
  ta_log_store_flush (self);
  return G_SOURCE_REMOVE;
}

/* g_string_append_printf (out, format, text) for a format whose only
 * conversion is one "%s" (a data line's, such as "Client request: %s"),
 * without printf's cost on every recorded message. */
static void
append_format_s (GString    *out,
                 const char *format,
                 const char *text)
{
  const char *conv = strstr (format, "%s");

  if (conv == NULL || strchr (format, '%') != conv || strchr (conv + 2, '%') != NULL)
    {
      g_string_append_printf (out, format, text);
      return;
    }
  g_string_append_len (out, format, conv - format);
  g_string_append (out, text);
  g_string_append (out, conv + 2);
}

static void
record (TaLogStore *self,
        TaLogEntry *entry,
        const char *full_text)
{
  GString *line = self->scratch;
  const char *peer = ta_log_entry_get_peer (entry);

  g_string_truncate (line, 0);
  ta_log_format_wall_time (ta_log_entry_get_time (entry), TRUE, TRUE, line);
  g_string_append (line, " [");
  if (self->source_name != NULL)
    g_string_append (line, self->source_name);
  g_string_append (line, "] ");
  if (peer != NULL)
    {
      g_string_append (line, peer);
      g_string_append_c (line, ' ');
    }

  /* The file gets the whole message, not just what the entry keeps. */
  if (full_text != NULL)
    append_format_s (line, ta_log_entry_get_data_format (ta_log_entry_get_kind (entry), self->role), full_text);
  else
    ta_log_entry_format_body (entry, self->role, TA_LOG_SHOW_TEXT, line);

  g_string_append_c (line, '\n');
  ta_log_recorder_write (self->recorder, line, ta_log_entry_get_time (entry));
}

static void
append (TaLogStore *self,
        TaLogEntry *entry)
{
  self->mem_size += ta_log_entry_get_mem_size (entry);
  g_ptr_array_add (self->pending, entry);

  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_cb, self);
}

/**
 * ta_log_store_append_event:
 * @kind: %TA_LOG_EVENT or %TA_LOG_ERROR
 * @peer: (nullable): the address it is about
 */
void
ta_log_store_append_event (TaLogStore *self,
                           TaLogKind   kind,
                           const char *peer,
                           const char *message)
{
  ta_log_store_append_stage (self, kind, 0, peer, message, TA_LOG_STAGE_NONE, 0, NULL);
}

/**
 * ta_log_store_append_stage:
 * @conn_id: the connection the event is about
 * @stage: where it stands in the connection's life (see ta_log_entry_set_stage())
 *
 * An event that the conversation view draws as a stage.
 */
void
ta_log_store_append_stage (TaLogStore *self,
                           TaLogKind   kind,
                           guint       conn_id,
                           const char *peer,
                           const char *message,
                           TaLogStage  stage,
                           guint       close_reason,
                           const char *local)
{
  TaLogEntry *entry;

  g_return_if_fail (TA_IS_LOG_STORE (self));
  g_return_if_fail (message != NULL);

  entry = ta_log_entry_new_event (kind, peer, message);
  if (stage != TA_LOG_STAGE_NONE)
    ta_log_entry_set_stage (entry, conn_id, stage, close_reason, local);
  if (self->recorder != NULL)
    record (self, entry, NULL);
  append (self, entry);
  check_recorder (self);
}

static Stream *
get_stream (TaLogStore *self,
            guint       conn_id)
{
  Stream *stream = g_hash_table_lookup (self->streams, GUINT_TO_POINTER (conn_id));

  if (stream == NULL)
    {
      stream = g_new0 (Stream, 1);
      stream->decoder = ta_decoder_new (self->receive_charset);
      if (stream->decoder == NULL)
        stream->decoder = ta_decoder_new (TA_CHARSET_AUTO);
      g_hash_table_insert (self->streams, GUINT_TO_POINTER (conn_id), stream);
    }
  return stream;
}

/* Decodes received bytes with the connection's streaming decoder, so a
 * character split between two reads shows whole. */
static void
decode_received (TaLogStore   *self,
                 Stream       *stream,
                 const guint8 *data,
                 gsize         size)
{
  g_string_truncate (self->scratch, 0);
  g_string_truncate (self->escaped, 0);

  if (size > 4 * TA_LOG_ENTRY_MAX_TEXT && self->recorder == NULL)
    {
      /* Only the start is shown: decode that, and start afresh after it. */
      ta_decoder_decode (stream->decoder, data, TA_LOG_ENTRY_MAX_TEXT, TRUE, self->scratch);
    }
  else
    ta_decoder_decode (stream->decoder, data, size, FALSE, self->scratch);

  ta_display_escape (self->scratch->str, self->scratch->len, self->escaped);
}

/**
 * ta_log_store_append_data:
 * @kind: %TA_LOG_RECEIVED, %TA_LOG_SENT or %TA_LOG_REPLY
 *
 * Received data is decoded with the receive charset, sent data with the
 * send charset. While paused, data is only counted.
 */
void
ta_log_store_append_data (TaLogStore *self,
                          TaLogKind   kind,
                          guint       conn_id,
                          const char *peer,
                          GBytes     *data)
{
  ta_log_store_append_data_noted (self, kind, conn_id, peer, data, NULL);
}

/**
 * ta_log_store_append_data_noted:
 * @note: (nullable): how a received message arrived ("arrived in 3
 *   pieces"), or which rule sent a reply ("rule 2, PING")
 */
void
ta_log_store_append_data_noted (TaLogStore *self,
                                TaLogKind   kind,
                                guint       conn_id,
                                const char *peer,
                                GBytes     *data,
                                const char *note)
{
  TaLogEntry *entry;
  const guint8 *bytes;
  gsize size;

  g_return_if_fail (TA_IS_LOG_STORE (self));
  g_return_if_fail (data != NULL);

  /* Paused, the view gets nothing, but a recording keeps every line. */
  if (self->paused)
    {
      self->n_paused++;
      if (self->recorder == NULL)
        return;
    }

  bytes = g_bytes_get_data (data, &size);
  entry = ta_log_entry_new_data (kind, conn_id, peer, data);

  if (kind == TA_LOG_RECEIVED)
    {
      Stream *stream = get_stream (self, conn_id);

      decode_received (self, stream, bytes, size);
      g_set_object (&stream->last, entry);
    }
  else
    {
      /* One decoder kept for every sent message (not an iconv_open per
       * message, as a reply to each request would cost). */
      g_string_truncate (self->scratch, 0);
      g_string_truncate (self->escaped, 0);
      ta_decoder_decode (self->send_decoder, bytes, MIN (size, 4 * TA_LOG_ENTRY_MAX_TEXT), TRUE, self->scratch);
      ta_display_escape (self->scratch->str, self->scratch->len, self->escaped);
    }

  ta_log_entry_set_text (entry, self->escaped->str, self->escaped->len);
  if (note != NULL)
    {
      ta_log_entry_set_note (entry, note);
      /* The file says it after the message: "… — rule 2, PING". */
      g_string_append (self->escaped, " — ");
      g_string_append (self->escaped, note);
    }

  if (self->recorder != NULL)
    record (self, entry, self->escaped->str);

  if (self->paused)
    g_object_unref (entry);
  else
    append (self, entry);
  check_recorder (self);
}

static gboolean
find_position (TaLogStore *self,
               TaLogEntry *entry,
               guint      *position)
{
  /* The entry we look for is recent: search from the end, a bounded way. */
  guint n = self->items->len - self->start;

  for (guint i = 0; i < n && i < 4096; i++)
    if (g_ptr_array_index (self->items, self->items->len - 1 - i) == (gpointer) entry)
      {
        *position = n - 1 - i;
        return TRUE;
      }
  return FALSE;
}

/**
 * ta_log_store_connection_closed:
 *
 * Ends the connection's text stream: bytes of an unfinished character
 * are shown as \xNN on its last entry.
 */
void
ta_log_store_connection_closed (TaLogStore *self,
                                guint       conn_id)
{
  Stream *stream;

  g_return_if_fail (TA_IS_LOG_STORE (self));

  stream = g_hash_table_lookup (self->streams, GUINT_TO_POINTER (conn_id));
  if (stream == NULL)
    return;

  if (ta_decoder_get_pending (stream->decoder) > 0 && stream->last != NULL)
    {
      guint position;

      g_string_truncate (self->scratch, 0);
      g_string_truncate (self->escaped, 0);
      ta_decoder_decode (stream->decoder, NULL, 0, TRUE, self->scratch);
      ta_display_escape (self->scratch->str, self->scratch->len, self->escaped);
      ta_log_entry_append_text (stream->last, self->escaped->str);
      if (find_position (self, stream->last, &position))
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }

  g_hash_table_remove (self->streams, GUINT_TO_POINTER (conn_id));
}

void
ta_log_store_clear (TaLogStore *self)
{
  guint n;

  g_return_if_fail (TA_IS_LOG_STORE (self));

  ta_log_store_flush (self);
  n = self->items->len - self->start;
  compact (self);
  g_ptr_array_set_size (self->items, 0);
  self->mem_size = 0;
  if (self->n_dropped != 0)
    {
      self->n_dropped = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

/* Clear with Undo: the cleared entries are kept aside (for the few
 * seconds the window offers Undo) and can be put back in front of what
 * came since, within the same bounds as ever. */
struct _TaLogCleared {
  GPtrArray *entries;
  gsize      mem_size;
  guint64    n_dropped;
};

/**
 * ta_log_store_clear_for_undo:
 *
 * Clears the store as ta_log_store_clear() does, and returns what was
 * cleared for ta_log_store_restore().
 *
 * Returns: (transfer full): the cleared entries; free with
 *   ta_log_cleared_free() when Undo is no longer offered
 */
TaLogCleared *
ta_log_store_clear_for_undo (TaLogStore *self)
{
  TaLogCleared *cleared;
  guint n;

  g_return_val_if_fail (TA_IS_LOG_STORE (self), NULL);

  ta_log_store_flush (self);
  compact (self);
  n = self->items->len;
  cleared = g_new0 (TaLogCleared, 1);
  cleared->entries = g_steal_pointer (&self->items);
  cleared->mem_size = self->mem_size;
  cleared->n_dropped = self->n_dropped;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->mem_size = 0;
  if (self->n_dropped != 0)
    {
      self->n_dropped = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  return cleared;
}

/**
 * ta_log_store_restore:
 * @cleared: (transfer full): from ta_log_store_clear_for_undo()
 *
 * Puts cleared entries back before the entries that came since; the
 * oldest are dropped (and counted) if both together are over the bounds.
 */
void
ta_log_store_restore (TaLogStore   *self,
                      TaLogCleared *cleared)
{
  guint n_now, n_total, removed = 0;
  GPtrArray *items;

  g_return_if_fail (TA_IS_LOG_STORE (self));
  g_return_if_fail (cleared != NULL);

  ta_log_store_flush (self);
  compact (self);
  n_now = self->items->len;
  items = g_steal_pointer (&cleared->entries);
  g_ptr_array_set_free_func (self->items, NULL);
  g_ptr_array_extend_and_steal (items, g_steal_pointer (&self->items));
  g_ptr_array_set_free_func (items, g_object_unref);
  self->items = items;
  self->mem_size += cleared->mem_size;
  self->n_dropped += cleared->n_dropped;
  ta_log_cleared_free (cleared);

  while (self->items->len - self->start > self->max_entries || self->mem_size > TA_LOG_STORE_MAX_BYTES)
    {
      drop_oldest (self, self->items, &self->start);
      removed++;
    }
  compact (self);
  n_total = self->items->len;
  if (n_total != n_now || removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_now, n_total);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
}

guint
ta_log_cleared_get_n_entries (TaLogCleared *cleared)
{
  return cleared->entries ? cleared->entries->len : 0;
}

void
ta_log_cleared_free (TaLogCleared *cleared)
{
  if (cleared == NULL)
    return;
  g_clear_pointer (&cleared->entries, g_ptr_array_unref);
  g_free (cleared);
}

void
ta_log_store_set_max_entries (TaLogStore *self,
                              guint       max_entries)
{
  guint removed = 0;

  g_return_if_fail (TA_IS_LOG_STORE (self));

  self->max_entries = MAX (max_entries, 1);
  while (self->items->len - self->start > self->max_entries)
    {
      drop_oldest (self, self->items, &self->start);
      removed++;
    }
  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }
}

static void
redecode (TaLogStore *self,
          GPtrArray  *array,
          guint       start)
{
  for (guint i = start; i < array->len; i++)
    {
      TaLogEntry *entry = g_ptr_array_index (array, i);
      GBytes *data;
      const guint8 *bytes;
      gsize size;
      Stream *stream;

      if (ta_log_entry_get_kind (entry) != TA_LOG_RECEIVED)
        continue;

      data = ta_log_entry_get_data (entry);
      bytes = g_bytes_get_data (data, &size);
      stream = get_stream (self, ta_log_entry_get_conn_id (entry));
      decode_received (self, stream, bytes, size);
      g_set_object (&stream->last, entry);
      self->mem_size -= ta_log_entry_get_mem_size (entry);
      ta_log_entry_set_text (entry, self->escaped->str, self->escaped->len);
      self->mem_size += ta_log_entry_get_mem_size (entry);
    }
}

/**
 * ta_log_store_set_receive_charset:
 *
 * Decodes received data with @charset from now on, and decodes the data
 * already in the log again (the bytes are kept).
 */
void
ta_log_store_set_receive_charset (TaLogStore *self,
                                  const char *charset)
{
  g_autoptr(GHashTable) live = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n;

  g_return_if_fail (TA_IS_LOG_STORE (self));
  g_return_if_fail (charset != NULL);

  if (g_strcmp0 (self->receive_charset, charset) == 0 || !ta_codec_is_supported (charset))
    return;

  g_free (self->receive_charset);
  self->receive_charset = g_strdup (charset);

  ta_log_store_flush (self);

  /* Live connections keep a stream; remember which, then start them over. */
  live = g_hash_table_new (NULL, NULL);
  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (live, key);
  g_hash_table_remove_all (self->streams);

  redecode (self, self->items, self->start);

  /* Streams of connections that are gone must not linger. */
  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (live, key))
      g_hash_table_iter_remove (&iter);

  n = self->items->len - self->start;
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

void
ta_log_store_set_send_charset (TaLogStore *self,
                               const char *charset)
{
  g_return_if_fail (TA_IS_LOG_STORE (self));

  if (charset == NULL || !ta_codec_is_supported (charset))
    return;
  ta_decoder_free (self->send_decoder);
  self->send_decoder = ta_decoder_new (charset);
}

/**
 * ta_log_store_set_paused:
 *
 * While paused, data is counted (see ta_log_store_get_n_paused()) but not
 * kept; events still are.
 */
void
ta_log_store_set_paused (TaLogStore *self,
                         gboolean    paused)
{
  g_return_if_fail (TA_IS_LOG_STORE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  if (paused)
    self->n_paused = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/**
 * ta_log_store_set_recorder:
 * @recorder: (nullable): where to append every entry from now on
 * @source_name: written in brackets on each line, such as "Server"
 */
void
ta_log_store_set_recorder (TaLogStore    *self,
                           TaLogRecorder *recorder,
                           const char    *source_name)
{
  g_return_if_fail (TA_IS_LOG_STORE (self));

  if (self->recorder != NULL)
    ta_log_recorder_flush (self->recorder);
  if (recorder != NULL)
    ta_log_recorder_ref (recorder);
  g_clear_pointer (&self->recorder, ta_log_recorder_unref);
  self->recorder = recorder;
  g_free (self->source_name);
  self->source_name = g_strdup (source_name);
}

/**
 * ta_log_store_is_recording:
 *
 * Returns: whether every entry is also appended to a file
 */
gboolean
ta_log_store_is_recording (TaLogStore *self)
{
  g_return_val_if_fail (TA_IS_LOG_STORE (self), FALSE);
  return self->recorder != NULL;
}
