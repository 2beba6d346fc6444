/* ta-file-bar.c: sends a file to one or more connections, with progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bar under a composer while a file goes out: its name, a progress
 * bar, "1.2 MiB of 5.0 MiB", Cancel; once done, what happened and a
 * button to hide it. The bytes are streamed by the core's TaFileSender
 * (one per connection: the Server page may send to every client), which
 * reads a piece only when the previous one has left the queue, so memory
 * stays bounded whatever the file's size and however slow the peers are.
 *
 * It also asks which file (ta_file_bar_choose(): a native chooser over
 * the window, "chosen" when one is picked), so the composer only says
 * where the file goes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-file-bar.h"
#include "ta-file-sender.h"
#include "ta-ui-util.h"

struct _TaFileBar
{
  GtkWidget parent_instance;

  GtkLabel *label;
  GtkProgressBar *progress;
  GtkLabel *size_label;
  GtkButton *cancel_button;
  GtkButton *close_button;

  TaLogStore *store;
  /* While the file's size and type are looked up; then the senders. */
  GCancellable *cancellable;
  GPtrArray *connections;
  GPtrArray *senders;
  guint n_running;
  char *first_error;
  char *cancel_text;
  char *file_name;
  char *size_text;
  /* A finished transfer's result stays a moment, then the bar hides. */
  guint hide_id;

  GtkFileChooserNative *chooser;
};

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { STARTED, FINISHED, CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TaFileBar, ta_file_bar, GTK_TYPE_WIDGET)

static void
log_event (TaFileBar  *self,
           TaLogKind   kind,
           const char *text)
{
  if (self->store != NULL)
    ta_log_store_append_event (self->store, kind, NULL, text);
}

static gboolean
hide_cb (gpointer user_data)
{
  TaFileBar *self = user_data;

  self->hide_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  return G_SOURCE_REMOVE;
}

/* The result is true when it is shown, then it is history (the log
 * keeps it): the bar hides after a moment. */
static void
show_finished (TaFileBar  *self,
               const char *text)
{
  gtk_label_set_text (self->label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
  g_clear_handle_id (&self->hide_id, g_source_remove);
  self->hide_id = g_timeout_add (ta_result_shown_ms (), hide_cb, self);
}

static void
update_progress (TaFileBar *self)
{
  g_autofree char *sent_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;
  guint64 sent = 0, total = 0;

  for (guint i = 0; self->senders && i < self->senders->len; i++)
    {
      sent += ta_file_sender_get_sent (self->senders->pdata[i]);
      total += ta_file_sender_get_total (self->senders->pdata[i]);
    }
  sent_text = ta_format_size (sent);
  total_text = ta_format_size (total);
  gtk_progress_bar_set_fraction (self->progress,
                                 total > 0 ? MIN (1.0, (double) sent / (double) total) : 0.0);
  /* Translators: "1.2 MiB of 5.0 MiB" */
  text = g_strdup_printf (_("%s of %s"), sent_text, total_text);
  gtk_label_set_text (self->size_label, text);
}

static void
stop_senders (TaFileBar *self)
{
  if (self->senders == NULL)
    return;
  for (guint i = 0; i < self->senders->len; i++)
    {
      g_signal_handlers_disconnect_by_data (self->senders->pdata[i], self);
      if (!ta_file_sender_is_done (self->senders->pdata[i]))
        ta_file_sender_cancel (self->senders->pdata[i]);
    }
  g_clear_pointer (&self->senders, g_ptr_array_unref);
  self->n_running = 0;
}

static void
on_sender_finished (TaFileBar    *self,
                    GError       *error,
                    TaFileSender *sender)
{
  g_autofree char *text = NULL;
  g_autofree char *error_text = NULL;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self->first_error == NULL)
    self->first_error = g_strdup (error->message);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self->cancel_text == NULL)
    self->cancel_text = g_strdup (error->message);
  if (self->n_running > 0)
    self->n_running--;
  update_progress (self);
  if (self->n_running > 0)
    return;

  if (self->first_error == NULL && self->cancel_text == NULL)
    {
      gtk_progress_bar_set_fraction (self->progress, 1.0);
      /* Translators: "File sent: photo.jpg (2.1 MiB)" */
      text = g_strdup_printf (_("File sent: %s (%s)"), self->file_name, self->size_text);
      log_event (self, TA_LOG_EVENT, text);
      show_finished (self, text);
    }
  else if (self->first_error == NULL)
    {
      log_event (self, TA_LOG_EVENT, self->cancel_text);
      show_finished (self, self->cancel_text);
    }
  else
    {
      log_event (self, TA_LOG_ERROR, self->first_error);
      error_text = g_strdup (self->first_error);
      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Not sent: %s"), self->file_name);
      show_finished (self, text);
    }
  stop_senders (self);
  g_clear_pointer (&self->first_error, g_free);
  g_clear_pointer (&self->cancel_text, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
  g_signal_emit (self, signals[FINISHED], 0, error_text);
}

