/* ta-netinfo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only what an ordinary user may read, with no external tools: the
 * interfaces' addresses (getifaddrs) and the listening sockets in
 * /proc/net/tcp and /proc/net/tcp6, with their owners found through the
 * /proc/PID/fd links this user can read. Reading /proc takes a few
 * milliseconds; callers run it in a thread (see ta-doctor.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "ta-netinfo.h"

/* Bounds for a machine with very many processes or descriptors. */
#define MAX_PROCESSES 4096
#define MAX_FDS_PER_PROCESS 4096

void
ta_local_address_free (TaLocalAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->interface);
  g_clear_object (&address->address);
  g_free (address);
}

void
ta_listener_free (TaListener *listener)
{
  if (listener == NULL)
    return;
  g_clear_object (&listener->address);
  g_free (listener->program);
  g_free (listener);
}

static guint
mask_prefix (const guint8 *bytes,
             gsize         len)
{
  guint prefix = 0;

  for (gsize i = 0; i < len; i++)
    for (int bit = 7; bit >= 0; bit--)
      {
        if (!(bytes[i] & (1 << bit)))
          return prefix;
        prefix++;
      }
  return prefix;
}

/**
 * ta_netinfo_local_addresses:
 *
 * Returns: (transfer full) (element-type TaLocalAddress): the IPv4 and
 * IPv6 addresses of the interfaces that are up, loopback first.
 */
GPtrArray *
ta_netinfo_local_addresses (void)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_local_address_free);
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    return result;

  for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      TaLocalAddress *local;
      int family;

      if (ifa->ifa_addr == NULL || !(ifa->ifa_flags & IFF_UP))
        continue;
      family = ifa->ifa_addr->sa_family;
      if (family != AF_INET && family != AF_INET6)
        continue;

      local = g_new0 (TaLocalAddress, 1);
      local->interface = g_strdup (ifa->ifa_name);
      if (family == AF_INET)
        {
          struct sockaddr_in *sin = (struct sockaddr_in *) ifa->ifa_addr;

          local->address = g_inet_address_new_from_bytes ((guint8 *) &sin->sin_addr, G_SOCKET_FAMILY_IPV4);
          local->prefix = 32;
          if (ifa->ifa_netmask != NULL)
            local->prefix = mask_prefix ((guint8 *) &((struct sockaddr_in *) ifa->ifa_netmask)->sin_addr, 4);
        }
      else
        {
          struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ifa->ifa_addr;

          local->address = g_inet_address_new_from_bytes ((guint8 *) &sin6->sin6_addr, G_SOCKET_FAMILY_IPV6);
          local->prefix = 128;
          if (ifa->ifa_netmask != NULL)
            local->prefix = mask_prefix ((guint8 *) &((struct sockaddr_in6 *) ifa->ifa_netmask)->sin6_addr, 16);
        }

      if (g_inet_address_get_is_loopback (local->address))
        g_ptr_array_insert (result, 0, local);
      else
        g_ptr_array_add (result, local);
    }

  freeifaddrs (list);
  return result;
}

gboolean
ta_netinfo_is_link_local (GInetAddress *address)
{
  return g_inet_address_get_is_link_local (address);
}

/**
 * ta_netinfo_is_local:
 *
 * Whether @address reaches this computer: a loopback address or one of
 * its interfaces' addresses.
 */
gboolean
ta_netinfo_is_local (GInetAddress *address,
                     GPtrArray    *local_addresses)
{
  if (g_inet_address_get_is_loopback (address))
    return TRUE;
  for (guint i = 0; i < local_addresses->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (local_addresses, i);

      if (g_inet_address_equal (local->address, address))
        return TRUE;
    }
  return FALSE;
}

static gboolean
prefix_equal (const guint8 *a,
              const guint8 *b,
              guint         prefix)
{
  guint whole = prefix / 8, rest = prefix % 8;

  if (memcmp (a, b, whole) != 0)
    return FALSE;
  if (rest == 0)
    return TRUE;
  return ((a[whole] ^ b[whole]) & (0xff << (8 - rest))) == 0;
}

/**
 * ta_netinfo_same_network:
 *
 * Returns: (nullable) (transfer none): the local address whose network
 * (address and prefix) contains @address, not counting loopback
 */
const TaLocalAddress *
ta_netinfo_same_network (GInetAddress *address,
                         GPtrArray    *local_addresses)
{
  for (guint i = 0; i < local_addresses->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (local_addresses, i);

      if (g_inet_address_get_is_loopback (local->address) ||
          g_inet_address_get_family (local->address) != g_inet_address_get_family (address) ||
          local->prefix == 0)
        continue;
      if (prefix_equal (g_inet_address_to_bytes (local->address),
                        g_inet_address_to_bytes (address), local->prefix))
        return local;
    }
  return NULL;
}

