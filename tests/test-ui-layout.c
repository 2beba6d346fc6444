/* test-ui-layout.c: the window fits any screen, and the keyboard reaches everything
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb, at 360×640 (a phone), 600×500, 683×768 (half of a 1366×768
 * laptop) and 1280×800: the window takes the size asked for (nothing in it
 * is wider or taller than that), every control of both pages is inside the
 * window with a real size, the log keeps most of the height, the view
 * switcher moves to the bottom bar when narrow and the Server page's
 * clients list folds behind a button (and its button shows it, inside the
 * window). At the default size with four real clients, nothing is given
 * less width than it needs. A toast stays above the send bar; a dropdown's
 * tooltip is off while its choices are open. Every window shortcut does
 * its action on both pages over a real loopback connection, and is listed
 * in the shortcuts window.
 *
 * Sizes are checked with the server listening and the client connected
 * (every status shown), and at 360×640 in Chinese too. Folded (narrow or
 * short), what left the rows opens from its ⚙ popover or toggle.
 *
 * One file of ~1,100 lines: sizes, folds, toasts and shortcuts share the window
 * set-up and the geometry helpers (and the diagnostics printed when a size
 * is refused: which widgets are too wide or too tall).
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ta-client-page-private.h"
#include "ta-composer-private.h"
#include "ta-log-switcher.h"
#include "ta-server-page-private.h"
#include "ta-ui-util.h"
#include "ta-window.h"
#include "tt-ui.h"
#include "tt-util.h"

/* On failure: the widgets that want more width than the window has,
 * innermost first in the output's indentation. */
static void
report_wide (GtkWidget *widget,
             int        limit,
             int        depth)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  int min;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min <= limit)
    return;
  g_test_message ("%*s%s %s: %d px", depth, "", G_OBJECT_TYPE_NAME (widget), id ? id : "", min);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    report_wide (c, limit / 2, depth + 1);
}

static void
report_tall (GtkWidget *widget,
             int        for_width,
             int        depth)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));
  int min;

  if (!gtk_widget_get_visible (widget) || depth > 9)
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, for_width, &min, NULL, NULL, NULL);
  if (min < 30)
    return;
  g_test_message ("%*s%s %s: %d px high", depth, "", G_OBJECT_TYPE_NAME (widget), id ? id : "", min);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    report_tall (c, -1, depth + 1);
}

/* Where the height went: each visible widget at least 20 px high, with its
 * allocated height, down to @max_depth (printed when the log is too low). */
static void
report_heights (GtkWidget *widget,
                int        depth,
                int        max_depth)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_height (widget) < 20 || depth > max_depth)
    return;
  g_test_message ("%*s%s %s: %d px high", depth, "", G_OBJECT_TYPE_NAME (widget), id ? id : "",
                  gtk_widget_get_height (widget));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    report_heights (c, depth + 1, max_depth);
}

typedef struct
{
  GtkWidget *widget;
  int width;
  int height;
} SizeWait;

/* As a user dragging the window's edge: when the window was held wider
 * by its wide layout until the rows stacked, GTK kept that width as the
 * default size; ask again. */
static gboolean
size_reached (gpointer data)
{
  SizeWait *w = data;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (w->widget), &width, &height);
  if (width != w->width || height != w->height)
    gtk_window_set_default_size (GTK_WINDOW (w->widget), w->width, w->height);

  {
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (w->widget));

    /* What the screen gives the window (its surface, decorations
     * included) is what was asked, and its content has been laid out
     * (an allocation no larger than the surface). */
    return surface != NULL &&
           gdk_surface_get_width (surface) == w->width &&
           gdk_surface_get_height (surface) == w->height &&
           gtk_widget_get_width (w->widget) <= w->width &&
           gtk_widget_get_width (w->widget) >= w->width - 16 &&
           gtk_widget_get_height (w->widget) >= w->height - 16;
  }
}

static gboolean
breakpoints_applied (gpointer data)
{
  SizeWait *w = data;
  gboolean narrow = w->width < 590;
  gboolean folded = narrow || w->height < 600;

  return gtk_widget_has_css_class (w->widget, "narrow") == narrow &&
         gtk_widget_has_css_class (w->widget, "folded") == folded;
}

static gboolean
flap_settled (gpointer data)
{
  TaServerPage *page = ta_window_get_server_page (data);
  AdwFlap *flap = (AdwFlap *) gtk_widget_get_template_child (GTK_WIDGET (page), TA_TYPE_SERVER_PAGE, "flap");
  double progress = adw_flap_get_reveal_progress (flap);

  return progress == 0.0 || progress == 1.0;
}

