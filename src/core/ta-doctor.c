/* ta-doctor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection doctor: after a failed connect it looks again at what
 * an ordinary user can observe, without root and without external tools,
 * and says in sentences what happened and what to do next:
 *
 *  1. the name is resolved again, timed, and every address listed;
 *  2. each address (at most MAX_PROBES) gets one short test connect, so
 *     the log says which address refused, which stayed silent and which
 *     had no route;
 *  3. in a thread, /proc/net/tcp{,6} and /proc/PID/fd tell whether this
 *     computer listens on the port, on which address and in which of this
 *     user's programs; getifaddrs gives this computer's networks, to
 *     compare with the target's.
 *
 * The three run at once; the whole diagnosis takes at most about
 * @probe_ms plus the name look-up. Nothing blocks the main loop.
 *
 * Over 700 lines: most of the file is the wording of each case (what the
 * user reads), kept beside the facts it is built from so that a sentence
 * cannot drift from what was measured; the probing itself is the last
 * third.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "ta-address.h"
#include "ta-doctor.h"
#include "ta-netinfo.h"

#define MAX_PROBES 4
#define MAX_LISTENER_FACTS 6

typedef enum {
  PROBE_PENDING,
  PROBE_CONNECTED,
  PROBE_REFUSED,
  PROBE_TIMED_OUT,
  PROBE_UNREACHABLE,
  PROBE_RESET,
  PROBE_OTHER,
} ProbeOutcome;

typedef struct {
  GTask        *task;        /* owned by the probe while it runs */
  GInetAddress *address;
  GCancellable *cancellable;
  guint         timeout_id;
  gint64        started;
  gint64        elapsed_us;
  ProbeOutcome  outcome;
  char         *message;
} Probe;

typedef struct {
  char       *host;
  guint16     port;
  GError     *error;         /* the failure the client met */
  guint       probe_ms;

  gint64      resolve_started;
  gint64      resolve_us;    /* -1: the host was an address */
  GError     *resolve_error;
  GList      *addresses;     /* GInetAddress */

  Probe      *probes[MAX_PROBES];
  guint       n_probes;
  guint       pending;       /* resolve + probes + scan still running */

  GPtrArray  *local_addresses;
  GPtrArray  *listeners;
} Doctor;

static void
probe_free (Probe *probe)
{
  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  g_clear_object (&probe->address);
  g_clear_object (&probe->cancellable);
  g_free (probe->message);
  g_free (probe);
}

static void
doctor_free (Doctor *doctor)
{
  g_free (doctor->host);
  g_clear_error (&doctor->error);
  g_clear_error (&doctor->resolve_error);
  g_list_free_full (doctor->addresses, g_object_unref);
  for (guint i = 0; i < doctor->n_probes; i++)
    probe_free (doctor->probes[i]);
  g_clear_pointer (&doctor->local_addresses, g_ptr_array_unref);
  g_clear_pointer (&doctor->listeners, g_ptr_array_unref);
  g_free (doctor);
}

void
ta_diagnosis_free (TaDiagnosis *diagnosis)
{
  if (diagnosis == NULL)
    return;
  g_free (diagnosis->summary);
  g_clear_pointer (&diagnosis->facts, g_ptr_array_unref);
  g_free (diagnosis->next_step);
  g_free (diagnosis);
}

/**
 * ta_diagnosis_to_text:
 *
 * Returns: the summary, the facts and the next step, one per line
 */
char *
ta_diagnosis_to_text (TaDiagnosis *diagnosis)
{
  GString *out = g_string_new (diagnosis->summary);

  for (guint i = 0; i < diagnosis->facts->len; i++)
    g_string_append_printf (out, "\n%s", (char *) g_ptr_array_index (diagnosis->facts, i));
  if (diagnosis->next_step != NULL)
    g_string_append_printf (out, "\n%s", diagnosis->next_step);
  return g_string_free (out, FALSE);
}

/* Sentences */

