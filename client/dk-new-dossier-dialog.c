#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-form.h"
#include "dk-new-dossier-dialog.h"
#include "dk-new-dossier-form.h"
#include "dk-wgs.h"

/*
 * Every field is a row with, right below it in the same list, a row holding its message. A field
 * shows its message once the person has left it (or pressed Save): nobody wants "required" shouted
 * at them before they have typed. While they correct a field, its message goes away as soon as the
 * text is right, but a new one waits until they leave it again.
 */
typedef struct
{
  DkNewDossierDialog *dialog;
  GtkWidget          *row;
  GtkWidget          *error_row;
  GtkWidget          *error_label;
  char               *key;
  gboolean            touched;
} Field;

typedef struct
{
  GtkWidget *group;
  GtkWidget *remove_button;
  Field     *given;
  Field     *prefix;
  Field     *family;
  Field     *birth;
} Child;

struct _DkNewDossierDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toasts;
  GtkWidget           *save_button;
  GtkWidget           *client_given_row;
  GtkWidget           *client_prefix_row;
  GtkWidget           *client_family_row;
  GtkWidget           *client_bsn_row;
  GtkWidget           *client_birth_row;
  GtkSwitch           *partner_switch;
  GtkWidget           *partner_given_row;
  GtkWidget           *partner_prefix_row;
  GtkWidget           *partner_family_row;
  GtkWidget           *partner_bsn_row;
  GtkWidget           *partner_birth_row;
  AdwComboRow         *together_row;
  GtkWidget           *union_date_row;
  AdwComboRow         *regime_row;
  AdwPreferencesGroup *children_group;
  GtkBox              *children_box;
  GtkWidget           *add_child_button;
  GtkWidget           *street_row;
  GtkWidget           *house_number_row;
  GtkWidget           *postcode_row;
  GtkWidget           *city_row;
  GtkWidget           *phone_row;
  GtkWidget           *email_row;
  GtkWidget           *registered_on_row;
  GtkSwitch           *crisis_switch;
  GtkWidget           *crisis_reason_row;
  AdwActionRow        *deadline_row;
  GtkWidget           *counsellor_row;

  DkSession           *session;
  GPtrArray           *head_fields;  /* Field *, client and partner, in the order shown */
  GPtrArray           *tail_fields;  /* Field *, address and case */
  GPtrArray           *children;     /* Child *, in the order shown */
  Field               *editing;      /* the field being typed in, if any */
  gboolean             loading;      /* filling in defaults: not the person's edits */
  gboolean             dirty;        /* the person typed or chose something */
  gboolean             closing;      /* on its way out: handlers do nothing any more */
};

G_DEFINE_FINAL_TYPE (DkNewDossierDialog, dk_new_dossier_dialog, ADW_TYPE_WINDOW)

enum
{
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static DkNewDossierRecords *check_form (DkNewDossierDialog *self);

static const char *
row_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Fields */

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->key);
  g_free (field);
}