static gboolean
flap_hidden (gpointer data)
{
  return !adw_flap_get_reveal_flap (data) && adw_flap_get_reveal_progress (data) == 0.0;
}

static void
set_size (TaWindow *window,
          int       width,
          int       height)
{
  SizeWait w = { GTK_WIDGET (window), width, height };
  gboolean ok;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  ok = tt_ui_wait_for (size_reached, &w);
  if (!ok)
    {
      int min_w, min_h;

      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, width, &min_h, NULL, NULL, NULL);
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

      g_test_message ("asked %d×%d, got %d×%d (window widget %d×%d); minimum %d×%d", width, height,
                      gdk_surface_get_width (surface), gdk_surface_get_height (surface),
                      gtk_widget_get_width (w.widget), gtk_widget_get_height (w.widget), min_w, min_h);
      report_wide (GTK_WIDGET (window), width - 24, 0);
      report_tall (GTK_WIDGET (window), min_w, 0);
    }
  g_assert_true (ok);
  /* The window's breakpoints applied (in an idle after the allocation):
   * narrow below 590 px wide, folded then or below 600 px high */
  g_assert_true (tt_ui_wait_for (breakpoints_applied, &w));
  /* Let a fold (notify::folded), its animation and the relayout after it
   * settle. */
  g_assert_true (tt_ui_wait_for (flap_settled, window));
  tt_ui_iterate_for (150 * 1000);
}


static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_CHECK_BUTTON (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_LIST_VIEW (widget);
}

static const char *
describe (GtkWidget *widget)
{
  static char buf[256];
  const char *text = NULL;

  if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  if (text == NULL)
    text = gtk_widget_get_tooltip_text (widget);
  g_snprintf (buf, sizeof buf, "%s “%s” (%s)", G_OBJECT_TYPE_NAME (widget),
              text ? text : "", gtk_widget_get_name (widget));
  return buf;
}

/* Every mapped control under @root lies inside @window with a size of at
 * least 8×8 (4 px tolerance for shadows and focus rings, which GTK may
 * allocate outside the parent). Returns how many were checked. */
static guint
check_controls (GtkWidget *window,
                GtkWidget *root)
{
  guint n = 0;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      graphene_rect_t r;

      if (!gtk_widget_get_mapped (c) || GTK_IS_POPOVER (c))
        continue;
      if (is_control (c))
        {
          g_assert_true (gtk_widget_compute_bounds (c, window, &r));
          if (r.origin.x < -4 || r.origin.y < -4 ||
              r.origin.x + r.size.width > width + 4 || r.origin.y + r.size.height > height + 4 ||
              r.size.width < 8 || r.size.height < 8)
            {
              g_test_message ("%s at %.0f,%.0f %.0f×%.0f is outside %d×%d", describe (c),
                              r.origin.x, r.origin.y, r.size.width, r.size.height, width, height);
              g_test_fail ();
            }
          n++;
          /* A dropdown's inner toggle, a spin button's text: one control */
          if (GTK_IS_DROP_DOWN (c) || GTK_IS_SPIN_BUTTON (c) || GTK_IS_EDITABLE (c))
            continue;
        }
      n += check_controls (window, c);
    }
  return n;
}

static int
height_of (GtkWidget *widget)
{
  return gtk_widget_get_height (widget);
}

/* Nothing given less width than it needs (GTK then clips it: the end of
 * the log's toolbar disappeared so beside a wide clients list). */
static void
check_not_squeezed (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      int min;

      if (!gtk_widget_get_mapped (c))
        continue;
      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      if (gtk_widget_get_width (c) < min)
        {
          const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (c));

          g_test_message ("%s %s is %d px wide, needs %d", G_OBJECT_TYPE_NAME (c), id ? id : "",
                          gtk_widget_get_width (c), min);
          report_wide (c, 0, 1);
          g_test_fail ();
        }
    }
}

static gboolean
page_laid_out (gpointer data)
{
  GtkWidget *page = data;
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (page));

  return gtk_widget_get_mapped (page) && gtk_widget_get_width (page) >= gtk_widget_get_width (window) - 2;
}