static char *
describe_address (GInetAddress *address)
{
  g_autofree char *text = g_inet_address_to_string (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    /* Translators: an address and its kind: "::1 (IPv6)" */
    return g_strdup_printf (_("%s (IPv6)"), text);
  return g_strdup_printf (_("%s (IPv4)"), text);
}

static char *
describe_bound (GInetAddress *address)
{
  g_autofree char *text = g_inet_address_to_string (address);

  if (g_inet_address_get_is_any (address))
    return g_strdup (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
                     ? _("all network interfaces (IPv4 and IPv6)")
                     : _("all IPv4 network interfaces"));
  if (g_inet_address_get_is_loopback (address))
    /* Translators: "127.0.0.1 (this computer only)" */
    return g_strdup_printf (_("%s (this computer only)"), text);
  return g_steal_pointer (&text);
}

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static char *
describe_probe (Probe *probe)
{
  g_autofree char *address = g_inet_address_to_string (probe->address);

  switch (probe->outcome)
    {
    case PROBE_CONNECTED:
      /* Translators: "127.0.0.1: a test connection now succeeds (0.4 ms)." */
      return g_strdup_printf (_("%s: a test connection now succeeds (%.1f ms)."),
                              address, ms (probe->elapsed_us));
    case PROBE_REFUSED:
      return g_strdup_printf (_("%s: refused after %.1f ms (the computer answered that nothing listens on this port)."),
                              address, ms (probe->elapsed_us));
    case PROBE_TIMED_OUT:
      return g_strdup_printf (_("%s: no answer within %.1f s."),
                              address, probe->elapsed_us / 1e6);
    case PROBE_UNREACHABLE:
      return g_strdup_printf (_("%s: unreachable after %.1f ms (no route to this address)."),
                              address, ms (probe->elapsed_us));
    case PROBE_RESET:
      return g_strdup_printf (_("%s: accepted, then reset at once (%.1f ms)."),
                              address, ms (probe->elapsed_us));
    case PROBE_OTHER:
    case PROBE_PENDING:
    default:
      return g_strdup_printf (_("%s: %s (%.1f ms)."), address,
                              probe->message ? probe->message : "?", ms (probe->elapsed_us));
    }
}

static void
add_fact (TaDiagnosis *diagnosis,
          char        *sentence)
{
  g_ptr_array_add (diagnosis->facts, sentence);
}

static void
add_resolution_facts (Doctor      *doctor,
                      TaDiagnosis *diagnosis)
{
  g_autoptr(GString) list = NULL;
  guint n = g_list_length (doctor->addresses);

  if (doctor->resolve_us < 0 || n == 0)
    return;

  list = g_string_new (NULL);
  for (GList *l = doctor->addresses; l != NULL; l = l->next)
    {
      g_autofree char *one = describe_address (l->data);

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, one);
    }
  add_fact (diagnosis,
            /* Translators: "“localhost” gave 1 address in 2.0 ms: 127.0.0.1 (IPv4)." */
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "“%s” gave %u address in %.1f ms: %s.",
                                          "“%s” gave %u addresses in %.1f ms: %s.", n),
                             doctor->host, n, ms (doctor->resolve_us), list->str));
}

static void
add_network_facts (Doctor       *doctor,
                   TaDiagnosis  *diagnosis,
                   GInetAddress *target)
{
  g_autoptr(GString) mine = g_string_new (NULL);
  const TaLocalAddress *same;
  g_autofree char *target_text = g_inet_address_to_string (target);

  for (guint i = 0; i < doctor->local_addresses->len; i++)
    {
      TaLocalAddress *local = g_ptr_array_index (doctor->local_addresses, i);
      g_autofree char *text = NULL;

      if (g_inet_address_get_is_loopback (local->address) || ta_netinfo_is_link_local (local->address))
        continue;
      text = g_inet_address_to_string (local->address);
      if (mine->len > 0)
        g_string_append (mine, ", ");
      g_string_append_printf (mine, "%s/%u (%s)", text, local->prefix, local->interface);
    }

  if (mine->len == 0)
    {
      add_fact (diagnosis, g_strdup (_("This computer has no network address besides its own loopback: "
                                       "it is not connected to any network.")));
      return;
    }
  add_fact (diagnosis, g_strdup_printf (_("This computer’s addresses: %s."), mine->str));

  same = ta_netinfo_same_network (target, doctor->local_addresses);
  if (same != NULL)
    {
      g_autofree char *local_text = ta_netinfo_format_local (same);

      add_fact (diagnosis, g_strdup_printf (_("%s is in the same network as this computer’s address %s, "
                                              "so no router stands between them."),
                                            target_text, local_text));
    }
  else
    add_fact (diagnosis, g_strdup_printf (_("%s is not in any of this computer’s networks: "
                                            "the connection goes through a router, which may block it."),
                                          target_text));
}