static void
field_show_message (Field      *field,
                    const char *message)
{
  gboolean shown = gtk_widget_get_visible (field->error_row);

  /* While typing: a message may go away, but a new or changed one waits until the field is left. */
  if (message != NULL && field == field->dialog->editing)
    return;

  if (message == NULL)
    {
      if (!shown)
        return;
      gtk_widget_set_visible (field->error_row, FALSE);
      gtk_widget_remove_css_class (field->row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
      return;
    }

  gtk_label_set_text (GTK_LABEL (field->error_label), message);
  gtk_widget_set_visible (field->error_row, TRUE);
  gtk_widget_add_css_class (field->row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_STATE_INVALID,
                               GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  /* A single reference, not a NULL-terminated list like labelled-by. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE,
                                  field->error_label, -1);
}

static void
mark_dirty (DkNewDossierDialog *self)
{
  if (!self->loading)
    self->dirty = TRUE;
}

static void
on_field_changed (Field *field)
{
  DkNewDossierDialog *self = field->dialog;

  if (self->closing)
    return;

  mark_dirty (self);
  self->editing = field;
  dk_new_dossier_records_free (check_form (self));
}

static void
on_field_left (GtkEventControllerFocus *controller,
               Field                   *field)
{
  DkNewDossierDialog *self = field->dialog;

  if (self->closing)
    return;

  field->touched = TRUE;
  if (self->editing == field)
    self->editing = NULL;
  dk_new_dossier_records_free (check_form (self));
}

/* Enter goes on to the next field, as on paper; Ctrl+Enter saves. */
static void
on_field_activated (Field *field)
{
  DkNewDossierDialog *self = field->dialog;

  if (self->closing)
    return;

  field->touched = TRUE;
  self->editing = NULL;
  dk_new_dossier_records_free (check_form (self));
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

/* Makes @row (already in its list) a field named @key, with its message row right below it. The row
 * owns the Field. */
static Field *
field_new (DkNewDossierDialog *self,
           GtkWidget          *row,
           const char         *key)
{
  Field *field = g_new0 (Field, 1);
  GtkWidget *list = gtk_widget_get_parent (row);

  g_assert (GTK_IS_LIST_BOX (list));

  field->dialog = self;
  field->row = row;
  field->key = g_strdup (key);

  field->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (field->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (field->error_label), 0);
  gtk_widget_add_css_class (field->error_label, "error");
  g_object_set (field->error_label, "margin-top", 6, "margin-bottom", 6, "margin-start", 12, "margin-end", 12, NULL);

  field->error_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (field->error_row), field->error_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (field->error_row), FALSE);
  gtk_widget_set_focusable (field->error_row, FALSE);
  gtk_widget_set_visible (field->error_row, FALSE);
  gtk_list_box_insert (GTK_LIST_BOX (list), field->error_row, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);

  g_object_set_data_full (G_OBJECT (row), "dk-field", field, field_free);

  if (ADW_IS_ENTRY_ROW (row))
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect_swapped (row, "changed", G_CALLBACK (on_field_changed), field);
      g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (on_field_activated), field);
      g_signal_connect (focus, "leave", G_CALLBACK (on_field_left), field);
      gtk_widget_add_controller (row, focus);
    }

  return field;
}

static void
field_set_key (Field      *field,
               const char *key)
{
  g_free (field->key);
  field->key = g_strdup (key);
}

/* Client, partner, children, address, case: the order the person sees them in. */
static GPtrArray *
all_fields (DkNewDossierDialog *self)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; i < self->head_fields->len; i++)
    g_ptr_array_add (fields, self->head_fields->pdata[i]);
  for (guint i = 0; i < self->children->len; i++)
    {
      Child *child = self->children->pdata[i];

      g_ptr_array_add (fields, child->given);
      g_ptr_array_add (fields, child->prefix);
      g_ptr_array_add (fields, child->family);
      g_ptr_array_add (fields, child->birth);
    }
  for (guint i = 0; i < self->tail_fields->len; i++)
    g_ptr_array_add (fields, self->tail_fields->pdata[i]);
  return fields;
}

/* The form */

static void
read_person (DkNewDossierPersonText *out,
             GtkWidget              *given,
             GtkWidget              *prefix,
             GtkWidget              *family,
             GtkWidget              *bsn,
             GtkWidget              *birth)
{
  out->given_names = row_text (given);
  out->family_name_prefix = row_text (prefix);
  out->family_name = row_text (family);
  out->bsn = bsn != NULL ? row_text (bsn) : NULL;
  out->birth_date = row_text (birth);
}

static void
update_deadline (DkNewDossierDialog *self)
{
  g_autofree char *subtitle = NULL;
  gboolean crisis = gtk_switch_get_active (self->crisis_switch);
  GDate registered_on, today, due;

  dk_form_today (&today);
  if (dk_form_read_date (row_text (self->registered_on_row), FALSE, "", &today, &registered_on, NULL)
      && dk_wgs_deadline (DK_CASE_PHASE_REGISTRATION, &registered_on, crisis, NULL, DK_WGS_DECISION_WEEKS_MAX,
                          &due) == DK_WGS_DEADLINE_FIRST_CONVERSATION)
    {
      g_autofree char *date = dk_date_format_dutch (&due);

      subtitle = crisis
                 /* Translators: %s is a date, "25-11-2026" */
                 ? g_strdup_printf (_("%s: within 3 working days of the request (crisis)"), date)
                 /* Translators: %s is a date, "21-12-2026" */
                 : g_strdup_printf (_("%s: within 4 weeks of the request"), date);
    }
  else
    subtitle = g_strdup (_("Follows from the date of the request for help."));

  adw_action_row_set_subtitle (self->deadline_row, subtitle);
}

/* Reads every field, shows the messages of the fields the person has been in, and returns the
 * records when the whole form is right. */
