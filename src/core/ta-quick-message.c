/* ta-quick-message.c: TaQuickMessage, one saved message (name + what the
 * composer needs to build its bytes again)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ta-core-enums.h"
#include "ta-quick-messages.h"

struct _TaQuickMessage {
  GObject        parent_instance;
  char          *name;
  char          *content;
  TaMessageMode  mode;
  char          *charset;
  TaLineEnding   line_ending;
  TaChecksum     checksum;
};

G_DEFINE_FINAL_TYPE (TaQuickMessage, ta_quick_message, G_TYPE_OBJECT)

enum {
  MSG_PROP_0,
  MSG_PROP_NAME,
  MSG_PROP_CONTENT,
  MSG_PROP_MODE,
  MSG_PROP_CHARSET,
  MSG_PROP_LINE_ENDING,
  MSG_PROP_CHECKSUM,
  MSG_N_PROPS
};

static GParamSpec *msg_props[MSG_N_PROPS];

static void
ta_quick_message_finalize (GObject *object)
{
  TaQuickMessage *self = TA_QUICK_MESSAGE (object);

  g_free (self->name);
  g_free (self->content);
  g_free (self->charset);

  G_OBJECT_CLASS (ta_quick_message_parent_class)->finalize (object);
}

static void
ta_quick_message_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TaQuickMessage *self = TA_QUICK_MESSAGE (object);

  switch (prop_id)
    {
    case MSG_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case MSG_PROP_CONTENT:
      g_value_set_string (value, self->content);
      break;
    case MSG_PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case MSG_PROP_CHARSET:
      g_value_set_string (value, self->charset);
      break;
    case MSG_PROP_LINE_ENDING:
      g_value_set_enum (value, self->line_ending);
      break;
    case MSG_PROP_CHECKSUM:
      g_value_set_enum (value, self->checksum);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_quick_message_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TaQuickMessage *self = TA_QUICK_MESSAGE (object);

  switch (prop_id)
    {
    case MSG_PROP_NAME:
      ta_quick_message_set_name (self, g_value_get_string (value));
      break;
    case MSG_PROP_CONTENT:
      ta_quick_message_set_content (self, g_value_get_string (value));
      break;
    case MSG_PROP_MODE:
      ta_quick_message_set_mode (self, g_value_get_enum (value));
      break;
    case MSG_PROP_CHARSET:
      ta_quick_message_set_charset (self, g_value_get_string (value));
      break;
    case MSG_PROP_LINE_ENDING:
      ta_quick_message_set_line_ending (self, g_value_get_enum (value));
      break;
    case MSG_PROP_CHECKSUM:
      ta_quick_message_set_checksum (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_quick_message_class_init (TaQuickMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ta_quick_message_finalize;
  object_class->get_property = ta_quick_message_get_property;
  object_class->set_property = ta_quick_message_set_property;

  msg_props[MSG_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "", flags);
  msg_props[MSG_PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL, "", flags);
  msg_props[MSG_PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, TA_TYPE_MESSAGE_MODE, TA_MESSAGE_MODE_TEXT, flags);
  msg_props[MSG_PROP_CHARSET] =
    g_param_spec_string ("charset", NULL, NULL, "UTF-8", flags);
  msg_props[MSG_PROP_LINE_ENDING] =
    g_param_spec_enum ("line-ending", NULL, NULL, TA_TYPE_LINE_ENDING, TA_LINE_ENDING_NONE, flags);
  msg_props[MSG_PROP_CHECKSUM] =
    g_param_spec_enum ("checksum", NULL, NULL, TA_TYPE_CHECKSUM, TA_CHECKSUM_NONE, flags);
  g_object_class_install_properties (object_class, MSG_N_PROPS, msg_props);
}

static void
ta_quick_message_init (TaQuickMessage *self)
{
  self->name = g_strdup ("");
  self->content = g_strdup ("");
  self->charset = g_strdup ("UTF-8");
}

/**
 * ta_quick_message_new:
 * @name: what the button shows
 * @content: what the user typed: text, or hex digits in hex mode
 * @charset: the encoding of text mode (kept in hex mode for switching back)
 *
 * Returns: (transfer full): a new message
 */
