/* ta-doctor-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches a TaClient: when a connect fails (not when the user cancels
 * it), runs the connection doctor, writes its sentences to the page's log
 * as event lines, and shows a "Why did it fail?" button whose popover
 * holds the same diagnosis. Hidden again when the next connect starts.
 * A connect that succeeds but takes over a second gets one sentence in
 * the log with the usual causes.
 * The client page only creates it and places it under its inline error.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ta-address.h"
#include "ta-doctor.h"
#include "ta-doctor-button.h"

struct _TaDoctorButton
{
  GtkWidget     parent_instance;

  GtkWidget    *menu_button;
  GtkLabel     *label;
  TaClient     *client;
  TaLogStore   *store;
  GCancellable *cancellable;
  char         *text;
  char         *logged_summary;  /* the last diagnosis written to the log */
  guint         probe_ms;
  gint64        connect_started;
};

/* A connect slower than this gets a sentence in the log. */
#define SLOW_CONNECT_US (1 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (TaDoctorButton, ta_doctor_button, GTK_TYPE_WIDGET)

static void
cancel_running (TaDoctorButton *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
on_connecting (TaDoctorButton *self)
{
  cancel_running (self);
  self->connect_started = g_get_monotonic_time ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* Slow but successful: say how long it took and the usual causes, without
 * probing a server that works. */
static void
on_connected (TaDoctorButton *self)
{
  gint64 took = g_get_monotonic_time () - self->connect_started;

  g_clear_pointer (&self->logged_summary, g_free);
  const char *target = ta_client_get_target (self->client);
  g_autofree char *host = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GInetAddress) literal = NULL;
  guint16 port = 0;

  if (self->connect_started == 0 || took < SLOW_CONNECT_US || target == NULL ||
      !ta_parse_host (target, &host, &port, NULL))
    return;
  literal = g_inet_address_new_from_string (host);
  if (literal == NULL)
    line = g_strdup_printf (_("Connecting took %.1f s. A slow name look-up is the usual cause with a name "
                              "such as “%s”: typing the server’s IP address instead may be faster. "
                              "A busy server or a slow network can also cause it."),
                            took / 1e6, host);
  else
    line = g_strdup_printf (_("Connecting took %.1f s: the server is busy, or the network is slow or "
                              "loses packets (each lost packet costs about a second)."), took / 1e6);
  ta_log_store_append_event (self->store, TA_LOG_EVENT, target, line);
}

typedef struct {
  TaDoctorButton *self;   /* weak: cleared by dispose through the cancellable */
  char           *target;
} Pending;

static void
diagnosed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(TaDiagnosis) d = ta_doctor_diagnose_finish (result, NULL);
  TaDoctorButton *self = pending->self;
  g_autofree char *line = NULL;

  if (d == NULL || self == NULL)
    goto out;   /* cancelled: a new connect started, or the page went away */

  g_clear_object (&self->cancellable);
  /* Automatic reconnects fail the same way again and again: the log gets
   * a diagnosis once, until it changes or a connect succeeds. */
  if (g_strcmp0 (d->summary, self->logged_summary) != 0)
    {
      /* Translators: the first line of a diagnosis in the log */
      line = g_strdup_printf (_("Why: %s"), d->summary);
      ta_log_store_append_event (self->store, TA_LOG_EVENT, pending->target, line);
      for (guint i = 0; i < d->facts->len; i++)
        ta_log_store_append_event (self->store, TA_LOG_EVENT, pending->target, g_ptr_array_index (d->facts, i));
      g_free (line);
      /* Translators: the last line of a diagnosis in the log */
      line = g_strdup_printf (_("Next step: %s"), d->next_step);
      ta_log_store_append_event (self->store, TA_LOG_EVENT, pending->target, line);
      g_free (self->logged_summary);
      self->logged_summary = g_strdup (d->summary);
    }

  g_free (self->text);
  self->text = ta_diagnosis_to_text (d);
  gtk_label_set_text (self->label, self->text);
  gtk_widget_set_sensitive (self->menu_button, TRUE);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->menu_button), _("Why did it fail?"));

