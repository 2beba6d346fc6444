/* fuzz-common.h: helpers shared by the libFuzzer harnesses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

/* Like g_assert, but never compiled out and with a message libFuzzer shows. */
#define FUZZ_CHECK(cond, ...)                                           \
  do {                                                                  \
    if (G_UNLIKELY (!(cond)))                                           \
      {                                                                 \
        fprintf (stderr, "%s:%d: invariant failed: %s\n  ",             \
                 __FILE__, __LINE__, #cond);                            \
        fprintf (stderr, __VA_ARGS__);                                  \
        fputc ('\n', stderr);                                           \
        abort ();                                                       \
      }                                                                 \
  } while (0)

/* Valid UTF-8 where NUL is an ordinary character (g_utf8_validate_len
 * rejects NUL, the decoder and ta_display_escape allow it). */
static inline gboolean
fuzz_utf8_valid_with_nul (const char *s,
                          gsize       len)
{
  const char *p = s;
  const char *end = s + len;

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len (p, end - p, &valid_end))
        return TRUE;
      if (*valid_end != '\0')
        return FALSE;
      p = valid_end + 1;
    }
  return TRUE;
}

/* Quiet GLib's default log handler; a critical still aborts because
 * fuzz_init() makes criticals fatal. */
static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
                          G_LOG_LEVEL_ERROR);
}