static void
check_page (TaWindow   *window,
            const char *name,
            int         width,
            int         height)
{
  GtkWidget *page;
  guint n;

  ta_window_show_page (window, name);
  page = g_str_equal (name, "server")
         ? GTK_WIDGET (ta_window_get_server_page (window))
         : GTK_WIDGET (ta_window_get_client_page (window));
  g_assert_true (tt_ui_wait_for (page_laid_out, page));
  tt_ui_iterate_for (100 * 1000);
  n = check_controls (GTK_WIDGET (window), page);
  check_not_squeezed (page);
  check_not_squeezed (GTK_WIDGET (g_str_equal (name, "server")
                                  ? _ta_server_page_get_log_view (TA_SERVER_PAGE (page))
                                  : _ta_client_page_get_log_view (TA_CLIENT_PAGE (page))));
  g_test_message ("%s page at %d×%d: %u controls inside the window", name, width, height, n);
  g_assert_cmpuint (n, >=, 15);
}

static gboolean client_connected (gpointer page);
static gboolean focus_inside (TaWindow *window, GtkWidget *widget);

static void
check_size (int width,
            int height)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaClientPage *client_page = ta_window_get_client_page (window);
  GtkWidget *switcher_bar = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "switcher_bar");
  GtkWidget *flap = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (server_page), TA_TYPE_SERVER_PAGE, "flap");
  GtkWidget *log_scroller;
  gboolean narrow = width < 590;
  g_autofree char *port_text = NULL;

  set_size (window, width, height);

  /* As in use, with every status shown: the server listening (its
   * addresses and the firewall hint under the port), the client page
   * connected to it (its counters line). */
  port_text = g_strdup_printf ("%u", tt_ui_start_server (server_page));
  gtk_editable_set_text (_ta_client_page_get_host_entry (client_page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (client_page), port_text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_page), "client.toggle", NULL));
  g_assert_true (tt_ui_wait_for (client_connected, client_page));
  tt_ui_iterate_for (300 * 1000);

  {
    GtkWidget *probe = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "width_probe");
    GtkWidget *vis = adw_squeezer_get_visible_child (ADW_SQUEEZER (probe));
    g_test_message ("window at %d×%d: %s; probe %d wide shows %s", width, height,
                    gtk_widget_has_css_class (GTK_WIDGET (window), "narrow") ? "narrow" : "wide",
                    gtk_widget_get_width (probe), vis ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (vis)) : "none");
  }
  check_page (window, "client", width, height);
  log_scroller = GTK_WIDGET (_ta_log_view_get_scrolled_window (_ta_client_page_get_log_view (client_page)));
  g_test_message ("client log at %d×%d: %d px high", width, height, height_of (log_scroller));
  /* The log keeps a good part of the height: a quarter of it or 200 px
   * (at 500 px tall, 5 rows of about 24 px at the least). */
  if (height_of (log_scroller) < MIN (height / 4, 200))
    {
      report_heights (GTK_WIDGET (client_page), 0, 6);
      g_test_fail ();
    }

  check_page (window, "server", width, height);
  log_scroller = GTK_WIDGET (_ta_log_view_get_scrolled_window (_ta_server_page_get_log_view (server_page)));
  g_test_message ("server log at %d×%d: %d px high", width, height, height_of (log_scroller));
  if (height_of (log_scroller) < MIN (height / 4, 200))
    {
      report_heights (GTK_WIDGET (server_page), 0, 6);
      g_test_fail ();
    }

  /* The switcher at the bottom when narrow, in the header bar otherwise */
  g_assert_cmpint (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (switcher_bar)), ==, narrow);

  /* The clients list: folded behind a button when narrow; the button
   * shows it inside the window, and it fits. */
  g_test_message ("clients list at %d×%d: %s", width, height,
                  adw_flap_get_folded (ADW_FLAP (flap)) ? "folded" : "beside the log");
  if (width < 683)
    g_assert_true (adw_flap_get_folded (ADW_FLAP (flap)));
  if (width >= 1000)
    g_assert_false (adw_flap_get_folded (ADW_FLAP (flap)));
  if (adw_flap_get_folded (ADW_FLAP (flap)))
    {
      GtkWidget *list = GTK_WIDGET (_ta_server_page_get_clients_view (server_page));
      GtkWidget *toggle = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (server_page), TA_TYPE_SERVER_PAGE,
                                                         "clients_button");

      g_assert_true (gtk_widget_get_mapped (toggle));
      g_assert_false (gtk_widget_get_mapped (list));
      gtk_widget_activate (toggle);
      /* (a button's activation clicks after its press animation) */
      g_assert_true (tt_ui_wait_for ((TtUiCondition) adw_flap_get_reveal_flap, flap));
      g_assert_true (tt_ui_wait_for ((TtUiCondition) gtk_widget_get_mapped, list));
      g_assert_true (tt_ui_wait_for (flap_settled, window));
      tt_ui_iterate_for (100 * 1000);
      check_controls (GTK_WIDGET (window), GTK_WIDGET (server_page));
      gtk_widget_activate (toggle);
      g_assert_true (tt_ui_wait_for (flap_hidden, flap));
    }

  tt_ui_destroy_window (window);
}

