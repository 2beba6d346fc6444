/* ta-traffic.c
 *
 * Counts what a page's server or client sends and receives, per second of
 * the monotonic clock, in a ring of slots: recording is a few additions and
 * no timer runs here, so an idle program is never woken by it. The graph
 * reads a window of the last TA_TRAFFIC_SECONDS complete seconds, and is
 * told through ::activity (at most once a second) that something moved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ta-traffic.h"

#define N_SLOTS 64  /* more than TA_TRAFFIC_SECONDS + the current second */

typedef struct {
  gint64          sec;            /* which second this slot holds, -1 if none */
  guint           clients_before; /* connected when the second began */
  guint           clients_after;  /* ... and when it ended */
  TaTrafficSample sample;
} Slot;

struct _TaTraffic
{
  GObject  parent_instance;

  Slot     slots[N_SLOTS];
  guint    clients;
  gint64   last_change;    /* monotonic µs of the last record, 0 if never */
  gint64   last_signal_sec;
};

G_DEFINE_FINAL_TYPE (TaTraffic, ta_traffic, G_TYPE_OBJECT)

enum {
  ACTIVITY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ta_traffic_class_init (TaTrafficClass *klass)
{
  /**
   * TaTraffic::activity:
   *
   * Traffic was recorded in a second where none was before: a graph
   * that stopped redrawing should start again.
   */
  signals[ACTIVITY] =
    g_signal_new ("activity", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ta_traffic_init (TaTraffic *self)
{
  for (guint i = 0; i < N_SLOTS; i++)
    self->slots[i].sec = -1;
  self->last_signal_sec = -1;
}

TaTraffic *
ta_traffic_new (void)
{
  return g_object_new (TA_TYPE_TRAFFIC, NULL);
}

static Slot *
slot_for (TaTraffic *self,
          gint64     now_us,
          gboolean   traffic)
{
  gint64 sec = now_us / G_USEC_PER_SEC;
  Slot *slot = &self->slots[sec % N_SLOTS];

  if (slot->sec != sec)
    {
      memset (slot, 0, sizeof *slot);
      slot->sec = sec;
      slot->clients_before = self->clients;
      slot->clients_after = self->clients;
      slot->sample.clients = self->clients;
    }

  /* Only traffic makes the graph tick: clients that come and go without
   * a byte are drawn at its next redraw. */
  if (traffic)
    {
      self->last_change = now_us;
      if (self->last_signal_sec != sec)
        {
          self->last_signal_sec = sec;
          g_signal_emit (self, signals[ACTIVITY], 0);
        }
    }
  return slot;
}

/**
 * ta_traffic_record:
 * @now_us: g_get_monotonic_time() (tests pass their own clock)
 */
void
ta_traffic_record (TaTraffic *self,
                   gint64     now_us,
                   guint64    bytes_in,
                   guint64    bytes_out,
                   guint      messages_in,
                   guint      messages_out)
{
  Slot *slot;

  g_return_if_fail (TA_IS_TRAFFIC (self));

  slot = slot_for (self, now_us, TRUE);
  slot->sample.bytes_in += bytes_in;
  slot->sample.bytes_out += bytes_out;
  slot->sample.messages_in += messages_in;
  slot->sample.messages_out += messages_out;
}

void
ta_traffic_set_clients (TaTraffic *self,
                        gint64     now_us,
                        guint      clients)
{
  Slot *slot;

  g_return_if_fail (TA_IS_TRAFFIC (self));

  if (clients == self->clients)
    return;
  slot = slot_for (self, now_us, FALSE);
  slot->sample.clients = MAX (slot->sample.clients, clients);
  slot->clients_after = clients;
  self->clients = clients;
}

/**
 * ta_traffic_get_window:
 * @out: filled oldest first; out[TA_TRAFFIC_SECONDS - 1] is the last
 *   complete second before @now_us
 *
 * Seconds without a record have no traffic and the number of clients
 * the second before ended with.
 */
void
ta_traffic_get_window (TaTraffic       *self,
                       gint64           now_us,
                       TaTrafficSample  out[TA_TRAFFIC_SECONDS])
{
  gint64 now_sec = now_us / G_USEC_PER_SEC;
  gint64 first = now_sec - TA_TRAFFIC_SECONDS;
  guint clients = self->clients;
  gboolean known = FALSE;

  g_return_if_fail (TA_IS_TRAFFIC (self));

  /* Clients before the window: those of the first recorded second in it,
   * as they were when it began; with no record in it, the current count. */
  for (guint i = 0; i < TA_TRAFFIC_SECONDS && !known; i++)
    {
      gint64 sec = first + i;

      if (sec >= 0 && self->slots[sec % N_SLOTS].sec == sec)
        {
          clients = self->slots[sec % N_SLOTS].clients_before;
          known = TRUE;
        }
    }

  for (guint i = 0; i < TA_TRAFFIC_SECONDS; i++)
    {
      gint64 sec = first + i;
      Slot *slot = &self->slots[(sec < 0 ? 0 : sec) % N_SLOTS];

      if (sec >= 0 && slot->sec == sec)
        {
          out[i] = slot->sample;
          clients = slot->clients_after;
        }
      else
        {
          memset (&out[i], 0, sizeof out[i]);
          out[i].clients = clients;
        }
    }
}

/**
 * ta_traffic_get_last_change:
 *
 * Returns: the monotonic time of the last traffic recorded, 0 if none
 */
gint64
ta_traffic_get_last_change (TaTraffic *self)
{
  return self->last_change;
}

static void
on_received (TaTraffic    *self,
             TaConnection *connection,
             GBytes       *bytes)
{
  ta_traffic_record (self, g_get_monotonic_time (), g_bytes_get_size (bytes), 0, 1, 0);
}

static void
on_sent (TaTraffic    *self,
         TaConnection *connection,
         GBytes       *bytes,
         guint         flags)
{
  /* A file goes out in pieces: its bytes count, its pieces are not messages. */
  ta_traffic_record (self, g_get_monotonic_time (), 0, g_bytes_get_size (bytes), 0,
                     (flags & TA_SEND_FILE) ? 0 : 1);
}

static void
on_server_received (TaTraffic    *self,
                    TaConnection *connection,
                    GBytes       *bytes,
                    TaServer     *server)
{
  on_received (self, connection, bytes);
}

static void
on_server_sent (TaTraffic    *self,
                TaConnection *connection,
                GBytes       *bytes,
                guint         flags,
                TaServer     *server)
{
  on_sent (self, connection, bytes, flags);
}

static void
on_n_clients (TaTraffic  *self,
              GParamSpec *pspec,
              TaServer   *server)
{
  ta_traffic_set_clients (self, g_get_monotonic_time (), ta_server_get_n_clients (server));
}

/**
 * ta_traffic_attach_server:
 *
 * Counts @server's traffic and its number of clients.
 */
void
ta_traffic_attach_server (TaTraffic *self,
                          TaServer  *server)
{
  g_return_if_fail (TA_IS_TRAFFIC (self));
  g_return_if_fail (TA_IS_SERVER (server));

  g_signal_connect_object (server, "received", G_CALLBACK (on_server_received),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "sent", G_CALLBACK (on_server_sent),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (server, "notify::n-clients", G_CALLBACK (on_n_clients),
                           self, G_CONNECT_SWAPPED);
}

static void
on_client_received (TaTraffic    *self,
                    TaConnection *connection,
                    GBytes       *bytes,
                    TaClient     *client)
{
  on_received (self, connection, bytes);
}

static void
on_client_sent (TaTraffic    *self,
                TaConnection *connection,
                GBytes       *bytes,
                guint         flags,
                TaClient     *client)
{
  on_sent (self, connection, bytes, flags);
}

/**
 * ta_traffic_attach_client:
 *
 * Counts @client's traffic.
 */
void
ta_traffic_attach_client (TaTraffic *self,
                          TaClient  *client)
{
  g_return_if_fail (TA_IS_TRAFFIC (self));
  g_return_if_fail (TA_IS_CLIENT (client));

  g_signal_connect_object (client, "received", G_CALLBACK (on_client_received),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "sent", G_CALLBACK (on_client_sent),
                           self, G_CONNECT_SWAPPED);
}
