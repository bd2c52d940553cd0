#include "config.h"

#include <glib/gi18n.h>

#include "dk-a11y.h"
#include "dk-labels.h"
#include "dk-replica-review.h"
#include "dk-review-window.h"

struct _DkReviewWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  GtkStack        *stack;
  GtkBox          *items_box;
  DkSession       *session;
};

G_DEFINE_FINAL_TYPE (DkReviewWindow, dk_review_window, ADW_TYPE_WINDOW)

static void rebuild (DkReviewWindow *self);

char *
dk_review_format_value (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("(empty)"));

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      g_autoptr(GList) members = json_object_get_members (object);
      g_autoptr(GString) text = g_string_new (NULL);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *part = dk_review_format_value (json_object_get_member (object, l->data));

          g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", (const char *) l->data, part);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (JSON_NODE_HOLDS_VALUE (value))
    switch (json_node_get_value_type (value))
      {
      case G_TYPE_STRING:
        return g_strdup (json_node_get_string (value));
      case G_TYPE_BOOLEAN:
        return g_strdup (json_node_get_boolean (value) ? _("yes") : _("no"));
      case G_TYPE_INT64:
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      default:
        break;
      }

  return json_to_string (value, FALSE);
}

static void
act (DkReviewWindow *self,
     GtkButton      *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), "review-id");
  const char *what = g_object_get_data (G_OBJECT (button), "review-action");
  DkReplica *replica = dk_session_get_replica (self->session);
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (replica == NULL)
    return;

  if (g_str_equal (what, "theirs"))
    ok = dk_replica_review_resolve (replica, id, DK_REVIEW_KEEP_THEIRS, NULL, &error);
  else if (g_str_equal (what, "mine"))
    ok = dk_replica_review_resolve (replica, id, DK_REVIEW_KEEP_MINE, NULL, &error);
  else if (g_str_equal (what, "retry"))
    ok = dk_replica_review_retry (replica, id, &error);
  else if (g_str_equal (what, "discard"))
    ok = dk_replica_review_discard (replica, id, &error);

  if (!ok)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));

  dk_session_local_change (self->session);
  rebuild (self);
}

static GtkWidget *
side (const char *heading,
      JsonNode   *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (heading);
  g_autofree char *text = dk_review_format_value (value);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_add_css_class (box, "card");
  g_object_set (box, "margin-start", 0, NULL);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  g_object_set (title, "margin-top", 12, "margin-start", 12, "margin-end", 12, NULL);
  g_object_set (label, "margin-bottom", 12, "margin-start", 12, "margin-end", 12, NULL);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
action_button (DkReviewWindow *self,
               const char     *label,
               const char     *id,
               const char     *action,
               gboolean        suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data_full (G_OBJECT (button), "review-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (button), "review-action", (gpointer) action);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (act), self);
  return button;
}

static const char *
conflict_explanation (const DkReviewItem *item)
{
  if (g_strcmp0 (item->conflict_kind, "delete_outdated") == 0)
    return _("This was removed on one device while it was changed on another. Keep it, or remove it after all.");
  if (g_strcmp0 (item->conflict_kind, "edited_after_delete") == 0)
    return _("This was changed on one device after it was removed on another.");
  return _("This was changed on two devices at the same time. Choose which value is right.");
}

static GtkWidget *
item_widget (DkReviewWindow     *self,
             const DkReviewItem *item)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *what = dk_synced_field_label (item->table, item->field);
  g_autofree char *title = NULL;
  const char *number = item->dossier_number != NULL ? item->dossier_number : _("a dossier no longer on this device");

  /* Translators: "Dossier 2026-K7QX3M · Person: family name" */
  title = g_strdup_printf (_("Dossier %s · %s"), number, what);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);

  if (item->kind == DK_REVIEW_CONFLICT)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), conflict_explanation (item));
      gtk_box_append (GTK_BOX (sides), side (_("On this device"), item->mine));
      gtk_box_append (GTK_BOX (sides), side (_("On the server"), item->theirs));
      gtk_box_append (GTK_BOX (buttons), action_button (self, _("Keep the Value of _This Device"), item->id, "mine", FALSE));
      gtk_box_append (GTK_BOX (buttons), action_button (self, _("Keep the Value of the _Server"), item->id, "theirs", TRUE));
    }
  else
    {
      g_autofree char *description = g_strdup_printf (_("The server refused this change: %s"),
                                                      item->message != NULL ? item->message : item->reason);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      gtk_box_append (GTK_BOX (sides), side (_("Your change"), item->mine));
      gtk_box_append (GTK_BOX (sides), side (_("On the server"), item->theirs));
      gtk_box_append (GTK_BOX (buttons), action_button (self, _("_Discard My Change"), item->id, "discard", FALSE));
      gtk_box_append (GTK_BOX (buttons), action_button (self, _("Send _Again"), item->id, "retry", TRUE));
    }

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), sides);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  return group;
}

static void
rebuild (DkReviewWindow *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  DkReplica *replica = dk_session_get_replica (self->session);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_box))) != NULL)
    gtk_box_remove (self->items_box, child);

  items = replica != NULL ? dk_replica_review_list (replica, &error) : NULL;
  if (items == NULL && error != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));

  for (guint i = 0; items != NULL && i < items->len; i++)
    gtk_box_append (self->items_box, item_widget (self, items->pdata[i]));

  gtk_stack_set_visible_child_name (self->stack, items != NULL && items->len > 0 ? "items" : "empty");
  dk_a11y_fix_tree (GTK_WIDGET (self->items_box));
}

static void
dk_review_window_dispose (GObject *object)
{
  DkReviewWindow *self = DK_REVIEW_WINDOW (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dk_review_window_parent_class)->dispose (object);
}

static void
dk_review_window_class_init (DkReviewWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dk_review_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dk_review_window_init (DkReviewWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Conflicts and Refused Changes"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 560);

  self->items_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  g_object_set (self->items_box, "margin-top", 24, "margin-bottom", 24, "margin-start", 12, "margin-end", 12, NULL);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->items_box));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing to Review"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Every change made on this device was accepted by the server."));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, scrolled, "items");
  gtk_stack_add_named (self->stack, empty, "empty");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

GtkWidget *
dk_review_window_new (GtkWindow *parent,
                      DkSession *session)
{
  DkReviewWindow *self = g_object_new (DK_TYPE_REVIEW_WINDOW, "transient-for", parent, "modal", TRUE, NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "data-changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  return GTK_WIDGET (self);
}
