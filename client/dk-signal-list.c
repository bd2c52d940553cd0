#include "config.h"

#include <glib/gi18n.h>

#include "dk-form.h"
#include "dk-signal-labels.h"
#include "dk-signal-list.h"
#include "dk-signal-work-repo.h"

enum
{
  ORDER_DEADLINE,
  ORDER_DISTRICT,
};

struct _DkSignalList
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkDropDown    *order_drop_down;
  GtkCheckButton *closed_check;
  GtkStack       *stack;
  GtkListBox     *list_box;
  AdwStatusPage  *empty_page;

  /* Owned */
  DkSession      *session;
  DkStore        *store;       /* without a session (dk_signal_list_set_store()) */
  char           *opened_id;   /* the dossier of the case last opened from this list */
  guint           n_due;
};

G_DEFINE_FINAL_TYPE (DkSignalList, dk_signal_list, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_N_DUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- badge ---- */

static void
ensure_style (void)
{
  static gboolean loaded;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || display == NULL)
    return;
  loaded = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider,
                                   ".dk-badge { padding: 1px 8px; border-radius: 999px; font-size: smaller;"
                                   "  font-weight: bold; }"
                                   ".dk-badge.error { background-color: alpha(@error_color, 0.15); }"
                                   ".dk-badge.warning { background-color: alpha(@warning_color, 0.2); }"
                                   ".dk-badge.accent { background-color: alpha(@accent_color, 0.15); }"
                                   ".dk-badge.dim { background-color: alpha(currentColor, 0.1); }",
                                   -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

GtkWidget *
dk_signal_badge_new (const char *text,
                     const char *style_class)
{
  GtkWidget *badge = gtk_label_new (text);

  ensure_style ();
  gtk_widget_add_css_class (badge, "dk-badge");
  if (style_class != NULL)
    gtk_widget_add_css_class (badge, style_class);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

/* ---- rows ---- */

static GtkWidget *
caption_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  return label;
}

/* What identifies a line across reloads: its dossier and, for a task, the task. */
static char *
line_key (const DkSignalTaskLine *line)
{
  return g_strconcat (line->dossier_id, "/", line->task_id != NULL ? line->task_id : "", NULL);
}

static GtkWidget *
row_new (const DkSignalTaskLine *line,
         const GDate            *today)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *due_label, *what_label, *resident_label, *where_label;
  g_autofree char *due = NULL;
  g_autofree char *resident = NULL;
  g_autofree char *address = NULL;
  g_autofree char *count = NULL;
  g_autofree char *where = NULL;
  g_autofree char *description = NULL;
  gboolean overdue = FALSE;
  gboolean closed = line->task_id == NULL && line->stage == DK_SIGNAL_STAGE_CLOSED;

  due = dk_signal_line_due_text (line, today, &overdue);
  resident = dk_signal_resident_text (line->resident, line->street, line->house_number, line->postcode, line->city);
  address = dk_signal_address_text (line->street, line->house_number, line->postcode, line->city);
  /* A task of a running dossier has no signals of its own on the device. */
  count = line->n_signals > 0 ? dk_signal_count_text (line->n_signals) : NULL;
  if (address != NULL && count != NULL)
    where = g_strdup_printf ("%s · %s", address, count);
  else
    where = g_strdup (address != NULL ? address : count);

  g_object_set (box, "margin-top", 6, "margin-bottom", 6, "margin-start", 6, "margin-end", 6, NULL);

  due_label = caption_label (due);
  gtk_label_set_ellipsize (GTK_LABEL (due_label), PANGO_ELLIPSIZE_NONE);
  gtk_widget_remove_css_class (due_label, "caption");
  gtk_widget_add_css_class (due_label, "caption-heading");
  if (overdue)
    gtk_widget_add_css_class (due_label, "error");
  gtk_box_append (GTK_BOX (top), due_label);

  what_label = caption_label (dk_signal_line_what (line));
  gtk_widget_set_hexpand (what_label, TRUE);
  gtk_box_append (GTK_BOX (top), what_label);

  if (line->crisis)
    gtk_box_append (GTK_BOX (top), dk_signal_badge_new (_("Crisis"), "error"));
  gtk_box_append (GTK_BOX (box), top);

  /* Names and addresses come from the signals: plain text, never markup. */
  resident_label = gtk_label_new (resident);
  gtk_label_set_xalign (GTK_LABEL (resident_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (resident_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (resident_label, "heading");
  gtk_box_append (GTK_BOX (box), resident_label);

  if (where != NULL)
    {
      where_label = caption_label (where);
      gtk_widget_add_css_class (where_label, "dim-label");
      gtk_box_append (GTK_BOX (box), where_label);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  if (closed)
    gtk_widget_add_css_class (box, "dim-label");

  /* One sentence for the whole line: a screen reader says it when the row has the focus. (No tooltip:
   * GTK makes that the description, and the sentence would be read twice.) */
  description = dk_signal_line_describe (line, today);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  g_object_set_data_full (G_OBJECT (row), "dk-description", g_strdup (description), g_free);

  g_object_set_data_full (G_OBJECT (row), "dk-dossier-id", g_strdup (line->dossier_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "dk-key", line_key (line), g_free);
  g_object_set_data_full (G_OBJECT (row), "dk-district", g_strdup (line->district != NULL ? line->district : ""), g_free);
  g_object_set_data (G_OBJECT (row), "dk-closed", GINT_TO_POINTER (closed));
  return row;
}

static GtkWidget *
header_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  g_object_set (label, "margin-top", 12, "margin-bottom", 3, "margin-start", 12, "margin-end", 12, NULL);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* By district: a heading where the district changes. By deadline: a heading above the closed cases. */
static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  DkSignalList *self = user_data;
  GtkWidget *current = gtk_list_box_row_get_header (row);
  g_autofree char *title = NULL;

  if (gtk_drop_down_get_selected (self->order_drop_down) == ORDER_DISTRICT)
    {
      const char *district = g_object_get_data (G_OBJECT (row), "dk-district");

      if (before == NULL || g_strcmp0 (district, g_object_get_data (G_OBJECT (before), "dk-district")) != 0)
        title = dk_signal_district_title (district);
    }
  else if (g_object_get_data (G_OBJECT (row), "dk-closed") != NULL &&
           (before == NULL || g_object_get_data (G_OBJECT (before), "dk-closed") == NULL))
    title = g_strdup (_("Closed cases"));

  if (title == NULL)
    {
      if (current != NULL)
        gtk_list_box_row_set_header (row, NULL);
      return;
    }
  if (current != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (current)), title) == 0)
    return;
  gtk_list_box_row_set_header (row, header_label (title));
}

/* ---- loading ---- */

static GtkListBoxRow *
focused_row (DkSignalList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  while (focus != NULL && !GTK_IS_LIST_BOX_ROW (focus))
    focus = gtk_widget_get_parent (focus);
  if (focus != NULL && gtk_widget_get_parent (focus) == GTK_WIDGET (self->list_box))
    return GTK_LIST_BOX_ROW (focus);
  return NULL;
}

static void
set_n_due (DkSignalList *self,
           guint         n_due)
{
  if (self->n_due == n_due)
    return;
  self->n_due = n_due;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DUE]);
}

