#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-event-dialog.h"
#include "dk-form.h"
#include "dk-labels.h"

/* The choices of the kind row; a split is only ever made by splitting a dossier. */
static const DkHouseholdEventKind kinds[] = {
  DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN,
  DK_HOUSEHOLD_EVENT_MARRIAGE,
  DK_HOUSEHOLD_EVENT_BIRTH,
  DK_HOUSEHOLD_EVENT_MOVE_IN,
  DK_HOUSEHOLD_EVENT_CO_PARENTING,
  DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED,
  DK_HOUSEHOLD_EVENT_DIVORCE,
  DK_HOUSEHOLD_EVENT_MOVE_OUT,
  DK_HOUSEHOLD_EVENT_DEATH,
};

struct _DkEventDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *kind_row;
  GtkWidget    *date_row;
  GtkWidget    *person_row;
  GtkWidget    *other_row;
  GtkWidget    *union_row;
  GtkWidget    *regime_row;

  char         *dossier_id;
  GArray       *roles;  /* DkPersonRole of each choice of person_row */
};

G_DEFINE_FINAL_TYPE (DkEventDialog, dk_event_dialog, DK_TYPE_EDIT_DIALOG)

static DkHouseholdEventKind
selected_kind (DkEventDialog *self)
{
  guint index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));

  return index < G_N_ELEMENTS (kinds) ? kinds[index] : DK_HOUSEHOLD_EVENT_MOVE_IN;
}

static const char *
person_title (DkHouseholdEventKind kind)
{
  switch (kind)
    {
    case DK_HOUSEHOLD_EVENT_BIRTH:
    case DK_HOUSEHOLD_EVENT_CO_PARENTING:
      return _("Child");
    case DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN:
    case DK_HOUSEHOLD_EVENT_MARRIAGE:
    case DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED:
    case DK_HOUSEHOLD_EVENT_DIVORCE:
      return _("Partner");
    default:
      return _("Person");
    }
}

/* The person an event is about is nearly always the partner or a child: that one is chosen first. */
static void
choose_person (DkEventDialog        *self,
               DkHouseholdEventKind  kind)
{
  DkPersonRole wanted;

  switch (kind)
    {
    case DK_HOUSEHOLD_EVENT_BIRTH:
    case DK_HOUSEHOLD_EVENT_CO_PARENTING:
      wanted = DK_PERSON_ROLE_CHILD;
      break;
    case DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN:
    case DK_HOUSEHOLD_EVENT_MARRIAGE:
    case DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED:
    case DK_HOUSEHOLD_EVENT_DIVORCE:
      wanted = DK_PERSON_ROLE_PARTNER;
      break;
    default:
      return;
    }

  for (guint i = 0; i < self->roles->len; i++)
    if (g_array_index (self->roles, DkPersonRole, i) == wanted)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->person_row), i);
        return;
      }
}

static void
update_rows (DkEventDialog *self)
{
  DkHouseholdEventKind kind = selected_kind (self);

  choose_person (self, kind);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->person_row), person_title (kind));
  gtk_widget_set_visible (self->other_row, kind == DK_HOUSEHOLD_EVENT_BIRTH);
  gtk_widget_set_visible (self->union_row, kind == DK_HOUSEHOLD_EVENT_MARRIAGE);
  gtk_widget_set_visible (self->regime_row, kind == DK_HOUSEHOLD_EVENT_MARRIAGE);
}

/* Without a prenuptial agreement the law decides the regime from the date (BW1 art. 1:94 old and
 * new), so the form follows the date and the person only changes it for a prenuptial agreement. */
static void
on_date_changed (DkEventDialog *self)
{
  GDate date;

  if (adw_combo_row_get_selected (ADW_COMBO_ROW (self->regime_row)) != DK_MARITAL_REGIME_PRENUPTIAL
      && dk_form_read_date (dk_edit_dialog_get_text (self->date_row), FALSE, "", NULL, &date, NULL))
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->regime_row), dk_marital_statutory_regime (&date));
}

