/* ta-trust-store.c: certificates the user chose to trust, per host:port
 *
 * As SSH does for host keys: a certificate the system does not trust
 * (self-signed, as most devices have) can be trusted for one host:port by
 * its SHA-256 fingerprint — once (for as long as the app runs) or always
 * (kept in a small key file in the user's data folder, listed and removable
 * in Preferences). A different certificate on the same host:port is
 * reported as a change, never trusted silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-tls.h"
#include "ta-trust-store.h"

#define FINGERPRINT_KEY "sha256"
#define ADDED_KEY "added"

struct _TaTrustStore
{
  GObject     parent_instance;

  char       *path;
  GKeyFile   *file;     /* the "always" entries, as last read or written */
  GHashTable *once;     /* host:port → fingerprint, in memory only */
};

G_DEFINE_FINAL_TYPE (TaTrustStore, ta_trust_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ta_trust_store_finalize (GObject *object)
{
  TaTrustStore *self = TA_TRUST_STORE (object);

  g_free (self->path);
  g_key_file_unref (self->file);
  g_hash_table_unref (self->once);

  G_OBJECT_CLASS (ta_trust_store_parent_class)->finalize (object);
}

static void
ta_trust_store_class_init (TaTrustStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_trust_store_finalize;

  /**
   * TaTrustStore::changed:
   *
   * An entry was added or removed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ta_trust_store_init (TaTrustStore *self)
{
  self->file = g_key_file_new ();
  self->once = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* An unreadable or missing file is an empty store: trusting nothing is safe. */
static void
reload (TaTrustStore *self)
{
  g_key_file_unref (self->file);
  self->file = g_key_file_new ();
  g_key_file_load_from_file (self->file, self->path, G_KEY_FILE_NONE, NULL);
}

/**
 * ta_trust_store_new:
 * @path: the key file of the "always" entries (created on first write)
 */
TaTrustStore *
ta_trust_store_new (const char *path)
{
  TaTrustStore *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TA_TYPE_TRUST_STORE, NULL);
  self->path = g_strdup (path);
  reload (self);
  return self;
}

/**
 * ta_trust_store_get_default:
 *
 * Returns: (transfer none): the store in ta_tls_default_directory(),
 *   shared by the whole process
 */
TaTrustStore *
ta_trust_store_get_default (void)
{
  static TaTrustStore *store;

  if (store == NULL)
    {
      g_autofree char *dir = ta_tls_default_directory ();
      g_autofree char *path = g_build_filename (dir, "trusted-certificates.ini", NULL);

      store = ta_trust_store_new (path);
    }
  return store;
}

const char *
ta_trust_store_get_path (TaTrustStore *self)
{
  return self->path;
}

/* The key people see: "host:port", "[::1]:port". */
static char *
make_key (const char *host,
          guint16     port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  if (strchr (lower, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", lower, port);
  return g_strdup_printf ("%s:%u", lower, port);
}

/* Key file group names cannot hold brackets: "host port" instead. */
static char *
group_from_key (const char *key)
{
  g_autofree char *copy = g_strdup (key);
  char *colon = strrchr (copy, ':');
  char *host = copy;

  if (colon == NULL)
    return g_strdup (key);
  *colon = '\0';
  if (host[0] == '[')
    {
      gsize len = strlen (++host);

      if (len > 0 && host[len - 1] == ']')
        host[len - 1] = '\0';
    }
  return g_strdup_printf ("%s %s", host, colon + 1);
}

static char *
key_from_group (const char *group)
{
  const char *space = strrchr (group, ' ');
  g_autofree char *host = NULL;

  if (space == NULL)
    return g_strdup (group);
  host = g_strndup (group, space - group);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%s", host, space + 1);
  return g_strdup_printf ("%s:%s", host, space + 1);
}

/**
 * ta_trust_store_check:
 * @fingerprint: as ta_tls_certificate_get_fingerprint() returns it
 */
TaTrustResult
ta_trust_store_check (TaTrustStore *self,
                      const char   *host,
                      guint16       port,
                      const char   *fingerprint)
{
  g_autofree char *key = NULL;
  g_autofree char *group = NULL;
  g_autofree char *saved = NULL;
  const char *once;

  g_return_val_if_fail (TA_IS_TRUST_STORE (self), TA_TRUST_UNKNOWN);
  g_return_val_if_fail (host != NULL && fingerprint != NULL, TA_TRUST_UNKNOWN);

  key = make_key (host, port);
  once = g_hash_table_lookup (self->once, key);
  if (once != NULL && g_ascii_strcasecmp (once, fingerprint) == 0)
    return TA_TRUST_MATCH;

  /* Another process may have added or removed entries meanwhile. */
  reload (self);
  group = group_from_key (key);
  saved = g_key_file_get_string (self->file, group, FINGERPRINT_KEY, NULL);
  if (saved != NULL && g_ascii_strcasecmp (saved, fingerprint) == 0)
    return TA_TRUST_MATCH;
  if (saved != NULL || once != NULL)
    return TA_TRUST_CHANGED;
  return TA_TRUST_UNKNOWN;
}

static gboolean
save (TaTrustStore  *self,
      GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;

  g_mkdir_with_parents (dir, 0700);
  data = g_key_file_to_data (self->file, &len, NULL);
  if (!g_file_set_contents_full (self->path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local))
    {
      g_set_error (error, local->domain, local->code,
                   _("Could not remember the certificate: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * ta_trust_store_add:
 * @always: %TRUE to remember across runs, %FALSE for this run only
 *
 * Trusts the certificate with @fingerprint for @host:@port, replacing any
 * earlier one.
 */
gboolean
ta_trust_store_add (TaTrustStore  *self,
                    const char    *host,
                    guint16        port,
                    const char    *fingerprint,
                    gboolean       always,
                    GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (TA_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL && fingerprint != NULL, FALSE);

  key = make_key (host, port);
  g_hash_table_replace (self->once, g_strdup (key), g_strdup (fingerprint));

  if (always)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *added = g_date_time_format (now, "%Y-%m-%d %H:%M");
      g_autofree char *group = group_from_key (key);

      reload (self);
      g_key_file_set_string (self->file, group, FINGERPRINT_KEY, fingerprint);
      g_key_file_set_string (self->file, group, ADDED_KEY, added);
      if (!save (self, error))
        return FALSE;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * ta_trust_store_remove:
 * @key: "host:port" as ta_trust_store_list() returns it
 *
 * Forgets the certificate trusted for @key, once or always.
 */
gboolean
ta_trust_store_remove (TaTrustStore  *self,
                       const char    *key,
                       GError       **error)
{
  g_autofree char *group = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (TA_IS_TRUST_STORE (self), FALSE);

  g_hash_table_remove (self->once, key);
  reload (self);
  group = group_from_key (key);
  if (g_key_file_has_group (self->file, group))
    {
      g_key_file_remove_group (self->file, group, NULL);
      ok = save (self, error);
    }
  g_signal_emit (self, signals[CHANGED], 0);
  return ok;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/**
 * ta_trust_store_list:
 *
 * Returns: (transfer full): the "host:port" keys trusted always, sorted
 */
char **
ta_trust_store_list (TaTrustStore *self)
{
  char **groups;

  g_return_val_if_fail (TA_IS_TRUST_STORE (self), NULL);

  reload (self);
  groups = g_key_file_get_groups (self->file, NULL);
  for (gsize i = 0; groups[i] != NULL; i++)
    {
      char *key = key_from_group (groups[i]);

      g_free (groups[i]);
      groups[i] = key;
    }
  qsort (groups, g_strv_length (groups), sizeof (char *), compare_strings);
  return groups;
}

/**
 * ta_trust_store_get_fingerprint:
 *
 * Returns: (transfer full) (nullable): the fingerprint trusted for @key
 */
char *
ta_trust_store_get_fingerprint (TaTrustStore *self,
                                const char   *key)
{
  g_autofree char *group = group_from_key (key);
  const char *once = g_hash_table_lookup (self->once, key);
  char *saved = g_key_file_get_string (self->file, group, FINGERPRINT_KEY, NULL);

  return saved != NULL ? saved : g_strdup (once);
}