static void
show_empty (DkSignalList *self,
            const char   *title,
            const char   *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
dk_signal_list_reload (DkSignalList *self)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *focus_key = NULL;
  GtkListBoxRow *focus;
  GtkWidget *child;
  DkStore *store;
  guint n_due = 0;
  GDate today;

  g_return_if_fail (DK_IS_SIGNAL_LIST (self));

  if (self->list_box == NULL)
    return;

  /* The focus is on a row that is about to go: remember which, to give it to its successor. */
  if ((focus = focused_row (self)) != NULL)
    focus_key = g_strdup (g_object_get_data (G_OBJECT (focus), "dk-key"));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  store = self->session != NULL ? dk_session_get_store (self->session) : self->store;
  if (store == NULL)
    {
      set_n_due (self, 0);
      show_empty (self, _("No Early Signals"), NULL);
      return;
    }

  lines = dk_signal_work_list_tasks (store, gtk_check_button_get_active (self->closed_check), &error);
  if (lines == NULL)
    {
      /* Codes only in the log: a message may name a resident. */
      g_warning ("Could not list the early-signal tasks: %s %d", g_quark_to_string (error->domain), error->code);
      set_n_due (self, 0);
      show_empty (self, _("The Tasks Cannot Be Shown"), error->message);
      return;
    }

  if (gtk_drop_down_get_selected (self->order_drop_down) == ORDER_DISTRICT)
    dk_signal_lines_sort_by_district (lines);

  dk_form_today (&today);
  for (guint i = 0; i < lines->len; i++)
    {
      const DkSignalTaskLine *line = lines->pdata[i];
      GtkWidget *row = row_new (line, &today);

      if (!(line->task_id == NULL && line->stage == DK_SIGNAL_STAGE_CLOSED) &&
          g_date_valid (&line->due_on) && g_date_compare (&line->due_on, &today) <= 0)
        n_due++;
      gtk_list_box_append (self->list_box, row);
      if (self->opened_id != NULL && g_str_equal (self->opened_id, line->dossier_id) &&
          gtk_list_box_get_selected_row (self->list_box) == NULL)
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
      if (focus_key != NULL && g_strcmp0 (focus_key, g_object_get_data (G_OBJECT (row), "dk-key")) == 0)
        {
          gtk_widget_grab_focus (row);
          g_clear_pointer (&focus_key, g_free);
        }
    }
  /* The focused line went (its task was done): keep the focus in the list. */
  if (focus_key != NULL && lines->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, 0)));

  set_n_due (self, n_due);
  if (lines->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (gtk_check_button_get_active (self->closed_check))
    show_empty (self, _("No Early Signals"),
                _("Cases of early signals appear here when the office gives them to you and you synchronise."));
  else
    show_empty (self, _("Nothing to Do"),
                _("There is no open case or task. Closed cases are shown with “Show closed cases”."));
}