static void
fail (TaFileBar  *self,
      const char *sentence)
{
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
  g_signal_emit (self, signals[FINISHED], 0, sentence);
}

static void
file_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TaFileBar) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GPtrArray) connections = NULL;
  g_autofree char *text = NULL;
  GFile *file = G_FILE (object);

  info = g_file_query_info_finish (file, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  cancellable = g_steal_pointer (&self->cancellable);

  if (info == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      text = g_strdup_printf (_("The file “%s” cannot be read: %s"), name, error->message);
      fail (self, text);
      return;
    }

  g_free (self->file_name);
  self->file_name = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      text = g_strdup_printf (_("“%s” is a folder. Choose a file."), self->file_name);
      fail (self, text);
      return;
    }

  connections = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->connections->len; i++)
    if (!ta_connection_is_closed (self->connections->pdata[i]))
      g_ptr_array_add (connections, g_object_ref (self->connections->pdata[i]));
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  if (connections->len == 0)
    {
      fail (self, _("The connection closed before the file could be sent."));
      return;
    }

  g_free (self->size_text);
  self->size_text = ta_format_size (g_file_info_get_size (info));

  /* Translators: "Sending file photo.jpg (2.1 MiB)…" */
  text = g_strdup_printf (_("Sending file %s (%s)…"), self->file_name, self->size_text);
  log_event (self, TA_LOG_EVENT, text);

  gtk_label_set_text (self->label, text);
  g_clear_handle_id (&self->hide_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  self->senders = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < connections->len; i++)
    {
      TaFileSender *sender = ta_file_sender_new (connections->pdata[i], file);

      g_ptr_array_add (self->senders, sender);
      g_signal_connect_swapped (sender, "progress", G_CALLBACK (update_progress), self);
      g_signal_connect_data (sender, "finished", G_CALLBACK (on_sender_finished), self,
                             NULL, G_CONNECT_SWAPPED);
    }
  self->n_running = self->senders->len;
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  update_progress (self);
  g_signal_emit (self, signals[STARTED], 0, self->senders->len);
  /* A sender may finish at once (an empty file): start them from a copy. */
  {
    g_autoptr(GPtrArray) start = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < self->senders->len; i++)
      g_ptr_array_add (start, g_object_ref (self->senders->pdata[i]));
    for (guint i = 0; i < start->len; i++)
      ta_file_sender_start (start->pdata[i]);
  }
}

/**
 * ta_file_bar_start:
 * @connections: (element-type TaConnection): where the file goes
 *
 * Looks up @file, then streams it to each of @connections with progress
 * here and a line in the log when it starts and ends. "finished" is
 * emitted with a sentence when the file cannot be sent, with %NULL when
 * it was sent or cancelled.
 */
