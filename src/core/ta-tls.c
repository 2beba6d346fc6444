/* ta-tls.c: certificates for people
 *
 * What a user needs to decide whether to trust a certificate: who it names,
 * who signed it, when it is valid, its SHA-256 fingerprint (the thing to
 * compare with the other side, as with SSH host keys), and in plain words
 * why the system did not trust it. Also the server's certificate: the
 * user's own files (PEM certificate + key, or PKCS#12), or one generated
 * with GnuTLS — the library glib-networking itself uses — for this
 * machine's names and addresses, kept in the user's data folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ta-tls.h"

/**
 * ta_tls_is_available:
 *
 * Returns: %FALSE, with a sentence saying what to install, when GLib has
 *   no TLS backend (glib-networking is missing)
 */
gboolean
ta_tls_is_available (GError **error)
{
  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    return TRUE;
  g_set_error_literal (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE,
                       _("TLS is not available: the glib-networking package is not installed."));
  return FALSE;
}

static char *
format_fingerprint (const guint8 *digest,
                    gsize         len)
{
  GString *s = g_string_sized_new (len * 3);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (s, FALSE);
}

/**
 * ta_tls_certificate_get_fingerprint:
 *
 * Returns: (transfer full): the SHA-256 of the certificate's DER bytes as
 *   "AB:CD:…" (what `openssl x509 -fingerprint -sha256` prints)
 */
char *
ta_tls_certificate_get_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der != NULL)
    g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &len);
  return format_fingerprint (digest, len);
}

/**
 * ta_tls_fingerprint_parse:
 * @text: a SHA-256 fingerprint as people paste it: with or without colons
 *   or spaces, any case, optionally after "SHA256:" or openssl's
 *   "sha256 Fingerprint="
 *
 * Returns: (transfer full): the fingerprint as "AB:CD:…", or %NULL with a
 *   sentence in @error
 */
char *
ta_tls_fingerprint_parse (const char  *text,
                          GError     **error)
{
  guint8 digest[32];
  gsize n = 0;
  int high = -1;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  p = strchr (text, '=');
  if (p != NULL)
    text = p + 1;
  while (g_ascii_isspace (*text))
    text++;
  if (g_ascii_strncasecmp (text, "SHA256:", 7) == 0 ||
      g_ascii_strncasecmp (text, "SHA-256:", 8) == 0)
    text = strchr (text, ':') + 1;

  for (p = text; *p != '\0'; p++)
    {
      int v;

      if (*p == ':' || g_ascii_isspace (*p))
        continue;
      v = g_ascii_xdigit_value (*p);
      if (v < 0 || n == sizeof digest)
        {
          n = sizeof digest + 1;
          break;
        }
      if (high < 0)
        high = v;
      else
        {
          digest[n++] = (guint8) (high << 4 | v);
          high = -1;
        }
    }

  if (n != sizeof digest || high >= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A SHA-256 fingerprint is 64 hexadecimal digits (0–9, A–F), "
                             "usually written in pairs separated by colons."));
      return NULL;
    }
  return format_fingerprint (digest, n);
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return g_strdup (_("unknown"));
  local = g_date_time_to_local (date);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
certificate_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) dns = g_tls_certificate_get_dns_names (certificate);
  g_autoptr(GPtrArray) ips = g_tls_certificate_get_ip_addresses (certificate);
  GString *s = g_string_new (NULL);

  for (guint i = 0; dns != NULL && i < dns->len; i++)
    {
      gsize len;
      const char *name = g_bytes_get_data (dns->pdata[i], &len);

      if (s->len > 0)
        g_string_append (s, ", ");
      /* Names come from the peer: keep them printable. */
      for (gsize j = 0; j < len && j < 255; j++)
        g_string_append_c (s, g_ascii_isprint (name[j]) ? name[j] : '?');
    }
  for (guint i = 0; ips != NULL && i < ips->len; i++)
    {
      g_autofree char *ip = g_inet_address_to_string (ips->pdata[i]);

      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, ip);
    }
  return g_string_free (s, FALSE);
}

/**
 * ta_tls_certificate_describe_one:
 *
 * Returns: (transfer full): subject, issuer, validity, names and
 *   fingerprint of this certificate only, one per line
 */
