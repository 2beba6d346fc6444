/* ta-log-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-log-entry.h"

struct _TaLogEntry
{
  GObject    parent_instance;

  gint64     time;
  char      *peer;
  GBytes    *data;       /* at most TA_LOG_ENTRY_MAX_DATA bytes */
  char      *text;       /* display-safe: events, or the decoded data */
  char      *note;       /* how it arrived, or the rule that sent it */
  gsize      full_size;  /* bytes of the message as it travelled */
  char      *local;      /* our address, on a "connected" stage */
  guint      conn_id;
  TaLogKind  kind;
  guint8     stage;      /* a TaLogStage */
  guint8     close_reason;
};

G_DEFINE_FINAL_TYPE (TaLogEntry, ta_log_entry, G_TYPE_OBJECT)

static void
ta_log_entry_finalize (GObject *object)
{
  TaLogEntry *self = TA_LOG_ENTRY (object);

  g_free (self->peer);
  g_free (self->text);
  g_free (self->local);
  g_free (self->note);
  g_clear_pointer (&self->data, g_bytes_unref);

  G_OBJECT_CLASS (ta_log_entry_parent_class)->finalize (object);
}

static void
ta_log_entry_class_init (TaLogEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_log_entry_finalize;
}

static void
ta_log_entry_init (TaLogEntry *self)
{
  self->time = g_get_real_time ();
}

/**
 * ta_log_entry_new_event:
 * @peer: (nullable): address the event is about
 * @message: a sentence; control characters are made visible
 */
TaLogEntry *
ta_log_entry_new_event (TaLogKind   kind,
                        const char *peer,
                        const char *message)
{
  TaLogEntry *self = g_object_new (TA_TYPE_LOG_ENTRY, NULL);
  GString *s = g_string_new (NULL);

  self->kind = kind;
  self->peer = g_strdup (peer);
  ta_display_escape (message, -1, s);
  self->text = g_string_free (s, FALSE);
  return self;
}

/**
 * ta_log_entry_new_data:
 *
 * Keeps at most %TA_LOG_ENTRY_MAX_DATA bytes of @data; the text is set
 * by the store, which decodes with the connection's streaming decoder.
 */
TaLogEntry *
ta_log_entry_new_data (TaLogKind   kind,
                       guint       conn_id,
                       const char *peer,
                       GBytes     *data)
{
  TaLogEntry *self = g_object_new (TA_TYPE_LOG_ENTRY, NULL);
  gsize size = g_bytes_get_size (data);

  self->kind = kind;
  self->conn_id = conn_id;
  self->peer = g_strdup (peer);
  self->full_size = size;
  /* A copy, not a slice: a slice would keep the whole read buffer alive. */
  if (size > TA_LOG_ENTRY_MAX_DATA)
    self->data = g_bytes_new (g_bytes_get_data (data, NULL), TA_LOG_ENTRY_MAX_DATA);
  else
    self->data = g_bytes_ref (data);
  return self;
}

TaLogKind ta_log_entry_get_kind (TaLogEntry *self) { return self->kind; }
gint64 ta_log_entry_get_time (TaLogEntry *self) { return self->time; }
const char *ta_log_entry_get_peer (TaLogEntry *self) { return self->peer; }
guint ta_log_entry_get_conn_id (TaLogEntry *self) { return self->conn_id; }
gsize ta_log_entry_get_full_size (TaLogEntry *self) { return self->full_size; }
const char *ta_log_entry_get_text (TaLogEntry *self) { return self->text ? self->text : ""; }

/**
 * ta_log_entry_get_data:
 *
 * Returns: (transfer none) (nullable): the first bytes of the message
 */
GBytes *
ta_log_entry_get_data (TaLogEntry *self)
{
  return self->data;
}

/**
 * ta_log_entry_set_stage:
 * @conn_id: the connection an event is about
 * @close_reason: a TaCloseReason, for %TA_LOG_STAGE_CLOSED
 * @local: (nullable): our side's address, for %TA_LOG_STAGE_CONNECTED
 *
 * Marks an event as a stage of a connection's life, so the conversation
 * view does not have to parse the sentence.
 */
void
ta_log_entry_set_stage (TaLogEntry *self,
                        guint       conn_id,
                        TaLogStage  stage,
                        guint       close_reason,
                        const char *local)
{
  g_return_if_fail (TA_IS_LOG_ENTRY (self));

  self->conn_id = conn_id;
  self->stage = stage;
  self->close_reason = close_reason;
  g_free (self->local);
  self->local = g_strdup (local);
}