static void
add_listener_facts (Doctor      *doctor,
                    TaDiagnosis *diagnosis)
{
  for (guint i = 0; i < doctor->listeners->len && i < MAX_LISTENER_FACTS; i++)
    {
      TaListener *listener = g_ptr_array_index (doctor->listeners, i);
      g_autofree char *bound = describe_bound (listener->address);

      if (listener->pid == getpid ())
        add_fact (diagnosis, g_strdup_printf (_("This app listens on port %u on %s."),
                                              listener->port, bound));
      else if (listener->program != NULL)
        /* Translators: "Port 7788 on this computer is open on all IPv4 network interfaces by python3 (process 1234)." */
        add_fact (diagnosis, g_strdup_printf (_("Port %u on this computer is open on %s by %s (process %d)."),
                                              listener->port, bound, listener->program, listener->pid));
      else
        add_fact (diagnosis, g_strdup_printf (_("Port %u on this computer is open on %s by a program of "
                                                "another user or of the system."),
                                              listener->port, bound));
    }
}

static gboolean
any_listener_accepts (Doctor       *doctor,
                      GInetAddress *target)
{
  for (guint i = 0; i < doctor->listeners->len; i++)
    if (ta_netinfo_listener_accepts (g_ptr_array_index (doctor->listeners, i), target))
      return TRUE;
  return FALSE;
}

static gboolean
our_server_is_loopback_only (Doctor *doctor)
{
  gboolean ours = FALSE;

  for (guint i = 0; i < doctor->listeners->len; i++)
    {
      TaListener *listener = g_ptr_array_index (doctor->listeners, i);

      if (listener->pid != getpid ())
        continue;
      if (!g_inet_address_get_is_loopback (listener->address))
        return FALSE;
      ours = TRUE;
    }
  return ours;
}

/* An address the listeners do accept, to suggest instead. */
static char *
suggest_address (Doctor *doctor)
{
  for (guint i = 0; i < doctor->listeners->len; i++)
    {
      TaListener *listener = g_ptr_array_index (doctor->listeners, i);

      if (g_inet_address_get_is_any (listener->address))
        return g_strdup (g_inet_address_get_family (listener->address) == G_SOCKET_FAMILY_IPV6
                         ? "::1" : "127.0.0.1");
      return g_inet_address_to_string (listener->address);
    }
  return NULL;
}

static gboolean
error_is (const GError *error,
          int           code)
{
  return error != NULL && g_error_matches (error, G_IO_ERROR, code);
}

static gboolean
any_probe (Doctor       *doctor,
           ProbeOutcome  outcome)
{
  for (guint i = 0; i < doctor->n_probes; i++)
    if (doctor->probes[i]->outcome == outcome)
      return TRUE;
  return FALSE;
}

static gboolean
all_probes (Doctor       *doctor,
            ProbeOutcome  outcome)
{
  for (guint i = 0; i < doctor->n_probes; i++)
    if (doctor->probes[i]->outcome != outcome)
      return FALSE;
  return doctor->n_probes > 0;
}

