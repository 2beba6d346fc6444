/* ta-composer.c: the message composer of both pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A multi-line message box where Enter sends (after the input method has
 * had the key: Enter that commits pinyin is the input method's), text or
 * hex, the send encoding, line ending and checksum (with a preview of
 * its bytes), the history of sent messages,
 * quick messages (a list shared by both pages: one click or Ctrl+1…9
 * sends one), repeated sending (every N ms, optionally N times; Send becomes Stop),
 * and sending a file; Text <-> Hex converts what is typed. The page says where a message goes (a
 * TaComposerTargetsFunc returning live connections) and the composer
 * builds the bytes once and queues them on each connection.
 *
 * The send encoding has one owner, the GSettings key "send-encoding":
 * every composer (and the Server page's reply) follows it live.
 *
 * Pages add their own controls with <child type="option"> (in the
 * popover of rarely changed settings, after the line ending, checksum and
 * repeat) or <child type="start"> (before the message box).
 *
 * Why one file of ~1,200 lines: every feature left here goes through the
 * same few steps (read the box and the dropdowns, ask the page for
 * targets, build the bytes once, queue them, report under the box). What
 * stands alone has its own file: the repeat run and its "Sent 12 times ·
 * 00:06" line (TaComposerRepeat), choosing and streaming a file with
 * progress (TaFileBar), the history (TaHistoryPopover) and the quick
 * messages list (TaQuickPopover). The next split would be the quick
 * messages' sending and Ctrl+1…9 (~120 lines) and the Text <-> Hex
 * conversion of the box.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ta-checksum.h"
#include "ta-codec.h"
#include "ta-composer.h"
#include "ta-composer-repeat.h"
#include "ta-composer-private.h"
#include "ta-core-enums.h"
#include "ta-file-bar.h"
#include "ta-history-popover.h"
#include "ta-message.h"
#include "ta-quick-popover.h"
#include "ta-quick-store.h"
#include "ta-ui-util.h"

struct _TaComposer
{
  GtkWidget parent_instance;

  GtkWidget *message_row;
  GtkWidget *start_box;        /* the pages' <child type="start"> */
  GtkTextView *message_view;
  GtkMenuButton *history_button;
  TaHistoryPopover *history_popover;
  GtkMenuButton *quick_button;
  TaQuickPopover *quick_popover;
  GtkButton *send_button;
  GtkWidget *options_box;
  GtkWidget *repeat_box;
  GtkWidget *more_box;         /* the popover of rarely changed settings */
  GtkDropDown *mode_dropdown;
  GtkDropDown *ending_dropdown;
  GtkDropDown *charset_dropdown;
  GtkDropDown *checksum_dropdown;
  GtkLabel *checksum_preview;
  GtkCheckButton *repeat_check;
  GtkSpinButton *repeat_spin;
  GtkSpinButton *times_spin;
  GtkLabel *repeat_count_label;
  GtkButton *send_file_button;
  TaFileBar *file_bar;
  GtkLabel *send_error;

  GSettings *settings;
  TaLogStore *store;
  TaComposerTargetsFunc targets_func;
  gpointer targets_data;
  gboolean connected;

  /* Repeat: the run, its count and time (ta-composer-repeat.c). */
  TaComposerRepeat *repeat;

  /* The message being sent while the page is asked for targets. */
  const char *sending_text;

  /* What the message box holds now, for converting on Text <-> Hex. */
  gboolean shown_hex;
};

enum { PROP_0, PROP_CHARSET, PROP_MODE, PROP_LINE_ENDING, PROP_CHECKSUM, N_PROPS };
static GParamSpec *props[N_PROPS];

enum { SENT, FILE_STARTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GtkBuildableIface *parent_buildable_iface;
static void ta_composer_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TaComposer, ta_composer, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, ta_composer_buildable_init))

/* The line-ending dropdown's positions: the common endings first, so
 * "\r\n" keeps its place when "\r" was added. */
static const TaLineEnding ending_positions[] = {
  TA_LINE_ENDING_NONE, TA_LINE_ENDING_LF, TA_LINE_ENDING_CRLF, TA_LINE_ENDING_CR,
};

static void update_checksum_preview (TaComposer *self);

static gboolean
is_hex (TaComposer *self)
{
  return gtk_drop_down_get_selected (self->mode_dropdown) == 1;
}

