#include "config.h"

#include <glib/gi18n.h>

#include "dk-edit-dialog.h"
#include "dk-form.h"
#include "dk-labels.h"

/* The message of one field: a list row right below a row, or a label right below any other widget. */
typedef struct
{
  GtkWidget *field;
  GtkWidget *holder;
  GtkWidget *label;
} FieldMessage;

typedef struct
{
  /* Template widgets */
  GtkWidget          *save_button;
  GtkLabel           *error_label;
  AdwPreferencesPage *page;

  /* Owned */
  DkStore            *store;
  GPtrArray          *messages;  /* FieldMessage *, in the order the fields were added */

  gboolean            changed;
  gboolean            closing;
} DkEditDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (DkEditDialog, dk_edit_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Messages */

static FieldMessage *
message_for (GtkWidget *field)
{
  return g_object_get_data (G_OBJECT (field), "dk-field-message");
}

static GtkWidget *
message_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  return label;
}

/* Puts the (hidden) message place right below @field, which is already in its group. */
static void
attach_message (DkEditDialog *self,
                GtkWidget    *group,
                GtkWidget    *field)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);
  FieldMessage *message = g_new0 (FieldMessage, 1);
  GtkWidget *parent = gtk_widget_get_parent (field);

  message->field = field;
  message->label = message_label_new ();

  if (GTK_IS_LIST_BOX (parent) && GTK_IS_LIST_BOX_ROW (field))
    {
      g_object_set (message->label, "margin-top", 6, "margin-bottom", 6, "margin-start", 12, "margin-end", 12, NULL);
      message->holder = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (message->holder), message->label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (message->holder), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (message->holder), FALSE);
      gtk_widget_set_focusable (message->holder, FALSE);
      gtk_list_box_insert (GTK_LIST_BOX (parent), message->holder,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (field)) + 1);
    }
  else
    {
      message->holder = message->label;
      gtk_widget_set_margin_top (message->label, 6);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), message->holder);
    }

  gtk_widget_set_visible (message->holder, FALSE);
  g_object_set_data (G_OBJECT (field), "dk-field-message", message);
  g_ptr_array_add (priv->messages, message);
}

void
dk_edit_dialog_set_field_error (DkEditDialog *self,
                                GtkWidget    *row,
                                const char   *text)
{
  FieldMessage *message;

  g_return_if_fail (DK_IS_EDIT_DIALOG (self));
  g_return_if_fail (GTK_IS_WIDGET (row));

  message = message_for (row);
  g_return_if_fail (message != NULL);

  if (text == NULL)
    {
      if (!gtk_widget_get_visible (message->holder))
        return;
      gtk_widget_set_visible (message->holder, FALSE);
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
      return;
    }

  gtk_label_set_text (GTK_LABEL (message->label), text);
  gtk_widget_set_visible (message->holder, TRUE);
  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, message->label, NULL, -1);
}

void
dk_edit_dialog_show_error (DkEditDialog *self,
                           const char   *message)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  g_return_if_fail (DK_IS_EDIT_DIALOG (self));

  gtk_label_set_text (priv->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (priv->error_label), message != NULL);
}

static void
clear_messages (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  for (guint i = 0; i < priv->messages->len; i++)
    dk_edit_dialog_set_field_error (self, ((FieldMessage *) priv->messages->pdata[i])->field, NULL);
  dk_edit_dialog_show_error (self, NULL);
}

/* Changes */

static void
mark_changed (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  priv->changed = TRUE;
}

/* A field that is being corrected loses its message at once. */
static void
on_entry_changed (GtkWidget    *row,
                  DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  if (priv->closing)
    return;
  mark_changed (self);
  dk_edit_dialog_set_field_error (self, row, NULL);
}

static void
on_choice_changed (GtkWidget    *row,
                   GParamSpec   *pspec,
                   DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  if (priv->closing)
    return;
  mark_changed (self);
  dk_edit_dialog_set_field_error (self, row, NULL);
}

static void
on_buffer_changed (GtkTextBuffer *buffer,
                   GtkWidget     *view)
{
  DkEditDialog *self = g_object_get_data (G_OBJECT (view), "dk-dialog");
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  if (priv->closing)
    return;
  mark_changed (self);
  dk_edit_dialog_set_field_error (self, view, NULL);
}

/* Enter goes on to the next field, as on paper; Ctrl+Enter saves. */
static void
on_entry_activated (GtkWidget    *row,
                    DkEditDialog *self)
{
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

/* Rows */

GtkWidget *
dk_edit_dialog_add_group (DkEditDialog *self,
                          const char   *title,
                          const char   *description)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);
  GtkWidget *group = adw_preferences_group_new ();

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (priv->page, ADW_PREFERENCES_GROUP (group));
  return group;
}

GtkWidget *
dk_edit_dialog_add_entry (DkEditDialog *self,
                          GtkWidget    *group,
                          const char   *title,
                          const char   *text)
{
  GtkWidget *row = adw_entry_row_new ();

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  attach_message (self, group, row);
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  return row;
}