static TaDiagnosis *
analyse (Doctor *doctor)
{
  TaDiagnosis *d = g_new0 (TaDiagnosis, 1);
  g_autofree char *target = ta_format_host_port (doctor->host, doctor->port);
  GInetAddress *first = doctor->addresses ? doctor->addresses->data : NULL;
  GInetAddress *local_target = NULL;
  guint port = doctor->port;

  d->facts = g_ptr_array_new_with_free_func (g_free);

  /* 1. The name */
  if (doctor->addresses == NULL)
    {
      d->cause = TA_DOCTOR_NAME_NOT_FOUND;
      d->summary = g_strdup_printf (_("The name “%s” could not be turned into an address: "
                                      "no such computer is known to the name service."), doctor->host);
      if (doctor->resolve_error != NULL)
        add_fact (d, g_strdup_printf (_("Looking up “%s” took %.1f ms and failed: %s"),
                                      doctor->host, ms (doctor->resolve_us),
                                      doctor->resolve_error->message));
      if (g_str_has_suffix (doctor->host, ".invalid"))
        add_fact (d, g_strdup (_("Names ending in “.invalid” are reserved: they never exist.")));
      d->next_step = g_strdup (_("Check the spelling of the name, or type the server’s IP address instead "
                                 "(once started, the Server page of TCP Assistant shows the address to use)."));
      return d;
    }
  add_resolution_facts (doctor, d);

  for (guint i = 0; i < doctor->n_probes; i++)
    add_fact (d, describe_probe (doctor->probes[i]));

  for (GList *l = doctor->addresses; l != NULL; l = l->next)
    if (ta_netinfo_is_local (l->data, doctor->local_addresses))
      {
        local_target = l->data;
        break;
      }

  /* 2. A test connection works now */
  if (any_probe (doctor, PROBE_CONNECTED))
    {
      d->cause = TA_DOCTOR_WORKS_NOW;
      d->summary = g_strdup_printf (_("%s can be reached now: the server was probably started "
                                      "or unblocked since the failed attempt."), target);
      if (local_target != NULL)
        add_listener_facts (doctor, d);
      d->next_step = g_strdup (_("Press Connect again."));
      return d;
    }

  /* 3. The target is this computer: /proc tells who listens where */
  if (local_target != NULL)
    {
      g_autofree char *where = g_inet_address_to_string (local_target);

      add_listener_facts (doctor, d);
      if (doctor->listeners->len == 0)
        {
          d->cause = TA_DOCTOR_REFUSED;
          d->summary = g_strdup_printf (_("%s is this computer, and nothing on it listens on port %u."),
                                        where, port);
          d->next_step = g_strdup_printf (_("Start the server first (on the Server page: type port %u and press "
                                            "“Start Server”), or check the port number the server shows."), port);
        }
      else if (!any_listener_accepts (doctor, local_target))
        {
          g_autofree char *other = suggest_address (doctor);

          d->cause = TA_DOCTOR_WRONG_ADDRESS;
          d->summary = g_strdup_printf (_("A program on this computer listens on port %u, "
                                          "but not on the address %s that was used."), port, where);
          if (g_inet_address_get_family (local_target) == G_SOCKET_FAMILY_IPV6 && other != NULL &&
              !strchr (other, ':'))
            add_fact (d, g_strdup_printf (_("%s is an IPv6 address; the server listens only on IPv4."), where));
          if (our_server_is_loopback_only (doctor))
            d->next_step = g_strdup_printf (_("Connect to %s, or on the Server page choose “All network "
                                              "interfaces” instead of “This computer only” and start "
                                              "the server again."), other);
          else
            d->next_step = g_strdup_printf (_("Connect to %s instead, or make the server listen on all "
                                              "network interfaces."), other);
        }
      else if (error_is (doctor->error, G_IO_ERROR_TIMED_OUT) || any_probe (doctor, PROBE_TIMED_OUT))
        {
          d->cause = TA_DOCTOR_NOT_ACCEPTING;
          d->summary = g_strdup_printf (_("A program on this computer listens on port %u but does not "
                                          "accept connections: it is busy or stuck, or its queue of "
                                          "waiting connections is full."), port);
          d->next_step = g_strdup (_("Look at the server program: restart it, or close some of its "
                                     "connections, then connect again."));
        }
      else if (any_probe (doctor, PROBE_RESET) || error_is (doctor->error, G_IO_ERROR_CONNECTION_CLOSED))
        {
          d->cause = TA_DOCTOR_RESET;
          d->summary = g_strdup_printf (_("The server on this computer accepted the connection to port %u "
                                          "and closed it at once."), port);
          d->next_step = g_strdup (_("The server may be full (a limit on clients) or expect something "
                                     "else first, such as an encrypted (TLS) connection: check its settings."));
        }
      else
        {
          d->cause = TA_DOCTOR_REFUSED;
          d->summary = g_strdup_printf (_("Connecting to port %u on this computer was refused."), port);
          d->next_step = g_strdup (_("Check the port number the server shows, then connect again."));
        }
      return d;
    }

  /* 4. Another computer */
  if (any_probe (doctor, PROBE_REFUSED) ||
      (doctor->n_probes == 0 && error_is (doctor->error, G_IO_ERROR_CONNECTION_REFUSED)))
    {
      d->cause = TA_DOCTOR_REFUSED;
      d->summary = g_strdup_printf (_("The computer at %s answered, but nothing listens on port %u there."),
                                    doctor->host, port);
      d->next_step = g_strdup_printf (_("On that computer, start the server on port %u and make it listen "
                                        "on all network interfaces (not only on “this computer”); check "
                                        "the port number."), port);
    }
  else if (any_probe (doctor, PROBE_UNREACHABLE) ||
           error_is (doctor->error, G_IO_ERROR_HOST_UNREACHABLE) ||
           error_is (doctor->error, G_IO_ERROR_NETWORK_UNREACHABLE))
    {
      d->cause = TA_DOCTOR_UNREACHABLE;
      d->summary = g_strdup_printf (_("There is no way from this computer to %s: the network says it cannot "
                                      "be reached."), doctor->host);
      if (first != NULL)
        add_network_facts (doctor, d, first);
      d->next_step = g_strdup (_("Check the cable or Wi-Fi, and that the address is right: both computers "
                                 "usually have addresses that start the same way, such as 192.168.1."));
    }
  else if (any_probe (doctor, PROBE_RESET) || error_is (doctor->error, G_IO_ERROR_CONNECTION_CLOSED))
    {
      d->cause = TA_DOCTOR_RESET;
      d->summary = g_strdup_printf (_("The server at %s accepted the connection and closed it at once."), target);
      d->next_step = g_strdup (_("The server may be full (a limit on clients), accept only some addresses, "
                                 "or expect an encrypted (TLS) connection: check its settings."));
    }
  else if (all_probes (doctor, PROBE_TIMED_OUT) || error_is (doctor->error, G_IO_ERROR_TIMED_OUT))
    {
      d->cause = TA_DOCTOR_TIMED_OUT;
      d->summary = g_strdup_printf (_("%s never answered: a firewall may drop the connection, or the computer "
                                      "is switched off or on another network."), target);
      if (first != NULL)
        add_network_facts (doctor, d, first);
      d->next_step = g_strdup_printf (_("On the other computer, allow incoming connections to port %u in its "
                                        "firewall (Windows: Windows Defender Firewall, “Allow an app”; Linux: "
                                        "for example “ufw allow %u/tcp”), check its address, and run “Test "
                                        "this computer” there."), port, port);
    }
  else
    {
      d->cause = TA_DOCTOR_UNKNOWN;
      d->summary = g_strdup_printf (_("Connecting to %s failed: %s"), target,
                                    doctor->error ? doctor->error->message : "?");
      d->next_step = g_strdup (_("Check the address and the port, and run “Test this computer” from the "
                                 "main menu."));
    }
  return d;
}