static TaMessageMode
message_mode (TaComposer *self)
{
  return is_hex (self) ? TA_MESSAGE_MODE_HEX : TA_MESSAGE_MODE_TEXT;
}

static TaLineEnding
line_ending (TaComposer *self)
{
  guint i = gtk_drop_down_get_selected (self->ending_dropdown);

  return i < G_N_ELEMENTS (ending_positions) ? ending_positions[i] : TA_LINE_ENDING_NONE;
}

static void
set_line_ending (TaComposer   *self,
                 TaLineEnding  ending)
{
  for (guint i = 0; i < G_N_ELEMENTS (ending_positions); i++)
    if (ending_positions[i] == ending)
      gtk_drop_down_set_selected (self->ending_dropdown, i);
}

/* The dropdown's model is the TaChecksum enum, in order. */
static TaChecksum
checksum (TaComposer *self)
{
  guint i = gtk_drop_down_get_selected (self->checksum_dropdown);

  return i < TA_CHECKSUM_N_TYPES ? (TaChecksum) i : TA_CHECKSUM_NONE;
}

static char *
checksum_label (GObject    *item,
                const char *id,
                gpointer    user_data)
{
  TaChecksum value = TA_CHECKSUM_NONE;

  ta_checksum_from_id (id, &value);
  /* "None" alone would not say of what. */
  if (value == TA_CHECKSUM_NONE)
    return g_strdup (_("No checksum"));
  return g_strdup (ta_checksum_get_label (value));
}

/* The enum properties follow their dropdowns, so GSettings binds the
 * enum keys to them directly. */
static void
on_mode_selected (TaComposer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MODE]);
}

static void
on_ending_selected (TaComposer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LINE_ENDING]);
}

static void
on_checksum_selected (TaComposer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHECKSUM]);
}

/**
 * ta_composer_get_charset:
 *
 * Returns: the send encoding, such as "GBK"
 */
const char *
ta_composer_get_charset (TaComposer *self)
{
  g_return_val_if_fail (TA_IS_COMPOSER (self), NULL);
  return ta_charset_dropdown_get_id (self->charset_dropdown);
}

static void
on_charset_changed (TaComposer *self)
{
  if (self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "send-encoding", ta_composer_get_charset (self));
  if (self->store)
    ta_log_store_set_send_charset (self->store, ta_composer_get_charset (self));
  update_checksum_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CHARSET]);
}

static void
on_send_encoding_setting (TaComposer *self)
{
  g_autofree char *charset = g_settings_get_string (self->settings, "send-encoding");

  ta_charset_dropdown_set_id (self->charset_dropdown, *charset ? charset : ta_codec_default_send_charset ());
}

/* State */

void
ta_composer_show_error (TaComposer *self,
                        const char *message)
{
  g_return_if_fail (TA_IS_COMPOSER (self));
  ta_label_set_error (self->send_error, message);
}

static void
update_actions (TaComposer *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send-file",
                                 self->connected && !ta_file_bar_is_busy (self->file_bar));
}

static void
update_send_button (TaComposer *self)
{
  GtkWidget *button = GTK_WIDGET (self->send_button);

  /* Escape stops a repeat; otherwise it goes on to the page (the Client
   * page's Escape cancels connecting). */
  gboolean repeating = ta_composer_repeat_is_running (self->repeat);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.stop", repeating);
  if (repeating)
    {
      gtk_button_set_label (self->send_button, _("_Stop"));
      gtk_widget_set_tooltip_text (button, _("Stop repeating (Escape)"));
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_button_set_label (self->send_button, _("Sen_d"));
      gtk_widget_set_tooltip_text (button, _("Enter sends · Shift+Enter for a new line"));
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }
}

/**
 * ta_composer_set_connected:
 *
 * Whether there is somewhere to send to; sending a file needs it, and a
 * repeat stops without it.
 */
void
ta_composer_set_connected (TaComposer *self,
                           gboolean    connected)
{
  g_return_if_fail (TA_IS_COMPOSER (self));

  self->connected = connected;
  if (!connected)
    ta_composer_stop_repeat (self);
  update_actions (self);
  /* "Not connected: …" was about the state before: what stays is what
   * the message box itself says (an invalid hex digit). */
  ta_composer_refresh_error (self);
}