TaLogStage ta_log_entry_get_stage (TaLogEntry *self) { return self->stage; }
guint ta_log_entry_get_close_reason (TaLogEntry *self) { return self->close_reason; }
const char *ta_log_entry_get_local (TaLogEntry *self) { return self->local; }

gboolean
ta_log_entry_is_data (TaLogEntry *self)
{
  return self->kind == TA_LOG_RECEIVED || self->kind == TA_LOG_SENT || self->kind == TA_LOG_REPLY;
}

/* Cuts at a character boundary at most @max bytes in. */
static gsize
utf8_cut (const char *text,
          gsize       len,
          gsize       max)
{
  const char *end;

  if (len <= max)
    return len;
  end = g_utf8_find_prev_char (text, text + max + 1);
  return end ? (gsize) (end - text) : 0;
}

/**
 * ta_log_entry_set_text:
 * @text: display-safe text (see ta_display_escape())
 *
 * Keeps at most %TA_LOG_ENTRY_MAX_TEXT bytes.
 */
void
ta_log_entry_set_text (TaLogEntry *self,
                       const char *text,
                       gsize       len)
{
  g_free (self->text);
  self->text = g_strndup (text, utf8_cut (text, len, TA_LOG_ENTRY_MAX_TEXT));
}

void
ta_log_entry_append_text (TaLogEntry *self,
                          const char *text)
{
  g_autofree char *joined = g_strconcat (ta_log_entry_get_text (self), text, NULL);

  ta_log_entry_set_text (self, joined, strlen (joined));
}

/* Roughly what the entry costs in memory, for the store's byte budget. */
gsize
ta_log_entry_get_mem_size (TaLogEntry *self)
{
  gsize size = sizeof *self + 64;

  if (self->data)
    size += g_bytes_get_size (self->data) + 32;
  if (self->text)
    size += strlen (self->text) + 1;
  if (self->peer)
    size += strlen (self->peer) + 1;
  if (self->local)
    size += strlen (self->local) + 1;
  if (self->note)
    size += strlen (self->note) + 1;
  return size;
}

/**
 * ta_log_entry_set_note:
 * @note: (nullable): a received message's "arrived in 3 pieces", or a
 *   reply's "rule 2, PING"
 */
void
ta_log_entry_set_note (TaLogEntry *self,
                       const char *note)
{
  g_return_if_fail (TA_IS_LOG_ENTRY (self));
  g_free (self->note);
  self->note = g_strdup (note);
}

const char *
ta_log_entry_get_note (TaLogEntry *self)
{
  return self->note;
}

/**
 * ta_log_format_wall_time:
 * @time_us: microseconds since the epoch
 *
 * Appends "HH:MM:SS" (or "YYYY-MM-DD HH:MM:SS"), with ".mmm" if @with_ms.
 * Looking up the local time zone costs system calls, so the text of the
 * last second is kept: a busy log pays for it once a second, not per line.
 */
void
ta_log_format_wall_time (gint64    time_us,
                         gboolean  with_date,
                         gboolean  with_ms,
                         GString  *out)
{
  static gint64 cached_sec = G_MININT64;
  static char cached[32];
  gint64 sec = time_us / G_USEC_PER_SEC;

  if (sec != cached_sec)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (sec);
      g_autofree char *s = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : NULL;

      g_strlcpy (cached, s ? s : "0000-00-00 00:00:00", sizeof cached);
      cached_sec = sec;
    }

  g_string_append (out, with_date ? cached : cached + 11);
  if (with_ms)
    {
      /* Every recorded line has one: no printf for three digits. */
      int ms = (int) ((time_us % G_USEC_PER_SEC) / 1000);
      char digits[5] = { '.', '0' + ms / 100, '0' + ms / 10 % 10, '0' + ms % 10, '\0' };

      if (ms < 0)
        g_string_append_printf (out, ".%03d", ms);
      else
        g_string_append_len (out, digits, 4);
    }
}

/**
 * ta_log_format_date_change:
 * @time_us: microseconds since the epoch, of the line about to be written
 * @last_day: (inout): the day of the previous line (yyyymmdd), 0 at first
 *
 * A saved log shows times only ("12:01:02"): before the first line and
 * at each change of day, appends a line "-- 2026-11-28 --" so every time
 * in the file has its date.
 */