static gboolean
four_clients (gpointer page)
{
  return ta_server_get_n_clients (ta_server_page_get_server (page)) == 4;
}

/* The app's default size, with clients whose rows (address, counters)
 * make the clients list want more width. */
static void
test_default_with_clients (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  GtkWidget *flap = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), TA_TYPE_SERVER_PAGE, "flap");
  guint16 port;
  GSocketConnection *conns[4];

  set_size (window, 960, 720);
  port = tt_ui_start_server (page);
  for (guint i = 0; i < G_N_ELEMENTS (conns); i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GError) error = NULL;

      conns[i] = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conns[i])),
                                 "temperature=21.5 humidity=40\r\n", 30, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (tt_ui_wait_for (four_clients, page));
  tt_ui_iterate_for (300 * 1000);
  g_assert_false (adw_flap_get_folded (ADW_FLAP (flap)));
  {
    GtkWidget *f = adw_flap_get_flap (ADW_FLAP (flap));
    int min, nat;

    gtk_widget_measure (f, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    g_test_message ("clients list: %d px wide (minimum %d, natural %d)", gtk_widget_get_width (f), min, nat);
  }
  check_page (window, "server", 960, 720);

  for (guint i = 0; i < G_N_ELEMENTS (conns); i++)
    g_object_unref (conns[i]);
  tt_ui_destroy_window (window);
}

static GtkWidget *
find_css_name (GtkWidget  *widget,
               const char *name)
{
  if (g_str_equal (gtk_widget_get_css_name (widget), name))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_css_name (c, name);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
toast_shown (gpointer window)
{
  GtkWidget *toast = find_css_name (window, "toast");

  return toast != NULL && gtk_widget_get_mapped (toast) && gtk_widget_get_height (toast) > 0;
}

static gboolean
toast_above (gpointer composer)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (composer));
  GtkWidget *toast = find_css_name (window, "toast");
  graphene_rect_t t, c;

  return toast != NULL &&
         gtk_widget_compute_bounds (toast, window, &t) &&
         gtk_widget_compute_bounds (composer, window, &c) &&
         t.origin.y + t.size.height <= c.origin.y;
}

/* A toast stays above the send bar (message box, Send), on both pages and
 * at both ends of the widths. */
static void
check_toast (int width,
             int height)
{
  TaWindow *window = tt_ui_new_window ();

  set_size (window, width, height);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "client" : "server";
      GtkWidget *page = i == 0 ? GTK_WIDGET (ta_window_get_client_page (window))
                               : GTK_WIDGET (ta_window_get_server_page (window));
      GtkWidget *composer = i == 0 ? GTK_WIDGET (_ta_client_page_get_composer (TA_CLIENT_PAGE (page)))
                                   : GTK_WIDGET (_ta_server_page_get_composer (TA_SERVER_PAGE (page)));
      GtkWidget *toast;
      graphene_rect_t t, c;

      ta_window_show_page (window, name);
      g_assert_true (tt_ui_wait_for (page_laid_out, page));
      ta_window_add_toast (window, "Could not connect to 192.0.2.1:7788: the connection timed out.");
      g_assert_true (tt_ui_wait_for (toast_shown, window));
      /* Its entrance slides it up to its place: wait until it is above
       * the send bar (it only goes higher after that), within the
       * deadline. */
      toast = find_css_name (GTK_WIDGET (window), "toast");
      tt_ui_wait_for (toast_above, composer);
      g_assert_true (gtk_widget_compute_bounds (toast, GTK_WIDGET (window), &t));
      g_assert_true (gtk_widget_compute_bounds (composer, GTK_WIDGET (window), &c));
      g_test_message ("%s page at %d×%d: toast bottom %.0f, send bar top %.0f", name, width, height,
                      t.origin.y + t.size.height, c.origin.y);
      g_assert_cmpfloat (t.origin.y + t.size.height, <=, c.origin.y);
      gtk_widget_activate_action (toast, "toast.dismiss", NULL);
      tt_ui_iterate_for (400 * 1000);
    }
  tt_ui_destroy_window (window);
}

static void
test_toast_phone (void)
{
  check_toast (360, 640);
}

static void
test_toast_large (void)
{
  check_toast (1280, 800);
}

static GtkWidget *
child_popover (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_POPOVER (c))
      return c;
  return NULL;
}