/* Sending */

static char *
dup_message_text (TaComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * ta_composer_get_sending_text:
 *
 * While a TaComposerTargetsFunc is asked where a message from the box
 * (or ta_composer_send_text()) goes: that message, so a page can send it
 * later (the Client page's one-shot connects first). %NULL for quick
 * messages, files and repeat ticks.
 *
 * Returns: (nullable): the message being sent
 */
const char *
ta_composer_get_sending_text (TaComposer *self)
{
  g_return_val_if_fail (TA_IS_COMPOSER (self), NULL);
  return self->sending_text;
}

/* "+ C5 CD" next to the checksum: the bytes it adds to what is typed. */
static void
update_checksum_preview (TaComposer *self)
{
  g_autofree char *text = NULL;
  g_autofree char *preview = NULL;

  if (checksum (self) == TA_CHECKSUM_NONE)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->checksum_preview), FALSE);
      return;
    }
  text = dup_message_text (self);
  preview = ta_message_checksum_preview (text, message_mode (self), ta_composer_get_charset (self),
                                         checksum (self), NULL);
  gtk_label_set_text (self->checksum_preview, preview ? preview : "");
  gtk_widget_set_visible (GTK_WIDGET (self->checksum_preview), preview != NULL && *preview != '\0');
}

static GPtrArray *
get_targets (TaComposer *self)
{
  g_autofree char *why_not = NULL;
  GPtrArray *targets = NULL;

  if (self->targets_func != NULL)
    targets = self->targets_func (self->targets_data, &why_not);
  if (targets != NULL && targets->len == 0)
    g_clear_pointer (&targets, g_ptr_array_unref);
  if (targets == NULL)
    ta_label_set_error (self->send_error, why_not ? why_not : _("Not connected."));
  return targets;
}

/* Queues @bytes, built once, on every target. */
static gboolean
queue_bytes (TaComposer *self,
             GPtrArray  *targets,
             GBytes     *bytes,
             const char *charset)
{
  g_autoptr(GError) error = NULL;
  guint n_sent = 0;

  /* The log shows what was sent as text in the encoding it was made in. */
  if (self->store)
    ta_log_store_set_send_charset (self->store, charset);
  for (guint i = 0; i < targets->len; i++)
    {
      g_autoptr(GError) send_error = NULL;

      if (ta_connection_send (targets->pdata[i], bytes, TA_SEND_DEFAULT, &send_error))
        n_sent++;
      else if (error == NULL)
        error = g_steal_pointer (&send_error);
    }
  if (n_sent == 0)
    {
      ta_label_set_error (self->send_error, error ? error->message
                                                  : _("The message could not be sent: the connection is gone."));
      return FALSE;
    }
  ta_label_set_error (self->send_error, NULL);
  g_signal_emit (self, signals[SENT], 0, bytes);
  return TRUE;
}

static gboolean
check_file_busy (TaComposer *self)
{
  if (!ta_file_bar_is_busy (self->file_bar))
    return FALSE;
  ta_label_set_error (self->send_error, _("A file is being sent. Wait until it is sent, or cancel it."));
  return TRUE;
}

/* Builds the bytes of @text once and queues them on every target. */
static gboolean
send_message (TaComposer *self,
              const char *text,
              gboolean    hex,
              gboolean    remember)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  self->sending_text = text;
  targets = get_targets (self);
  self->sending_text = NULL;
  if (targets == NULL || check_file_busy (self))
    return FALSE;

  /* The line ending is for text ("Added after each text message"): hex
   * says every byte itself. */
  bytes = ta_message_build (text, hex ? TA_MESSAGE_MODE_HEX : TA_MESSAGE_MODE_TEXT,
                            ta_composer_get_charset (self),
                            hex ? TA_LINE_ENDING_NONE : line_ending (self),
                            checksum (self), &error);
  if (bytes == NULL)
    {
      ta_label_set_error (self->send_error, error->message);
      return FALSE;
    }
  if (!queue_bytes (self, targets, bytes, ta_composer_get_charset (self)))
    return FALSE;
  if (remember)
    ta_history_popover_remember (self->history_popover, text, hex);
  return TRUE;
}

/* Quick messages */

/* A quick message goes out with its own format, encoding, line ending
 * and checksum, whatever the composer shows. */