char *
ta_tls_certificate_describe_one (GTlsCertificate *certificate)
{
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);
  g_autoptr(GDateTime) from = g_tls_certificate_get_not_valid_before (certificate);
  g_autoptr(GDateTime) until = g_tls_certificate_get_not_valid_after (certificate);
  g_autofree char *from_s = format_date (from);
  g_autofree char *until_s = format_date (until);
  g_autofree char *names = certificate_names (certificate);
  g_autofree char *fingerprint = ta_tls_certificate_get_fingerprint (certificate);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("Subject: %s\n"), subject ? subject : _("unknown"));
  g_string_append_printf (s, _("Issuer: %s\n"), issuer ? issuer : _("unknown"));
  g_string_append_printf (s, _("Valid from: %s\n"), from_s);
  g_string_append_printf (s, _("Valid until: %s\n"), until_s);
  if (names[0] != '\0')
    g_string_append_printf (s, _("Names: %s\n"), names);
  g_string_append_printf (s, _("SHA-256 fingerprint: %s"), fingerprint);
  return g_string_free (s, FALSE);
}

/**
 * ta_tls_certificate_describe:
 *
 * Returns: (transfer full): the certificate and, below it, each certificate
 *   of the chain it came with
 */
char *
ta_tls_certificate_describe (GTlsCertificate *certificate)
{
  GString *s = g_string_new (NULL);
  guint depth = 0;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  /* A chain is short; the bound guards against a loop a peer could send. */
  for (GTlsCertificate *c = certificate; c != NULL && depth < 10; c = g_tls_certificate_get_issuer (c), depth++)
    {
      g_autofree char *one = ta_tls_certificate_describe_one (c);

      if (depth > 0)
        g_string_append_printf (s, _("\n\nSigned by (certificate %u of the chain):\n"), depth + 1);
      g_string_append (s, one);
    }
  return g_string_free (s, FALSE);
}

/**
 * ta_tls_explain_flags:
 * @host: (nullable): the name the user connected to
 *
 * Returns: (transfer full): one sentence per problem
 */
char *
ta_tls_explain_flags (GTlsCertificateFlags  flags,
                      const char           *host)
{
  GString *s = g_string_new (NULL);

#define LINE(text) G_STMT_START { if (s->len > 0) g_string_append_c (s, ' '); g_string_append (s, text); } G_STMT_END
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    LINE (_("The certificate is not signed by an authority this computer knows: it may be "
            "self-signed, and anyone could have made it. Compare its fingerprint with the owner "
            "of the server before trusting it."));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    {
      g_autofree char *line =
        g_strdup_printf (_("The certificate is not made out for “%s”: it belongs to another "
                           "name, or someone is in the middle."), host ? host : "");
      LINE (line);
    }
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    LINE (_("The certificate is not valid yet; check this computer's date and time."));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    LINE (_("The certificate has expired."));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    LINE (_("The certificate was revoked by the authority that issued it: do not trust it."));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    LINE (_("The certificate uses an algorithm that is no longer considered secure."));
  if (flags & G_TLS_CERTIFICATE_GENERIC_ERROR || s->len == 0)
    LINE (_("The certificate could not be checked."));
#undef LINE

  return g_string_free (s, FALSE);
}

/**
 * ta_tls_explain_handshake_error:
 * @server_side: %TRUE when we are the server and the peer is a client
 *
 * Returns: (transfer full): why the TLS handshake failed, for the log
 */
char *
ta_tls_explain_handshake_error (const GError *error,
                                gboolean      server_side)
{
  const char *m = error->message ? error->message : "";

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) ||
      strstr (m, "unexpected TLS packet") != NULL ||
      strstr (m, "unsupported version") != NULL)
    return g_strdup (server_side
                     ? _("The client spoke plain TCP (or another protocol) to this TLS port.")
                     : _("The server does not speak TLS on this port: it answered in plain TCP or another protocol."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (server_side
                     ? _("The client did not complete the TLS handshake in time.")
                     : _("The server did not complete the TLS handshake in time."));

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    return g_strdup (server_side
                     ? _("The client closed the connection during the TLS handshake (it may not trust our certificate).")
                     : _("The server closed the connection during the TLS handshake (it may require a client certificate or a TLS version we do not offer)."));

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
    return g_strdup (_("The server asks for a client certificate, which TCP Assistant does not send."));

  return g_strdup_printf (_("The TLS handshake failed: %s"), m);
}

static const char *
protocol_name (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0: return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0: return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1: return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2: return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3: return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default: return NULL;
    }
}

/**
 * ta_tls_connection_describe:
 *
 * Returns: (transfer full): "TLS 1.3, TLS_AES_256_GCM_SHA384" after a
 *   handshake
 */
char *
ta_tls_connection_describe (GTlsConnection *connection)
{
  const char *protocol = protocol_name (g_tls_connection_get_protocol_version (connection));
  g_autofree char *cipher = g_tls_connection_get_ciphersuite_name (connection);

  return g_strdup_printf (_("%s, cipher %s"),
                          protocol ? protocol : _("unknown TLS version"),
                          cipher ? cipher : _("unknown"));
}

