/* ta-log-saver.c: writes log entries to a file without blocking the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Save Log wrote up to 64 MiB on the main thread, freezing the window. Here
 * the entries are snapshotted (references, not text) when the save starts;
 * they are formatted a slice at a time on the main loop, and each slice is
 * written with an async write, so the log keeps updating meanwhile. A save
 * that lasts shows its progress in a toast.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-log-saver.h"

#define SAVE_SLICE_ENTRIES 2000
#define SAVE_SLICE_BYTES (256 * 1024)
#define SAVE_PROGRESS_AFTER_US (300 * 1000)

typedef struct {
  GtkWidget      *widget;   /* owned */
  GPtrArray      *entries;  /* the snapshot */
  GFile          *file;
  GOutputStream  *stream;
  GString        *chunk;
  AdwToast       *progress; /* owned; NULL until the save lasts */
  gboolean        raw;
  TaLogRole       role;
  TaLogTimestamps timestamps;
  TaLogDisplay    display;
  guint           next;
  guint           n_cut;
  int             last_day;  /* a date line at each change of day */
  gint64          started;
  TaLogSaverDone  done;
  gpointer        user_data;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->widget);
  g_ptr_array_unref (job->entries);
  g_clear_object (&job->file);
  g_clear_object (&job->stream);
  g_string_free (job->chunk, TRUE);
  g_clear_object (&job->progress);
  g_free (job);
}

static void
save_done (SaveJob      *job,
           const GError *error)
{
  if (job->progress != NULL)
    adw_toast_dismiss (job->progress);
  job->done (job->widget, job->file, error, job->n_cut, job->user_data);
  save_job_free (job);
}

static void
update_progress (SaveJob *job)
{
  GtkWidget *overlay;
  g_autofree char *title = NULL;
  guint percent;

  if (job->progress == NULL)
    {
      if (g_get_monotonic_time () - job->started < SAVE_PROGRESS_AFTER_US)
        return;
      overlay = gtk_widget_get_ancestor (job->widget, ADW_TYPE_TOAST_OVERLAY);
      if (overlay == NULL)
        return;
      job->progress = g_object_ref (adw_toast_new (""));
      adw_toast_set_timeout (job->progress, 0);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (job->progress));
    }
  percent = job->entries->len ? (guint) ((guint64) job->next * 100 / job->entries->len) : 100;
  /* Translators: shown while a long log is written to a file */
  title = g_strdup_printf (_("Saving the log… %u %%"), percent);
  adw_toast_set_title (job->progress, title);
}

/* Formats the next slice into job->chunk. */
static void
format_slice (SaveJob *job)
{
  guint end = MIN (job->next + SAVE_SLICE_ENTRIES, job->entries->len);

  g_string_truncate (job->chunk, 0);
  for (; job->next < end && job->chunk->len < SAVE_SLICE_BYTES; job->next++)
    {
      TaLogEntry *entry = g_ptr_array_index (job->entries, job->next);

      if (job->raw)
        {
          GBytes *data;
          const guint8 *p;
          gsize size = 0;

          if (ta_log_entry_get_kind (entry) != TA_LOG_RECEIVED || (data = ta_log_entry_get_data (entry)) == NULL)
            continue;
          p = g_bytes_get_data (data, &size);
          g_string_append_len (job->chunk, (const char *) p, size);
          if (ta_log_entry_get_full_size (entry) > size)
            job->n_cut++;
        }
      else
        {
          g_autofree char *line = ta_log_entry_format_line (entry, job->role, job->timestamps, job->display);

          if (job->timestamps != TA_LOG_TIME_OFF)
            ta_log_format_date_change (ta_log_entry_get_time (entry), &job->last_day, job->chunk);
          g_string_append (job->chunk, line);
          g_string_append_c (job->chunk, '\n');
        }
    }
}

static void write_next_slice (SaveJob *job);

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error);
  save_done (user_data, error);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      /* Leave no half file behind the name the user chose: a cancelled
       * close of a g_file_replace() stream keeps the old file. */
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      g_cancellable_cancel (cancelled);
      g_output_stream_close (job->stream, cancelled, NULL);
      save_done (job, error);
      return;
    }
  update_progress (job);
  write_next_slice (job);
}

static void
write_next_slice (SaveJob *job)
{
  do
    format_slice (job);
  while (job->chunk->len == 0 && job->next < job->entries->len);

  if (job->chunk->len == 0)
    {
      g_output_stream_close_async (job->stream, G_PRIORITY_DEFAULT_IDLE, NULL, closed_cb, job);
      return;
    }
  g_output_stream_write_all_async (job->stream, job->chunk->str, job->chunk->len, G_PRIORITY_DEFAULT_IDLE,
                                   NULL, written_cb, job);
}

static void
replaced_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(GError) error = NULL;
  GFileOutputStream *stream = g_file_replace_finish (G_FILE (source), result, &error);

  if (stream == NULL)
    {
      save_done (job, error);
      return;
    }
  job->stream = G_OUTPUT_STREAM (stream);
  write_next_slice (job);
}

/**
 * ta_log_saver_start:
 * @widget: where the progress toast goes (its #AdwToastOverlay), kept
 *   alive until @done is called
 * @entries: a list of #TaLogEntry, snapshotted now
 * @raw: write the bytes of received entries, nothing between them, instead
 *   of one formatted line per entry
 * @done: called once, from the main loop, when the file is written or not
 *
 * Starts writing @entries to @file, replacing it once all is written.
 */
void
ta_log_saver_start (GtkWidget       *widget,
                    GListModel      *entries,
                    GFile           *file,
                    gboolean         raw,
                    TaLogRole        role,
                    TaLogTimestamps  timestamps,
                    TaLogDisplay     display,
                    TaLogSaverDone   done,
                    gpointer         user_data)
{
  guint n = g_list_model_get_n_items (entries);
  SaveJob *job = g_new0 (SaveJob, 1);

  job->widget = g_object_ref (widget);
  job->file = g_object_ref (file);
  job->raw = raw;
  job->role = role;
  job->timestamps = timestamps;
  job->display = display;
  job->done = done;
  job->user_data = user_data;
  job->chunk = g_string_sized_new (SAVE_SLICE_BYTES + 4096);
  job->started = g_get_monotonic_time ();
  job->entries = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (job->entries, g_list_model_get_item (entries, i));

  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT_IDLE, NULL,
                        replaced_cb, job);
}