static gboolean
send_quick (TaComposer     *self,
            TaQuickMessage *message)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  targets = get_targets (self);
  if (targets == NULL || check_file_busy (self))
    return FALSE;
  bytes = ta_quick_message_build (message, &error);
  if (bytes == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the name of a quick message, then why it cannot be sent */
      text = g_strdup_printf (_("“%s” was not sent: %s"), ta_quick_message_get_name (message), error->message);
      ta_label_set_error (self->send_error, text);
      return FALSE;
    }
  return queue_bytes (self, targets, bytes, ta_quick_message_get_charset (message));
}

static void
on_quick_send (TaComposer     *self,
               TaQuickMessage *message)
{
  send_quick (self, message);
}

static void
quick_send_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TaComposer *self = TA_COMPOSER (widget);
  TaQuickMessages *model = ta_quick_popover_get_model (self->quick_popover);
  guint position = g_variant_get_uint32 (param);
  g_autoptr(TaQuickMessage) message = NULL;

  if (model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (model)))
    {
      g_autofree char *text = NULL;

      /* Translators: %u is 1 to 9, from Ctrl+1 to Ctrl+9 */
      text = g_strdup_printf (_("There is no quick message %u. Add one with the star button."), position + 1);
      ta_label_set_error (self->send_error, text);
      return;
    }
  message = g_list_model_get_item (G_LIST_MODEL (model), position);
  send_quick (self, message);
}

/* "Add Current Message": the name is the start of the message. */
static void
on_quick_add (TaComposer *self)
{
  g_autofree char *text = dup_message_text (self);
  g_autofree char *name = NULL;
  g_autoptr(TaQuickMessage) message = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *newline;

  /* Only what could be sent is kept. */
  {
    g_autoptr(GBytes) bytes = ta_message_build (text, message_mode (self), ta_composer_get_charset (self),
                                                line_ending (self), checksum (self), &error);

    if (bytes == NULL)
      {
        ta_label_set_error (self->send_error, error->message);
        return;
      }
  }
  newline = strpbrk (text, "\r\n");
  name = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, newline ? newline - text : -1), 32));
  ta_display_escape (name, -1, shown);
  message = ta_quick_message_new (shown->str, text, message_mode (self), ta_composer_get_charset (self),
                                  is_hex (self) ? TA_LINE_ENDING_NONE : line_ending (self), checksum (self));
  ta_quick_messages_append (ta_quick_popover_get_model (self->quick_popover), message);
  ta_label_set_error (self->send_error, NULL);
}

/**
 * ta_composer_send_text:
 *
 * Sends @text with the composer's format, encoding and line ending, and
 * remembers it in the history; shows what went wrong under the message box.
 *
 * Returns: whether it was queued
 */
gboolean
ta_composer_send_text (TaComposer *self,
                       const char *text)
{
  g_return_val_if_fail (TA_IS_COMPOSER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return send_message (self, text, is_hex (self), TRUE);
}

/* Repeat */

gboolean
ta_composer_is_repeating (TaComposer *self)
{
  g_return_val_if_fail (TA_IS_COMPOSER (self), FALSE);
  return ta_composer_repeat_is_running (self->repeat);
}

void
ta_composer_stop_repeat (TaComposer *self)
{
  g_return_if_fail (TA_IS_COMPOSER (self));
  ta_composer_repeat_stop (self->repeat);
}

/* One send of a run. After the first, at most one repeated message waits
 * in a queue at a time: while the previous one has not gone out, this
 * tick is skipped. */
static TaRepeatResult
repeat_send (gpointer    user_data,
             const char *text,
             gboolean    hex,
             gboolean    first)
{
  TaComposer *self = user_data;

  if (!first)
    {
      g_autoptr(GPtrArray) targets = NULL;
      g_autofree char *why_not = NULL;

      if (self->targets_func != NULL)
        targets = self->targets_func (self->targets_data, &why_not);
      if (targets == NULL || targets->len == 0)
        return TA_REPEAT_STOP;
      for (guint i = 0; i < targets->len; i++)
        if (ta_connection_get_queued_bytes (targets->pdata[i]) > 0)
          return TA_REPEAT_SKIP;
    }
  /* The first one is remembered in the history. */
  return send_message (self, text, hex, first) ? TA_REPEAT_SENT : TA_REPEAT_STOP;
}

static void
on_repeat_status (TaComposer *self)
{
  const char *status = ta_composer_repeat_get_status (self->repeat);

  gtk_label_set_text (self->repeat_count_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_count_label), *status != '\0');
}