static DkNewDossierRecords *
check_form (DkNewDossierDialog *self)
{
  g_autoptr(GArray) children = g_array_new (FALSE, TRUE, sizeof (DkNewDossierPersonText));
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  DkNewDossierRecords *records;
  DkNewDossierForm form = { 0 };
  GDate today;

  read_person (&form.client, self->client_given_row, self->client_prefix_row, self->client_family_row,
               self->client_bsn_row, self->client_birth_row);

  form.has_partner = gtk_switch_get_active (self->partner_switch);
  read_person (&form.partner, self->partner_given_row, self->partner_prefix_row, self->partner_family_row,
               self->partner_bsn_row, self->partner_birth_row);
  /* The combo rows list the choices in the order of the enums. */
  form.living_together = (DkNewDossierUnion) adw_combo_row_get_selected (self->together_row);
  form.union_date = row_text (self->union_date_row);
  form.regime = (DkMaritalRegime) adw_combo_row_get_selected (self->regime_row);

  for (guint i = 0; i < self->children->len; i++)
    {
      Child *child = self->children->pdata[i];
      DkNewDossierPersonText text = { 0 };

      read_person (&text, child->given->row, child->prefix->row, child->family->row, NULL, child->birth->row);
      g_array_append_val (children, text);
    }
  form.children = (const DkNewDossierPersonText *) (gpointer) children->data;
  form.n_children = children->len;

  form.street = row_text (self->street_row);
  form.house_number = row_text (self->house_number_row);
  form.postcode = row_text (self->postcode_row);
  form.city = row_text (self->city_row);
  form.phone = row_text (self->phone_row);
  form.email = row_text (self->email_row);

  form.registered_on = row_text (self->registered_on_row);
  form.crisis = gtk_switch_get_active (self->crisis_switch);
  form.crisis_reason = row_text (self->crisis_reason_row);
  form.counsellor = row_text (self->counsellor_row);

  dk_form_today (&today);
  records = dk_new_dossier_build (&form, &today, &errors);

  fields = all_fields (self);
  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = fields->pdata[i];

      field_show_message (field, field->touched ? g_hash_table_lookup (errors, field->key) : NULL);
    }

  update_deadline (self);
  return records;
}

static void
update_union_rows (DkNewDossierDialog *self)
{
  gboolean married = gtk_switch_get_active (self->partner_switch)
                     && adw_combo_row_get_selected (self->together_row) != DK_NEW_DOSSIER_COHABITING;

  gtk_widget_set_visible (self->union_date_row, married);
  gtk_widget_set_visible (GTK_WIDGET (self->regime_row), married);
}

static void
on_choice_changed (DkNewDossierDialog *self)
{
  if (self->closing)
    return;

  mark_dirty (self);
  update_union_rows (self);
  dk_new_dossier_records_free (check_form (self));
}

static void
on_regime_changed (DkNewDossierDialog *self)
{
  Field *field = g_object_get_data (G_OBJECT (self->regime_row), "dk-field");

  if (self->closing)
    return;

  field->touched = TRUE;
  on_choice_changed (self);
}

/* Without a prenuptial agreement the law decides the regime from the date (BW1 art. 1:94 old and
 * new), so the form decides it too and the person only changes it for a prenuptial agreement. */
static void
on_union_date_changed (DkNewDossierDialog *self)
{
  GDate date;

  if (self->closing)
    return;

  if (adw_combo_row_get_selected (self->regime_row) != DK_MARITAL_REGIME_PRENUPTIAL
      && dk_form_read_date (row_text (self->union_date_row), FALSE, "", NULL, &date, NULL))
    adw_combo_row_set_selected (self->regime_row, dk_marital_statutory_regime (&date));
}

/* Children */

