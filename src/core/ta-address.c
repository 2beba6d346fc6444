/* ta-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-address.h"

/**
 * ta_parse_port:
 *
 * Accepts 1–65535, with spaces around it. On failure @error holds a
 * sentence for the user.
 */
gboolean
ta_parse_port (const char  *text,
               guint16     *port,
               GError     **error)
{
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));
  guint64 value;

  if (*s == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Type a port number from 1 to 65535, for example 7788."));
      return FALSE;
    }

  if (!g_ascii_string_to_unsigned (s, 10, 0, G_MAXUINT64, &value, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a port number. A port is a whole number from 1 to 65535, "
                     "for example 7788."), s);
      return FALSE;
    }

  if (value == 0 || value > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Port %s is out of range: use a number from 1 to 65535."), s);
      return FALSE;
    }

  *port = (guint16) value;
  return TRUE;
}

static gboolean
host_chars_ok (const char *h)
{
  for (; *h; h++)
    if (!(g_ascii_isalnum (*h) || *h == '-' || *h == '.' || *h == '_' ||
          *h == ':' || *h == '%' || (guchar) *h >= 0x80))
      return FALSE;
  return TRUE;
}

/**
 * ta_parse_host:
 * @host: (out): the host name or address, IPv6 without brackets
 * @port: (out): set if @text carries a port ("host:7788", "[::1]:7788"), else 0
 *
 * Returns: %FALSE with a sentence for the user in @error
 */
gboolean
ta_parse_host (const char  *text,
               char       **host,
               guint16     *port,
               GError     **error)
{
  g_autofree char *s = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *h = NULL;
  const char *colon;

  *port = 0;

  if (*s == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Type the address of the server, for example 192.168.1.10 or example.com."));
      return FALSE;
    }

  if (s[0] == '[')
    {
      const char *close = strchr (s, ']');

      if (close == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The address starts with “[” but has no closing “]”. "
                                 "Write IPv6 addresses as [::1] or without brackets."));
          return FALSE;
        }
      h = g_strndup (s + 1, close - s - 1);
      if (close[1] == ':')
        {
          if (!ta_parse_port (close + 2, port, error))
            return FALSE;
        }
      else if (close[1] != '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Only a port may follow the brackets, as in [::1]:7788."));
          return FALSE;
        }
      if (!g_hostname_is_ip_address (h) || strchr (h, ':') == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an IPv6 address."), h);
          return FALSE;
        }
    }
  else if ((colon = strchr (s, ':')) != NULL && strchr (colon + 1, ':') == NULL)
    {
      /* One colon: host:port. More than one: an IPv6 address. */
      h = g_strndup (s, colon - s);
      if (!ta_parse_port (colon + 1, port, error))
        return FALSE;
    }
  else
    h = g_strdup (s);

  if (*h == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Type the address of the server before the port."));
      return FALSE;
    }

  if (strchr (h, ' ') != NULL || strchr (h, '\t') != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An address cannot contain spaces."));
      return FALSE;
    }

  if (strlen (h) > 253)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("That host name is too long: a host name has at most 253 characters."));
      return FALSE;
    }

  if (!host_chars_ok (h) ||
      (strchr (h, ':') != NULL && !g_hostname_is_ip_address (h)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid host name or IP address."), h);
      return FALSE;
    }

  *host = g_steal_pointer (&h);
  return TRUE;
}

/**
 * ta_format_host_port:
 *
 * Returns: (transfer full): "host:port", or "[v6]:port"
 */
char *
ta_format_host_port (const char *host,
                     guint16     port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);
  return g_strdup_printf ("%s:%u", host, port);
}

/**
 * ta_describe_connect_error:
 *
 * Returns: (transfer full): a sentence saying what happened and what to check
 */
char *
ta_describe_connect_error (const GError *error,
                           const char   *host,
                           guint16       port,
                           guint         timeout_s)
{
  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf (_("The host name “%s” could not be found. Check the spelling, "
                              "or type the IP address instead."), host);

  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_CONNECTION_REFUSED:
        return g_strdup_printf (_("Connection refused: nothing is listening on %s port %u. "
                                  "Check that the server is started and the port is right."),
                                host, port);
      case G_IO_ERROR_TIMED_OUT:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "No answer from %s port %u within %u second. Check the address, "
                                             "that the other computer is on the network, and that no firewall blocks the port.",
                                             "No answer from %s port %u within %u seconds. Check the address, "
                                             "that the other computer is on the network, and that no firewall blocks the port.",
                                             timeout_s),
                                host, port, timeout_s);
      case G_IO_ERROR_HOST_UNREACHABLE:
      case G_IO_ERROR_NETWORK_UNREACHABLE:
        return g_strdup_printf (_("%s cannot be reached from this computer. Check the network "
                                  "connection (cable or Wi-Fi) and the address."), host);
      case G_IO_ERROR_PERMISSION_DENIED:
        return g_strdup_printf (_("This computer does not allow connecting to %s port %u "
                                  "(permission denied). A firewall may block it."), host, port);
      case G_IO_ERROR_CANCELLED:
        return g_strdup (_("Connecting was cancelled."));
      case G_IO_ERROR_NOT_FOUND:
        return g_strdup_printf (_("The host name “%s” could not be found. Check the spelling, "
                                  "or type the IP address instead."), host);
      default:
        break;
      }

  return g_strdup_printf (_("Could not connect to %s port %u: %s"), host, port, error->message);
}