/* A dropdown's tooltip is off while its choices are shown. */
static void
test_dropdown_tooltip (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaComposer *composer = _ta_client_page_get_composer (ta_window_get_client_page (window));
  GtkWidget *dropdown = GTK_WIDGET (_ta_composer_get_mode_dropdown (composer));
  GtkWidget *popover = child_popover (dropdown);

  ta_window_show_page (window, "client");
  set_size (window, 1280, 800);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_has_tooltip (dropdown));
  gtk_widget_activate (dropdown);    /* as Space or a click opens it */
  g_assert_true (tt_ui_wait_for ((TtUiCondition) gtk_widget_get_visible, popover));
  g_assert_false (gtk_widget_get_has_tooltip (dropdown));
  gtk_popover_popdown (GTK_POPOVER (popover));
  tt_ui_iterate_for (100 * 1000);
  g_assert_true (gtk_widget_get_has_tooltip (dropdown));
  tt_ui_destroy_window (window);
}

static gboolean
popover_shown (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
widget_sized (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) >= 8 && gtk_widget_get_height (widget) >= 8;
}

/* Opens the menu button around @inside, checks @widget is shown in its
 * popover with a real size, closes it. */
static void
check_in_popover (GtkWidget *inside,
                  GtkWidget *widget)
{
  GtkWidget *button = gtk_widget_get_ancestor (inside, GTK_TYPE_MENU_BUTTON);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_ancestor (widget, button));
  g_assert_true (gtk_widget_get_mapped (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (tt_ui_wait_for (popover_shown, button));
  /* (mapped first, allocated in the popover's next frame) */
  g_assert_true (tt_ui_wait_for (widget_sized, widget));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  tt_ui_iterate_for (100 * 1000);
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
stack_settled (gpointer stack)
{
  return !gtk_stack_get_transition_running (stack);
}

/* (a button's activation clicks after its press animation) */
static gboolean
widget_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* Folded (360×640 and 600×500), what left the page's rows is reachable:
 * the TLS switch in the port's ⚙ popover, the format and encoding in the
 * composer's; the filter row behind its toggle; Log | Conversation as two
 * toggles in the log toolbar, the switcher row back with the conversation.
 * Wide (1280×800), all of them are in the rows again. */
static void
check_folded (int      width,
              int      height,
              gboolean folded)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaComposer *composer = _ta_server_page_get_composer (server_page);
  TaLogView *view = _ta_server_page_get_log_view (server_page);
  GtkWidget *tls = GTK_WIDGET (ta_server_page_get_tls (server_page));
  GtkWidget *scope = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (server_page), TA_TYPE_SERVER_PAGE, "scope_box");
  GtkWidget *more = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (composer), TA_TYPE_COMPOSER, "more_box");
  GtkWidget *mode = GTK_WIDGET (_ta_composer_get_mode_dropdown (composer));
  GtkWidget *charset = GTK_WIDGET (_ta_composer_get_charset_dropdown (composer));
  GtkWidget *filter_toggle = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (view), TA_TYPE_LOG_VIEW, "filter_toggle");
  GtkWidget *search = GTK_WIDGET (_ta_log_view_get_search_entry (view));
  TaLogSwitcher *log_switcher = ta_log_switcher_find (GTK_WIDGET (server_page));
  GtkWidget *switcher = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (log_switcher), TA_TYPE_LOG_SWITCHER, "switcher");
  GtkWidget *slot = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (view), TA_TYPE_LOG_VIEW, "switcher_slot");

  ta_window_show_page (window, "server");
  set_size (window, width, height);
  g_assert_true (tt_ui_wait_for (page_laid_out, server_page));
  tt_ui_iterate_for (200 * 1000);

  g_assert_cmpint (gtk_widget_is_ancestor (tls, scope), ==, folded);
  g_assert_cmpint (gtk_widget_is_ancestor (mode, more), ==, folded);
  g_assert_cmpint (gtk_widget_is_ancestor (charset, more), ==, folded);
  g_assert_cmpint (gtk_widget_get_mapped (filter_toggle), ==, folded);
  g_assert_cmpint (gtk_widget_get_mapped (search), ==, !folded);
  g_assert_cmpint (gtk_widget_get_mapped (switcher), ==, !folded);
  g_assert_cmpint (gtk_widget_get_mapped (gtk_widget_get_first_child (slot)), ==, folded);
  if (folded)
    {
      GtkWidget *to_conversation = gtk_widget_get_last_child (gtk_widget_get_first_child (slot));

      check_in_popover (scope, GTK_WIDGET (gtk_widget_get_first_child (tls)));
      check_in_popover (more, mode);
      check_in_popover (more, charset);

      /* The filter toggle shows the filter row, and hides it */
      gtk_widget_activate (filter_toggle);
      g_assert_true (tt_ui_wait_for (widget_mapped, search));
      gtk_widget_activate (filter_toggle);
      g_assert_true (tt_ui_wait_for (widget_unmapped, search));

      /* The conversation from the toolbar's toggle, back from the row */
      gtk_widget_activate (to_conversation);
      g_assert_true (tt_ui_wait_for (widget_mapped, switcher));
      g_assert_cmpstr (ta_log_switcher_get_visible (log_switcher), ==, "conversation");
      g_assert_true (tt_ui_wait_for (stack_settled, gtk_widget_get_template_child (GTK_WIDGET (log_switcher),
                                                                                   TA_TYPE_LOG_SWITCHER, "stack")));
      tt_ui_iterate_for (100 * 1000);
      check_controls (GTK_WIDGET (window), GTK_WIDGET (server_page));
      gtk_widget_activate (gtk_widget_get_first_child (switcher));
      g_assert_true (tt_ui_wait_for (widget_mapped, gtk_widget_get_first_child (slot)));
      g_assert_cmpstr (ta_log_switcher_get_visible (log_switcher), ==, "log");
      g_assert_true (tt_ui_wait_for (widget_unmapped, switcher));
    }
  tt_ui_destroy_window (window);
}