static void
start_repeat (TaComposer *self)
{
  g_autofree char *text = dup_message_text (self);

  /* The message is read once, when the run starts. */
  ta_composer_repeat_start (self->repeat, text, is_hex (self),
                            (guint) gtk_spin_button_get_value_as_int (self->repeat_spin),
                            (guint) gtk_spin_button_get_value_as_int (self->times_spin));
}

static void
on_repeat_toggled (TaComposer *self)
{
  if (!gtk_check_button_get_active (self->repeat_check))
    ta_composer_stop_repeat (self);
}

static void
on_repeat_interval_changed (TaComposer *self)
{
  ta_composer_repeat_set_interval (self->repeat, (guint) gtk_spin_button_get_value_as_int (self->repeat_spin));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaComposer *self = TA_COMPOSER (widget);
  g_autofree char *text = NULL;

  if (ta_composer_repeat_is_running (self->repeat))
    {
      ta_composer_stop_repeat (self);
      return;
    }
  if (gtk_check_button_get_active (self->repeat_check))
    {
      start_repeat (self);
      return;
    }
  text = dup_message_text (self);
  send_message (self, text, is_hex (self), TRUE);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ta_composer_stop_repeat (TA_COMPOSER (widget));
}

/* Sending a file */

/**
 * ta_composer_send_file:
 *
 * Sends the bytes of @file to where messages go, with progress under the
 * message box and a line in the log when it starts and ends. What the
 * "Send File…" button does once a file is chosen.
 */
void
ta_composer_send_file (TaComposer *self,
                       GFile      *file)
{
  g_autoptr(GPtrArray) targets = NULL;

  g_return_if_fail (TA_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  targets = get_targets (self);
  if (targets == NULL)
    return;
  if (ta_file_bar_is_busy (self->file_bar))
    {
      ta_label_set_error (self->send_error, _("A file is being sent. Wait until it is sent, or cancel it."));
      return;
    }
  /* The file's bytes must not be mixed with repeated messages. */
  ta_composer_stop_repeat (self);
  ta_label_set_error (self->send_error, NULL);
  ta_file_bar_start (self->file_bar, targets, file);
}

gboolean
ta_composer_is_sending_file (TaComposer *self)
{
  g_return_val_if_fail (TA_IS_COMPOSER (self), FALSE);
  return ta_file_bar_is_busy (self->file_bar);
}

static void
on_file_started (TaComposer *self,
                 guint       n_connections)
{
  g_signal_emit (self, signals[FILE_STARTED], 0, n_connections);
}

static void
on_file_finished (TaComposer *self,
                  const char *error)
{
  if (error != NULL)
    ta_label_set_error (self->send_error, error);
}

/* The file bar asks which file, and emits "chosen" (wired to
 * ta_composer_send_file() in the template). */
static void
send_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ta_file_bar_choose (TA_COMPOSER (widget)->file_bar);
}

/**
 * ta_composer_cancel_all:
 *
 * Stops repeating and sending a file (the page is going away).
 */
void
ta_composer_cancel_all (TaComposer *self)
{
  g_return_if_fail (TA_IS_COMPOSER (self));

  ta_composer_stop_repeat (self);
  if (ta_file_bar_is_busy (self->file_bar))
    ta_file_bar_cancel (self->file_bar);
}

/* Message box */

static gboolean
is_plain_enter (guint           keyval,
                GdkModifierType state)
{
  return (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
         !(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK));
}

/* Enter sends; but the input method sees it first. With IBus or fcitx,
 * Enter while composing pinyin commits the typed letters: that key is
 * the input method's, and nothing is sent. */
static gboolean
on_message_key_pressed (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        TaComposer            *self)
{
  GdkEvent *event;

  if (!is_plain_enter (keyval, state))
    return FALSE;
  event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  if (event != NULL && gtk_text_view_im_context_filter_keypress (self->message_view, event))
    return TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self), "composer.send", NULL);
  return TRUE;
}

