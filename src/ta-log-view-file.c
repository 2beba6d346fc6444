/* ta-log-view-file.c: Save Log and Record to File of the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ta-log-view-private.h"
#include "ta-saved-toast.h"
#include "ta-ui-util.h"

/* Save Log: the entries shown are written by ta-log-saver.c, without
 * blocking the window; here only the dialog and the sentences. */

/* The dialog's choices: one table, so the test can pick a choice by the
 * label a user reads and see that the file matches. */
static const struct {
  const char *id;
  const char *label;
  gboolean    raw;
} save_formats[] = {
  { "text", N_("Log as shown (text)"), FALSE },
  { "raw", N_("Received bytes only (raw)"), TRUE },
};

static void
save_toast (TaLogView  *self,
            const char *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
on_save_done (GtkWidget    *widget,
              GFile        *file,
              const GError *error,
              guint         n_cut,
              gpointer      user_data)
{
  TaLogView *self = TA_LOG_VIEW (widget);

  self->n_saving--;
  g_clear_error (&self->save_error);

  if (error != NULL)
    {
      g_autofree char *display = g_file_get_parse_name (file);
      /* Translators: "Could not save the log to “/home/me/log.txt”: No space left on device" */
      g_autofree char *msg = g_strdup_printf (_("Could not save the log to “%s”: %s"), display, error->message);

      self->save_error = g_error_new_literal (error->domain, error->code, msg);
      save_toast (self, msg);
    }
  else if (n_cut > 0)
    {
      /* Translators: the log keeps the first 4 KiB of each message */
      g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u message was longer than 4 KiB: the file has only its first 4 KiB. Record to File keeps whole messages, but as text.",
                                                           "%u messages were longer than 4 KiB: the file has only their first 4 KiB. Record to File keeps whole messages, but as text.",
                                                           n_cut), n_cut);

      save_toast (self, msg);
    }
  else
    ta_saved_toast_show (widget, file);
  self->last_n_cut = n_cut;
}

/* Starts writing the entries the view shows now to @file. */
static void
start_save (TaLogView *self,
            GFile     *file,
            gboolean   raw)
{
  self->n_saving++;
  ta_log_saver_start (GTK_WIDGET (self), G_LIST_MODEL (self->filter_model), file, raw, _ta_log_view_role (self),
                      self->timestamps == TA_LOG_TIME_OFF ? TA_LOG_TIME_MS : self->timestamps,
                      self->display, on_save_done, NULL);
}