GtkWidget *
dk_edit_dialog_add_combo (DkEditDialog       *self,
                          GtkWidget          *group,
                          const char         *title,
                          const char *const  *items,
                          guint               selected)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);
  GtkWidget *row = adw_combo_row_new ();

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  attach_message (self, group, row);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_choice_changed), self);
  return row;
}

GtkWidget *
dk_edit_dialog_add_person_combo (DkEditDialog              *self,
                                 GtkWidget                 *group,
                                 const char                *title,
                                 const DkHouseholdTimeline *timeline,
                                 const char                *none_label,
                                 const char                *selected_id)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  guint n = timeline != NULL ? dk_household_timeline_get_n_persons (timeline) : 0;
  guint selected = 0;
  GtkWidget *row;

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);

  if (none_label != NULL)
    {
      g_ptr_array_add (labels, g_strdup (none_label));
      g_ptr_array_add (ids, NULL);
    }
  for (guint i = 0; i < n; i++)
    {
      const DkPerson *person = dk_household_timeline_get_person_at (timeline, i);
      g_autofree char *name = dk_person_display_name (person);

      if (g_strcmp0 (person->id, selected_id) == 0)
        selected = labels->len;
      /* Translators: a person's name and role, "Sanne van Dijk (client)" */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%s)"), name, dk_person_role_label (person->role)));
      g_ptr_array_add (ids, g_strdup (person->id));
    }
  g_ptr_array_add (labels, NULL);

  /* Names are typed by people: never markup. */
  row = dk_edit_dialog_add_combo (self, group, title, (const char *const *) labels->pdata, selected);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "dk-person-ids", ids, (GDestroyNotify) g_ptr_array_unref);
  return row;
}

const char *
dk_edit_dialog_get_person_id (GtkWidget *person_row)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (person_row), "dk-person-ids");
  guint selected;

  g_return_val_if_fail (ids != NULL, NULL);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (person_row));
  if (selected >= ids->len)
    return NULL;
  return g_ptr_array_index (ids, selected);
}

GtkWidget *
dk_edit_dialog_add_switch (DkEditDialog *self,
                           GtkWidget    *group,
                           const char   *title,
                           const char   *subtitle,
                           gboolean      active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_set_data (G_OBJECT (row), "dk-switch", toggle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  attach_message (self, group, row);
  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (mark_changed), self);
  return row;
}

GtkWidget *
dk_edit_dialog_add_text (DkEditDialog *self,
                         GtkWidget    *group,
                         const char   *accessible_label,
                         const char   *text)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 140);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);

  /* The message belongs to the view (that is what has the focus), shown below the frame. */
  attach_message (self, group, view);
  g_object_set_data (G_OBJECT (view), "dk-dialog", self);
  g_signal_connect (buffer, "changed", G_CALLBACK (on_buffer_changed), view);
  return view;
}

GtkWidget *
dk_edit_dialog_add_info (DkEditDialog *self,
                         GtkWidget    *group,
                         const char   *title,
                         const char   *value)
{
  GtkWidget *row = adw_action_row_new ();

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);

  /* The value may be anything a person typed: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL ? value : "");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

gboolean
dk_edit_dialog_get_active (GtkWidget *switch_row)
{
  GtkWidget *toggle = g_object_get_data (G_OBJECT (switch_row), "dk-switch");

  g_return_val_if_fail (GTK_IS_SWITCH (toggle), FALSE);
  return gtk_switch_get_active (GTK_SWITCH (toggle));
}

void
dk_edit_dialog_set_active (GtkWidget *switch_row,
                           gboolean   active)
{
  GtkWidget *toggle = g_object_get_data (G_OBJECT (switch_row), "dk-switch");

  g_return_if_fail (GTK_IS_SWITCH (toggle));
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
}

const char *
dk_edit_dialog_get_text (GtkWidget *entry_row)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry_row));
}

char *
dk_edit_dialog_dup_text_view (GtkWidget *text_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Readers */

gboolean
dk_edit_dialog_read_text (DkEditDialog  *self,
                          GtkWidget     *row,
                          gboolean       optional,
                          const char    *label,
                          char         **out)
{
  g_autoptr(GError) error = NULL;

  if (dk_form_read_text (dk_edit_dialog_get_text (row), optional, label, out, &error))
    return TRUE;
  dk_edit_dialog_set_field_error (self, row, error->message);
  return FALSE;
}

gboolean
dk_edit_dialog_read_date (DkEditDialog *self,
                          GtkWidget    *row,
                          gboolean      optional,
                          const char   *label,
                          const GDate  *not_after,
                          GDate        *out)
{
  g_autoptr(GError) error = NULL;

  if (dk_form_read_date (dk_edit_dialog_get_text (row), optional, label, not_after, out, &error))
    return TRUE;
  dk_edit_dialog_set_field_error (self, row, error->message);
  return FALSE;
}