/**
 * ta_composer_refresh_error:
 *
 * Derives the line under the message box from what is in the box now:
 * an invalid hex digit stays said, anything about an earlier state (not
 * connected, the selected client left) goes. Pages call it when where
 * messages go changes.
 */
void
ta_composer_refresh_error (TaComposer *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TA_IS_COMPOSER (self));

  if (!is_hex (self))
    {
      ta_label_set_error (self->send_error, NULL);
      return;
    }
  text = dup_message_text (self);
  bytes = ta_hex_parse (text, &error);
  ta_label_set_error (self->send_error, bytes ? NULL : error->message);
}

static void
on_message_changed (TaComposer *self)
{
  update_checksum_preview (self);
  ta_composer_refresh_error (self);
}

/* Text -> Hex shows the typed text's bytes in the send encoding (你好 in
 * GBK is C4 E3 BA C3); Hex -> Text decodes them back when they are text
 * in that encoding, else the hex stays and the line under the box says
 * why. The box always holds what goes out. */
static void
on_mode_changed (TaComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  g_autofree char *text = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GError) error = NULL;
  gboolean hex = is_hex (self);

  if (hex == self->shown_hex)
    return;
  self->shown_hex = hex;
  text = dup_message_text (self);
  if (*text == '\0')
    {
      ta_composer_refresh_error (self);
      return;
    }
  if (hex)
    converted = ta_message_text_to_hex (text, ta_composer_get_charset (self), &error);
  else
    {
      g_autoptr(GBytes) bytes = ta_hex_parse (text, NULL);

      /* Not hex at all (letters typed in Hex): they are just text now. */
      if (bytes == NULL)
        {
          ta_composer_refresh_error (self);
          return;
        }
      converted = ta_message_hex_to_text (text, ta_composer_get_charset (self), &error);
    }
  if (converted == NULL)
    {
      /* The core's sentence says what stays and why ("… is not valid
       * GBK. The message stays in hex."). */
      update_checksum_preview (self);
      ta_label_set_error (self->send_error, error->message);
      return;
    }
  gtk_text_buffer_set_text (buffer, converted, -1);
}

static void
on_history_chosen (TaComposer *self,
                   const char *text,
                   gboolean    hex)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter end;

  /* The chosen text is already in its format: no converting. */
  gtk_text_buffer_set_text (buffer, "", -1);
  gtk_drop_down_set_selected (self->mode_dropdown, hex ? 1 : 0);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_widget_grab_focus (GTK_WIDGET (self->message_view));
}

/* A quick-messages file that could not be read is said once, in a toast,
 * when the first composer shows. */
static void
on_map (TaComposer *self)
{
  g_autofree char *error = ta_quick_store_take_startup_error ();

  if (error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error);
}

/**
 * ta_composer_setup:
 * @settings: the application's settings
 * @mode_key: the key of the text/hex choice
 * @ending_key: the key of the line ending
 * @checksum_key: the key of the checksum
 * @store: the page's log, for file events and to show sent text
 *
 * Done once by the page, after its template is built.
 */