void
ta_log_format_date_change (gint64   time_us,
                           int     *last_day,
                           GString *out)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
  int day;

  if (dt == NULL)
    return;
  day = g_date_time_get_year (dt) * 10000 + g_date_time_get_month (dt) * 100 + g_date_time_get_day_of_month (dt);
  if (day == *last_day)
    return;
  *last_day = day;
  g_string_append_printf (out, "-- %04d-%02d-%02d --\n",
                          g_date_time_get_year (dt), g_date_time_get_month (dt), g_date_time_get_day_of_month (dt));
}

void
ta_log_entry_format_time (TaLogEntry      *self,
                          TaLogTimestamps  timestamps,
                          GString         *out)
{
  if (timestamps == TA_LOG_TIME_OFF)
    return;
  ta_log_format_wall_time (self->time, FALSE, timestamps == TA_LOG_TIME_MS, out);
}

/**
 * ta_log_entry_get_data_format:
 *
 * Returns: the printf format of a data line, such as "Client request: %s"
 */
const char *
ta_log_entry_get_data_format (TaLogKind kind,
                              TaLogRole role)
{
  switch (kind)
    {
    case TA_LOG_RECEIVED:
      /* Translators: the tutorial's "客户端请求是：%s" */
      return role == TA_LOG_ROLE_SERVER ? _("Client request: %s") : _("Received: %s");
    case TA_LOG_SENT:
      return _("Sent: %s");
    case TA_LOG_REPLY:
      return _("Replied: %s");
    case TA_LOG_EVENT:
    case TA_LOG_ERROR:
    default:
      return "%s";
    }
}

/**
 * ta_log_entry_kind_describe:
 *
 * Returns: the accessible name of an entry's kind ("Received", …)
 */
const char *
ta_log_kind_describe (TaLogKind kind)
{
  switch (kind)
    {
    case TA_LOG_RECEIVED: return _("Received");
    case TA_LOG_SENT: return _("Sent");
    case TA_LOG_REPLY: return _("Automatic reply");
    case TA_LOG_EVENT: return _("Event");
    case TA_LOG_ERROR: return _("Error");
    default: return "";
    }
}

/**
 * ta_log_entry_format_body:
 *
 * Appends what the log shows for the entry, without time or peer:
 * "Client request: 你好", its hex, or both (text, then a hex dump).
 */
void
ta_log_entry_format_body (TaLogEntry   *self,
                          TaLogRole     role,
                          TaLogDisplay  display,
                          GString      *out)
{
  g_autofree char *payload = NULL;
  const guint8 *data;
  gsize size;
  gsize kept;

  if (!ta_log_entry_is_data (self))
    {
      g_string_append (out, ta_log_entry_get_text (self));
      return;
    }

  data = g_bytes_get_data (self->data, &size);
  kept = size;

  if (display == TA_LOG_SHOW_HEX)
    payload = ta_hex_format (data, size);
  else
    payload = g_strdup (ta_log_entry_get_text (self));

  if (self->note != NULL && self->kind == TA_LOG_REPLY)
    /* Translators: "Replied (rule 2, PING): PONG" */
    g_string_append_printf (out, _("Replied (%s): %s"), self->note, payload);
  else
    g_string_append_printf (out, ta_log_entry_get_data_format (self->kind, role), payload);

  if (self->full_size > kept)
    {
      gulong n_more = (gulong) (self->full_size - kept);
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            " … (%lu more byte)",
                                                            " … (%lu more bytes)",
                                                            n_more),
                                               n_more);
      g_string_append (out, more);
    }

  if (self->note != NULL && self->kind != TA_LOG_REPLY)
    /* Translators: a received message, then how it arrived: "  (arrived in 3 pieces)" */
    g_string_append_printf (out, _("  (%s)"), self->note);

  if (display == TA_LOG_SHOW_BOTH)
    {
      g_string_append_c (out, '\n');
      ta_hex_dump (data, size, out);
    }
}

/**
 * ta_log_entry_format_line:
 *
 * Returns: (transfer full): time, peer and body, as the log shows them
 */
char *
ta_log_entry_format_line (TaLogEntry      *self,
                          TaLogRole        role,
                          TaLogTimestamps  timestamps,
                          TaLogDisplay     display)
{
  GString *s = g_string_new (NULL);

  ta_log_entry_format_time (self, timestamps, s);
  if (s->len > 0)
    g_string_append_c (s, ' ');
  if (self->peer != NULL && role == TA_LOG_ROLE_SERVER)
    {
      g_string_append (s, self->peer);
      g_string_append_c (s, ' ');
    }
  ta_log_entry_format_body (self, role, display, s);
  return g_string_free (s, FALSE);
}
