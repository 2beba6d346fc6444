/* ta-log-recorder.c: the --log-file and "Record to file" writer
 *
 * One recorder is shared by both pages' stores. Lines go through a 64 KiB
 * stdio buffer and reach the file in blocks: each store flushes it with
 * its batch (every 30 ms at most), not once per line. The first failed
 * write or flush stops the recording for good, with a sentence for the
 * user (see ta_log_recorder_get_failure()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ta-log-recorder-private.h"

/* One block of lines per write(2) */
#define RECORDER_BUFFER_SIZE (64 * 1024)

struct _TaLogRecorder {
  gint   ref_count;
  FILE  *file;        /* NULL once a write failed */
  char  *path;
  gint64 unsaved_since;  /* wall time of the oldest line not yet flushed, or 0 */
  char  *failure;     /* the sentence, once a write failed */
  gboolean told;      /* a store has signalled the failure */
};

/**
 * ta_log_recorder_open:
 *
 * Opens @path for appending.
 *
 * Returns: (transfer full) (nullable): the recorder, or %NULL with a
 *   sentence for the user in @error
 */
TaLogRecorder *
ta_log_recorder_open (const char  *path,
                      GError     **error)
{
  TaLogRecorder *self;
  FILE *f;

  g_return_val_if_fail (path != NULL, NULL);

  f = g_fopen (path, "a");
  if (f == NULL)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The log file “%s” cannot be written: %s."), display, g_strerror (saved));
      return NULL;
    }

  setvbuf (f, NULL, _IOFBF, RECORDER_BUFFER_SIZE);
  self = g_new0 (TaLogRecorder, 1);
  self->ref_count = 1;
  self->file = f;
  self->path = g_strdup (path);
  return self;
}

TaLogRecorder *
ta_log_recorder_ref (TaLogRecorder *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
ta_log_recorder_unref (TaLogRecorder *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  if (self->file != NULL)
    fclose (self->file);
  g_free (self->path);
  g_free (self->failure);
  g_free (self);
}

const char *
ta_log_recorder_get_path (TaLogRecorder *self)
{
  return self->path;
}

/**
 * ta_log_recorder_get_failure:
 *
 * Returns: (nullable): why the recording stopped and from which time on
 *   lines are missing from the file, or %NULL while it records
 */
const char *
ta_log_recorder_get_failure (TaLogRecorder *self)
{
  return self->failure;
}

static const char *
describe_write_error (int code)
{
  switch (code)
    {
    case ENOSPC:
      return _("the disk is full");
    case EDQUOT:
      return _("your disk quota is used up");
    case EFBIG:
      return _("the file has reached the largest size allowed");
    case EIO:
      return _("the disk reported an input/output error");
    default:
      return g_strerror (code);
    }
}

/* A write or a flush failed: lines from the oldest one not flushed on may be
 * missing. Stop for good (a disk that is full now may have room for half a
 * line later: a file with holes is worse than a file that ends). */
static void
recorder_fail (TaLogRecorder *self,
               int            code,
               gint64         now)
{
  g_autoptr(GString) when = g_string_new (NULL);
  g_autofree char *display = g_filename_display_basename (self->path);

  if (self->failure != NULL)
    return;
  ta_log_format_wall_time (self->unsaved_since != 0 ? self->unsaved_since : now, FALSE, FALSE, when);
  /* Translators: "Recording stopped at 12:03:44: the disk is full. Lines
   * from then on are not in “log.txt”." */
  self->failure = g_strdup_printf (_("Recording stopped at %s: %s. Lines from then on are not in “%s”."),
                                   when->str, describe_write_error (code), display);
  /* Closing flushes again, which fails again: nothing more to learn. */
  fclose (self->file);
  self->file = NULL;
}

/* Appends @line (buffered: see ta_log_recorder_flush()). */
void
ta_log_recorder_write (TaLogRecorder *self,
                       GString       *line,
                       gint64         time_us)
{
  if (self->file == NULL)
    return;
  if (self->unsaved_since == 0)
    self->unsaved_since = time_us;
  errno = 0;
  if (fwrite (line->str, 1, line->len, self->file) != line->len)
    recorder_fail (self, errno != 0 ? errno : EIO, time_us);
}

/* Writes the buffered lines out. */
void
ta_log_recorder_flush (TaLogRecorder *self)
{
  if (self->file == NULL)
    return;
  errno = 0;
  if (fflush (self->file) != 0)
    recorder_fail (self, errno != 0 ? errno : EIO, g_get_real_time ());
  else
    self->unsaved_since = 0;
}

/**
 * ta_log_recorder_tell:
 *
 * Returns: %TRUE the first time it is called, so that of the stores
 *   sharing a failed recorder only the first signals it to the user
 */
gboolean
ta_log_recorder_tell (TaLogRecorder *self)
{
  gboolean first = !self->told;

  self->told = TRUE;
  return first;
}