void
ta_file_bar_start (TaFileBar *self,
                   GPtrArray *connections,
                   GFile     *file)
{
  g_return_if_fail (TA_IS_FILE_BAR (self));
  g_return_if_fail (connections != NULL && connections->len > 0);
  g_return_if_fail (!ta_file_bar_is_busy (self));

  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < connections->len; i++)
    g_ptr_array_add (self->connections, g_object_ref (connections->pdata[i]));
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, file_info_cb, g_object_ref (self));
}

gboolean
ta_file_bar_is_busy (TaFileBar *self)
{
  g_return_val_if_fail (TA_IS_FILE_BAR (self), FALSE);
  return self->senders != NULL || self->cancellable != NULL;
}

/**
 * ta_file_bar_cancel:
 *
 * Stops sending; when nothing is being sent, hides the bar.
 */
void
ta_file_bar_cancel (TaFileBar *self)
{
  g_return_if_fail (TA_IS_FILE_BAR (self));

  if (self->senders != NULL)
    {
      g_autoptr(GPtrArray) senders = g_ptr_array_ref (self->senders);

      for (guint i = 0; i < senders->len; i++)
        if (!ta_file_sender_is_done (senders->pdata[i]))
          ta_file_sender_cancel (senders->pdata[i]);
    }
  else if (self->cancellable != NULL)
    {
      /* Still looking at the file: nothing was sent yet. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_pointer (&self->connections, g_ptr_array_unref);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BUSY]);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
ta_file_bar_set_log_store (TaFileBar  *self,
                           TaLogStore *store)
{
  g_return_if_fail (TA_IS_FILE_BAR (self));
  g_set_object (&self->store, store);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ta_file_bar_cancel (TA_FILE_BAR (widget));
}

static void
ta_file_bar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TaFileBar *self = TA_FILE_BAR (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, ta_file_bar_is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_file_chosen (TaFileBar            *self,
                int                   response,
                GtkFileChooserNative *chooser)
{
  g_autoptr(GtkFileChooserNative) hold = g_steal_pointer (&self->chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        g_signal_emit (self, signals[CHOSEN], 0, file);
    }
}

/**
 * ta_file_bar_choose:
 *
 * Asks which file to send, in a native chooser over the window; emits
 * "chosen" when one is picked. Nothing when the chooser is already open.
 */
void
ta_file_bar_choose (TaFileBar *self)
{
  GtkRoot *root;

  g_return_if_fail (TA_IS_FILE_BAR (self));

  if (self->chooser != NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Send a File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Send"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ta_file_bar_dispose (GObject *object)
{
  GtkWidget *child;
  TaFileBar *self = TA_FILE_BAR (object);

  g_clear_handle_id (&self->hide_id, g_source_remove);
  if (self->chooser)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_senders (self);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_FILE_BAR);
  /* Boxes that are not template children (and what pages added) go too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_pointer (&self->first_error, g_free);
  g_clear_pointer (&self->cancel_text, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->size_text, g_free);

  G_OBJECT_CLASS (ta_file_bar_parent_class)->dispose (object);
}

static void
ta_file_bar_class_init (TaFileBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_file_bar_dispose;
  object_class->get_property = ta_file_bar_get_property;

  /**
   * TaFileBar:busy:
   *
   * Whether a file is being looked up or sent.
   */
  props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * TaFileBar::started:
   * @n_connections: how many connections the file goes to
   */
  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * TaFileBar::finished:
   * @error: (nullable): why the file was not sent, or %NULL
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * TaFileBar::chosen:
   * @file: the file the user picked in ta_file_bar_choose()'s chooser
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-file-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TaFileBar, label);
  gtk_widget_class_bind_template_child (widget_class, TaFileBar, progress);
  gtk_widget_class_bind_template_child (widget_class, TaFileBar, size_label);
  gtk_widget_class_bind_template_child (widget_class, TaFileBar, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TaFileBar, close_button);
  gtk_widget_class_install_action (widget_class, "file-bar.cancel", NULL, cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tafilebar");
}

static void
ta_file_bar_init (TaFileBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);
}