/* "0100007F" or 32 hex digits: 32-bit words in host byte order. */
static GInetAddress *
parse_proc_address (const char *hex,
                    gsize       len)
{
  guint8 bytes[16];
  gsize n_words = len / 8;

  if ((len != 8 && len != 32))
    return NULL;
  for (gsize w = 0; w < n_words; w++)
    {
      char word[9];
      guint64 value;
      guint32 v32;

      memcpy (word, hex + w * 8, 8);
      word[8] = '\0';
      if (!g_ascii_string_to_unsigned (word, 16, 0, G_MAXUINT32, &value, NULL))
        return NULL;
      v32 = (guint32) value;
      memcpy (bytes + w * 4, &v32, 4);
    }
  return g_inet_address_new_from_bytes (bytes, len == 8 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
}

static void
read_proc_table (const char *path,
                 guint16     port,
                 GPtrArray  *result)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  /* Line 0 is the header. Fields: sl local rem st tx:rx tr:when retr uid timeout inode */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      const char *f[10];
      guint n = 0;
      const char *colon;
      guint64 local_port, inode;
      GInetAddress *address;
      TaListener *listener;

      for (guint j = 0; fields[j] != NULL && n < G_N_ELEMENTS (f); j++)
        if (*fields[j] != '\0')
          f[n++] = fields[j];
      if (n < 10 || !g_str_equal (f[3], "0A"))   /* 0A: LISTEN */
        continue;
      colon = strchr (f[1], ':');
      if (colon == NULL ||
          !g_ascii_string_to_unsigned (colon + 1, 16, 0, 65535, &local_port, NULL) ||
          (port != 0 && local_port != port) ||
          !g_ascii_string_to_unsigned (f[9], 10, 0, G_MAXUINT64, &inode, NULL))
        continue;
      address = parse_proc_address (f[1], colon - f[1]);
      if (address == NULL)
        continue;

      listener = g_new0 (TaListener, 1);
      listener->address = address;
      listener->port = (guint16) local_port;
      listener->inode = inode;
      g_ptr_array_add (result, listener);
    }
}

static char *
read_program (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "comm", NULL);
  char *comm = NULL;

  if (!g_file_get_contents (path, &comm, NULL, NULL))
    return NULL;
  return g_strstrip (comm);
}

/* Which readable process holds each listener's socket. */
static void
find_owners (GPtrArray *listeners)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *pid;
  guint processes = 0, missing = listeners->len;

  if (proc == NULL)
    return;

  while (missing > 0 && processes < MAX_PROCESSES && (pid = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *fd_dir_path = NULL;
      g_autoptr(GDir) fd_dir = NULL;
      const char *fd;
      guint fds = 0;

      if (!g_ascii_isdigit (pid[0]))
        continue;
      processes++;
      fd_dir_path = g_build_filename ("/proc", pid, "fd", NULL);
      fd_dir = g_dir_open (fd_dir_path, 0, NULL);
      if (fd_dir == NULL)
        continue;   /* another user's process */

      while (missing > 0 && fds++ < MAX_FDS_PER_PROCESS && (fd = g_dir_read_name (fd_dir)) != NULL)
        {
          g_autofree char *link_path = g_build_filename (fd_dir_path, fd, NULL);
          g_autofree char *target = g_file_read_link (link_path, NULL);
          guint64 inode;

          if (target == NULL || !g_str_has_prefix (target, "socket:["))
            continue;
          inode = g_ascii_strtoull (target + strlen ("socket:["), NULL, 10);
          for (guint i = 0; i < listeners->len; i++)
            {
              TaListener *listener = g_ptr_array_index (listeners, i);

              if (listener->inode != inode || listener->pid != 0 || inode == 0)
                continue;
              listener->pid = atoi (pid);
              listener->program = read_program (pid);
              missing--;
            }
        }
    }
}

/**
 * ta_netinfo_listeners:
 * @port: the port, or 0 for every port
 * @find_owners: also look for the owning processes (slower)
 *
 * Returns: (transfer full) (element-type TaListener): the listening
 * TCP sockets of this computer (in this network namespace)
 */
GPtrArray *
ta_netinfo_listeners (guint16  port,
                      gboolean owners)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_listener_free);

  read_proc_table ("/proc/net/tcp", port, result);
  read_proc_table ("/proc/net/tcp6", port, result);
  if (owners && result->len > 0)
    find_owners (result);
  return result;
}

/**
 * ta_netinfo_listener_accepts:
 *
 * Whether a connection to @target (an address of this computer) reaches
 * @listener: a wildcard listener of the same family (IPv6 wildcards take
 * IPv4 too, Linux's default), or the very address.
 */
gboolean
ta_netinfo_listener_accepts (TaListener   *listener,
                             GInetAddress *target)
{
  GSocketFamily lf = g_inet_address_get_family (listener->address);
  GSocketFamily tf = g_inet_address_get_family (target);

  if (g_inet_address_get_is_any (listener->address))
    return lf == tf || lf == G_SOCKET_FAMILY_IPV6;
  return g_inet_address_equal (listener->address, target);
}

/**
 * ta_netinfo_format_local:
 *
 * Returns: "192.168.1.20 (eth0)"
 */
char *
ta_netinfo_format_local (const TaLocalAddress *address)
{
  g_autofree char *text = g_inet_address_to_string (address->address);

  return g_strdup_printf ("%s (%s)", text, address->interface);
}