guint
dk_signal_list_get_n_due (DkSignalList *self)
{
  g_return_val_if_fail (DK_IS_SIGNAL_LIST (self), 0);
  return self->n_due;
}

void
dk_signal_list_set_session (DkSignalList *self,
                            DkSession    *session)
{
  g_return_if_fail (DK_IS_SIGNAL_LIST (self));
  g_return_if_fail (session == NULL || DK_IS_SESSION (session));

  g_set_object (&self->session, session);
  dk_signal_list_reload (self);
}

void
dk_signal_list_set_store (DkSignalList *self,
                          DkStore      *store)
{
  g_return_if_fail (DK_IS_SIGNAL_LIST (self));
  g_return_if_fail (store == NULL || DK_IS_STORE (store));

  g_set_object (&self->store, store);
  dk_signal_list_reload (self);
}

GtkWidget *
dk_signal_list_new (void)
{
  return g_object_new (DK_TYPE_SIGNAL_LIST, NULL);
}

/* ---- callbacks ---- */

static void
on_row_activated (DkSignalList  *self,
                  GtkListBoxRow *row)
{
  const char *dossier_id = g_object_get_data (G_OBJECT (row), "dk-dossier-id");

  if (dossier_id == NULL)
    return;
  g_free (self->opened_id);
  self->opened_id = g_strdup (dossier_id);
  g_signal_emit (self, signals[CASE_ACTIVATED], 0, dossier_id);
}

static void
on_order_changed (DkSignalList *self)
{
  dk_signal_list_reload (self);
}

static void
on_closed_toggled (DkSignalList *self)
{
  dk_signal_list_reload (self);
}

/* ---- GObject ---- */

static void
dk_signal_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DkSignalList *self = DK_SIGNAL_LIST (object);

  switch (prop_id)
    {
    case PROP_N_DUE:
      g_value_set_uint (value, self->n_due);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_signal_list_dispose (GObject *object)
{
  DkSignalList *self = DK_SIGNAL_LIST (object);

  /* No gtk_widget_dispose_template(): the template is AdwBin's child, which AdwBin disposes. Its rows
   * go then, after the drop-down the headers look at. */
  if (self->list_box != NULL)
    gtk_list_box_set_header_func (self->list_box, NULL, NULL, NULL);
  self->list_box = NULL;
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (dk_signal_list_parent_class)->dispose (object);
}

static void
dk_signal_list_finalize (GObject *object)
{
  DkSignalList *self = DK_SIGNAL_LIST (object);

  g_free (self->opened_id);
  G_OBJECT_CLASS (dk_signal_list_parent_class)->finalize (object);
}

static void
dk_signal_list_class_init (DkSignalListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dk_signal_list_get_property;
  object_class->dispose = dk_signal_list_dispose;
  object_class->finalize = dk_signal_list_finalize;

  properties[PROP_N_DUE] = g_param_spec_uint ("n-due", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DkSignalList::case-activated:
   * @dossier_id: the dossier the case is worked in
   *
   * A line was opened.
   */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-signal-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DkSignalList, order_drop_down);
  gtk_widget_class_bind_template_child (widget_class, DkSignalList, closed_check);
  gtk_widget_class_bind_template_child (widget_class, DkSignalList, stack);
  gtk_widget_class_bind_template_child (widget_class, DkSignalList, list_box);
  gtk_widget_class_bind_template_child (widget_class, DkSignalList, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_order_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_closed_toggled);
}

static void
dk_signal_list_init (DkSignalList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list_box, update_header, self, NULL);
  dk_signal_list_reload (self);
}