static gboolean
looks_like_pkcs12 (const char *path)
{
  return g_str_has_suffix (path, ".p12") || g_str_has_suffix (path, ".pfx") ||
         g_str_has_suffix (path, ".P12") || g_str_has_suffix (path, ".PFX");
}

/**
 * ta_tls_certificate_load:
 * @cert_path: a PEM file with the certificate (and maybe its key and
 *   chain), or a PKCS#12 file (.p12, .pfx)
 * @key_path: (nullable): a PEM file with the private key, if not in
 *   @cert_path
 * @password: (nullable): for PKCS#12
 *
 * Returns: (transfer full): a certificate with its private key, ready for
 *   a server, or %NULL with a sentence naming the file in @error
 */
GTlsCertificate *
ta_tls_certificate_load (const char  *cert_path,
                         const char  *key_path,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *name = g_filename_display_basename (cert_path);
  gboolean has_key = FALSE;

  if (!ta_tls_is_available (error))
    return NULL;

  if (looks_like_pkcs12 (cert_path))
    certificate = g_tls_certificate_new_from_file_with_password (cert_path, password ? password : "", &local);
  else if (key_path != NULL && key_path[0] != '\0')
    certificate = g_tls_certificate_new_from_files (cert_path, key_path, &local);
  else
    certificate = g_tls_certificate_new_from_file (cert_path, &local);

  if (certificate == NULL)
    {
      if (g_error_matches (local, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE_PASSWORD))
        g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE_PASSWORD,
                     _("“%s” needs a password, or the password is wrong."), name);
      else if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The certificate file or its key file does not exist (%s)."), local->message);
      else
        g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                     _("“%s” and its key could not be used as a server certificate: %s"),
                     name, local->message);
      return NULL;
    }

  /* A certificate without its private key cannot serve. */
  {
    g_autofree char *pem_key = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(GByteArray) key = NULL;

    g_object_get (certificate, "private-key", &key, "private-key-pem", &pem_key,
                  "private-key-pkcs11-uri", &uri, NULL);
    has_key = key != NULL || pem_key != NULL || uri != NULL;
  }
  if (!has_key)
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                   _("“%s” has no private key: choose the key file too."), name);
      return NULL;
    }
  return g_steal_pointer (&certificate);
}

/**
 * ta_tls_local_names:
 *
 * Returns: (transfer full): this machine's host name, "localhost", and
 *   every address of its network interfaces: the names a client may
 *   type to reach it
 */
char **
ta_tls_local_names (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *host = g_get_host_name ();
  struct ifaddrs *list = NULL;

#define ADD(name) G_STMT_START { \
    if (!g_hash_table_contains (seen, name)) \
      { \
        g_hash_table_add (seen, g_strdup (name)); \
        g_strv_builder_add (builder, name); \
      } } G_STMT_END

  if (host != NULL && host[0] != '\0' && !g_hostname_is_ip_address (host))
    ADD (host);
  ADD ("localhost");
  ADD ("127.0.0.1");
  ADD ("::1");
  if (getifaddrs (&list) == 0)
    {
      for (struct ifaddrs *i = list; i != NULL; i = i->ifa_next)
        {
          g_autoptr(GInetAddress) address = NULL;
          g_autofree char *text = NULL;

          if (i->ifa_addr == NULL || !(i->ifa_flags & IFF_UP))
            continue;
          if (i->ifa_addr->sa_family == AF_INET)
            address = g_inet_address_new_from_bytes ((guint8 *) &((struct sockaddr_in *) i->ifa_addr)->sin_addr,
                                                     G_SOCKET_FAMILY_IPV4);
          else if (i->ifa_addr->sa_family == AF_INET6)
            address = g_inet_address_new_from_bytes ((guint8 *) &((struct sockaddr_in6 *) i->ifa_addr)->sin6_addr,
                                                     G_SOCKET_FAMILY_IPV6);
          /* Link-local addresses need a scope a certificate cannot name. */
          if (address == NULL || g_inet_address_get_is_link_local (address))
            continue;
          text = g_inet_address_to_string (address);
          ADD (text);
        }
      freeifaddrs (list);
    }
#undef ADD

  return g_strv_builder_end (builder);
}

static gboolean
gnutls_failed (int          ret,
               const char  *what,
               GError     **error)
{
  if (ret >= 0)
    return FALSE;
  g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_MISC,
               _("Could not make a certificate (%s: %s)."), what, gnutls_strerror (ret));
  return TRUE;
}

static gboolean
write_private_file (const char  *path,
                    const void  *data,
                    gsize        len,
                    int          mode,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, mode, error);
}

