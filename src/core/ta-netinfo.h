/* ta-netinfo.h: what this computer can tell about its own network side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One address of one network interface. */
typedef struct {
  char         *interface;   /* "eth0", "lo" */
  GInetAddress *address;
  guint         prefix;      /* bits of the network part: 24 for 255.255.255.0 */
} TaLocalAddress;

/* One listening TCP socket of this computer, from /proc/net/tcp{,6}. */
typedef struct {
  GInetAddress *address;     /* what it is bound to: 0.0.0.0, ::, 127.0.0.1… */
  guint16       port;
  guint64       inode;
  int           pid;         /* 0 when the owner cannot be seen */
  char         *program;     /* NULL when the owner cannot be seen */
} TaListener;

void       ta_local_address_free     (TaLocalAddress *address);
void       ta_listener_free          (TaListener     *listener);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaLocalAddress, ta_local_address_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaListener, ta_listener_free)

GPtrArray *ta_netinfo_local_addresses (void);
GPtrArray *ta_netinfo_listeners       (guint16        port,
                                       gboolean       find_owners);
gboolean   ta_netinfo_is_local        (GInetAddress  *address,
                                       GPtrArray     *local_addresses);
const TaLocalAddress *
           ta_netinfo_same_network    (GInetAddress  *address,
                                       GPtrArray     *local_addresses);
gboolean   ta_netinfo_listener_accepts (TaListener   *listener,
                                        GInetAddress *target);
char      *ta_netinfo_format_local    (const TaLocalAddress *address);
gboolean   ta_netinfo_is_link_local   (GInetAddress  *address);

G_END_DECLS
