/* ta-framer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TCP delivers a stream: one read can hold several messages of the
 * protocol ("sticky packets"), and one message can take several reads.
 * The framer cuts the stream where the protocol does, and counts the
 * reads each message took so the log can show it.
 *
 * Memory is bounded: a message is held at most max_frame bytes; longer
 * ones are delivered in cut pieces, each flagged.
 *
 * Over 700 lines: the spec parser (shared by --frame, the settings and
 * the UI) and the six modes stay together, as they share the held buffer,
 * the piece count and the limit rules the fuzzer checks across modes.
 */
#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <string.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "ta-codec.h"
#include "ta-framer.h"

G_DEFINE_QUARK (ta-frame-error-quark, ta_frame_error)

struct _TaFramer
{
  TaFrameSpec          spec;
  TaFramerFunc         func;
  TaFramerPendingFunc  pending_func;
  gpointer             user_data;

  GByteArray          *buf;          /* the message so far */
  guint                pieces;       /* reads that went into buf */
  guint                cut : 1;      /* buf continues a cut message */
  guint                notified : 1; /* pending notice given for buf */
  guint                touched : 1;  /* this read counted in pieces */
  guint                stopped : 1;

  /* TA_FRAME_PREFIX */
  guint8               header[4];
  guint                header_len;
  gsize                remaining;    /* payload bytes still to come */
  gboolean             in_payload;

  gint64               last_feed;
  guint                idle_id;
  guint                pending_id;
};

void
ta_frame_spec_init (TaFrameSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->mode = TA_FRAME_CHUNK;
  spec->max_frame = TA_FRAME_DEFAULT_MAX;
}

static gboolean
parse_uint (const char *text,
            guint64     min,
            guint64     max,
            guint64    *out)
{
  return text != NULL && *text != '\0' &&
         g_ascii_string_to_unsigned (text, 10, min, max, out, NULL);
}

/**
 * ta_frame_spec_parse:
 * @text: "chunk", "line", "line:lf", "line:crlf", "delimiter:HEX",
 *   "length:N", "prefix:1", "prefix:2be", "prefix:2le", "prefix:4be",
 *   "prefix:4le" or "idle:MS"
 *
 * Returns: %FALSE with a sentence for the user if @text is not one of them
 */