/* Running */

static void
maybe_finish (GTask *task)
{
  Doctor *doctor = g_task_get_task_data (task);

  if (--doctor->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, analyse (doctor), (GDestroyNotify) ta_diagnosis_free);
}

static ProbeOutcome
classify (const GError *error)
{
  if (error_is (error, G_IO_ERROR_CONNECTION_REFUSED))
    return PROBE_REFUSED;
  if (error_is (error, G_IO_ERROR_TIMED_OUT) || error_is (error, G_IO_ERROR_CANCELLED))
    return PROBE_TIMED_OUT;
  if (error_is (error, G_IO_ERROR_HOST_UNREACHABLE) || error_is (error, G_IO_ERROR_NETWORK_UNREACHABLE))
    return PROBE_UNREACHABLE;
  if (error_is (error, G_IO_ERROR_CONNECTION_CLOSED) || error_is (error, G_IO_ERROR_BROKEN_PIPE))
    return PROBE_RESET;
  return PROBE_OTHER;
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&probe->task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  probe->elapsed_us = g_get_monotonic_time () - probe->started;
  g_clear_handle_id (&probe->timeout_id, g_source_remove);
  if (connection != NULL)
    {
      probe->outcome = PROBE_CONNECTED;
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  else
    {
      probe->outcome = classify (error);
      probe->message = g_strdup (error->message);
    }
  maybe_finish (task);
}

static gboolean
probe_timeout_cb (gpointer user_data)
{
  Probe *probe = user_data;

  probe->timeout_id = 0;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
start_probes (GTask *task)
{
  Doctor *doctor = g_task_get_task_data (task);

  for (GList *l = doctor->addresses; l != NULL && doctor->n_probes < MAX_PROBES; l = l->next)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (l->data, doctor->port);
      Probe *probe = g_new0 (Probe, 1);

      probe->address = g_object_ref (l->data);
      probe->cancellable = g_cancellable_new ();
      probe->task = g_object_ref (task);
      probe->started = g_get_monotonic_time ();
      probe->timeout_id = g_timeout_add (doctor->probe_ms, probe_timeout_cb, probe);
      doctor->probes[doctor->n_probes++] = probe;
      doctor->pending++;

      g_socket_client_set_enable_proxy (client, FALSE);
      g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), probe->cancellable,
                                     probe_cb, probe);
    }
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Doctor *doctor = g_task_get_task_data (task);

  doctor->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &doctor->resolve_error);
  doctor->resolve_us = g_get_monotonic_time () - doctor->resolve_started;
  start_probes (task);
  maybe_finish (task);
}

