/* ta-traffic.h: bytes and messages per second over the last minute
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ta-client.h"
#include "ta-server.h"

G_BEGIN_DECLS

#define TA_TRAFFIC_SECONDS 60

typedef struct {
  guint64 bytes_in;
  guint64 bytes_out;
  guint   messages_in;
  guint   messages_out;
  guint   clients;      /* the most connected during that second */
} TaTrafficSample;

#define TA_TYPE_TRAFFIC (ta_traffic_get_type ())

G_DECLARE_FINAL_TYPE (TaTraffic, ta_traffic, TA, TRAFFIC, GObject)

TaTraffic *ta_traffic_new               (void);
void       ta_traffic_record            (TaTraffic       *self,
                                         gint64           now_us,
                                         guint64          bytes_in,
                                         guint64          bytes_out,
                                         guint            messages_in,
                                         guint            messages_out);
void       ta_traffic_set_clients       (TaTraffic       *self,
                                         gint64           now_us,
                                         guint            clients);
void       ta_traffic_get_window        (TaTraffic       *self,
                                         gint64           now_us,
                                         TaTrafficSample  out[TA_TRAFFIC_SECONDS]);
gint64     ta_traffic_get_last_change   (TaTraffic       *self);
void       ta_traffic_attach_server     (TaTraffic       *self,
                                         TaServer        *server);
void       ta_traffic_attach_client     (TaTraffic       *self,
                                         TaClient        *client);

G_END_DECLS