gboolean
ta_frame_spec_parse (TaFrameSpec  *spec,
                     const char   *text,
                     GError      **error)
{
  TaFrameSpec s;
  const char *colon;
  g_autofree char *mode = NULL;
  const char *arg = NULL;
  guint64 n;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  ta_frame_spec_init (&s);
  colon = strchr (text, ':');
  mode = colon ? g_strndup (text, colon - text) : g_strdup (text);
  if (colon)
    arg = colon + 1;

  if (g_str_equal (mode, "chunk") && arg == NULL)
    s.mode = TA_FRAME_CHUNK;
  else if (g_str_equal (mode, "line"))
    {
      s.mode = TA_FRAME_LINE;
      if (arg == NULL || g_str_equal (arg, "any"))
        s.line_end = TA_LINE_ANY;
      else if (g_str_equal (arg, "lf"))
        s.line_end = TA_LINE_LF;
      else if (g_str_equal (arg, "crlf"))
        s.line_end = TA_LINE_CRLF;
      else
        goto bad;
    }
  else if (g_str_equal (mode, "delimiter") && arg != NULL)
    {
      g_autoptr(GBytes) bytes = ta_hex_parse (arg, NULL);
      gsize size = bytes ? g_bytes_get_size (bytes) : 0;

      if (size == 0 || size > TA_FRAME_MAX_DELIMITER)
        {
          g_autofree char *valid = g_utf8_make_valid (text, -1);

          g_set_error (error, TA_FRAME_ERROR, TA_FRAME_ERROR_INVALID,
                       _("“%s” is not a delimiter: give 1 to %d bytes in hex, for example delimiter:0D0A."),
                       valid, TA_FRAME_MAX_DELIMITER);
          return FALSE;
        }
      s.mode = TA_FRAME_DELIMITER;
      memcpy (s.delimiter, g_bytes_get_data (bytes, NULL), size);
      s.delimiter_len = size;
    }
  else if (g_str_equal (mode, "length") && parse_uint (arg, 1, TA_FRAME_DEFAULT_MAX, &n))
    {
      s.mode = TA_FRAME_FIXED;
      s.length = n;
    }
  else if (g_str_equal (mode, "prefix") && arg != NULL)
    {
      s.mode = TA_FRAME_PREFIX;
      if (g_str_equal (arg, "1"))
        s.prefix_size = 1;
      else if (g_str_equal (arg, "2be") || g_str_equal (arg, "2"))
        s.prefix_size = 2;
      else if (g_str_equal (arg, "2le"))
        s.prefix_size = 2, s.prefix_le = TRUE;
      else if (g_str_equal (arg, "4be") || g_str_equal (arg, "4"))
        s.prefix_size = 4;
      else if (g_str_equal (arg, "4le"))
        s.prefix_size = 4, s.prefix_le = TRUE;
      else
        goto bad;
    }
  else if (g_str_equal (mode, "idle") && parse_uint (arg, 1, 60000, &n))
    {
      s.mode = TA_FRAME_IDLE;
      s.idle_ms = n;
    }
  else
    goto bad;

  *spec = s;
  return TRUE;

bad:
  {
    g_autofree char *valid = g_utf8_make_valid (text, -1);

    g_set_error (error, TA_FRAME_ERROR, TA_FRAME_ERROR_INVALID,
               _("“%s” is not a way of framing messages. Use chunk, line, line:crlf, "
                 "delimiter:HEX, length:N, prefix:1, prefix:2be, prefix:2le, prefix:4be, "
                 "prefix:4le or idle:MS."),
               valid);
  }
  return FALSE;
}

/**
 * ta_frame_spec_to_string:
 *
 * Returns: (transfer full): the text ta_frame_spec_parse() reads back
 */
char *
ta_frame_spec_to_string (const TaFrameSpec *spec)
{
  switch (spec->mode)
    {
    case TA_FRAME_LINE:
      return g_strdup (spec->line_end == TA_LINE_LF ? "line:lf" :
                       spec->line_end == TA_LINE_CRLF ? "line:crlf" : "line");
    case TA_FRAME_DELIMITER:
      {
        GString *s = g_string_new ("delimiter:");

        for (guint i = 0; i < spec->delimiter_len; i++)
          g_string_append_printf (s, "%02X", spec->delimiter[i]);
        return g_string_free (s, FALSE);
      }
    case TA_FRAME_FIXED:
      return g_strdup_printf ("length:%" G_GSIZE_FORMAT, spec->length);
    case TA_FRAME_PREFIX:
      if (spec->prefix_size == 1)
        return g_strdup ("prefix:1");
      return g_strdup_printf ("prefix:%u%s", spec->prefix_size, spec->prefix_le ? "le" : "be");
    case TA_FRAME_IDLE:
      return g_strdup_printf ("idle:%u", spec->idle_ms);
    case TA_FRAME_CHUNK:
    default:
      return g_strdup ("chunk");
    }
}

gboolean
ta_frame_spec_equal (const TaFrameSpec *a,
                     const TaFrameSpec *b)
{
  g_autofree char *sa = ta_frame_spec_to_string (a);
  g_autofree char *sb = ta_frame_spec_to_string (b);

  return g_str_equal (sa, sb) && a->max_frame == b->max_frame;
}

static gsize
max_frame (TaFramer *self)
{
  return self->spec.max_frame > 0 ? self->spec.max_frame : TA_FRAME_DEFAULT_MAX;
}

/**
 * ta_framer_new:
 * @pending_func: (nullable): told when part of a message has waited a second
 */