void
ta_composer_setup (TaComposer *self,
                   GSettings  *settings,
                   const char *mode_key,
                   const char *ending_key,
                   const char *checksum_key,
                   TaLogStore *store)
{
  g_return_if_fail (TA_IS_COMPOSER (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->store = g_object_ref (store);
  ta_file_bar_set_log_store (self->file_bar, store);
  ta_history_popover_set_settings (self->history_popover, settings);
  ta_quick_popover_set_model (self->quick_popover, ta_quick_store_get ());
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  /* Enum keys bound to enum properties: the keys' nicks are the enums'. */
  g_settings_bind (settings, mode_key, self, "mode", G_SETTINGS_BIND_DEFAULT);
  self->shown_hex = is_hex (self);
  g_settings_bind (settings, ending_key, self, "line-ending", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, checksum_key, self, "checksum", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "repeat-interval", self->repeat_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "repeat-times", self->times_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::send-encoding", G_CALLBACK (on_send_encoding_setting),
                           self, G_CONNECT_SWAPPED);
  on_send_encoding_setting (self);
  ta_log_store_set_send_charset (store, ta_composer_get_charset (self));
}

/**
 * ta_composer_set_targets_func:
 *
 * Where messages and files go; asked before each one.
 */
void
ta_composer_set_targets_func (TaComposer            *self,
                              TaComposerTargetsFunc  func,
                              gpointer               user_data)
{
  g_return_if_fail (TA_IS_COMPOSER (self));

  self->targets_func = func;
  self->targets_data = user_data;
}

/**
 * ta_composer_set_message_label:
 *
 * What the message box is called for screen readers, e.g. "Message to
 * all clients".
 */
void
ta_composer_set_message_label (TaComposer *self,
                               const char *label)
{
  g_return_if_fail (TA_IS_COMPOSER (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* GtkBuildable: <child type="option"> and <child type="start"> */

static void
ta_composer_buildable_add_child (GtkBuildable *buildable,
                                 GtkBuilder   *builder,
                                 GObject      *child,
                                 const char   *type)
{
  TaComposer *self = TA_COMPOSER (buildable);

  if (g_strcmp0 (type, "option") == 0 && GTK_IS_WIDGET (child))
    {
      gtk_box_append (GTK_BOX (self->more_box), GTK_WIDGET (child));
    }
  else if (g_strcmp0 (type, "start") == 0 && GTK_IS_WIDGET (child))
    gtk_box_prepend (GTK_BOX (self->start_box), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
ta_composer_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = ta_composer_buildable_add_child;
}

static void
ta_composer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TaComposer *self = TA_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_CHARSET:
      g_value_set_string (value, ta_composer_get_charset (self));
      break;
    case PROP_MODE:
      g_value_set_enum (value, message_mode (self));
      break;
    case PROP_LINE_ENDING:
      g_value_set_enum (value, line_ending (self));
      break;
    case PROP_CHECKSUM:
      g_value_set_enum (value, checksum (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_composer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TaComposer *self = TA_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      gtk_drop_down_set_selected (self->mode_dropdown, g_value_get_enum (value) == TA_MESSAGE_MODE_HEX);
      break;
    case PROP_LINE_ENDING:
      set_line_ending (self, g_value_get_enum (value));
      break;
    case PROP_CHECKSUM:
      /* The dropdown's model is the TaChecksum enum, in order. */
      gtk_drop_down_set_selected (self->checksum_dropdown, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_composer_dispose (GObject *object)
{
  GtkWidget *child;
  TaComposer *self = TA_COMPOSER (object);

  if (self->repeat)
    g_signal_handlers_disconnect_by_data (self->repeat, self);
  g_clear_object (&self->repeat);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_COMPOSER);
  /* Boxes that are not template children (and what pages added) go too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ta_composer_parent_class)->dispose (object);
}

static void
ta_composer_class_init (TaComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_composer_dispose;
  object_class->get_property = ta_composer_get_property;
  object_class->set_property = ta_composer_set_property;

  /**
   * TaComposer:charset:
   *
   * The send encoding, such as "GBK".
   */
  props[PROP_CHARSET] = g_param_spec_string ("charset", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * TaComposer:mode:
   *
   * Whether the message box is read as text or hex; bound to a settings key.
   */
  props[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, TA_TYPE_MESSAGE_MODE, TA_MESSAGE_MODE_TEXT,
                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * TaComposer:line-ending:
   *
   * What is added after each text message; bound to a settings key.
   */
  props[PROP_LINE_ENDING] = g_param_spec_enum ("line-ending", NULL, NULL, TA_TYPE_LINE_ENDING,
                                               TA_LINE_ENDING_NONE,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                               G_PARAM_STATIC_STRINGS);
  /**
   * TaComposer:checksum:
   *
   * The checksum added after each message's bytes; bound to a settings key.
   */
  props[PROP_CHECKSUM] = g_param_spec_enum ("checksum", NULL, NULL, TA_TYPE_CHECKSUM, TA_CHECKSUM_NONE,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * TaComposer::sent:
   * @bytes: what was queued, on each target
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /**
   * TaComposer::file-started:
   * @n_connections: how many connections the file goes to
   */
  signals[FILE_STARTED] = g_signal_new ("file-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (TA_TYPE_CHECKSUM);
  g_type_ensure (ADW_TYPE_ENUM_LIST_MODEL);
  g_type_ensure (TA_TYPE_FILE_BAR);
  g_type_ensure (TA_TYPE_HISTORY_POPOVER);
  g_type_ensure (TA_TYPE_QUICK_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ta-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, TaComposer, message_row);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, start_box);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, message_view);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, history_button);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, history_popover);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, quick_button);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, quick_popover);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, options_box);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, repeat_box);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, more_box);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, checksum_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, checksum_preview);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, repeat_check);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, repeat_spin);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, times_spin);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, repeat_count_label);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, send_file_button);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, file_bar);
  gtk_widget_class_bind_template_child (widget_class, TaComposer, send_error);
  gtk_widget_class_bind_template_callback (widget_class, on_message_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_message_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_history_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_repeat_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_repeat_interval_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_file_started);
  gtk_widget_class_bind_template_callback (widget_class, on_file_finished);
  gtk_widget_class_bind_template_callback (widget_class, ta_composer_send_file);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, update_checksum_preview);
  gtk_widget_class_bind_template_callback (widget_class, checksum_label);
  gtk_widget_class_bind_template_callback (widget_class, on_quick_send);
  gtk_widget_class_bind_template_callback (widget_class, on_quick_add);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_ending_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_checksum_selected);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "composer.send-file", NULL, send_file_action);
  gtk_widget_class_install_action (widget_class, "composer.quick-send", "u", quick_send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "composer.stop", NULL);
  /* Only while the focus is in the composer: Alt+1 and Alt+2 are the pages. */
  for (guint i = 0; i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "composer.quick-send", "u", i);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tacomposer");
}