static void
renumber_children (DkNewDossierDialog *self)
{
  for (guint i = 0; i < self->children->len; i++)
    {
      Child *child = self->children->pdata[i];
      g_autofree char *title = NULL;
      g_autofree char *remove_label = NULL;
      g_autofree char *k_given = dk_new_dossier_child_key (i, DK_NEW_DOSSIER_FIELD_GIVEN_NAMES);
      g_autofree char *k_prefix = dk_new_dossier_child_key (i, DK_NEW_DOSSIER_FIELD_PREFIX);
      g_autofree char *k_family = dk_new_dossier_child_key (i, DK_NEW_DOSSIER_FIELD_FAMILY_NAME);
      g_autofree char *k_birth = dk_new_dossier_child_key (i, DK_NEW_DOSSIER_FIELD_BIRTH_DATE);

      /* Translators: the heading above one child's fields, "Child 2" */
      title = g_strdup_printf (_("Child %u"), i + 1);
      /* Translators: what a screen reader says for the button that removes a child, "Remove child 2" */
      remove_label = g_strdup_printf (_("Remove child %u"), i + 1);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (child->group), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      field_set_key (child->given, k_given);
      field_set_key (child->prefix, k_prefix);
      field_set_key (child->family, k_family);
      field_set_key (child->birth, k_birth);
    }

  adw_preferences_group_set_description (self->children_group,
                                         self->children->len == 0
                                         ? _("Children who live with the client. None added.")
                                         : _("Children who live with the client."));
}

static void
on_remove_child (GtkButton *button,
                 Child     *child)
{
  DkNewDossierDialog *self = g_object_get_data (G_OBJECT (button), "dk-dialog");

  if (self->closing)
    return;

  mark_dirty (self);
  if (self->editing == child->given || self->editing == child->prefix || self->editing == child->family
      || self->editing == child->birth)
    self->editing = NULL;

  gtk_widget_grab_focus (self->add_child_button);
  gtk_box_remove (self->children_box, child->group);
  g_ptr_array_remove (self->children, child);
  renumber_children (self);
  dk_new_dossier_records_free (check_form (self));
}

static GtkWidget *
child_entry (GtkWidget  *group,
             const char *title,
             const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_child_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DkNewDossierDialog *self = DK_NEW_DOSSIER_DIALOG (widget);
  Child *child = g_new0 (Child, 1);
  GtkWidget *given;
  GtkWidget *prefix;
  GtkWidget *family;
  GtkWidget *birth;

  child->group = adw_preferences_group_new ();

  child->remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (child->remove_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (child->remove_button, _("Remove this child"));
  gtk_widget_add_css_class (child->remove_button, "flat");
  g_object_set_data (G_OBJECT (child->remove_button), "dk-dialog", self);
  g_signal_connect (child->remove_button, "clicked", G_CALLBACK (on_remove_child), child);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (child->group), child->remove_button);

  /* Most children carry the client's family name: typed once, changed when not. */
  given = child_entry (child->group, _("Given names"), "");
  prefix = child_entry (child->group, _("Tussenvoegsel (van, de, …)"), row_text (self->client_prefix_row));
  family = child_entry (child->group, _("Family name"), row_text (self->client_family_row));
  birth = child_entry (child->group, _("Date of birth"), "");

  child->given = field_new (self, given, "");
  child->prefix = field_new (self, prefix, "");
  child->family = field_new (self, family, "");
  child->birth = field_new (self, birth, "");

  gtk_box_append (self->children_box, child->group);
  g_ptr_array_add (self->children, child);
  renumber_children (self);
  mark_dirty (self);
  gtk_widget_grab_focus (given);
}

/* Saving and closing */