TaFramer *
ta_framer_new (const TaFrameSpec   *spec,
               TaFramerFunc         func,
               TaFramerPendingFunc  pending_func,
               gpointer             user_data)
{
  TaFramer *self = g_new0 (TaFramer, 1);

  g_return_val_if_fail (spec != NULL && func != NULL, NULL);

  self->spec = *spec;
  if (self->spec.mode == TA_FRAME_LINE)
    {
      /* LF ends a line; in "any" mode a CR before it is dropped. */
      if (self->spec.line_end == TA_LINE_CRLF)
        memcpy (self->spec.delimiter, "\r\n", self->spec.delimiter_len = 2);
      else
        memcpy (self->spec.delimiter, "\n", self->spec.delimiter_len = 1);
    }
  if (self->spec.max_frame == 0)
    self->spec.max_frame = TA_FRAME_DEFAULT_MAX;
  /* A fixed length is a whole message: the limit is at least that. */
  if (self->spec.mode == TA_FRAME_FIXED && self->spec.length > self->spec.max_frame)
    self->spec.max_frame = self->spec.length;
  self->func = func;
  self->pending_func = pending_func;
  self->user_data = user_data;
  self->buf = g_byte_array_new ();
  return self;
}

void
ta_framer_free (TaFramer *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_byte_array_unref (self->buf);
  g_free (self);
}

/* No more calls back: the owner is going away (may be called from a callback). */
void
ta_framer_stop (TaFramer *self)
{
  self->stopped = TRUE;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->pending_id, g_source_remove);
}

const TaFrameSpec *
ta_framer_get_spec (TaFramer *self)
{
  return &self->spec;
}

gsize
ta_framer_get_pending (TaFramer *self)
{
  return self->buf->len + self->header_len;
}

static void
deliver (TaFramer     *self,
         const guint8 *data,
         gsize         len,
         guint         pieces,
         TaFrameFlags  flags)
{
  if (self->stopped)
    return;
  if (self->spec.mode == TA_FRAME_LINE && self->spec.line_end == TA_LINE_ANY &&
      !(flags & TA_FRAME_FLAG_CUT) && len > 0 && data[len - 1] == '\r')
    len--;
  self->func (data, len, MAX (pieces, 1), flags, self->user_data);
}

/* Counts the current read once for the message being assembled. */
static void
touch (TaFramer *self)
{
  if (!self->touched)
    {
      self->pieces++;
      self->touched = TRUE;
    }
}

/* Delivers what is held (the message so far) and forgets it. */
static void
deliver_buf (TaFramer     *self,
             TaFrameFlags  flags)
{
  g_autoptr(GByteArray) held = self->buf;
  guint pieces = self->pieces;

  if (self->cut)
    flags |= TA_FRAME_FLAG_CUT;
  self->buf = g_byte_array_new ();
  self->pieces = 0;
  self->touched = FALSE;
  self->notified = FALSE;
  deliver (self, held->data, held->len, pieces, flags);
}

/* Bytes a delimited message may hold past the limit: the start of a
 * delimiter, which may still turn out to end it right at the limit. */
static gsize
slack (TaFramer *self)
{
  if (self->spec.mode == TA_FRAME_LINE || self->spec.mode == TA_FRAME_DELIMITER)
    return self->spec.delimiter_len - 1;
  return 0;
}

/* The message is too long: its first max_frame bytes go out, cut; the
 * rest stays as the start of its continuation. */
static void
cut_front (TaFramer *self)
{
  g_autoptr(GByteArray) held = self->buf;
  gsize max = max_frame (self);
  guint pieces = self->pieces;

  self->buf = g_byte_array_new ();
  if (held->len > max)
    g_byte_array_append (self->buf, held->data + max, held->len - max);
  self->cut = TRUE;
  self->notified = FALSE;
  self->pieces = self->buf->len > 0 ? 1 : 0;
  self->touched = self->buf->len > 0;
  deliver (self, held->data, MIN (held->len, max), pieces, TA_FRAME_FLAG_CUT);
}

/* Holds @len more bytes of the current message. Past the limit, what is
 * held goes out cut, and the rest of the message follows, cut too. */
