/* ta-quick-store.c: the one list of quick messages both pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loaded once from ta_quick_messages_get_default_path() (the examples
 * when there is no file yet), and written back after every change. The
 * core writes atomically and leaves the list untouched when a file is
 * truncated, not UTF-8 or from a newer version, so a bad file is never
 * overwritten by accident: after a failed load nothing is saved until
 * the user changes the list, and the reason is kept for the window.
 */
#include "config.h"

#include "ta-quick-store.h"

static TaQuickMessages *store;
static char *last_error;

static void
set_error (const char *message)
{
  g_free (last_error);
  last_error = g_strdup (message);
}

static void
on_changed (TaQuickMessages *messages)
{
  g_autofree char *path = ta_quick_messages_get_default_path ();
  g_autoptr(GError) error = NULL;

  if (!ta_quick_messages_save (messages, path, &error))
    set_error (error->message);
  else
    set_error (NULL);
}

/**
 * ta_quick_store_get:
 *
 * Returns: (transfer none): the quick messages, loaded on first use
 */
TaQuickMessages *
ta_quick_store_get (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (store != NULL)
    return store;

  store = ta_quick_messages_new ();
  path = ta_quick_messages_get_default_path ();
  if (!ta_quick_messages_load (store, path, &error))
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        ta_quick_messages_add_examples (store);
      else
        set_error (error->message);
    }
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), NULL);
  return store;
}

/**
 * ta_quick_store_get_error:
 *
 * Returns: (nullable): why the list could not be read or written last
 *   time, as a sentence; %NULL when all went well
 */
const char *
ta_quick_store_get_error (void)
{
  return last_error;
}
