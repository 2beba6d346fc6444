/* ta-connection.c
 *
 * Over 700 lines: one read loop and one write queue shared by plain TCP
 * and TLS (the same code over the socket or the TLS streams), with the
 * fairness heartbeat, framing and close-after-sending; splitting them would
 * spread one state machine over several files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib/gi18n-lib.h>

#include "ta-connection.h"

#define READ_SIZE (64 * 1024)
#define FRAMED_READ_SIZE (8 * 1024)
#define DEFAULT_QUEUE_CAP (4 * 1024 * 1024)

typedef struct {
  GBytes      *bytes;
  gsize        offset;  /* bytes of it already sent */
  TaSendFlags  flags;
} QueuedWrite;

struct _TaConnection
{
  GObject            parent_instance;

  GSocketConnection *connection;
  GSocket           *socket;
  /* With TLS: plaintext goes through these, wrapping @connection. */
  GTlsConnection    *tls;
  GPollableInputStream  *tls_in;
  GPollableOutputStream *tls_out;
  GSource           *read_source;
  GSource           *write_source;  /* while the kernel's buffer is full */
  char              *address;
  guint              id;
  gint64             connected_at;

  guint64            bytes_in;
  guint64            bytes_out;
  guint64            messages_in;
  guint64            messages_out;

  GQueue             queue;        /* of QueuedWrite */
  gsize              queued_bytes;
  gsize              queue_cap;

  guint              started : 1;
  guint              flushing : 1;
  guint              closed : 1;
  guint              linger_id;     /* after our half-close */
  guint              close_when_sent : 1;
  guint              got_eof : 1;
  guint              half_closed : 1;

  /* Framing: NULL is "as received", one message per read. */
  TaFramer          *framer;
  TaFrameSpec        next_spec;     /* set while the framer is delivering */
  guint              feeding : 1;
  guint              respec : 1;
  guint              last_pieces;
  TaFrameFlags       last_flags;
};

G_DEFINE_FINAL_TYPE (TaConnection, ta_connection, G_TYPE_OBJECT)

enum {
  RECEIVED,
  SENT,
  CLOSED,
  FINISHED_SENDING,
  FRAMING_NOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static guint n_alive;

/* One buffer for every connection: reads are copied out at once. */
static guint8 read_buffer[READ_SIZE];

/*
 * Fairness with the user interface. Socket work runs at the default
 * priority, above GTK's redraw (G_PRIORITY_HIGH_IDLE + 20): a busy peer is
 * served at once. But a peer that floods us keeps its socket always ready,
 * and then nothing of lower priority would ever run: the window would
 * freeze. So a heartbeat runs just below the redraw priority; when it has
 * not run for STARVED_US, every socket source drops to DEFAULT_IDLE until
 * it runs again, which lets a frame through.
 *
 * The heartbeat only runs while traffic flows: every socket callback kicks
 * it, and it stops itself after HEARTBEAT_IDLE_TICKS ticks without one. An
 * idle server with idle clients then sleeps (a 20 ms timer while any
 * connection existed woke the process 50 times a second).
 */
#define HEARTBEAT_PRIORITY (G_PRIORITY_HIGH_IDLE + 21)
#define HEARTBEAT_MS 20
#define HEARTBEAT_IDLE_TICKS 5
#define STARVED_US (50 * 1000)

static gint64 last_heartbeat;
static guint heartbeat_id;
static guint heartbeat_idle_ticks;
static int io_priority = G_PRIORITY_DEFAULT;

static gboolean
heartbeat_cb (gpointer data)
{
  last_heartbeat = g_get_monotonic_time ();
  io_priority = G_PRIORITY_DEFAULT;
  if (++heartbeat_idle_ticks < HEARTBEAT_IDLE_TICKS)
    return G_SOURCE_CONTINUE;
  heartbeat_id = 0;
  return G_SOURCE_REMOVE;
}

/* Socket work is happening: make sure the heartbeat runs. */
static void
heartbeat_kick (void)
{
  heartbeat_idle_ticks = 0;
  if (heartbeat_id != 0)
    return;
  last_heartbeat = g_get_monotonic_time ();
  io_priority = G_PRIORITY_DEFAULT;
  heartbeat_id = g_timeout_add_full (HEARTBEAT_PRIORITY, HEARTBEAT_MS, heartbeat_cb, NULL, NULL);
}

static void
heartbeat_release (void)
{
  g_clear_handle_id (&heartbeat_id, g_source_remove);
}

/* The priority socket sources should have now. Called from every socket
 * callback, so it also keeps the heartbeat going. */
static int
current_io_priority (void)
{
  heartbeat_kick ();
  if (io_priority == G_PRIORITY_DEFAULT &&
      g_get_monotonic_time () - last_heartbeat > STARVED_US)
    io_priority = G_PRIORITY_DEFAULT_IDLE;
  return io_priority;
}

static void
follow_io_priority (GSource *source)
{
  int priority = current_io_priority ();

  if (source != NULL && g_source_get_priority (source) != priority)
    g_source_set_priority (source, priority);
}

static void
queued_write_free (gpointer data)
{
  QueuedWrite *w = data;

  g_bytes_unref (w->bytes);
  g_free (w);
}

static void
destroy_sources (TaConnection *self)
{
  if (self->read_source != NULL)
    {
      g_source_destroy (self->read_source);
      g_clear_pointer (&self->read_source, g_source_unref);
    }
  if (self->write_source != NULL)
    {
      g_source_destroy (self->write_source);
      g_clear_pointer (&self->write_source, g_source_unref);
    }
}

static void
ta_connection_dispose (GObject *object)
{
  TaConnection *self = TA_CONNECTION (object);

  destroy_sources (self);
  g_clear_handle_id (&self->linger_id, g_source_remove);
  if (!self->closed && self->connection != NULL)
    {
      self->closed = TRUE;
      g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
    }

  g_queue_clear_full (&self->queue, queued_write_free);
  g_clear_object (&self->tls);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->framer, ta_framer_free);