static void
close_now (DkNewDossierDialog *self)
{
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Focus brings the field into view, but not the message below it: scroll a little further once the
 * message has its place (after the next layout). */
static gboolean
reveal_message (gpointer data)
{
  g_autoptr(GtkWidget) error_row = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (error_row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double bottom;

  if (scrolled == NULL || !gtk_widget_get_mapped (error_row))
    return G_SOURCE_REMOVE;

  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (content == NULL || !gtk_widget_compute_bounds (error_row, content, &bounds))
    return G_SOURCE_REMOVE;

  /* In the content's coordinates, which scroll with it: add what is scrolled away. */
  bottom = bounds.origin.y + bounds.size.height + 12;
  if (GTK_IS_VIEWPORT (content))
    bottom += gtk_adjustment_get_value (adjustment);
  if (bottom > gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment))
    gtk_adjustment_set_value (adjustment, bottom - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

static void
focus_first_error (DkNewDossierDialog *self)
{
  g_autoptr(GPtrArray) fields = all_fields (self);

  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = fields->pdata[i];

      if (gtk_widget_get_visible (field->error_row))
        {
          gtk_widget_grab_focus (field->row);
          g_idle_add (reveal_message, g_object_ref (field->error_row));
          return;
        }
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DkNewDossierDialog *self = DK_NEW_DOSSIER_DIALOG (widget);
  g_autoptr(DkNewDossierRecords) records = NULL;
  g_autoptr(GPtrArray) fields = all_fields (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *dossier_id = NULL;
  DkStore *store;

  for (guint i = 0; i < fields->len; i++)
    ((Field *) fields->pdata[i])->touched = TRUE;
  self->editing = NULL;

  records = check_form (self);
  if (records == NULL)
    {
      focus_first_error (self);
      return;
    }

  store = dk_session_get_store (self->session);
  if (store == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts,
                                   adw_toast_new (_("Sign in first: new dossiers are kept in your copy of the dossiers.")));
      return;
    }

  if (!dk_new_dossier_save (store, records, &dossier_id, NULL, &error))
    {
      g_autofree char *message = NULL;

      /* Codes only: a message may quote what was typed. */
      g_message ("Could not save a new dossier: %s %d", g_quark_to_string (error->domain), error->code);
      /* Translators: %s says why, "A child cannot be born before its parent." */
      message = g_strdup_printf (_("The dossier was not saved: %s"), error->message);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
      return;
    }

  g_debug ("New dossier %s saved", dossier_id);
  dk_session_local_change (self->session);
  self->closing = TRUE;
  g_signal_emit (self, signals[CREATED], 0, dossier_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_later (gpointer data)
{
  g_autoptr(DkNewDossierDialog) self = data;

  if (!self->closing)
    close_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (AdwMessageDialog   *dialog,
                     const char         *response,
                     DkNewDossierDialog *self)
{
  /* Not from inside the message dialog's own response: it is destroyed with us and still running. */
  if (g_str_equal (response, "discard"))
    g_idle_add (close_later, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkNewDossierDialog *self = DK_NEW_DOSSIER_DIALOG (widget);
  GtkWidget *dialog;

  if (!self->dirty)
    {
      close_now (self);
      return;
    }

  /* A quarter of an hour of typing at the kitchen table is not lost to one stray Escape. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the New Dossier?"),
                                   _("What you have typed in will not be saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
dk_new_dossier_dialog_close_request (GtkWindow *window)
{
  DkNewDossierDialog *self = DK_NEW_DOSSIER_DIALOG (window);

  if (self->closing || !self->dirty)
    {
      GtkWindowClass *parent_class = GTK_WINDOW_CLASS (dk_new_dossier_dialog_parent_class);

      self->closing = TRUE;
      return parent_class->close_request != NULL ? parent_class->close_request (window) : FALSE;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "dossier.cancel", NULL);
  return TRUE;
}

/* Construction */

GtkWidget *
dk_new_dossier_dialog_new (GtkWindow *parent,
                           DkSession *session)
{
  DkNewDossierDialog *self;
  const char *display_name;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DK_IS_SESSION (session), NULL);

  self = g_object_new (DK_TYPE_NEW_DOSSIER_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);

  display_name = dk_session_get_display_name (session);
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->counsellor_row), display_name != NULL ? display_name : "");
  self->editing = NULL;
  self->loading = FALSE;

  return GTK_WIDGET (self);
}

static void
dk_new_dossier_dialog_dispose (GObject *object)
{
  DkNewDossierDialog *self = DK_NEW_DOSSIER_DIALOG (object);

  self->closing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), DK_TYPE_NEW_DOSSIER_DIALOG);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dk_new_dossier_dialog_parent_class)->dispose (object);
}

static void
dk_new_dossier_dialog_finalize (GObject *object)
{
  DkNewDossierDialog *self = DK_NEW_DOSSIER_DIALOG (object);

  g_clear_pointer (&self->head_fields, g_ptr_array_unref);
  g_clear_pointer (&self->tail_fields, g_ptr_array_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);

  G_OBJECT_CLASS (dk_new_dossier_dialog_parent_class)->finalize (object);
}

static void
dk_new_dossier_dialog_class_init (DkNewDossierDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dk_new_dossier_dialog_dispose;
  object_class->finalize = dk_new_dossier_dialog_finalize;
  window_class->close_request = dk_new_dossier_dialog_close_request;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-new-dossier-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, client_given_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, client_prefix_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, client_family_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, client_bsn_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, client_birth_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, partner_switch);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, partner_given_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, partner_prefix_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, partner_family_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, partner_bsn_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, partner_birth_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, together_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, union_date_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, regime_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, children_group);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, children_box);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, add_child_button);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, street_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, house_number_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, postcode_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, city_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, registered_on_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, crisis_switch);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, crisis_reason_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, DkNewDossierDialog, counsellor_row);

  gtk_widget_class_install_action (widget_class, "dossier.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "dossier.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "dossier.add-child", NULL, add_child_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dossier.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "dossier.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "dossier.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, GDK_CONTROL_MASK, "dossier.save", NULL);
}