static void
hold (TaFramer     *self,
      const guint8 *data,
      gsize         len)
{
  gsize limit = max_frame (self) + slack (self);

  while (len > 0 && !self->stopped)
    {
      gsize n;

      /* Full, and more is coming for it: now it is too long. (A message
       * exactly at the limit stays whole.) */
      if (self->buf->len >= limit)
        {
          cut_front (self);
          continue;
        }
      n = MIN (limit - self->buf->len, len);
      touch (self);
      g_byte_array_append (self->buf, data, n);
      data += n;
      len -= n;
    }
}

static gboolean
pending_cb (gpointer user_data)
{
  TaFramer *self = user_data;
  gsize pending = ta_framer_get_pending (self);

  self->pending_id = 0;
  if (pending == 0 || self->notified || self->pending_func == NULL)
    return G_SOURCE_REMOVE;

  if (g_get_monotonic_time () - self->last_feed < TA_FRAME_PENDING_NOTICE_MS * 1000)
    {
      /* Still arriving: look again a second after the last read. */
      gint64 left = TA_FRAME_PENDING_NOTICE_MS - (g_get_monotonic_time () - self->last_feed) / 1000;
      self->pending_id = g_timeout_add (MAX (left, 1), pending_cb, self);
      return G_SOURCE_REMOVE;
    }
  self->notified = TRUE;
  self->pending_func (pending, self->user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_cb (gpointer user_data)
{
  TaFramer *self = user_data;
  gint64 quiet_ms = (g_get_monotonic_time () - self->last_feed) / 1000;
  TaFrameFlags flags;

  self->idle_id = 0;
  if (quiet_ms < self->spec.idle_ms)
    {
      self->idle_id = g_timeout_add (self->spec.idle_ms - quiet_ms, idle_cb, self);
      return G_SOURCE_REMOVE;
    }
  flags = self->cut ? TA_FRAME_FLAG_CUT : TA_FRAME_FLAG_NONE;
  self->cut = FALSE;
  /* Last: the owner may free the framer from its callback. */
  if (self->buf->len > 0)
    deliver_buf (self, flags);
  return G_SOURCE_REMOVE;
}

static const guint8 *
find_delimiter (const guint8 *hay,
                gsize         hay_len,
                const guint8 *needle,
                gsize         needle_len)
{
  if (needle_len == 1)
    return memchr (hay, needle[0], hay_len);
  return memmem (hay, hay_len, needle, needle_len);
}

static void
feed_delimited (TaFramer     *self,
                const guint8 *data,
                gsize         len)
{
  const guint8 *delim = self->spec.delimiter;
  gsize dlen = self->spec.delimiter_len;

  if (self->buf->len > 0)
    {
      /* A message started in an earlier read: its end may straddle the
       * two, so look at the held tail together with the new bytes. */
      gsize tail = MIN (self->buf->len, dlen - 1);
      gsize old_len = self->buf->len;
      g_autofree guint8 *joined = g_malloc (tail + len);
      const guint8 *hit;
      gsize end, used;

      memcpy (joined, self->buf->data + old_len - tail, tail);
      memcpy (joined + tail, data, len);
      hit = find_delimiter (joined, tail + len, delim, dlen);
      if (hit == NULL)
        {
          hold (self, data, len);
          return;
        }

      end = hit - joined;         /* where the message ends, in joined */
      used = end + dlen - tail;   /* bytes of @data it took */
      if (end >= tail)
        hold (self, data, end - tail);
      else
        {
          /* The delimiter began in the held bytes. */
          g_byte_array_set_size (self->buf, old_len - (tail - end));
          touch (self);
        }
      while (self->buf->len > max_frame (self) && !self->stopped)
        cut_front (self);
      if (self->stopped)
        return;
      deliver_buf (self, TA_FRAME_FLAG_NONE);
      self->cut = FALSE;
      data += used;
      len -= used;
    }

  while (len > 0 && !self->stopped)
    {
      const guint8 *hit = find_delimiter (data, len, delim, dlen);
      gsize max = max_frame (self);

      if (hit == NULL)
        {
          hold (self, data, len);
          return;
        }
      if ((gsize) (hit - data) > max)
        {
          /* Longer than the limit: cut it there, the rest follows. */
          self->cut = TRUE;
          deliver (self, data, max, 1, TA_FRAME_FLAG_CUT);
          data += max;
          len -= max;
          continue;
        }
      if (self->cut)
        {
          hold (self, data, hit - data);
          deliver_buf (self, TA_FRAME_FLAG_NONE);
          self->cut = FALSE;
        }
      else
        deliver (self, data, hit - data, 1, TA_FRAME_FLAG_NONE);
      len -= hit - data + dlen;
      data = hit + dlen;
    }
}

static void
feed_fixed (TaFramer     *self,
            const guint8 *data,
            gsize         len)
{
  gsize n = self->spec.length;

  if (self->buf->len > 0)
    {
      gsize take = MIN (n - self->buf->len, len);

      hold (self, data, take);
      data += take;
      len -= take;
      if (self->buf->len < n)
        return;
      deliver_buf (self, TA_FRAME_FLAG_NONE);
    }
  while (len >= n && !self->stopped)
    {
      deliver (self, data, n, 1, TA_FRAME_FLAG_NONE);
      data += n;
      len -= n;
    }
  if (len > 0 && !self->stopped)
    hold (self, data, len);
}

static gsize
header_value (TaFramer *self)
{
  guint32 v = 0;
  guint size = self->spec.prefix_size;

  for (guint i = 0; i < size; i++)
    {
      guint8 b = self->spec.prefix_le ? self->header[size - 1 - i] : self->header[i];
      v = (v << 8) | b;
    }
  return v;
}

static void
end_prefixed (TaFramer *self)
{
  self->header_len = 0;
  self->in_payload = FALSE;
  self->remaining = 0;
}

static void
feed_prefix (TaFramer     *self,
             const guint8 *data,
             gsize         len)
{
  while (len > 0 && !self->stopped)
    {
      gsize take;

      if (!self->in_payload)
        {
          take = MIN (self->spec.prefix_size - self->header_len, len);
          touch (self);
          memcpy (self->header + self->header_len, data, take);
          self->header_len += take;
          data += take;
          len -= take;
          if (self->header_len < self->spec.prefix_size)
            return;
          self->remaining = header_value (self);
          self->in_payload = TRUE;
          self->cut = FALSE;
          if (self->remaining == 0)
            {
              end_prefixed (self);
              deliver_buf (self, TA_FRAME_FLAG_NONE);
              continue;
            }
        }

      if (self->buf->len == 0 && !self->cut && self->pieces == 1 &&
          len >= self->remaining && self->remaining <= max_frame (self))
        {
          /* Header and payload both in this read: no copy. */
          gsize n = self->remaining;

          end_prefixed (self);
          self->pieces = 0;
          self->touched = FALSE;
          deliver (self, data, n, 1, TA_FRAME_FLAG_NONE);
          data += n;
          len -= n;
          continue;
        }

      take = MIN (self->remaining, len);
      hold (self, data, take);
      data += take;
      len -= take;
      self->remaining -= take;
      if (self->remaining > 0)
        return;
      end_prefixed (self);
      /* A cut exactly at the end left nothing more to say. */
      if (self->buf->len > 0 || !self->cut)
        deliver_buf (self, TA_FRAME_FLAG_NONE);
      else
        {
          self->pieces = 0;
          self->touched = FALSE;
        }
      self->cut = FALSE;
    }
}

/**
 * ta_framer_feed:
 *
 * One read's bytes. Complete messages are handed to the callback at once
 * (possibly several); a partial one is held.
 */
void
ta_framer_feed (TaFramer     *self,
                const guint8 *data,
                gsize         len)
{
  g_return_if_fail (self != NULL);

  if (len == 0 || self->stopped)
    return;

  self->last_feed = g_get_monotonic_time ();
  self->touched = FALSE;

  switch (self->spec.mode)
    {
    case TA_FRAME_CHUNK:
      {
        gsize max = max_frame (self);

        while (len > max && !self->stopped)
          {
            deliver (self, data, max, 1, TA_FRAME_FLAG_CUT);
            data += max;
            len -= max;
          }
        deliver (self, data, len, 1, TA_FRAME_FLAG_NONE);
        return;
      }
    case TA_FRAME_LINE:
    case TA_FRAME_DELIMITER:
      feed_delimited (self, data, len);
      break;
    case TA_FRAME_FIXED:
      feed_fixed (self, data, len);
      break;
    case TA_FRAME_PREFIX:
      feed_prefix (self, data, len);
      break;
    case TA_FRAME_IDLE:
      hold (self, data, len);
      if (self->idle_id == 0 && !self->stopped)
        self->idle_id = g_timeout_add (self->spec.idle_ms, idle_cb, self);
      return;  /* the gap itself tells the end: no pending notice */
    default:
      g_assert_not_reached ();
    }

  if (!self->stopped && self->pending_func != NULL && self->pending_id == 0 &&
      ta_framer_get_pending (self) > 0 && !self->notified)
    self->pending_id = g_timeout_add (TA_FRAME_PENDING_NOTICE_MS, pending_cb, self);
}

/**
 * ta_framer_finish:
 *
 * The stream ended: a message still waiting for its end is delivered,
 * flagged %TA_FRAME_FLAG_INCOMPLETE (or as a whole message after an idle
 * gap, where the end of the stream ends it too).
 */
void
ta_framer_finish (TaFramer *self)
{
  g_return_if_fail (self != NULL);
  ta_framer_flush (self, TRUE);
}

/**
 * ta_framer_flush:
 * @ended: %TRUE when the stream ended (the message is marked incomplete),
 *   %FALSE when the framing changes (the message goes out as it is)
 *
 * Delivers the message waiting for its end, if any.
 */
void
ta_framer_flush (TaFramer *self,
                 gboolean  ended)
{
  g_return_if_fail (self != NULL);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->pending_id, g_source_remove);
  if (self->stopped)
    return;
  if (self->header_len > 0 && !self->in_payload)
    g_byte_array_append (self->buf, self->header, self->header_len);
  /* A delimited message may hold a little more than the limit. */
  while (self->buf->len > max_frame (self) && !self->stopped)
    cut_front (self);
  if (self->stopped)
    return;
  if (self->buf->len > 0 || (self->in_payload && !self->cut))
    deliver_buf (self, self->spec.mode == TA_FRAME_IDLE || !ended ? TA_FRAME_FLAG_NONE
                                                                  : TA_FRAME_FLAG_INCOMPLETE);
  self->header_len = 0;
  self->in_payload = FALSE;
  self->remaining = 0;
  self->cut = FALSE;
}

/**
 * ta_frame_describe:
 *
 * Returns: (transfer full) (nullable): what the log says about how a
 *   message arrived ("arrived in 3 pieces"), or %NULL when nothing is
 *   worth saying
 */
char *
ta_frame_describe (guint        pieces,
                   TaFrameFlags flags)
{
  GString *s;

  /* Every message goes through here: nothing to say costs nothing. */
  if (pieces <= 1 && flags == TA_FRAME_FLAG_NONE)
    return NULL;

  s = g_string_new (NULL);
  if (pieces > 1)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "arrived in %u piece",
                                            "arrived in %u pieces", pieces), pieces);
  if (flags & TA_FRAME_FLAG_CUT)
    {
      if (s->len > 0)
        g_string_append (s, _("; "));
      g_string_append (s, _("cut: longer than the message limit"));
    }
  if (flags & TA_FRAME_FLAG_INCOMPLETE)
    {
      if (s->len > 0)
        g_string_append (s, _("; "));
      g_string_append (s, _("incomplete: the connection ended before its end"));
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}
