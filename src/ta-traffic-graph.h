/* ta-traffic-graph.h: a small live graph of a page's traffic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ta-traffic.h"

G_BEGIN_DECLS

#define TA_TYPE_TRAFFIC_GRAPH (ta_traffic_graph_get_type ())

G_DECLARE_FINAL_TYPE (TaTrafficGraph, ta_traffic_graph, TA, TRAFFIC_GRAPH, GtkWidget)

GtkWidget *ta_traffic_graph_new            (void);
void       ta_traffic_graph_set_traffic    (TaTrafficGraph *self,
                                            TaTraffic      *traffic,
                                            gboolean        show_clients);

/* For tests */
gboolean   _ta_traffic_graph_is_ticking    (TaTrafficGraph *self);
guint      _ta_traffic_graph_get_n_draws   (TaTrafficGraph *self);
char      *_ta_traffic_graph_dup_summary   (TaTrafficGraph *self);

G_END_DECLS