gboolean
dk_edit_dialog_read_money (DkEditDialog *self,
                           GtkWidget    *row,
                           gboolean      optional,
                           const char   *label,
                           gboolean     *present,
                           gint64       *out_cents)
{
  g_autoptr(GError) error = NULL;

  if (dk_form_read_money (dk_edit_dialog_get_text (row), optional, label, present, out_cents, &error))
    return TRUE;
  dk_edit_dialog_set_field_error (self, row, error->message);
  return FALSE;
}

/* Saving and closing */

void
dk_edit_dialog_setup (DkEditDialog *self,
                      GtkWindow    *parent,
                      DkStore      *store,
                      const char   *title,
                      const char   *save_label)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  g_return_if_fail (DK_IS_EDIT_DIALOG (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (DK_IS_STORE (store));

  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  g_set_object (&priv->store, store);
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (save_label != NULL)
    gtk_button_set_label (GTK_BUTTON (priv->save_button), save_label);
}

DkStore *
dk_edit_dialog_get_store (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), NULL);
  return priv->store;
}

void
dk_edit_dialog_reset_changed (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  g_return_if_fail (DK_IS_EDIT_DIALOG (self));
  priv->changed = FALSE;
}

static void
focus_first_error (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  for (guint i = 0; i < priv->messages->len; i++)
    {
      FieldMessage *message = priv->messages->pdata[i];

      if (gtk_widget_get_visible (message->holder))
        {
          gtk_widget_grab_focus (message->field);
          return;
        }
    }
}

gboolean
dk_edit_dialog_save (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);
  DkEditDialogClass *klass;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DK_IS_EDIT_DIALOG (self), FALSE);

  klass = DK_EDIT_DIALOG_GET_CLASS (self);
  if (priv->closing || klass->save == NULL || priv->store == NULL)
    return FALSE;

  clear_messages (self);
  if (!klass->save (self, priv->store, &error))
    {
      if (error != NULL)
        {
          /* Codes only: a message may quote what was typed. */
          g_message ("%s refused: %s %d", G_OBJECT_TYPE_NAME (self), g_quark_to_string (error->domain), error->code);
          dk_edit_dialog_show_error (self, error->message);
        }
      else
        focus_first_error (self);
      return FALSE;
    }

  priv->closing = TRUE;
  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dk_edit_dialog_save (DK_EDIT_DIALOG (widget));
}

static void
close_now (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  priv->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     DkEditDialog     *self)
{
  if (g_str_equal (response, "discard"))
    close_now (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkEditDialog *self = DK_EDIT_DIALOG (widget);
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);
  GtkWidget *dialog;

  if (priv->closing)
    return;
  if (!priv->changed)
    {
      close_now (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Changes?"),
                                   _("What you have typed in will not be saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
dk_edit_dialog_close_request (GtkWindow *window)
{
  DkEditDialog *self = DK_EDIT_DIALOG (window);
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  if (priv->closing || !priv->changed)
    {
      priv->closing = TRUE;
      return GTK_WINDOW_CLASS (dk_edit_dialog_parent_class)->close_request (window);
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "edit.cancel", NULL);
  return TRUE;
}

static void
dk_edit_dialog_dispose (GObject *object)
{
  DkEditDialog *self = DK_EDIT_DIALOG (object);
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  /* No gtk_widget_dispose_template(): GTK 4.8 looks the template up on the instance's class, which
   * is the subclass's (without one). The window disposes its content, template children included. */
  priv->closing = TRUE;
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (dk_edit_dialog_parent_class)->dispose (object);
}

static void
dk_edit_dialog_finalize (GObject *object)
{
  DkEditDialog *self = DK_EDIT_DIALOG (object);
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  g_clear_pointer (&priv->messages, g_ptr_array_unref);

  G_OBJECT_CLASS (dk_edit_dialog_parent_class)->finalize (object);
}

static void
dk_edit_dialog_class_init (DkEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dk_edit_dialog_dispose;
  object_class->finalize = dk_edit_dialog_finalize;
  window_class->close_request = dk_edit_dialog_close_request;

  /**
   * DkEditDialog::saved:
   *
   * The change is written; the dialog closes right after.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-edit-dialog.ui");
  gtk_widget_class_bind_template_child_private (widget_class, DkEditDialog, save_button);
  gtk_widget_class_bind_template_child_private (widget_class, DkEditDialog, error_label);
  gtk_widget_class_bind_template_child_private (widget_class, DkEditDialog, page);

  gtk_widget_class_install_action (widget_class, "edit.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "edit.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "edit.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "edit.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "edit.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, GDK_CONTROL_MASK, "edit.save", NULL);
}

static void
dk_edit_dialog_init (DkEditDialog *self)
{
  DkEditDialogPrivate *priv = dk_edit_dialog_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  priv->messages = g_ptr_array_new_with_free_func (g_free);
  gtk_window_set_default_widget (GTK_WINDOW (self), priv->save_button);
}