/**
 * ta_tls_generate_self_signed:
 * @names: host names and IP addresses to put in the certificate; the
 *   first is also its common name
 *
 * Makes an ECDSA P-256 key and a self-signed server certificate valid for
 * ten years, and writes them as PEM (the key readable by the user only).
 */
gboolean
ta_tls_generate_self_signed (const char         *cert_path,
                             const char         *key_path,
                             const char * const *names,
                             GError            **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t cert_pem = { NULL, 0 }, key_pem = { NULL, 0 };
  guint8 serial[16];
  time_t now = time (NULL);
  gboolean ok = FALSE;
  int ret;

  g_return_val_if_fail (names != NULL && names[0] != NULL, FALSE);

  for (gsize i = 0; i < sizeof serial; i++)
    serial[i] = (guint8) g_random_int_range (0, 256);
  serial[0] = (serial[0] & 0x7f) | 0x01;  /* positive, and no leading zero */

  if (gnutls_failed (gnutls_x509_privkey_init (&key), "key", error) ||
      gnutls_failed (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                   GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
                     "key", error) ||
      gnutls_failed (gnutls_x509_crt_init (&crt), "certificate", error) ||
      gnutls_failed (gnutls_x509_crt_set_version (crt, 3), "version", error) ||
      gnutls_failed (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error) ||
      gnutls_failed (gnutls_x509_crt_set_activation_time (crt, now - 24 * 3600), "validity", error) ||
      gnutls_failed (gnutls_x509_crt_set_expiration_time (crt, now + (time_t) 3650 * 24 * 3600), "validity", error) ||
      gnutls_failed (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                    names[0], strlen (names[0])), "name", error) ||
      gnutls_failed (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                                    "TCP Assistant", strlen ("TCP Assistant")), "name", error) ||
      gnutls_failed (gnutls_x509_crt_set_key (crt, key), "key", error) ||
      gnutls_failed (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "constraints", error) ||
      gnutls_failed (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "usage", error) ||
      gnutls_failed (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0), "usage", error))
    goto out;

  for (gsize i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (names[i]);

      if (address != NULL)
        ret = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                    g_inet_address_to_bytes (address),
                                                    g_inet_address_get_native_size (address),
                                                    GNUTLS_FSAN_APPEND);
      else
        ret = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, names[i],
                                                    strlen (names[i]), GNUTLS_FSAN_APPEND);
      if (gnutls_failed (ret, "names", error))
        goto out;
    }

  if (gnutls_failed (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "signature", error) ||
      gnutls_failed (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &cert_pem), "export", error) ||
      /* PKCS#8 ("BEGIN PRIVATE KEY"): what GLib's PEM parser reads for any key type. */
      gnutls_failed (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                        GNUTLS_PKCS_PLAIN, &key_pem), "export", error))
    goto out;

  ok = write_private_file (key_path, key_pem.data, key_pem.size, 0600, error) &&
       write_private_file (cert_path, cert_pem.data, cert_pem.size, 0644, error);

out:
  if (key_pem.data != NULL)
    {
      gnutls_memset (key_pem.data, 0, key_pem.size);
      gnutls_free (key_pem.data);
    }
  gnutls_free (cert_pem.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

/**
 * ta_tls_default_directory:
 *
 * Returns: (transfer full): where the generated certificate and the
 *   trusted certificates are kept: ~/.local/share/tcp-assistant/tls
 */
char *
ta_tls_default_directory (void)
{
  return g_build_filename (g_get_user_data_dir (), "tcp-assistant", "tls", NULL);
}

/**
 * ta_tls_get_generated_certificate:
 * @directory: (nullable): where to keep it; %NULL for
 *   ta_tls_default_directory()
 *
 * Returns: (transfer full): the certificate made for this machine on first
 *   use (made again when it has expired or cannot be read)
 */
GTlsCertificate *
ta_tls_get_generated_certificate (const char  *directory,
                                  GError     **error)
{
  g_autofree char *dir = directory ? g_strdup (directory) : ta_tls_default_directory ();
  g_autofree char *cert_path = g_build_filename (dir, "server-certificate.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "server-key.pem", NULL);
  g_auto(GStrv) names = NULL;

  if (!ta_tls_is_available (error))
    return NULL;

  if (g_file_test (cert_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GTlsCertificate) existing = g_tls_certificate_new_from_files (cert_path, key_path, NULL);
      g_autoptr(GDateTime) until = existing ? g_tls_certificate_get_not_valid_after (existing) : NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (until != NULL && g_date_time_compare (until, now) > 0)
        return g_steal_pointer (&existing);
    }

  names = ta_tls_local_names ();
  if (!ta_tls_generate_self_signed (cert_path, key_path, (const char * const *) names, error))
    return NULL;
  return g_tls_certificate_new_from_files (cert_path, key_path, error);
}
