#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-labels.h"
#include "dk-person-dialog.h"

/* The choices of the role row: every role but the client's (a dossier has exactly one). */
static const DkPersonRole roles[] = { DK_PERSON_ROLE_PARTNER, DK_PERSON_ROLE_CHILD, DK_PERSON_ROLE_OTHER };

typedef enum
{
  JOIN_MOVES_IN,
  JOIN_BIRTH,
  JOIN_NONE,
} Join;

struct _DkPersonDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *role_row;
  GtkWidget    *given_row;
  GtkWidget    *prefix_row;
  GtkWidget    *family_row;
  GtkWidget    *bsn_row;
  GtkWidget    *birth_row;
  GtkWidget    *join_row;
  GtkWidget    *join_date_row;
  GtkWidget    *parent_row;

  char         *dossier_id;
};

G_DEFINE_FINAL_TYPE (DkPersonDialog, dk_person_dialog, DK_TYPE_EDIT_DIALOG)

static DkPersonRole
selected_role (DkPersonDialog *self)
{
  guint index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->role_row));

  return index < G_N_ELEMENTS (roles) ? roles[index] : DK_PERSON_ROLE_OTHER;
}

static void
update_rows (DkPersonDialog *self)
{
  Join join = (Join) adw_combo_row_get_selected (ADW_COMBO_ROW (self->join_row));

  /* A birth happens on the date of birth: no second date to type. */
  gtk_widget_set_visible (self->join_date_row, join == JOIN_MOVES_IN);
  gtk_widget_set_visible (self->parent_row, join == JOIN_BIRTH);
  dk_edit_dialog_set_field_error (DK_EDIT_DIALOG (self), self->join_date_row, NULL);
}

/* A new child is usually a birth; a partner or housemate moves in. */
static void
on_role_changed (DkPersonDialog *self)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->join_row),
                              selected_role (self) == DK_PERSON_ROLE_CHILD ? JOIN_BIRTH : JOIN_MOVES_IN);
  update_rows (self);
}

