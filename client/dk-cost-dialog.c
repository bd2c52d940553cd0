#include "config.h"

#include <glib/gi18n.h>

#include "dk-cost-dialog.h"
#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-labels.h"

#define N_KINDS (DK_FIXED_COST_OTHER + 1)

struct _DkCostDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *kind_row;
  GtkWidget    *description_row;
  GtkWidget    *amount_row;
  GtkWidget    *person_row;
  GtkWidget    *parts_group;
  GtkWidget    *part1_row;
  GtkWidget    *part2_row;
  GtkWidget    *from_row;
  GtkWidget    *to_row;

  char         *dossier_id;
};

G_DEFINE_FINAL_TYPE (DkCostDialog, dk_cost_dialog, DK_TYPE_EDIT_DIALOG)

static DkFixedCostKind
selected_kind (DkCostDialog *self)
{
  return (DkFixedCostKind) adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));
}

/* Rent splits into basic rent and service costs, a mortgage into interest and repayment. */
static void
update_parts (DkCostDialog *self)
{
  DkFixedCostKind kind = selected_kind (self);
  gboolean rent = kind == DK_FIXED_COST_RENT;

  gtk_widget_set_visible (self->parts_group, rent || kind == DK_FIXED_COST_MORTGAGE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->part1_row),
                                 rent ? _("Basic rent (kale huur, optional)") : _("Interest (optional)"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->part2_row),
                                 rent ? _("Service costs (optional)") : _("Repayment (optional)"));
}

static gboolean
dk_cost_dialog_save (DkEditDialog  *dialog,
                     DkStore       *store,
                     GError       **error)
{
  DkCostDialog *self = DK_COST_DIALOG (dialog);
  DkFixedCostKind kind = selected_kind (self);
  gboolean with_parts = kind == DK_FIXED_COST_RENT || kind == DK_FIXED_COST_MORTGAGE;
  g_autoptr(DkFixedCost) cost = NULL;
  g_autofree char *description = NULL;
  gboolean ok = TRUE;
  gboolean has_amount = FALSE;
  gboolean has_part1 = FALSE;
  gboolean has_part2 = FALSE;
  gint64 amount = 0;
  gint64 part1 = 0;
  gint64 part2 = 0;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  ok &= dk_edit_dialog_read_text (dialog, self->description_row, TRUE, _("Description"), &description);
  ok &= dk_edit_dialog_read_money (dialog, self->amount_row, FALSE, _("Amount per month"), &has_amount, &amount);
  if (with_parts)
    {
      gboolean rent = kind == DK_FIXED_COST_RENT;

      ok &= dk_edit_dialog_read_money (dialog, self->part1_row, TRUE, rent ? _("Basic rent") : _("Interest"),
                                       &has_part1, &part1);
      ok &= dk_edit_dialog_read_money (dialog, self->part2_row, TRUE, rent ? _("Service costs") : _("Repayment"),
                                       &has_part2, &part2);
    }
  ok &= dk_edit_dialog_read_date (dialog, self->from_row, FALSE, _("From"), NULL, &from);
  ok &= dk_edit_dialog_read_date (dialog, self->to_row, TRUE, _("Until"), NULL, &to);
  if (ok && g_date_valid (&to) && g_date_compare (&to, &from) < 0)
    {
      dk_edit_dialog_set_field_error (dialog, self->to_row, _("The last day cannot be before the first."));
      ok = FALSE;
    }
  /* Compared without adding, so no amount can overflow. */
  if (ok && (has_part1 || has_part2) && (part1 > amount || part2 > amount - part1))
    {
      dk_edit_dialog_set_field_error (dialog, self->part2_row, _("The parts together cannot be more than the whole amount."));
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  cost = dk_fixed_cost_new (kind, amount, &from);
  cost->description = g_steal_pointer (&description);
  cost->person_id = g_strdup (dk_edit_dialog_get_person_id (self->person_row));
  cost->valid_to = to;
  if (has_part1 || has_part2)
    {
      cost->has_parts = TRUE;
      if (kind == DK_FIXED_COST_RENT)
        {
          cost->rent_basic_cents = part1;
          cost->rent_service_cents = part2;
        }
      else
        {
          cost->mortgage_interest_cents = part1;
          cost->mortgage_repayment_cents = part2;
        }
    }

  return dk_fixed_cost_validate (cost, error)
         && dk_dossier_repo_add_fixed_cost (store, self->dossier_id, cost, NULL, error);
}

GtkWidget *
dk_cost_dialog_new (GtkWindow                 *parent,
                    DkStore                   *store,
                    const char                *dossier_id,
                    const DkHouseholdTimeline *timeline)
{
  DkCostDialog *self;
  DkEditDialog *dialog;
  const char *kinds[N_KINDS + 1] = { NULL };
  g_autofree char *today_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_COST_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Add Fixed Cost"), _("_Add"));
  self->dossier_id = g_strdup (dossier_id);

  for (guint i = 0; i < N_KINDS; i++)
    kinds[i] = dk_fixed_cost_kind_label ((DkFixedCostKind) i);
  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, _("Fixed Cost"), _("Amounts per month, e.g. 725,00."));
  self->kind_row = dk_edit_dialog_add_combo (dialog, group, _("Kind"), kinds, DK_FIXED_COST_RENT);
  self->description_row = dk_edit_dialog_add_entry (dialog, group, _("Description (optional)"), NULL);
  self->amount_row = dk_edit_dialog_add_entry (dialog, group, _("Amount per month"), NULL);
  self->person_row = dk_edit_dialog_add_person_combo (dialog, group, _("Paid for"), timeline,
                                                      _("The household as a whole"), NULL);

  self->parts_group = dk_edit_dialog_add_group (dialog, _("Parts"),
                                                _("The BVV and VTLB treat these parts differently; they may add up "
                                                  "to less than the whole."));
  self->part1_row = dk_edit_dialog_add_entry (dialog, self->parts_group, _("Basic rent (kale huur, optional)"), NULL);
  self->part2_row = dk_edit_dialog_add_entry (dialog, self->parts_group, _("Service costs (optional)"), NULL);

  group = dk_edit_dialog_add_group (dialog, _("Period"), _("Dates as dd-mm-yyyy."));
  self->from_row = dk_edit_dialog_add_entry (dialog, group, _("From"), today_text);
  self->to_row = dk_edit_dialog_add_entry (dialog, group, _("Until (optional)"), NULL);

  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_parts), self);
  update_parts (self);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_cost_dialog_finalize (GObject *object)
{
  DkCostDialog *self = DK_COST_DIALOG (object);

  g_free (self->dossier_id);
  G_OBJECT_CLASS (dk_cost_dialog_parent_class)->finalize (object);
}

static void
dk_cost_dialog_class_init (DkCostDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_cost_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_cost_dialog_save;
}

static void
dk_cost_dialog_init (DkCostDialog *self)
{
}