/* A filter in use stays shown when the window folds, and the fold does not
 * move the focus. */
static void
test_folded_keeps_filter (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *page = ta_window_get_server_page (window);
  TaLogView *view = _ta_server_page_get_log_view (page);
  GtkWidget *search = GTK_WIDGET (_ta_log_view_get_search_entry (view));
  GtkWidget *message = GTK_WIDGET (_ta_composer_get_message_view (_ta_server_page_get_composer (page)));
  GtkWidget *toggle = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (view), TA_TYPE_LOG_VIEW, "filter_toggle");

  ta_window_show_page (window, "server");
  set_size (window, 1280, 800);
  gtk_editable_set_text (GTK_EDITABLE (search), "hello");
  g_assert_true (gtk_widget_grab_focus (message));
  set_size (window, 360, 640);
  g_assert_true (gtk_widget_get_mapped (toggle));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_true (gtk_widget_get_mapped (search));
  g_assert_true (focus_inside (window, message));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  tt_ui_destroy_window (window);
}

static void
test_folded_phone (void)
{
  check_folded (360, 640, TRUE);
}

static void
test_folded_short (void)
{
  check_folded (600, 500, TRUE);
}

static void
test_unfolded_large (void)
{
  check_folded (1280, 800, FALSE);
}

static void
test_phone (void)
{
  check_size (360, 640);
}

/* Chinese labels have other widths (and wrap anywhere): the same phone
 * size, in Chinese (the catalogs meson builds, TA_LOCALEDIR). */
static void
test_phone_chinese (void)
{
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  check_size (360, 640);
  g_setenv ("LANGUAGE", "en", TRUE);
}

static void
test_small (void)
{
  check_size (600, 500);
}

static void
test_half_laptop (void)
{
  check_size (683, 768);
}

static void
test_large (void)
{
  check_size (1280, 800);
}

/* Shortcuts: the window's own bindings, found by their trigger and
 * activated as a key press would (gtk_shortcut_action_activate on the
 * window), then checked by what they did. */

static gboolean
press (TaWindow        *window,
       guint            keyval,
       GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                 GTK_WIDGET (window), gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static gboolean
focus_inside (TaWindow  *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
server_listening (gpointer page)
{
  return ta_server_get_listening (ta_server_page_get_server (page));
}

static gboolean
server_stopped (gpointer page)
{
  return !ta_server_get_listening (ta_server_page_get_server (page));
}

static gboolean
client_connected (gpointer page)
{
  return ta_client_get_state (ta_client_page_get_client (page)) == TA_CLIENT_CONNECTED;
}

static gboolean
client_disconnected (gpointer page)
{
  return ta_client_get_state (ta_client_page_get_client (page)) == TA_CLIENT_DISCONNECTED;
}

/* The file chooser a shortcut opened (GTK's own dialog here, no portal):
 * found, then cancelled as the user would. */
static gboolean
close_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */
  gboolean found = FALSE;

  /* Let it take the focus first: closed at once, its name field warns
   * that it never saw the focus leave. */
  tt_ui_iterate_for (300 * 1000);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          gtk_dialog_response (GTK_DIALOG (w), GTK_RESPONSE_CANCEL);
          found = TRUE;
        }
    }
  tt_ui_iterate_for (50 * 1000);
  return found;
}