out:
  if (pending->self != NULL)
    g_object_remove_weak_pointer (G_OBJECT (pending->self), (gpointer *) &pending->self);
  g_free (pending->target);
  g_free (pending);
}

static void
on_connect_failed (TaDoctorButton *self,
                   const char     *sentence,
                   GError         *error)
{
  const char *target = ta_client_get_target (self->client);
  g_autofree char *host = NULL;
  guint16 port = 0;
  Pending *pending;

  cancel_running (self);
  /* Cancelled, or the chosen local side could not be used (its sentence
   * says it all): nothing to diagnose about the target. */
  /* TLS failed after TCP connected: its sentence says why; the network is fine. */
  if (error->domain == G_TLS_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) || target == NULL ||
      !ta_parse_host (target, &host, &port, NULL) || port == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  g_clear_pointer (&self->text, g_free);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->menu_button), _("Finding out why…"));
  gtk_widget_set_sensitive (self->menu_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->target = g_strdup (target);
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &pending->self);
  self->cancellable = g_cancellable_new ();
  ta_doctor_diagnose_async (host, port, error, self->probe_ms, self->cancellable, diagnosed_cb, pending);
}

static void
ta_doctor_button_dispose (GObject *object)
{
  TaDoctorButton *self = TA_DOCTOR_BUTTON (object);

  cancel_running (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);

  G_OBJECT_CLASS (ta_doctor_button_parent_class)->dispose (object);
}

static void
ta_doctor_button_finalize (GObject *object)
{
  g_free (TA_DOCTOR_BUTTON (object)->text);
  g_free (TA_DOCTOR_BUTTON (object)->logged_summary);

  G_OBJECT_CLASS (ta_doctor_button_parent_class)->finalize (object);
}

static void
ta_doctor_button_class_init (TaDoctorButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_doctor_button_dispose;
  object_class->finalize = ta_doctor_button_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ta_doctor_button_init (TaDoctorButton *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), label);
  self->label = GTK_LABEL (label);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), popover);
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (self->menu_button), TRUE);
  gtk_widget_set_halign (self->menu_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->menu_button, _("What the app found out about this failure, and what to do next"));
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * ta_doctor_button_new:
 *
 * Returns: a hidden button that diagnoses @client's failed connects into
 * @store
 */
GtkWidget *
ta_doctor_button_new (TaClient   *client,
                      TaLogStore *store)
{
  TaDoctorButton *self = g_object_new (TA_TYPE_DOCTOR_BUTTON, NULL);

  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  g_signal_connect_swapped (client, "connecting", G_CALLBACK (on_connecting), self);
  g_signal_connect_swapped (client, "connect-failed", G_CALLBACK (on_connect_failed), self);
  g_signal_connect_swapped (client, "connected", G_CALLBACK (on_connected), self);
  return GTK_WIDGET (self);
}

/**
 * ta_doctor_button_get_text:
 *
 * Returns: (nullable): the diagnosis shown in the popover
 */
const char *
ta_doctor_button_get_text (TaDoctorButton *self)
{
  return self->text;
}

/* For tests: how long each test connection may take. */
void
ta_doctor_button_set_probe_ms (TaDoctorButton *self,
                               guint           probe_ms)
{
  self->probe_ms = probe_ms;
}

/**
 * ta_doctor_button_find:
 *
 * Returns: (nullable) (transfer none): the doctor button inside @root
 * (the client page keeps no pointer to it: it only places it)
 */
TaDoctorButton *
ta_doctor_button_find (GtkWidget *root)
{
  if (TA_IS_DOCTOR_BUTTON (root))
    return TA_DOCTOR_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      TaDoctorButton *found = ta_doctor_button_find (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}