TaQuickMessage *
ta_quick_message_new (const char    *name,
                      const char    *content,
                      TaMessageMode  mode,
                      const char    *charset,
                      TaLineEnding   ending,
                      TaChecksum     checksum)
{
  return g_object_new (TA_TYPE_QUICK_MESSAGE,
                       "name", name,
                       "content", content,
                       "mode", mode,
                       "charset", charset,
                       "line-ending", ending,
                       "checksum", checksum,
                       NULL);
}

/**
 * ta_quick_message_copy:
 *
 * Returns: (transfer full): a new message with the same fields
 */
TaQuickMessage *
ta_quick_message_copy (TaQuickMessage *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), NULL);

  return ta_quick_message_new (self->name, self->content, self->mode,
                               self->charset, self->line_ending, self->checksum);
}

static void
set_string (TaQuickMessage  *self,
            char           **field,
            const char      *value,
            guint            prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), msg_props[prop]);
}

const char *
ta_quick_message_get_name (TaQuickMessage *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), NULL);
  return self->name;
}

void
ta_quick_message_set_name (TaQuickMessage *self,
                           const char     *name)
{
  g_return_if_fail (TA_IS_QUICK_MESSAGE (self));
  set_string (self, &self->name, name, MSG_PROP_NAME);
}

const char *
ta_quick_message_get_content (TaQuickMessage *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), NULL);
  return self->content;
}

void
ta_quick_message_set_content (TaQuickMessage *self,
                              const char     *content)
{
  g_return_if_fail (TA_IS_QUICK_MESSAGE (self));
  set_string (self, &self->content, content, MSG_PROP_CONTENT);
}

TaMessageMode
ta_quick_message_get_mode (TaQuickMessage *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), TA_MESSAGE_MODE_TEXT);
  return self->mode;
}

void
ta_quick_message_set_mode (TaQuickMessage *self,
                           TaMessageMode   mode)
{
  g_return_if_fail (TA_IS_QUICK_MESSAGE (self));
  g_return_if_fail (mode == TA_MESSAGE_MODE_TEXT || mode == TA_MESSAGE_MODE_HEX);

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), msg_props[MSG_PROP_MODE]);
}

/**
 * ta_quick_message_get_charset:
 *
 * Returns: (transfer none): an iconv name from ta_codec_get_charsets()
 */
const char *
ta_quick_message_get_charset (TaQuickMessage *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), NULL);
  return self->charset;
}

void
ta_quick_message_set_charset (TaQuickMessage *self,
                              const char     *charset)
{
  g_return_if_fail (TA_IS_QUICK_MESSAGE (self));
  set_string (self, &self->charset, charset != NULL && *charset ? charset : "UTF-8",
              MSG_PROP_CHARSET);
}

TaLineEnding
ta_quick_message_get_line_ending (TaQuickMessage *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), TA_LINE_ENDING_NONE);
  return self->line_ending;
}

void
ta_quick_message_set_line_ending (TaQuickMessage *self,
                                  TaLineEnding    ending)
{
  g_return_if_fail (TA_IS_QUICK_MESSAGE (self));
  g_return_if_fail ((guint) ending < TA_LINE_ENDING_N_TYPES);

  if (self->line_ending == ending)
    return;
  self->line_ending = ending;
  g_object_notify_by_pspec (G_OBJECT (self), msg_props[MSG_PROP_LINE_ENDING]);
}

TaChecksum
ta_quick_message_get_checksum (TaQuickMessage *self)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), TA_CHECKSUM_NONE);
  return self->checksum;
}

void
ta_quick_message_set_checksum (TaQuickMessage *self,
                               TaChecksum      checksum)
{
  g_return_if_fail (TA_IS_QUICK_MESSAGE (self));
  g_return_if_fail ((guint) checksum < TA_CHECKSUM_N_TYPES);

  if (self->checksum == checksum)
    return;
  self->checksum = checksum;
  g_object_notify_by_pspec (G_OBJECT (self), msg_props[MSG_PROP_CHECKSUM]);
}

/**
 * ta_quick_message_build:
 *
 * Returns: (transfer full) (nullable): the bytes to send, see
 *   ta_message_build() for the errors
 */
GBytes *
ta_quick_message_build (TaQuickMessage  *self,
                        GError         **error)
{
  g_return_val_if_fail (TA_IS_QUICK_MESSAGE (self), NULL);

  return ta_message_build (self->content, self->mode, self->charset,
                           self->line_ending, self->checksum, error);
}