static void
ta_composer_init (TaComposer *self)
{
  GtkBoxLayout *layout;

  self->repeat = ta_composer_repeat_new (repeat_send, self);
  g_signal_connect_swapped (self->repeat, "notify::status", G_CALLBACK (on_repeat_status), self);
  g_signal_connect_swapped (self->repeat, "notify::running", G_CALLBACK (update_send_button), self);
  gtk_widget_init_template (GTK_WIDGET (self));
  layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (layout, 6);

  /* The charsets come from the core's table. */
  self->charset_dropdown = ta_charset_dropdown_new (FALSE);
  gtk_box_insert_child_after (GTK_BOX (self->options_box), GTK_WIDGET (self->charset_dropdown),
                              GTK_WIDGET (self->mode_dropdown));
  g_signal_connect_swapped (self->charset_dropdown, "notify::selected", G_CALLBACK (on_charset_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->message_view), "changed",
                            G_CALLBACK (on_message_changed), self);
  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (on_mode_changed), self);

  update_send_button (self);
  update_actions (self);
}

/* For tests */

GtkTextView *_ta_composer_get_message_view (TaComposer *self) { return self->message_view; }
GtkLabel *_ta_composer_get_send_error (TaComposer *self) { return self->send_error; }
GtkDropDown *_ta_composer_get_mode_dropdown (TaComposer *self) { return self->mode_dropdown; }
GtkDropDown *_ta_composer_get_charset_dropdown (TaComposer *self) { return self->charset_dropdown; }
GtkDropDown *_ta_composer_get_ending_dropdown (TaComposer *self) { return self->ending_dropdown; }
GtkDropDown *_ta_composer_get_checksum_dropdown (TaComposer *self) { return self->checksum_dropdown; }
GtkLabel *_ta_composer_get_checksum_preview (TaComposer *self) { return self->checksum_preview; }
GtkCheckButton *_ta_composer_get_repeat_check (TaComposer *self) { return self->repeat_check; }
GtkSpinButton *_ta_composer_get_repeat_spin (TaComposer *self) { return self->repeat_spin; }
GtkSpinButton *_ta_composer_get_times_spin (TaComposer *self) { return self->times_spin; }
GtkLabel *_ta_composer_get_repeat_count_label (TaComposer *self) { return self->repeat_count_label; }
GtkButton *_ta_composer_get_send_button (TaComposer *self) { return self->send_button; }
TaQuickPopover *_ta_composer_get_quick_popover (TaComposer *self) { return self->quick_popover; }
GtkListBox *
_ta_composer_get_history_list (TaComposer *self)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (self->history_popover),
                                                      TA_TYPE_HISTORY_POPOVER, "list"));
}
GtkProgressBar *
_ta_composer_get_file_progress (TaComposer *self)
{
  return GTK_PROGRESS_BAR (gtk_widget_get_template_child (GTK_WIDGET (self->file_bar),
                                                          TA_TYPE_FILE_BAR, "progress"));
}