/* For tests: save as the dialog does, and wait for the end. */
static gboolean
save_and_wait (TaLogView  *self,
               GFile      *file,
               gboolean    raw,
               guint      *n_cut,
               GError    **error)
{
  start_save (self, file, raw);
  while (self->n_saving > 0)
    g_main_context_iteration (NULL, TRUE);
  if (n_cut)
    *n_cut = self->last_n_cut;
  if (self->save_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->save_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * _ta_log_view_save_to_file:
 * @file: where to write
 *
 * Writes the entries the view shows (after the filter), one line each,
 * as "Save log" does once the file is chosen, and waits for the end.
 *
 * Returns: whether the file was written
 */
gboolean
_ta_log_view_save_to_file (TaLogView  *self,
                           GFile      *file,
                           GError    **error)
{
  g_return_val_if_fail (TA_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return save_and_wait (self, file, FALSE, NULL, error);
}

/**
 * _ta_log_view_save_raw_to_file:
 * @file: where to write
 * @n_cut: (out) (optional): how many of the messages written were longer
 *   than what an entry keeps (%TA_LOG_ENTRY_MAX_DATA bytes), so are cut
 *
 * Writes the bytes of the received entries the view shows (after the
 * filter), in order, with nothing between them: "Save log" with
 * "Received bytes only", and waits for the end.
 *
 * Returns: whether the file was written
 */
gboolean
_ta_log_view_save_raw_to_file (TaLogView  *self,
                               GFile      *file,
                               guint      *n_cut,
                               GError    **error)
{
  g_return_val_if_fail (TA_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return save_and_wait (self, file, TRUE, n_cut, error);
}

/**
 * _ta_log_view_get_save_dialog:
 *
 * Returns: (transfer none) (nullable): the Save Log dialog while it is open
 */
GtkNativeDialog *
_ta_log_view_get_save_dialog (TaLogView *self)
{
  return self->save_dialog;
}

/**
 * _ta_log_view_get_saving:
 *
 * Returns: whether a save is being written
 */
gboolean
_ta_log_view_get_saving (TaLogView *self)
{
  return self->n_saving > 0;
}

/**
 * _ta_log_view_save_choice_for_label:
 * @label: a choice of the Save dialog's "Format", as the user reads it
 *
 * Returns: (nullable): its id
 */
const char *
_ta_log_view_save_choice_for_label (const char *label)
{
  for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
    if (g_strcmp0 (_(save_formats[i].label), label) == 0)
      return save_formats[i].id;
  return NULL;
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  TaLogView       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");
      gboolean raw = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
        if (g_strcmp0 (format, save_formats[i].id) == 0)
          raw = save_formats[i].raw;

      if (file != NULL)
        start_save (self, file, raw);
    }
  if (self->save_dialog == dialog)
    self->save_dialog = NULL;
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static char *
default_file_name (TaLogView  *self,
                   const char *format)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf (format, _ta_log_view_role (self) == TA_LOG_ROLE_SERVER ? "server" : "client", stamp);
}

void
_ta_log_view_save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = default_file_name (self, "%s-log-%s.txt");
  const char *ids[G_N_ELEMENTS (save_formats) + 1] = { NULL };
  const char *labels[G_N_ELEMENTS (save_formats) + 1] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
    {
      ids[i] = save_formats[i].id;
      labels[i] = _(save_formats[i].label);
    }

  native = gtk_file_chooser_native_new (_("Save Log"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "format", _("Format"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "format", "text");
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  self->save_dialog = GTK_NATIVE_DIALOG (native);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Record to file: every entry from now on is appended to a file, whole
 * (the store writes the full message, not the 4 KiB an entry keeps). */

void
_ta_log_view_update_record_ui (TaLogView *self)
{
  gboolean on = self->recorder != NULL;

  self->updating_record_button = TRUE;
  gtk_toggle_button_set_active (self->record_button, on);
  self->updating_record_button = FALSE;

  if (on)
    {
      g_autofree char *base = g_path_get_basename (ta_log_recorder_get_path (self->recorder));
      g_autofree char *display = g_filename_display_name (base);
      g_autofree char *full = g_filename_display_name (ta_log_recorder_get_path (self->recorder));
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Recording to “%s”"), display);

      gtk_label_set_text (self->record_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->record_label), full);
    }
  gtk_widget_set_visible (self->record_bar, on);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.stop-recording", on);
}

/**
 * _ta_log_view_record_to_file:
 * @file: (nullable): the file to append every new entry to, or %NULL to
 *   stop recording
 *
 * What "Record to File…" does once the file is chosen.
 *
 * Returns: whether recording started (or stopped, for %NULL); on error
 *   @error has a sentence for the user
 */
gboolean
_ta_log_view_record_to_file (TaLogView  *self,
                             GFile      *file,
                             GError    **error)
{
  TaLogRecorder *recorder = NULL;

  g_return_val_if_fail (TA_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The log can only be recorded to a local file."));
          _ta_log_view_update_record_ui (self);
          return FALSE;
        }
      recorder = ta_log_recorder_open (path, error);
      if (recorder == NULL)
        {
          _ta_log_view_update_record_ui (self);
          return FALSE;
        }
    }

  if (self->store)
    ta_log_store_set_recorder (self->store, recorder,
                               recorder == NULL ? NULL
                               : _ta_log_view_role (self) == TA_LOG_ROLE_SERVER ? "Server" : "Client");
  g_clear_pointer (&self->recorder, ta_log_recorder_unref);
  self->recorder = recorder;
  _ta_log_view_update_record_ui (self);
  return TRUE;
}

static void
record_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    TaLogView       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!_ta_log_view_record_to_file (self, file, &error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
_ta_log_view_record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaLogView *self = TA_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;
  g_autofree char *name = default_file_name (self, "tcp-assistant-%s-%s.log");

  native = gtk_file_chooser_native_new (_("Record Log to File"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Record"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (record_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_ta_log_view_stop_recording_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  _ta_log_view_record_to_file (TA_LOG_VIEW (widget), NULL, NULL);
}

/* The recorder could not write (a full disk, a failing one): the store has
 * stopped recording and said so in the log. Show the record button off,
 * and tell the user once (the --log-file recorder is shared by both
 * pages), with a way to record again to another file. */
static void
on_record_again_clicked (TaLogView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "log.record", NULL);
}

static AdwToast *
recording_failed_toast (TaLogView  *self,
                        const char *message)
{
  /* A toast's title is markup in libadwaita 1.2; the file name is not. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 0);  /* lines are missing: stay until read */
  adw_toast_set_button_label (toast, _("_Record Again…"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_record_again_clicked),
                           self, G_CONNECT_SWAPPED);
  return toast;
}

void
_ta_log_view_on_recording_failed (TaLogStore *store,
                     const char *message,
                     gboolean    first,
                     TaLogView  *self)
{
  GtkWidget *overlay;

  if (self->recorder != NULL)
    {
      g_clear_pointer (&self->recorder, ta_log_recorder_unref);
      _ta_log_view_update_record_ui (self);
    }
  if (!first)
    return;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), recording_failed_toast (self, message));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* The button shows whether the log is recorded; pressing it starts (with
 * the file chooser) or stops. Its state follows the recorder, not the
 * click: a cancelled chooser leaves it off. */
void
_ta_log_view_on_record_toggled (TaLogView *self)
{
  if (self->updating_record_button)
    return;
  if (self->recorder != NULL)
    _ta_log_view_record_to_file (self, NULL, NULL);
  else
    {
      _ta_log_view_update_record_ui (self);
      _ta_log_view_record_action (GTK_WIDGET (self), "log.record", NULL);
    }
}
