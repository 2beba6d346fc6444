/* main.c: gettext, file limits, and the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>
#include <glib/gi18n.h>

#include "ta-application.h"
#include "ta-ui-util.h"

/* A server with many clients needs one file descriptor per client. */
static void
raise_file_limit (void)
{
  struct rlimit rl;

  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &rl) != 0)
        g_debug ("Could not raise the open file limit");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TaApplication) app = NULL;

  ta_application_set_start_time (g_get_monotonic_time ());

  /* $TA_LOCALEDIR overrides LOCALEDIR: see ta_init_i18n(). */
  ta_init_i18n ();

  raise_file_limit ();

  app = ta_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