static gboolean
dk_event_dialog_save (DkEditDialog  *dialog,
                      DkStore       *store,
                      GError       **error)
{
  DkEventDialog *self = DK_EVENT_DIALOG (dialog);
  DkHouseholdEventKind kind = selected_kind (self);
  const char *person_id = dk_edit_dialog_get_person_id (self->person_row);
  g_autoptr(DkHouseholdEvent) event = NULL;
  GDate date;

  if (!dk_edit_dialog_read_date (dialog, self->date_row, FALSE, _("Date"), NULL, &date))
    return FALSE;

  switch (kind)
    {
    case DK_HOUSEHOLD_EVENT_BIRTH:
      event = dk_household_event_new_birth (&date, person_id, dk_edit_dialog_get_person_id (self->other_row));
      break;
    case DK_HOUSEHOLD_EVENT_MARRIAGE:
      event = dk_household_event_new_marriage (&date, person_id,
                                               (DkUnionKind) adw_combo_row_get_selected (ADW_COMBO_ROW (self->union_row)),
                                               (DkMaritalRegime) adw_combo_row_get_selected (ADW_COMBO_ROW (self->regime_row)));
      break;
    default:
      event = dk_household_event_new (kind, &date, person_id);
      break;
    }

  return dk_dossier_repo_add_household_event (store, self->dossier_id, event, NULL, error);
}

GtkWidget *
dk_event_dialog_new (GtkWindow                 *parent,
                     DkStore                   *store,
                     const char                *dossier_id,
                     const DkHouseholdTimeline *timeline)
{
  DkEventDialog *self;
  DkEditDialog *dialog;
  const char *kind_labels[G_N_ELEMENTS (kinds) + 1] = { NULL };
  const char *union_labels[] = { dk_union_kind_label (DK_UNION_MARRIAGE),
                                 dk_union_kind_label (DK_UNION_REGISTERED_PARTNERSHIP), NULL };
  const char *regime_labels[] = { dk_marital_regime_label (DK_MARITAL_REGIME_FULL_COMMUNITY),
                                  dk_marital_regime_label (DK_MARITAL_REGIME_LIMITED_COMMUNITY),
                                  dk_marital_regime_label (DK_MARITAL_REGIME_PRENUPTIAL), NULL };
  const char *client_id = timeline != NULL ? dk_household_timeline_get_client_id (timeline) : NULL;
  g_autofree char *today_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_EVENT_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Add Event"), _("_Add"));
  self->dossier_id = g_strdup (dossier_id);
  for (guint i = 0; timeline != NULL && i < dk_household_timeline_get_n_persons (timeline); i++)
    g_array_append_val (self->roles, dk_household_timeline_get_person_at (timeline, i)->role);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kind_labels[i] = dk_household_event_kind_label (kinds[i]);
  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, _("Event"),
                                    _("An event takes effect on its date. Add a new person with “Add person” first."));
  self->kind_row = dk_edit_dialog_add_combo (dialog, group, _("What happens"), kind_labels, 0);
  self->date_row = dk_edit_dialog_add_entry (dialog, group, _("Date"), today_text);
  self->person_row = dk_edit_dialog_add_person_combo (dialog, group, _("Person"), timeline, NULL, NULL);
  self->other_row = dk_edit_dialog_add_person_combo (dialog, group, _("Parent in the household"), timeline, NULL,
                                                     client_id);
  self->union_row = dk_edit_dialog_add_combo (dialog, group, _("Kind of union"), union_labels, DK_UNION_MARRIAGE);
  self->regime_row = dk_edit_dialog_add_combo (dialog, group, _("Property regime"), regime_labels,
                                               dk_marital_statutory_regime (&today));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->regime_row),
                               _("Without a prenuptial agreement: full community before 2018, limited community from 2018"));

  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_rows), self);
  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (on_date_changed), self);
  update_rows (self);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_event_dialog_finalize (GObject *object)
{
  DkEventDialog *self = DK_EVENT_DIALOG (object);

  g_free (self->dossier_id);
  g_array_unref (self->roles);
  G_OBJECT_CLASS (dk_event_dialog_parent_class)->finalize (object);
}

static void
dk_event_dialog_class_init (DkEventDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_event_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_event_dialog_save;
}

static void
dk_event_dialog_init (DkEventDialog *self)
{
  self->roles = g_array_new (FALSE, FALSE, sizeof (DkPersonRole));
}
