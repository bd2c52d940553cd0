#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dk-a11y.h"

/* Works around two accessibility bugs of Debian 12's GTK 4.8 and libadwaita 1.2 that later versions
 * fixed, so a screen reader names every control as it reads on screen:
 * - GTK puts a mnemonic button's raw label ("_Save") into its accessible label, on top of the
 *   labelled-by relation to the label inside it, so it says "_Save Save". Dropping the raw label
 *   leaves the relation.
 * - AdwPasswordEntryRow's show-password button, GtkDropDown's button and a switch in an
 *   AdwActionRow have no name at all; a drop-down's button takes the drop-down's tooltip, which says
 *   what it chooses, and a row's switch takes the row's title. */
static void
fix_tree (GtkWidget  *widget,
          const char *inner_button_name)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
  else if (GTK_IS_BUTTON (widget) && inner_button_name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, inner_button_name, -1);

  if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
    inner_button_name = _("Show password");
  else if (GTK_IS_DROP_DOWN (widget) && gtk_widget_get_tooltip_text (widget) != NULL)
    inner_button_name = gtk_widget_get_tooltip_text (widget);
  else if (ADW_IS_ACTION_ROW (widget) && GTK_IS_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget))))
    {
      GtkAccessible *toggle = GTK_ACCESSIBLE (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)));

      /* A labelled-by relation to the row names nothing in GTK 4.8, and doubles a label. */
      gtk_accessible_reset_relation (toggle, GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), -1);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    fix_tree (child, inner_button_name);
}

void
dk_a11y_fix_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_tree (root, NULL);
}

static void
on_window_show (GtkWidget *window)
{
  dk_a11y_fix_tree (window);
}

static void
on_toplevels_changed (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "dk-a11y") != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), "dk-a11y", GINT_TO_POINTER (1));
      /* Connected first, so it runs before the window maps and AT-SPI first reads its tree. */
      g_signal_connect (window, "show", G_CALLBACK (on_window_show), NULL);
    }
}

/* Every window the application opens gets its tree mended when it is shown; a widget whose label
 * changes later calls dk_a11y_fix_tree() itself. */
void
dk_a11y_init (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_signal_connect (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed), NULL);
      on_toplevels_changed (toplevels, 0, 0, g_list_model_get_n_items (toplevels));
      g_once_init_leave (&installed, 1);
    }
}
