/* ta-quick-store.c: the one list of quick messages both pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opened once from ta_quick_messages_get_default_path() with
 * ta_quick_messages_open(): the examples when there is no file yet; a
 * file that cannot be read (truncated, not UTF-8, from a newer version)
 * is set aside by the core so the next save cannot destroy it, and the
 * sentence saying so is kept for the window (a toast once, and in the
 * list's popover). Written back atomically after every change.
 */
#include "config.h"

#include "ta-quick-store.h"

static TaQuickMessages *store;
static char *last_error;
static char *startup_error;

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
  if (!ta_quick_messages_open (store, path, &error))
    {
      set_error (error->message);
      startup_error = g_strdup (error->message);
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

/**
 * ta_quick_store_take_startup_error:
 *
 * Returns: (transfer full) (nullable): what was wrong with the file at
 *   start-up, once (for a toast)
 */
char *
ta_quick_store_take_startup_error (void)
{
  return g_steal_pointer (&startup_error);
}