static void
add_person_fields (DkNewDossierDialog *self,
                   const char         *who,
                   GtkWidget          *given,
                   GtkWidget          *prefix,
                   GtkWidget          *family,
                   GtkWidget          *bsn,
                   GtkWidget          *birth)
{
  struct { GtkWidget *row; const char *field; } rows[] = {
    { given, DK_NEW_DOSSIER_FIELD_GIVEN_NAMES },
    { prefix, DK_NEW_DOSSIER_FIELD_PREFIX },
    { family, DK_NEW_DOSSIER_FIELD_FAMILY_NAME },
    { bsn, DK_NEW_DOSSIER_FIELD_BSN },
    { birth, DK_NEW_DOSSIER_FIELD_BIRTH_DATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s.%s", who, rows[i].field);

      g_ptr_array_add (self->head_fields, field_new (self, rows[i].row, key));
    }
}

static void
dk_new_dossier_dialog_init (DkNewDossierDialog *self)
{
  g_autofree char *today_text = NULL;
  GDate today;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->head_fields = g_ptr_array_new ();
  self->tail_fields = g_ptr_array_new ();
  self->children = g_ptr_array_new_with_free_func (g_free);
  self->loading = TRUE;

  add_person_fields (self, "client", self->client_given_row, self->client_prefix_row, self->client_family_row,
                     self->client_bsn_row, self->client_birth_row);
  add_person_fields (self, "partner", self->partner_given_row, self->partner_prefix_row, self->partner_family_row,
                     self->partner_bsn_row, self->partner_birth_row);
  g_ptr_array_add (self->head_fields, field_new (self, self->union_date_row, DK_NEW_DOSSIER_KEY_UNION_DATE));
  g_ptr_array_add (self->head_fields, field_new (self, GTK_WIDGET (self->regime_row), DK_NEW_DOSSIER_KEY_REGIME));

  g_ptr_array_add (self->tail_fields, field_new (self, self->street_row, DK_NEW_DOSSIER_KEY_STREET));
  g_ptr_array_add (self->tail_fields, field_new (self, self->house_number_row, DK_NEW_DOSSIER_KEY_HOUSE_NUMBER));
  g_ptr_array_add (self->tail_fields, field_new (self, self->postcode_row, DK_NEW_DOSSIER_KEY_POSTCODE));
  g_ptr_array_add (self->tail_fields, field_new (self, self->city_row, DK_NEW_DOSSIER_KEY_CITY));
  g_ptr_array_add (self->tail_fields, field_new (self, self->phone_row, DK_NEW_DOSSIER_KEY_PHONE));
  g_ptr_array_add (self->tail_fields, field_new (self, self->email_row, DK_NEW_DOSSIER_KEY_EMAIL));
  g_ptr_array_add (self->tail_fields, field_new (self, self->registered_on_row, DK_NEW_DOSSIER_KEY_REGISTERED_ON));
  g_ptr_array_add (self->tail_fields, field_new (self, self->crisis_reason_row, DK_NEW_DOSSIER_KEY_CRISIS_REASON));
  g_ptr_array_add (self->tail_fields, field_new (self, self->counsellor_row, DK_NEW_DOSSIER_KEY_COUNSELLOR));

  /* The request for help is usually made today, at this table. */
  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);
  gtk_editable_set_text (GTK_EDITABLE (self->registered_on_row), today_text);

  g_signal_connect_swapped (self->partner_switch, "notify::active", G_CALLBACK (on_choice_changed), self);
  g_signal_connect_swapped (self->together_row, "notify::selected", G_CALLBACK (on_choice_changed), self);
  g_signal_connect_swapped (self->regime_row, "notify::selected", G_CALLBACK (on_regime_changed), self);
  g_signal_connect_swapped (self->crisis_switch, "notify::active", G_CALLBACK (on_choice_changed), self);
  g_signal_connect_swapped (self->union_date_row, "changed", G_CALLBACK (on_union_date_changed), self);

  update_union_rows (self);
  renumber_children (self);
  self->editing = NULL;
  self->loading = FALSE;
  self->dirty = FALSE;

  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  gtk_widget_grab_focus (self->client_given_row);
}