  G_OBJECT_CLASS (ta_connection_parent_class)->dispose (object);
}

static void
ta_connection_finalize (GObject *object)
{
  TaConnection *self = TA_CONNECTION (object);

  g_free (self->address);
  if (--n_alive == 0)
    heartbeat_release ();

  G_OBJECT_CLASS (ta_connection_parent_class)->finalize (object);
}

static void
ta_connection_class_init (TaConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_connection_dispose;
  object_class->finalize = ta_connection_finalize;

  /**
   * TaConnection::received:
   * @bytes: one message: a chunk as read from the socket, or as framed
   *   (see ta_connection_set_framing(); ta_connection_get_last_pieces()
   *   tells how many reads it took)
   */
  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * TaConnection::sent:
   * @bytes: the message, now handed to the operating system
   * @flags: #TaSendFlags it was queued with
   */
  signals[SENT] =
    g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_UINT);

  /**
   * TaConnection::closed:
   * @reason: a #TaCloseReason
   * @message: (nullable): details for the user
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * TaConnection::finished-sending:
   * @by_peer: %TRUE when the peer shut its side (we still send what we
   *   owe it), %FALSE when we shut ours (we still read its reply)
   *
   * A half-close while the connection stays open in the other direction.
   * Not emitted when the connection closes at the same moment.
   */
  signals[FINISHED_SENDING] =
    g_signal_new ("finished-sending", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * TaConnection::framing-note:
   * @message: a sentence for the log, such as a message waiting for its end
   */
  signals[FRAMING_NOTE] =
    g_signal_new ("framing-note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ta_connection_init (TaConnection *self)
{
  self->queue_cap = DEFAULT_QUEUE_CAP;
  g_queue_init (&self->queue);
  n_alive++;
}

/**
 * ta_format_socket_address:
 *
 * Returns: (transfer full): "192.168.1.5:7788" or "[::1]:7788"; IPv4 peers
 *   seen through a dual-stack socket are shown as IPv4
 */
char *
ta_format_socket_address (GSocketAddress *address)
{
  GInetAddress *inet;
  g_autofree char *ip = NULL;
  guint16 port;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup (_("unknown address"));

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  ip = g_inet_address_to_string (inet);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    {
      if (g_str_has_prefix (ip, "::ffff:") && strchr (ip + 7, '.') != NULL)
        return g_strdup_printf ("%s:%u", ip + 7, port);
      return g_strdup_printf ("[%s]:%u", ip, port);
    }
  return g_strdup_printf ("%s:%u", ip, port);
}

TaConnection *
ta_connection_new (GSocketConnection *connection,
                   guint              id)
{
  TaConnection *self;
  g_autoptr(GSocketAddress) remote = NULL;
  GSocket *socket;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);

  self = g_object_new (TA_TYPE_CONNECTION, NULL);
  self->connection = g_object_ref (connection);
  self->id = id;
  self->connected_at = g_get_real_time ();

  /* Plain non-blocking socket calls from main-loop sources: no GTask or
   * allocation per read or write, which the GIO streams would cost. */
  socket = g_socket_connection_get_socket (connection);
  self->socket = socket;
  g_socket_set_blocking (socket, FALSE);
  /* Interactive traffic: every message goes out at once. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  /* GSocketClient copies its timeout to the socket; idle reads must not time out. */
  g_socket_set_timeout (socket, 0);

  remote = g_socket_connection_get_remote_address (connection, NULL);
  self->address = remote ? ta_format_socket_address (remote) : g_strdup (_("unknown address"));

  return self;
}

static gboolean
is_reset (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
}

static void
close_on_error (TaConnection *self,
                const GError *error)
{
  if (self->closed ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
    return;

  /* A peer that closes while our data waits unread in its socket makes
   * its system answer with a reset instead of an orderly close. Ordinary
   * devices and one-shot clients (the tutorial's) do that all the time:
   * if we had sent it something, that is the likely story, not a crash. */
  if (is_reset (error) && (self->bytes_out > 0 || !g_queue_is_empty (&self->queue)))
    ta_connection_close (self, TA_CLOSE_PEER_UNREAD, NULL);
  else if (is_reset (error))
    ta_connection_close (self, TA_CLOSE_RESET, NULL);
  else
    ta_connection_close (self, TA_CLOSE_ERROR, error->message);
}

/* One non-blocking read: from the socket, or plaintext out of TLS. */
static gssize
connection_receive (TaConnection  *self,
                    guint8        *buffer,
                    gsize          size,
                    GError       **error)
{
  if (self->tls_in != NULL)
    return g_pollable_input_stream_read_nonblocking (self->tls_in, buffer, size, NULL, error);
  return g_socket_receive (self->socket, (char *) buffer, size, NULL, error);
}

/* One non-blocking write. TLS wants the same bytes again after
 * WOULD_BLOCK, which the queue does anyway. */
static gssize
connection_send (TaConnection  *self,
                 const char    *data,
                 gsize          size,
                 GError       **error)
{
  if (self->tls_out != NULL)
    return g_pollable_output_stream_write_nonblocking (self->tls_out, data, size, NULL, error);
  return g_socket_send (self->socket, data, size, NULL, error);
}

static gboolean read_ready (GSocket *socket, GIOCondition condition, gpointer user_data);
static gboolean write_ready (GSocket *socket, GIOCondition condition, gpointer user_data);

static gboolean
tls_read_ready (GObject  *stream,
                gpointer  user_data)
{
  return read_ready (NULL, G_IO_IN, user_data);
}

static gboolean
tls_write_ready (GObject  *stream,
                 gpointer  user_data)
{
  return write_ready (NULL, G_IO_OUT, user_data);
}

/* A source for readability (G_IO_IN) or writability (G_IO_OUT), at the
 * current fairness priority. */
static GSource *
create_io_source (TaConnection *self,
                  GIOCondition  condition)
{
  GSource *source;

  if (self->tls != NULL)
    {
      if (condition & G_IO_IN)
        {
          source = g_pollable_input_stream_create_source (self->tls_in, NULL);
          g_source_set_callback (source, G_SOURCE_FUNC (tls_read_ready), self, NULL);
        }
      else
        {
          source = g_pollable_output_stream_create_source (self->tls_out, NULL);
          g_source_set_callback (source, G_SOURCE_FUNC (tls_write_ready), self, NULL);
        }
    }
  else
    {
      source = g_socket_create_source (self->socket, condition, NULL);
      g_source_set_callback (source, G_SOURCE_FUNC ((condition & G_IO_IN) ? read_ready : write_ready),
                             self, NULL);
    }
  g_source_set_priority (source, current_io_priority ());
  /* GLib blocks a source that cannot recurse while it is dispatched: it
   * takes its descriptor out of the poll set and puts it back, and each
   * change writes to the main context's eventfd. That is two system calls
   * per wake-up of every socket, as costly as the read and the reply. The
   * callbacks run no nested main loop, and they hold a reference and check
   * self->closed, so recursion is not needed to keep them safe. */
  g_source_set_can_recurse (source, TRUE);
  g_source_attach (source, NULL);
  return source;
}

static gboolean
read_ready (GSocket      *socket,
            GIOCondition  condition,
            gpointer      user_data)
{
  TaConnection *self = user_data;
  g_autoptr(TaConnection) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gssize n;

  if (self->closed)
    return G_SOURCE_REMOVE;

  follow_io_priority (self->read_source);

  /* One read per wake-up, as the tutorial's recv(): fair to every peer.
   * Framed, one read can hold thousands of small messages, each logged
   * and answered: a smaller read bounds the work of one wake-up. */
  n = connection_receive (self, read_buffer, self->framer ? FRAMED_READ_SIZE : READ_SIZE, &error);

  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      close_on_error (self, error);
      return G_SOURCE_REMOVE;
    }

  if (n == 0)
    {
      /* The peer shut down its side. Let what we still owe it go out first. */
      g_clear_pointer (&self->read_source, g_source_unref);
      self->got_eof = TRUE;
      /* A message still waiting for its end is shown as it is. */
      if (self->framer != NULL)
        {
          self->feeding = TRUE;
          ta_framer_finish (self->framer);
          self->feeding = FALSE;
          if (self->closed)
            return G_SOURCE_REMOVE;
        }
      if (self->half_closed)
        ta_connection_close (self, TA_CLOSE_BY_USER, NULL);
      else if (!g_queue_is_empty (&self->queue))
        {
          self->close_when_sent = TRUE;
          g_signal_emit (self, signals[FINISHED_SENDING], 0, TRUE);
        }
      else
        ta_connection_close (self, TA_CLOSE_PEER_CLOSED, NULL);
      return G_SOURCE_REMOVE;
    }

  self->bytes_in += n;

  if (self->framer == NULL)
    {
      self->messages_in++;
      self->last_pieces = 1;
      self->last_flags = TA_FRAME_FLAG_NONE;
      bytes = g_bytes_new (read_buffer, n);
      g_signal_emit (self, signals[RECEIVED], 0, bytes);
    }
  else
    {
      self->feeding = TRUE;
      ta_framer_feed (self->framer, read_buffer, n);
      self->feeding = FALSE;
      if (self->respec)
        ta_connection_set_framing (self, &self->next_spec);
    }

  return self->closed ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static gboolean
apply_respec_cb (gpointer user_data)
{
  TaConnection *self = user_data;

  if (self->respec && !self->feeding)
    ta_connection_set_framing (self, &self->next_spec);
  return G_SOURCE_REMOVE;
}

static void
on_framed (const guint8 *data,
           gsize         len,
           guint         pieces,
           TaFrameFlags  flags,
           gpointer      user_data)
{
  TaConnection *self = user_data;
  g_autoptr(TaConnection) hold = g_object_ref (self);
  g_autoptr(GBytes) bytes = NULL;
  gboolean was_feeding = self->feeding;

  if (self->closed)
    return;
  self->messages_in++;
  self->last_pieces = pieces;
  self->last_flags = flags;
  bytes = g_bytes_new (data, len);
  /* The framer is inside its own code: it must not be replaced now. */
  self->feeding = TRUE;
  g_signal_emit (self, signals[RECEIVED], 0, bytes);
  self->feeding = was_feeding;
  if (self->closed && self->framer != NULL)
    ta_framer_stop (self->framer);
  else if (!was_feeding && self->respec)
    g_idle_add_full (G_PRIORITY_DEFAULT, apply_respec_cb, g_object_ref (self), g_object_unref);
}

static void
on_frame_pending (gsize    pending,
                  gpointer user_data)
{
  TaConnection *self = user_data;
  g_autoptr(TaConnection) hold = g_object_ref (self);
  g_autofree char *size = g_format_size (pending);
  g_autofree char *message =
    g_strdup_printf (_("Part of a message (%s) has waited more than a second for its end."), size);

  if (!self->closed)
    g_signal_emit (self, signals[FRAMING_NOTE], 0, message);
}

/**
 * ta_connection_set_framing:
 * @spec: (nullable): how received bytes are cut into messages; %NULL or
 *   %TA_FRAME_CHUNK for one message per read
 *
 * A message waiting for its end under the old framing is delivered as it is.
 */
void
ta_connection_set_framing (TaConnection      *self,
                           const TaFrameSpec *spec)
{
  g_return_if_fail (TA_IS_CONNECTION (self));

  if (self->feeding)
    {
      /* Called from a message handler: change once the read is done. */
      ta_frame_spec_init (&self->next_spec);
      if (spec != NULL)
        self->next_spec = *spec;
      self->respec = TRUE;
      return;
    }
  self->respec = FALSE;

  if (self->framer != NULL)
    {
      if (spec != NULL && ta_frame_spec_equal (ta_framer_get_spec (self->framer), spec))
        return;
      /* Not the end of the stream: what waits goes out unmarked. */
      self->feeding = TRUE;
      if (!self->closed)
        ta_framer_flush (self->framer, FALSE);
      self->feeding = FALSE;
      g_clear_pointer (&self->framer, ta_framer_free);
    }
  if (spec != NULL && spec->mode != TA_FRAME_CHUNK && !self->closed)
    self->framer = ta_framer_new (spec, on_framed, on_frame_pending, self);
}

guint ta_connection_get_last_pieces (TaConnection *self) { return self->last_pieces; }
TaFrameFlags ta_connection_get_last_frame_flags (TaConnection *self) { return self->last_flags; }

void
ta_connection_start (TaConnection *self)
{
  g_return_if_fail (TA_IS_CONNECTION (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  if (self->closed)
    return;

  self->read_source = create_io_source (self, G_IO_IN | G_IO_HUP | G_IO_ERR);
}

static gboolean flush_queue (TaConnection *self);

#define LINGER_SECONDS 2

static gboolean
linger_done_cb (gpointer user_data)
{
  TaConnection *self = user_data;

  self->linger_id = 0;
  ta_connection_close (self, TA_CLOSE_BY_USER, NULL);
  return G_SOURCE_REMOVE;
}

/* Everything queued went out and we were asked to close. If the peer has
 * closed too, close. Otherwise shut our side only, and keep reading until
 * the peer closes (or LINGER_SECONDS pass): a reply still on its way is
 * read and logged instead of being answered with a reset, which some
 * peers (the tutorial's server) do not survive. */
static void
finish_sending (TaConnection *self)
{
  self->close_when_sent = FALSE;

  if (self->got_eof || self->read_source == NULL)
    {
      ta_connection_close (self, self->got_eof ? TA_CLOSE_PEER_CLOSED : TA_CLOSE_BY_USER, NULL);
      return;
    }

  if (self->half_closed)
    return;
  self->half_closed = TRUE;
  if (self->tls != NULL)
    /* TLS's own end of writing (close_notify); the peer reads it as EOF. It
     * is a few bytes after an empty queue: it goes out at once. */
    g_output_stream_close_async (G_OUTPUT_STREAM (self->tls_out), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  else
    g_socket_shutdown (self->socket, FALSE, TRUE, NULL);
  self->linger_id = g_timeout_add_seconds (LINGER_SECONDS, linger_done_cb, self);
  g_signal_emit (self, signals[FINISHED_SENDING], 0, FALSE);
}

static gboolean
write_ready (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  TaConnection *self = user_data;
  g_autoptr(TaConnection) hold = g_object_ref (self);

  if (self->closed)
    return G_SOURCE_REMOVE;
  follow_io_priority (self->write_source);
  flush_queue (self);
  /* flush_queue() drops the source once the queue is empty. */
  return self->write_source != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Sends what the kernel takes now; waits for writability for the rest.
 * Returns FALSE if the connection closed meanwhile. */
static gboolean
flush_queue (TaConnection *self)
{
  g_autoptr(TaConnection) hold = g_object_ref (self);

  if (self->flushing)
    return TRUE;
  self->flushing = TRUE;

  while (!self->closed && !g_queue_is_empty (&self->queue))
    {
      g_autoptr(GError) error = NULL;
      QueuedWrite *w = g_queue_peek_head (&self->queue);
      gsize size;
      const char *data = g_bytes_get_data (w->bytes, &size);
      gssize n;

      n = connection_send (self, data + w->offset, size - w->offset, &error);
      if (n < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              self->flushing = FALSE;
              close_on_error (self, error);
              return FALSE;
            }
          if (self->write_source == NULL)
            self->write_source = create_io_source (self, G_IO_OUT);
          self->flushing = FALSE;
          return TRUE;
        }

      w->offset += n;
      self->queued_bytes -= n;
      if (w->offset < size)
        continue;

      g_queue_pop_head (&self->queue);
      self->bytes_out += size;
      self->messages_out++;
      g_signal_emit (self, signals[SENT], 0, w->bytes, (guint) w->flags);
      queued_write_free (w);
    }

  self->flushing = FALSE;

  if (self->write_source != NULL)
    {
      g_source_destroy (self->write_source);
      g_clear_pointer (&self->write_source, g_source_unref);
    }

  if (self->closed)
    return FALSE;

  if (self->close_when_sent)
    {
      finish_sending (self);
      return !self->closed;
    }
  return TRUE;
}

/**
 * ta_connection_send:
 *
 * Queues @bytes and sends what the system takes at once; the rest goes
 * out in order as the peer reads. ::sent may be emitted before this
 * returns. When the queue would exceed the cap, the other side is not
 * reading: the connection is closed with %TA_CLOSE_OVERFLOW and %FALSE
 * returned.
 */
gboolean
ta_connection_send (TaConnection  *self,
                    GBytes        *bytes,
                    TaSendFlags    flags,
                    GError       **error)
{
  QueuedWrite *w;
  gsize size;

  g_return_val_if_fail (TA_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (self->closed || self->close_when_sent || self->half_closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The connection is closed; nothing was sent."));
      return FALSE;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    return TRUE;

  if (self->queued_bytes + size > self->queue_cap)
    {
      g_autofree char *limit = g_format_size (self->queue_cap);
      g_autofree char *message =
        g_strdup_printf (_("More than %s was waiting to be sent to it."), limit);

      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, message);
      ta_connection_close (self, TA_CLOSE_OVERFLOW, message);
      return FALSE;
    }

  /* Nothing waits before it: send at once, without a queue entry (a reply
   * to every message would otherwise allocate one per message). What the
   * system does not take at once is queued as usual. */
  if (g_queue_is_empty (&self->queue) && self->write_source == NULL && !self->flushing)
    {
      g_autoptr(TaConnection) hold = g_object_ref (self);
      g_autoptr(GError) send_error = NULL;
      gssize n = connection_send (self, g_bytes_get_data (bytes, NULL), size, &send_error);

      if (n == (gssize) size)
        {
          self->bytes_out += size;
          self->messages_out++;
          /* As flush_queue() does: a send from a ::sent handler is queued
           * and goes out after this one's handlers, in order. */
          self->flushing = TRUE;
          g_signal_emit (self, signals[SENT], 0, bytes, (guint) flags);
          self->flushing = FALSE;
          if (!self->closed && !g_queue_is_empty (&self->queue))
            flush_queue (self);
          return TRUE;
        }

      w = g_new0 (QueuedWrite, 1);
      w->bytes = g_bytes_ref (bytes);
      w->flags = flags;
      w->offset = n > 0 ? n : 0;
      g_queue_push_tail (&self->queue, w);
      self->queued_bytes += size - w->offset;
      if (n < 0 && !g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        close_on_error (self, send_error);
      else
        self->write_source = create_io_source (self, G_IO_OUT);
      return TRUE;
    }

  w = g_new0 (QueuedWrite, 1);
  w->bytes = g_bytes_ref (bytes);
  w->flags = flags;
  g_queue_push_tail (&self->queue, w);
  self->queued_bytes += size;

  /* While waiting for writability, the source sends it in turn. */
  if (self->write_source == NULL)
    flush_queue (self);

  return TRUE;
}

/**
 * ta_connection_close_when_sent:
 *
 * Once every queued message has gone out, shuts our side of the
 * connection and closes when the peer does (at most a few seconds later):
 * a reply already on its way is still received.
 */
void
ta_connection_close_when_sent (TaConnection *self)
{
  g_return_if_fail (TA_IS_CONNECTION (self));

  if (self->closed)
    return;
  self->close_when_sent = TRUE;
  if (g_queue_is_empty (&self->queue))
    finish_sending (self);
}

/**
 * ta_connection_close:
 * @message: (nullable): details for the user
 *
 * Closes at once, dropping anything still queued. Emits ::closed once.
 */
void
ta_connection_close (TaConnection  *self,
                     TaCloseReason  reason,
                     const char    *message)
{
  g_autoptr(TaConnection) hold = NULL;

  g_return_if_fail (TA_IS_CONNECTION (self));

  if (self->closed)
    return;

  hold = g_object_ref (self);
  self->closed = TRUE;
  g_clear_handle_id (&self->linger_id, g_source_remove);
  destroy_sources (self);
  if (self->framer != NULL)
    ta_framer_stop (self->framer);
  g_queue_clear_full (&self->queue, queued_write_free);
  self->queued_bytes = 0;
  g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);

  g_signal_emit (self, signals[CLOSED], 0, (guint) reason, message);
}

/**
 * ta_connection_dup_local_address:
 *
 * Returns: (transfer full): our side's address and port, "127.0.0.1:7788"
 */
char *
ta_connection_dup_local_address (TaConnection *self)
{
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (TA_IS_CONNECTION (self), NULL);

  local = g_socket_get_local_address (self->socket, NULL);
  return local ? ta_format_socket_address (local) : g_strdup (_("unknown address"));
}

/**
 * ta_connection_set_tls:
 * @tls: a TLS connection over this connection's socket, its handshake done
 *
 * Before ta_connection_start(): from then on reads and writes go through
 * @tls, and everything above (signals, counts, the queue) is plaintext.
 * Closing never waits for the peer: the socket is closed under TLS.
 */
void
ta_connection_set_tls (TaConnection   *self,
                       GTlsConnection *tls)
{
  g_return_if_fail (TA_IS_CONNECTION (self));
  g_return_if_fail (G_IS_TLS_CONNECTION (tls));
  g_return_if_fail (!self->started);

  g_set_object (&self->tls, tls);
  self->tls_in = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (G_IO_STREAM (tls)));
  self->tls_out = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (G_IO_STREAM (tls)));
}

/**
 * ta_connection_get_tls:
 *
 * Returns: (transfer none) (nullable): the TLS connection, if any
 */
GTlsConnection *
ta_connection_get_tls (TaConnection *self)
{
  g_return_val_if_fail (TA_IS_CONNECTION (self), NULL);
  return self->tls;
}

guint ta_connection_get_id (TaConnection *self) { return self->id; }
const char *ta_connection_get_address (TaConnection *self) { return self->address; }
gint64 ta_connection_get_connected_at (TaConnection *self) { return self->connected_at; }
guint64 ta_connection_get_bytes_in (TaConnection *self) { return self->bytes_in; }
guint64 ta_connection_get_bytes_out (TaConnection *self) { return self->bytes_out; }
guint64 ta_connection_get_messages_in (TaConnection *self) { return self->messages_in; }
guint64 ta_connection_get_messages_out (TaConnection *self) { return self->messages_out; }
gsize ta_connection_get_queued_bytes (TaConnection *self) { return self->queued_bytes; }
gboolean ta_connection_is_closed (TaConnection *self) { return self->closed; }

void
ta_connection_set_queue_cap (TaConnection *self,
                             gsize         cap)
{
  g_return_if_fail (TA_IS_CONNECTION (self));
  self->queue_cap = MAX (cap, 1);
}

/* Number of TaConnection objects not yet finalized (leak checks in tests). */
guint
ta_connection_get_n_alive (void)
{
  return n_alive;
}

/**
 * ta_close_reason_describe:
 *
 * Returns: a sentence for the log
 */
const char *
ta_close_reason_describe (TaCloseReason reason,
                          gboolean      server_side)
{
  switch (reason)
    {
    case TA_CLOSE_PEER_CLOSED:
      return server_side ? _("The client closed the connection.")
                         : _("The server closed the connection.");
    case TA_CLOSE_BY_USER:
      return _("Disconnected by you.");
    case TA_CLOSE_RESET:
      return _("The other side reset the connection (it aborted it instead of closing it).");
    case TA_CLOSE_PEER_UNREAD:
      return server_side ? _("The client closed the connection before reading our last reply.")
                         : _("The server closed the connection before reading our last message.");
    case TA_CLOSE_ERROR:
      return _("The connection failed because of a network error.");
    case TA_CLOSE_OVERFLOW:
      return _("Disconnected because it stopped reading what was sent to it.");
    case TA_CLOSE_SERVER_STOPPED:
      return _("Disconnected because the server was stopped.");
    case TA_CLOSE_LIMIT:
      return _("Disconnected at once: the server already has the maximum number of clients.");
    default:
      g_assert_not_reached ();
    }
  return NULL;
}