static gboolean
dk_person_dialog_save (DkEditDialog  *dialog,
                       DkStore       *store,
                       GError       **error)
{
  DkPersonDialog *self = DK_PERSON_DIALOG (dialog);
  DkPersonRole role = selected_role (self);
  Join join = (Join) adw_combo_row_get_selected (ADW_COMBO_ROW (self->join_row));
  g_autoptr(DkPerson) person = NULL;
  g_autoptr(DkHouseholdEvent) event = NULL;
  g_autoptr(GError) bsn_error = NULL;
  g_autofree char *given = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *family = NULL;
  g_autofree char *bsn = NULL;
  gboolean ok = TRUE;
  GDate today, birth, joined;

  dk_form_today (&today);
  g_date_clear (&birth, 1);
  g_date_clear (&joined, 1);

  ok &= dk_edit_dialog_read_text (dialog, self->given_row, TRUE, _("Given names"), &given);
  ok &= dk_edit_dialog_read_text (dialog, self->prefix_row, TRUE, _("Tussenvoegsel"), &prefix);
  ok &= dk_edit_dialog_read_text (dialog, self->family_row, FALSE, _("Family name"), &family);
  if (!dk_form_read_bsn (dk_edit_dialog_get_text (self->bsn_row), TRUE, &bsn, &bsn_error))
    {
      dk_edit_dialog_set_field_error (dialog, self->bsn_row, bsn_error->message);
      ok = FALSE;
    }
  /* A child's date of birth is needed for the norms; a birth may be announced ahead, so no limit. */
  ok &= dk_edit_dialog_read_date (dialog, self->birth_row, role != DK_PERSON_ROLE_CHILD && join != JOIN_BIRTH,
                                  _("Date of birth"), NULL, &birth);
  if (join == JOIN_MOVES_IN)
    ok &= dk_edit_dialog_read_date (dialog, self->join_date_row, FALSE, _("Date of moving in"), NULL, &joined);
  if (join == JOIN_BIRTH && role != DK_PERSON_ROLE_CHILD)
    {
      dk_edit_dialog_set_field_error (dialog, self->join_row, _("Only a child can be born into the household."));
      ok = FALSE;
    }
  if (join == JOIN_BIRTH && dk_edit_dialog_get_person_id (self->parent_row) == NULL)
    {
      dk_edit_dialog_set_field_error (dialog, self->parent_row, _("Choose the parent who lives in the household."));
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  person = dk_person_new (role, given != NULL ? given : "", prefix, family, g_date_valid (&birth) ? &birth : NULL);
  person->bsn = g_steal_pointer (&bsn);

  switch (join)
    {
    case JOIN_BIRTH:
      event = dk_household_event_new_birth (&birth, NULL, dk_edit_dialog_get_person_id (self->parent_row));
      break;
    case JOIN_MOVES_IN:
      event = dk_household_event_new (role == DK_PERSON_ROLE_PARTNER ? DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN
                                                                     : DK_HOUSEHOLD_EVENT_MOVE_IN,
                                      &joined, NULL);
      break;
    case JOIN_NONE:
    default:
      break;
    }

  return dk_dossier_repo_add_person (store, self->dossier_id, person, event, NULL, error);
}

GtkWidget *
dk_person_dialog_new (GtkWindow                 *parent,
                      DkStore                   *store,
                      const char                *dossier_id,
                      const DkHouseholdTimeline *timeline)
{
  DkPersonDialog *self;
  DkEditDialog *dialog;
  const char *role_labels[G_N_ELEMENTS (roles) + 1] = { NULL };
  const char *join_labels[] = { _("Moves in"), _("Is born into the household"), _("Does not live in the household"),
                                NULL };
  g_autofree char *today_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_PERSON_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Add Person"), _("_Add"));
  self->dossier_id = g_strdup (dossier_id);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    role_labels[i] = dk_person_role_label (roles[i]);
  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, _("Person"), _("Dates as dd-mm-yyyy."));
  self->role_row = dk_edit_dialog_add_combo (dialog, group, _("Role"), role_labels, 0);
  self->given_row = dk_edit_dialog_add_entry (dialog, group, _("Given names"), NULL);
  self->prefix_row = dk_edit_dialog_add_entry (dialog, group, _("Tussenvoegsel (van, de, …)"), NULL);
  self->family_row = dk_edit_dialog_add_entry (dialog, group, _("Family name"), NULL);
  self->bsn_row = dk_edit_dialog_add_entry (dialog, group, _("BSN (optional)"), NULL);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->bsn_row), GTK_INPUT_PURPOSE_DIGITS);
  self->birth_row = dk_edit_dialog_add_entry (dialog, group, _("Date of birth"), NULL);

  group = dk_edit_dialog_add_group (dialog, _("Joining the Household"),
                                    _("The household's history decides who counts for the calculation on a date."));
  self->join_row = dk_edit_dialog_add_combo (dialog, group, _("How they join"), join_labels, JOIN_MOVES_IN);
  self->join_date_row = dk_edit_dialog_add_entry (dialog, group, _("Date of moving in"), today_text);
  self->parent_row = dk_edit_dialog_add_person_combo (dialog, group, _("Parent in the household"), timeline, NULL,
                                                      timeline != NULL ? dk_household_timeline_get_client_id (timeline)
                                                                       : NULL);

  g_signal_connect_swapped (self->role_row, "notify::selected", G_CALLBACK (on_role_changed), self);
  g_signal_connect_swapped (self->join_row, "notify::selected", G_CALLBACK (update_rows), self);
  update_rows (self);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_person_dialog_finalize (GObject *object)
{
  DkPersonDialog *self = DK_PERSON_DIALOG (object);

  g_free (self->dossier_id);
  G_OBJECT_CLASS (dk_person_dialog_parent_class)->finalize (object);
}

static void
dk_person_dialog_class_init (DkPersonDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_person_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_person_dialog_save;
}

static void
dk_person_dialog_init (DkPersonDialog *self)
{
}
