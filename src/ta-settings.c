/* ta-settings.c: the application's one GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every window, page, composer and the Preferences read and bind the
 * same object, so a key has one owner in the process and every widget
 * that shows it follows a change made anywhere (the send encoding chosen
 * on one page, say) through the same "changed" signal.
 */
#include "config.h"

#include "ta-settings.h"

/**
 * ta_settings_get:
 *
 * Returns: (transfer none): the settings of APP_ID, made on first use
 */
GSettings *
ta_settings_get (void)
{
  static GSettings *settings;

  if (settings == NULL)
    settings = g_settings_new (APP_ID);
  return settings;
}