static gboolean
save_dialog_gone (gpointer data)
{
  return _ta_log_view_get_save_dialog (data) == NULL;
}

static gboolean
log_at_end (gpointer data)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (_ta_log_view_get_scrolled_window (data));

  return _ta_log_view_get_following (data) &&
         gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1;
}

static gboolean
log_scrollable (gpointer data)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (_ta_log_view_get_scrolled_window (data));

  return gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) * 2;
}

/* A user scrolling to the top: a scroll that lands while the rows are
 * still being measured counts as the content moving, so scroll again. */
static gboolean
scrolled_up (gpointer data)
{
  GtkAdjustment *a = gtk_scrolled_window_get_vadjustment (_ta_log_view_get_scrolled_window (data));

  if (!_ta_log_view_get_following (data))
    return TRUE;
  gtk_adjustment_set_value (a, 0);
  return !_ta_log_view_get_following (data);
}

static void
check_log_shortcuts (TaWindow  *window,
                     TaLogView *view,
                     TaComposer *composer)
{
  TaLogStore *store = ta_log_view_get_store (view);
  GListModel *model = _ta_log_view_get_model (view);

  /* Ctrl+S and Ctrl+R open their file choosers (with the focus in no
   * text field, as after a click in the log) */
  gtk_widget_grab_focus (GTK_WIDGET (_ta_log_view_get_list_view (view)));
  g_assert_false (close_file_chooser ());
  g_assert_true (press (window, GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_nonnull (_ta_log_view_get_save_dialog (view));
  g_assert_true (close_file_chooser ());
  g_assert_true (tt_ui_wait_for (save_dialog_gone, view));
  g_assert_true (press (window, GDK_KEY_r, GDK_CONTROL_MASK));
  g_assert_true (close_file_chooser ());
  g_assert_false (close_file_chooser ());

  /* Ctrl+F: the filter; Ctrl+M: the message box */
  g_assert_true (press (window, GDK_KEY_f, GDK_CONTROL_MASK));
  g_assert_true (focus_inside (window, GTK_WIDGET (_ta_log_view_get_search_entry (view))));
  g_assert_true (press (window, GDK_KEY_m, GDK_CONTROL_MASK));
  g_assert_true (focus_inside (window, GTK_WIDGET (_ta_composer_get_message_view (composer))));

  /* Ctrl+End: back at the latest entry after scrolling up */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *text = g_strdup_printf ("entry %u", i);

      ta_log_store_append_event (store, TA_LOG_EVENT, NULL, text);
    }
  ta_log_store_flush (store);
  g_assert_true (tt_ui_wait_for (log_scrollable, view));
  g_assert_true (tt_ui_wait_for (log_at_end, view));
  g_assert_true (tt_ui_wait_for (scrolled_up, view));
  g_assert_true (press (window, GDK_KEY_End, GDK_CONTROL_MASK));
  g_assert_true (tt_ui_wait_for (log_at_end, view));

  /* Ctrl+P pauses the display, and resumes it */
  g_assert_false (ta_log_store_get_paused (store));
  g_assert_true (press (window, GDK_KEY_p, GDK_CONTROL_MASK));
  g_assert_true (ta_log_store_get_paused (store));
  g_assert_true (press (window, GDK_KEY_p, GDK_CONTROL_MASK));
  g_assert_false (ta_log_store_get_paused (store));

  /* Ctrl+L clears the log */
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 100);
  g_assert_true (press (window, GDK_KEY_l, GDK_CONTROL_MASK));
  tt_ui_iterate_for (50 * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, 100);
}