typedef struct {
  guint16    port;
  GPtrArray *local_addresses;
  GPtrArray *listeners;
} Scan;

static void
scan_free (Scan *scan)
{
  g_clear_pointer (&scan->local_addresses, g_ptr_array_unref);
  g_clear_pointer (&scan->listeners, g_ptr_array_unref);
  g_free (scan);
}

static void
scan_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = task_data;

  scan->local_addresses = ta_netinfo_local_addresses ();
  scan->listeners = ta_netinfo_listeners (scan->port, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Doctor *doctor = g_task_get_task_data (task);
  Scan *scan = g_task_get_task_data (G_TASK (result));

  doctor->local_addresses = g_steal_pointer (&scan->local_addresses);
  doctor->listeners = g_steal_pointer (&scan->listeners);
  maybe_finish (task);
}

/**
 * ta_doctor_diagnose_async:
 * @host: the host name or address the client tried
 * @error: (nullable): the failure it met
 * @probe_ms: how long each test connection may take (0: the default)
 *
 * Looks into why connecting to @host port @port failed. Completes within
 * about @probe_ms plus the time a name look-up takes.
 */
void
ta_doctor_diagnose_async (const char          *host,
                          guint16              port,
                          const GError        *error,
                          guint                probe_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) scan_task = NULL;
  g_autoptr(GInetAddress) literal = NULL;
  Doctor *doctor;
  Scan *scan;

  g_return_if_fail (host != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_doctor_diagnose_async);
  doctor = g_new0 (Doctor, 1);
  doctor->host = g_strdup (host);
  doctor->port = port;
  doctor->error = error ? g_error_copy (error) : NULL;
  doctor->probe_ms = probe_ms > 0 ? probe_ms : TA_DOCTOR_DEFAULT_PROBE_MS;
  g_task_set_task_data (task, doctor, (GDestroyNotify) doctor_free);

  /* Held until all three parts are done. */
  doctor->pending = 2;

  scan = g_new0 (Scan, 1);
  scan->port = port;
  scan_task = g_task_new (NULL, NULL, scan_cb, g_object_ref (task));
  g_task_set_task_data (scan_task, scan, (GDestroyNotify) scan_free);
  g_task_run_in_thread (scan_task, scan_thread);

  literal = g_inet_address_new_from_string (host);
  if (literal != NULL)
    {
      doctor->resolve_us = -1;
      doctor->addresses = g_list_append (NULL, g_steal_pointer (&literal));
      start_probes (task);
      maybe_finish (task);
    }
  else
    {
      g_autoptr(GResolver) resolver = g_resolver_get_default ();

      doctor->resolve_started = g_get_monotonic_time ();
      g_resolver_lookup_by_name_async (resolver, host, NULL, resolve_cb, g_object_ref (task));
    }
}

/**
 * ta_doctor_diagnose_finish:
 *
 * Returns: (transfer full): the diagnosis, or NULL when cancelled
 */
TaDiagnosis *
ta_doctor_diagnose_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