static void
test_shortcuts (void)
{
  TaWindow *window = tt_ui_new_window ();
  TaServerPage *server_page = ta_window_get_server_page (window);
  TaClientPage *client_page = ta_window_get_client_page (window);
  guint16 port;
  g_autofree char *port_text = NULL;

  set_size (window, 360, 640);

  /* Alt+2 / Alt+1: the pages */
  g_assert_true (press (window, GDK_KEY_2, GDK_ALT_MASK));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (client_page)));
  g_assert_true (press (window, GDK_KEY_1, GDK_ALT_MASK));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (server_page)));

  /* Ctrl+Return starts the server, F5 stops it, Ctrl+Return again */
  port = ta_server_find_free_port ((guint16) g_random_int_range (20000, 60000));
  g_assert_cmpuint (port, !=, 0);
  port_text = g_strdup_printf ("%u", port);
  gtk_editable_set_text (_ta_server_page_get_port_entry (server_page), port_text);
  g_assert_true (press (window, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (tt_ui_wait_for (server_listening, server_page));
  g_assert_true (press (window, GDK_KEY_F5, 0));
  g_assert_true (tt_ui_wait_for (server_stopped, server_page));
  g_assert_true (press (window, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (tt_ui_wait_for (server_listening, server_page));

  check_log_shortcuts (window, _ta_server_page_get_log_view (server_page),
                       _ta_server_page_get_composer (server_page));

  /* The Client page: F5 connects to it, Ctrl+Return disconnects */
  g_assert_true (press (window, GDK_KEY_2, GDK_ALT_MASK));
  gtk_editable_set_text (_ta_client_page_get_host_entry (client_page), "127.0.0.1");
  gtk_editable_set_text (_ta_client_page_get_port_entry (client_page), port_text);
  g_assert_true (press (window, GDK_KEY_F5, 0));
  g_assert_true (tt_ui_wait_for (client_connected, client_page));
  g_assert_true (press (window, GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_true (tt_ui_wait_for (client_disconnected, client_page));

  check_log_shortcuts (window, _ta_client_page_get_log_view (client_page),
                       _ta_client_page_get_composer (client_page));

  tt_ui_destroy_window (window);
}

/* Every key binding of the window is listed in the shortcuts window
 * (help-overlay.ui), so a new one cannot be left out of it. */
static void
test_shortcuts_listed (void)
{
  TaWindow *window = tt_ui_new_window ();
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (APP_PATH "/gtk/help-overlay.ui");
  g_autoptr(GString) listed = g_string_new (" ");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GSList *objects = gtk_builder_get_objects (builder);
  guint n = 0;

  for (GSList *l = objects; l; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accel = NULL;

        g_object_get (l->data, "accelerator", &accel, NULL);
        if (accel)
          {
            g_auto(GStrv) parts = g_strsplit (accel, " ", -1);

            for (guint i = 0; parts[i]; i++)
              {
                guint key;
                GdkModifierType mods;

                /* as GTK parses it: "<Control>Return" and "<Primary>Return" alike */
                if (gtk_accelerator_parse (parts[i], &key, &mods))
                  {
                    g_autofree char *name = gtk_accelerator_name (key, mods);

                    g_string_append_printf (listed, "%s ", name);
                  }
              }
          }
      }
  g_slist_free (objects);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) != GTK_PHASE_BUBBLE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *name = NULL;
          g_autofree char *needle = NULL;

          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          /* Ours (TaWindow's "win.…"), not GtkWindow's focus keys */
          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action) ||
              !g_str_has_prefix (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win."))
            continue;
          name = gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
          /* The keypad's Enter goes with Return */
          if (g_str_has_suffix (name, "KP_Enter"))
            continue;
          needle = g_strdup_printf (" %s ", name);
          if (strstr (listed->str, needle) == NULL)
            {
              g_test_message ("%s is not in the shortcuts window (%s)", name, listed->str);
              g_test_fail ();
            }
          n++;
        }
    }
  g_test_message ("%u window shortcuts, all listed", n);
  g_assert_cmpuint (n, >=, 11);
  tt_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  ta_init_i18n ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Xvfb has no window manager to tell text fields the focus left them
   * when a dialog takes it: a blinking cursor would then warn. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* As the application does: paddings change the geometry. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, APP_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/layout/360x640", test_phone);
  g_test_add_func ("/layout/360x640-zh_CN", test_phone_chinese);
  g_test_add_func ("/layout/600x500", test_small);
  g_test_add_func ("/layout/683x768", test_half_laptop);
  g_test_add_func ("/layout/1280x800", test_large);
  g_test_add_func ("/layout/960x720-with-clients", test_default_with_clients);
  g_test_add_func ("/layout/folded/360x640", test_folded_phone);
  g_test_add_func ("/layout/folded/600x500", test_folded_short);
  g_test_add_func ("/layout/folded/1280x800", test_unfolded_large);
  g_test_add_func ("/layout/folded/keeps-filter", test_folded_keeps_filter);
  g_test_add_func ("/layout/toast-above-send-bar/360x640", test_toast_phone);
  g_test_add_func ("/layout/toast-above-send-bar/1280x800", test_toast_large);
  g_test_add_func ("/layout/dropdown-tooltip", test_dropdown_tooltip);
  g_test_add_func ("/layout/shortcuts", test_shortcuts);
  g_test_add_func ("/layout/shortcuts-listed", test_shortcuts_listed);

  return g_test_run ();
}
