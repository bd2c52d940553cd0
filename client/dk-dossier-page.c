#include "config.h"

#include <glib/gi18n.h>

#include "dk-calculation-repo.h"
#include "dk-calculation-view.h"
#include "dk-case-dialog.h"
#include "dk-case-repo.h"
#include "dk-contact-dialog.h"
#include "dk-cost-dialog.h"
#include "dk-date.h"
#include "dk-debt-dialog.h"
#include "dk-debt-status-dialog.h"
#include "dk-dossier-calculation.h"
#include "dk-dossier-page.h"
#include "dk-dossier-repo.h"
#include "dk-end-dialog.h"
#include "dk-event-dialog.h"
#include "dk-form.h"
#include "dk-income-dialog.h"
#include "dk-labels.h"
#include "dk-money.h"
#include "dk-norms.h"
#include "dk-note-dialog.h"
#include "dk-person-dialog.h"
#include "dk-wgs.h"

struct _DkDossierPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  AdwViewStack        *view_stack;
  AdwActionRow        *client_row;
  AdwActionRow        *phase_row;
  AdwActionRow        *dates_row;
  AdwActionRow        *deadline_row;
  AdwActionRow        *counsellor_row;
  DkCalculationView   *calculation_view;
  AdwPreferencesGroup *persons_group;
  AdwPreferencesGroup *timeline_group;
  GtkLabel            *timeline_warning;
  AdwPreferencesGroup *incomes_group;
  AdwPreferencesGroup *costs_group;
  AdwPreferencesGroup *debts_summary_group;
  GtkLabel            *debts_warning;
  AdwPreferencesGroup *client_debts_group;
  AdwPreferencesGroup *partner_debts_group;
  AdwPreferencesGroup *joint_debts_group;
  AdwPreferencesGroup *notes_group;

  /* Owned references */
  DkSession           *session;
  DkStore             *store;         /* without a session (dk_dossier_page_set_store()) */
  char                *author;        /* idem */
  char                *dossier_id;
  char                *title;
  char                *subtitle;
  GHashTable          *revealed_bsn;  /* person ids whose BSN is shown in full */
  GPtrArray           *rows;          /* rows added to the groups, to take away on reload */

  /* What is shown, as loaded */
  DkCase              *c;
  DkHouseholdTimeline *timeline;
  GPtrArray           *contacts;      /* DkContact * */
  GPtrArray           *incomes;       /* DkIncome * */
  GPtrArray           *costs;         /* DkFixedCost * */
  GPtrArray           *debts;         /* DkDebt * */
  GPtrArray           *notes;         /* DkNote * */
};

G_DEFINE_FINAL_TYPE (DkDossierPage, dk_dossier_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static DkStore *
get_store (DkDossierPage *self)
{
  if (self->session != NULL)
    return dk_session_get_store (self->session);
  return self->store;
}

static const char *
get_author (DkDossierPage *self)
{
  if (self->session != NULL)
    return dk_session_get_display_name (self->session);
  return self->author;
}

static GtkWindow *
get_window (DkDossierPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
set_titles (DkDossierPage *self,
            const char    *title,
            const char    *subtitle)
{
  if (g_strcmp0 (self->title, title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  if (g_strcmp0 (self->subtitle, subtitle) != 0)
    {
      g_free (self->subtitle);
      self->subtitle = g_strdup (subtitle);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
    }
}

/* ---- rows ---- */

static void
clear_rows (DkDossierPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (row), "dk-group");

      adw_preferences_group_remove (group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (DkDossierPage       *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  g_object_set_data (G_OBJECT (row), "dk-group", group);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

/* Everything in a row may be typed by a person (names, creditors, notes): never markup. */
static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_placeholder (DkDossierPage       *self,
                 AdwPreferencesGroup *group,
                 const char          *text)
{
  GtkWidget *row = plain_row (text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  add_row (self, group, row);
}

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* An icon button for a row, running @action with @target; @label is its tooltip and accessible name. */
static GtkWidget *
row_button (const char *icon_name,
            const char *label,
            const char *action,
            const char *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

static GtkWidget *
text_button (const char *label,
             const char *tooltip,
             const char *action,
             const char *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

static char *
format_date (const GDate *date)
{
  return g_date_valid (date) ? dk_date_format_dutch (date) : NULL;
}

static char *
person_name (DkDossierPage *self,
             const char    *person_id)
{
  const DkPerson *person = NULL;

  if (person_id != NULL && self->timeline != NULL)
    person = dk_household_timeline_get_person (self->timeline, person_id);
  return person != NULL ? dk_person_display_name (person) : g_strdup (_("Unknown person"));
}

/* ---- overview ---- */

static void
show_case (DkDossierPage *self,
           DkDossier     *dossier)
{
  const DkCase *c = self->c;
  const char *client_id = self->timeline != NULL ? dk_household_timeline_get_client_id (self->timeline) : NULL;
  g_autofree char *client = client_id != NULL ? person_name (self, client_id) : g_strdup (_("No client"));
  g_autofree char *opened = format_date (&dossier->opened_on);
  g_autofree char *registered = format_date (&c->registered_on);
  g_autofree char *first = format_date (&c->first_conversation_on);
  g_autofree char *client_text = NULL;
  g_autofree char *phase_text = NULL;
  g_autofree char *dates_text = NULL;
  g_autofree char *deadline_text = NULL;
  GSettings *settings = self->session != NULL ? dk_session_get_settings (self->session) : NULL;
  guint weeks = settings != NULL ? g_settings_get_uint (settings, "decision-weeks") : DK_WGS_DECISION_WEEKS_MAX;
  DkWgsDeadlineKind kind;
  gboolean overdue = FALSE;
  GDate due, today;

  dk_form_today (&today);

  /* Translators: the client's name, the dossier number and the day it was opened */
  client_text = g_strdup_printf (_("%s · dossier %s · opened %s"), client, dossier->number, opened != NULL ? opened : "");
  adw_action_row_set_subtitle (self->client_row, client_text);

  phase_text = c->crisis
               /* Translators: %s is a phase, "Intake" */
               ? g_strdup_printf (_("%s · crisis situation (Wgs art. 4 lid 2)"), dk_case_phase_label (c->phase))
               : g_strdup (dk_case_phase_label (c->phase));
  adw_action_row_set_subtitle (self->phase_row, phase_text);

  /* Translators: two dates, or "unknown" / "not yet held" */
  dates_text = g_strdup_printf (_("Request for help: %s · first conversation: %s"),
                                registered != NULL ? registered : _("unknown"),
                                first != NULL ? first : _("not yet held"));
  adw_action_row_set_subtitle (self->dates_row, dates_text);

  weeks = CLAMP (weeks, 1, DK_WGS_DECISION_WEEKS_MAX);
  kind = dk_wgs_deadline (c->phase, g_date_valid (&c->registered_on) ? &c->registered_on : NULL, c->crisis,
                          g_date_valid (&c->first_conversation_on) ? &c->first_conversation_on : NULL, weeks, &due);
  if (kind == DK_WGS_DEADLINE_NONE)
    deadline_text = g_strdup (_("No deadline runs in this phase"));
  else
    {
      g_autofree char *date = dk_date_format_dutch (&due);

      overdue = g_date_compare (&due, &today) < 0;
      deadline_text = overdue
                      /* Translators: "First conversation by 02-02-2026, overdue" */
                      ? g_strdup_printf (_("%s by %s, overdue"), dk_wgs_deadline_label (kind), date)
                      /* Translators: "First conversation by 02-02-2026" */
                      : g_strdup_printf (_("%s by %s"), dk_wgs_deadline_label (kind), date);
    }
  adw_action_row_set_subtitle (self->deadline_row, deadline_text);
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self->deadline_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->deadline_row), "error");

  adw_action_row_set_subtitle (self->counsellor_row,
                               c->counsellor != NULL && c->counsellor[0] != '\0' ? c->counsellor : _("Nobody yet"));

  set_titles (self, client, dossier->number);
}

/* The figures as they stand today, made from what is stored now (nothing is written here). */
static void
show_calculation (DkDossierPage *self,
                  DkStore       *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkNormSet) norms = NULL;
  g_autoptr(JsonNode) input_node = NULL;
  g_autoptr(DkCalculationInput) input = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  GDate today;

  dk_form_today (&today);

  if ((norms = dk_norm_set_get_default (&error)) != NULL
      && (input_node = dk_dossier_calculation_input (store, self->dossier_id, &today, &error)) != NULL
      && (input = dk_calculation_input_from_json (input_node, &error)) != NULL
      && dk_calculation_run (norms, input, &result, &error))
    dk_calculation_view_show_result (self->calculation_view, &result);
  else
    {
      /* Translators: %s says why, "No norm table is in force on 01-01-2020." */
      g_autofree char *message = g_strdup_printf (_("No calculation for today: %s"), error->message);

      g_debug ("Dossier %s: no calculation: %s %d", self->dossier_id, g_quark_to_string (error->domain), error->code);
      dk_calculation_view_show_message (self->calculation_view, message);
      g_clear_error (&error);
    }

  history = dk_calculation_repo_list (store, self->dossier_id, &error);
  if (history == NULL)
    g_message ("Dossier %s: calculation history unreadable: %s %d", self->dossier_id,
               g_quark_to_string (error->domain), error->code);
  dk_calculation_view_set_history (self->calculation_view, history);
}

/* ---- household ---- */

static const DkContact *
find_contact (DkDossierPage *self,
              const char    *person_id)
{
  for (guint i = 0; self->contacts != NULL && i < self->contacts->len; i++)
    {
      const DkContact *contact = g_ptr_array_index (self->contacts, i);

      if (g_strcmp0 (contact->person_id, person_id) == 0)
        return contact;
    }
  return NULL;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/* "Dorpsstraat 12, 1234 AB Utrecht · +31612345678 · sanne@example.nl", or NULL. */
static char *
contact_text (const DkContact *contact)
{
  GString *out;
  g_autoptr(GString) address = NULL;

  if (contact == NULL)
    return NULL;

  address = g_string_new (NULL);
  if (has_text (contact->street))
    g_string_append (address, contact->street);
  if (has_text (contact->house_number))
    g_string_append_printf (address, address->len > 0 ? " %s" : "%s", contact->house_number);
  if (has_text (contact->postcode) || has_text (contact->city))
    {
      if (address->len > 0)
        g_string_append (address, ", ");
      if (has_text (contact->postcode))
        g_string_append (address, contact->postcode);
      if (has_text (contact->city))
        g_string_append_printf (address, has_text (contact->postcode) ? " %s" : "%s", contact->city);
    }

  out = g_string_new (address->str);
  if (has_text (contact->phone))
    g_string_append_printf (out, out->len > 0 ? " · %s" : "%s", contact->phone);
  if (has_text (contact->email))
    g_string_append_printf (out, out->len > 0 ? " · %s" : "%s", contact->email);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
show_persons (DkDossierPage *self)
{
  guint n = self->timeline != NULL ? dk_household_timeline_get_n_persons (self->timeline) : 0;

  if (n == 0)
    add_placeholder (self, self->persons_group, _("No persons yet"));

  for (guint i = 0; i < n; i++)
    {
      const DkPerson *person = dk_household_timeline_get_person_at (self->timeline, i);
      gboolean revealed = g_hash_table_contains (self->revealed_bsn, person->id);
      g_autofree char *name = dk_person_display_name (person);
      g_autofree char *born = format_date (&person->birth_date);
      g_autofree char *bsn = person->bsn != NULL ? (revealed ? g_strdup (person->bsn) : dk_bsn_mask (person->bsn)) : NULL;
      g_autofree char *contact = contact_text (find_contact (self, person->id));
      GString *subtitle = g_string_new (dk_person_role_label (person->role));
      g_autofree char *subtitle_text = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (born != NULL)
        {
          g_string_append (subtitle, " · ");
          /* Translators: a date of birth, "born 14-03-1998" */
          g_string_append_printf (subtitle, _("born %s"), born);
        }
      if (bsn != NULL)
        g_string_append_printf (subtitle, " · BSN %s", bsn);
      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, contact != NULL ? contact : _("No address or contact details"));
      subtitle_text = g_string_free (subtitle, FALSE);

      row = plain_row (name, subtitle_text);
      icon = gtk_image_new_from_icon_name ("avatar-default-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      dk_person_role_label (person->role), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (person->bsn != NULL)
        {
          g_autofree char *label = revealed
                                   /* Translators: %s is a person's name */
                                   ? g_strdup_printf (_("Hide the BSN of %s"), name)
                                   /* Translators: %s is a person's name */
                                   : g_strdup_printf (_("Show the BSN of %s"), name);

          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     row_button (revealed ? "view-conceal-symbolic" : "view-reveal-symbolic", label,
                                                 "page.toggle-bsn", person->id));
        }
      {
        /* Translators: %s is a person's name */
        g_autofree char *label = g_strdup_printf (_("Address and contact details of %s"), name);

        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   row_button ("x-office-address-book-symbolic", label, "page.edit-contact", person->id));
      }
      add_row (self, self->persons_group, row);
    }
}

static void
show_timeline (DkDossierPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n = self->timeline != NULL ? dk_household_timeline_get_n_events (self->timeline) : 0;

  /* A history that came from another device is not re-checked on load: say so when it is impossible. */
  if (self->timeline != NULL && !dk_household_timeline_validate (self->timeline, &error))
    {
      /* Translators: %s says what is impossible */
      g_autofree char *message = g_strdup_printf (_("This history is not possible: %s"), error->message);

      gtk_label_set_text (self->timeline_warning, message);
      gtk_widget_set_visible (GTK_WIDGET (self->timeline_warning), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->timeline_warning), FALSE);

  if (n == 0)
    add_placeholder (self, self->timeline_group, _("No events yet"));

  for (guint i = n; i > 0; i--)
    {
      const DkHouseholdEvent *event = dk_household_timeline_get_event (self->timeline, i - 1);
      g_autofree char *text = dk_household_event_describe_full (event, self->timeline);
      g_autofree char *date = format_date (&event->date);

      add_row (self, self->timeline_group, plain_row (text, date));
    }
}

/* ---- income and costs ---- */

static char *
period_text (const GDate *from,
             const GDate *to)
{
  g_autofree char *first = format_date (from);
  g_autofree char *last = format_date (to);

  if (last != NULL)
    /* Translators: two dates, "from 01-01-2026 until 30-06-2026" */
    return g_strdup_printf (_("from %s until %s"), first != NULL ? first : "?", last);
  /* Translators: a date, "from 01-01-2026" */
  return g_strdup_printf (_("from %s"), first != NULL ? first : "?");
}

static gboolean
has_ended (const GDate *valid_to,
           const GDate *today)
{
  return g_date_valid (valid_to) && g_date_compare (valid_to, today) < 0;
}

static void
show_incomes (DkDossierPage *self)
{
  gint64 total = 0;
  GDate today;

  dk_form_today (&today);

  if (self->incomes == NULL || self->incomes->len == 0)
    add_placeholder (self, self->incomes_group, _("No incomes yet"));

  for (guint i = 0; self->incomes != NULL && i < self->incomes->len; i++)
    {
      const DkIncome *income = g_ptr_array_index (self->incomes, i);
      g_autofree char *who = person_name (self, income->person_id);
      g_autofree char *net = dk_money_format (income->net_cents);
      g_autofree char *monthly = dk_money_format (dk_income_get_net_monthly (income));
      g_autofree char *period = period_text (&income->valid_from, &income->valid_to);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *gross = NULL;
      GtkWidget *row;

      if (dk_income_is_valid_on (income, &today))
        total += dk_income_get_net_monthly (income);

      title = has_text (income->description)
              ? g_strdup_printf ("%s: %s", dk_income_source_label (income->source), income->description)
              : g_strdup (dk_income_source_label (income->source));
      if (income->has_gross)
        {
          g_autofree char *amount = dk_money_format (income->gross_cents);

          /* Translators: a gross amount, "gross € 1.600,00" */
          gross = g_strdup_printf (_(", gross %s"), amount);
        }
      /* Translators: person · "€ 1.000,00 net per four weeks" [gross] · period */
      subtitle = g_strdup_printf (_("%s · %s net %s%s · %s"), who, net, dk_income_period_after_amount (income->period),
                                  gross != NULL ? gross : "", period);
      row = plain_row (title, subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label (monthly));
      if (!g_date_valid (&income->valid_to))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   text_button (_("End"), _("Set the last day of this income"), "page.end-income",
                                                income->id));
      if (has_ended (&income->valid_to, &today))
        gtk_widget_add_css_class (row, "dim-label");
      add_row (self, self->incomes_group, row);
    }

  {
    g_autofree char *amount = dk_money_format (total);
    /* Translators: an amount, "€ 1.401,50" */
    g_autofree char *description = g_strdup_printf (_("Net income today: %s a month. Amounts on the right are per month."),
                                                    amount);

    adw_preferences_group_set_description (self->incomes_group, description);
  }
}

static void
show_costs (DkDossierPage *self)
{
  gint64 total = 0;
  GDate today;

  dk_form_today (&today);

  if (self->costs == NULL || self->costs->len == 0)
    add_placeholder (self, self->costs_group, _("No fixed costs yet"));

  for (guint i = 0; self->costs != NULL && i < self->costs->len; i++)
    {
      const DkFixedCost *cost = g_ptr_array_index (self->costs, i);
      g_autofree char *monthly = dk_money_format (cost->monthly_cents);
      g_autofree char *period = period_text (&cost->valid_from, &cost->valid_to);
      g_autofree char *who = cost->person_id != NULL ? person_name (self, cost->person_id)
                                                     : g_strdup (_("The household"));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *parts = NULL;
      GtkWidget *row;

      if (dk_fixed_cost_is_valid_on (cost, &today))
        total += cost->monthly_cents;

      title = has_text (cost->description)
              ? g_strdup_printf ("%s: %s", dk_fixed_cost_kind_label (cost->kind), cost->description)
              : g_strdup (dk_fixed_cost_kind_label (cost->kind));
      if (cost->has_parts && cost->kind == DK_FIXED_COST_RENT)
        {
          g_autofree char *basic = dk_money_format (cost->rent_basic_cents);
          g_autofree char *service = dk_money_format (cost->rent_service_cents);

          /* Translators: two amounts */
          parts = g_strdup_printf (_(" · basic rent %s, service costs %s"), basic, service);
        }
      else if (cost->has_parts && cost->kind == DK_FIXED_COST_MORTGAGE)
        {
          g_autofree char *interest = dk_money_format (cost->mortgage_interest_cents);
          g_autofree char *repayment = dk_money_format (cost->mortgage_repayment_cents);

          /* Translators: two amounts */
          parts = g_strdup_printf (_(" · interest %s, repayment %s"), interest, repayment);
        }
      subtitle = g_strdup_printf ("%s · %s%s", who, period, parts != NULL ? parts : "");
      row = plain_row (title, subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label (monthly));
      if (!g_date_valid (&cost->valid_to))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   text_button (_("End"), _("Set the last day of this cost"), "page.end-cost", cost->id));
      if (has_ended (&cost->valid_to, &today))
        gtk_widget_add_css_class (row, "dim-label");
      add_row (self, self->costs_group, row);
    }

  {
    g_autofree char *amount = dk_money_format (total);
    /* Translators: an amount, "€ 680,00" */
    g_autofree char *description = g_strdup_printf (_("Fixed costs today: %s a month."), amount);

    adw_preferences_group_set_description (self->costs_group, description);
  }
}

/* ---- debts ---- */

static AdwPreferencesGroup *
debt_group (DkDossierPage      *self,
            DkContractingParty  party)
{
  switch (party)
    {
    case DK_CONTRACTING_PARTY_PARTNER: return self->partner_debts_group;
    case DK_CONTRACTING_PARTY_JOINT: return self->joint_debts_group;
    case DK_CONTRACTING_PARTY_CLIENT:
    default: return self->client_debts_group;
    }
}

static GtkWidget *
debt_row (DkDossierPage           *self,
          const DkDebt            *debt,
          const DkPartnerRelation *relation,
          const GDate             *today)
{
  const DkDebtStatusEntry *current = dk_debt_get_current_status (debt);
  g_autoptr(DkMaritalClassification) classification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = dk_money_format (debt->current_cents);
  g_autofree char *original = dk_money_format (debt->original_cents);
  g_autofree char *status = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *class_text = NULL;
  g_autofree char *origin = format_date (&debt->origin_date);
  g_autofree char *kind = NULL;
  gboolean closed = current != NULL && dk_debt_status_is_closed (current->status);
  DkMaritalDebt facts;
  GtkWidget *row;
  GtkWidget *child;

  dk_debt_to_marital (debt, &facts);
  classification = dk_marital_classify (&facts, relation, today, &error);
  if (classification != NULL)
    {
      g_autofree char *shares = dk_debt_shares_text (classification);

      class_text = g_strdup_printf ("%s · %s", dk_debt_classification_label (classification, debt->contracting_party),
                                    shares);
    }
  else
    /* Translators: %s says why, "The date the debt arose is needed." */
    class_text = g_strdup_printf (_("Not classified: %s"), error->message);

  if (current != NULL)
    {
      g_autofree char *date = dk_date_format_dutch (&current->date);

      /* Translators: a status and its date, "Registered since 05-01-2026" */
      status = g_strdup_printf (_("%s since %s"), dk_debt_status_label (current->status), date);
    }
  subtitle = g_strdup_printf ("%s\n%s", classification != NULL
                                        ? dk_debt_classification_label (classification, debt->contracting_party)
                                        : _("Not classified"),
                              status != NULL ? status : _("No status"));

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), debt->creditor_name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), value_label (amount));
  if (current == NULL || current->status != DK_DEBT_STATUS_TRANSFERRED)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                 text_button (_("Status"), _("Add a status: confirmed, paid, written off, …"),
                                              "page.add-debt-status", debt->id));
  if (closed)
    gtk_widget_add_css_class (row, "dim-label");

  child = plain_row (_("Between the partners"), class_text);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  /* Translators: a kind of debt, and whether preferential, "Public body, preferential" */
  kind = debt->rank == DK_DEBT_RANK_PREFERENTIAL ? g_strdup_printf (_("%s, preferential"), dk_debt_type_label (debt->type))
                                                 : g_strdup (dk_debt_type_label (debt->type));
  child = plain_row (_("Kind of debt"), kind);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  {
    /* Translators: the claim as it was and as it is now, "€ 850,00; owed now € 850,00" */
    g_autofree char *amounts = g_strdup_printf (_("%s; owed now %s"), original, amount);

    child = plain_row (_("Amount of the claim"), amounts);
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
  }

  child = plain_row (_("Date the debt arose"), origin != NULL ? origin : _("Unknown"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);

  if (has_text (debt->reference))
    {
      child = plain_row (_("Reference"), debt->reference);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
    }

  for (guint i = debt->statuses->len; i > 0; i--)
    {
      const DkDebtStatusEntry *entry = g_ptr_array_index (debt->statuses, i - 1);
      g_autofree char *date = dk_date_format_dutch (&entry->date);
      g_autofree char *text = has_text (entry->note) ? g_strdup_printf ("%s · %s", date, entry->note) : g_strdup (date);

      child = plain_row (dk_debt_status_label (entry->status), text);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
    }

  return row;
}

static void
show_debts (DkDossierPage *self)
{
  g_autoptr(DkHouseholdSituation) situation = NULL;
  g_autoptr(GError) error = NULL;
  DkPartnerRelation none;
  const DkPartnerRelation *relation;
  gint64 open_total[3] = { 0 };
  guint count[3] = { 0 };
  GDate today;

  dk_form_today (&today);
  dk_partner_relation_init (&none);

  /* The classification rests on the relation between the partners today. */
  if (self->timeline != NULL)
    situation = dk_household_situation_on (self->timeline, &today, &error);
  if (situation != NULL)
    {
      relation = &situation->relation;
      gtk_widget_set_visible (GTK_WIDGET (self->debts_warning), FALSE);
    }
  else
    {
      /* Translators: %s says why the household today is not known */
      g_autofree char *message = g_strdup_printf (_("The household today is not known (%s), so the debts are classified "
                                                    "as if the client had no partner."),
                                                  error != NULL ? error->message : _("no history"));

      relation = &none;
      gtk_label_set_text (self->debts_warning, message);
      gtk_widget_set_visible (GTK_WIDGET (self->debts_warning), TRUE);
    }

  for (guint i = 0; self->debts != NULL && i < self->debts->len; i++)
    {
      const DkDebt *debt = g_ptr_array_index (self->debts, i);
      const DkDebtStatusEntry *current = dk_debt_get_current_status (debt);
      guint party = MIN ((guint) debt->contracting_party, 2);

      count[party]++;
      if (current == NULL || !dk_debt_status_is_closed (current->status))
        open_total[party] += debt->current_cents;
      add_row (self, debt_group (self, debt->contracting_party), debt_row (self, debt, relation, &today));
    }

  {
    g_autofree char *total = dk_money_format (open_total[0] + open_total[1] + open_total[2]);
    guint n = count[0] + count[1] + count[2];
    g_autofree char *description = g_strdup_printf (g_dngettext (NULL,
                                                                  /* Translators: a number of debts and the open amount */
                                                                  "%u debt on the list; %s still open. Classified for the household as it is today.",
                                                                  "%u debts on the list; %s still open. Classified for the household as it is today.",
                                                                  n),
                                                    n, total);

    adw_preferences_group_set_description (self->debts_summary_group, description);
  }

  for (guint party = 0; party < 3; party++)
    {
      AdwPreferencesGroup *group = debt_group (self, (DkContractingParty) party);
      g_autofree char *total = dk_money_format (open_total[party]);
      g_autofree char *description = NULL;

      adw_preferences_group_set_title (group, dk_contracting_party_group_title ((DkContractingParty) party));
      description = g_strdup_printf (g_dngettext (NULL,
                                                  /* Translators: a number of debts and the open amount */
                                                  "%u debt; %s still open",
                                                  "%u debts; %s still open", count[party]),
                                     count[party], total);
      adw_preferences_group_set_description (group, description);
      /* The client's group is always there, to say there are no debts yet. */
      gtk_widget_set_visible (GTK_WIDGET (group), count[party] > 0 || party == DK_CONTRACTING_PARTY_CLIENT);
    }

  if (count[0] == 0)
    add_placeholder (self, self->client_debts_group, _("No debts of the client"));
}

/* ---- notes ---- */

static void
show_notes (DkDossierPage *self)
{
  if (self->notes == NULL || self->notes->len == 0)
    add_placeholder (self, self->notes_group, _("No notes yet"));

  for (guint i = 0; self->notes != NULL && i < self->notes->len; i++)
    {
      const DkNote *note = g_ptr_array_index (self->notes, i);
      g_autofree char *date = dk_date_format_dutch (&note->date);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (note->kind == DK_NOTE_NOTE)
        title = g_strdup_printf ("%s · %s", dk_note_kind_label (note->kind), date);
      else
        title = g_strdup_printf ("%s · %s · %s", dk_note_kind_label (note->kind), date,
                                 note->reached ? _("contact made") : _("not reached"));
      /* Translators: a note's text, then its author, "— Anna de Vries" */
      subtitle = g_strdup_printf (_("%s\n— %s"), note->body != NULL ? note->body : "",
                                  has_text (note->author) ? note->author : _("unknown"));

      row = plain_row (title, subtitle);
      icon = gtk_image_new_from_icon_name (dk_note_kind_icon_name (note->kind));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      dk_note_kind_label (note->kind), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("document-edit-symbolic", _("Edit this note"), "page.edit-note", note->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("user-trash-symbolic", _("Remove this note"), "page.remove-note", note->id));
      add_row (self, self->notes_group, row);
    }
}

/* ---- loading ---- */

static void
clear_data (DkDossierPage *self)
{
  g_clear_pointer (&self->c, dk_case_free);
  g_clear_pointer (&self->timeline, dk_household_timeline_free);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->incomes, g_ptr_array_unref);
  g_clear_pointer (&self->costs, g_ptr_array_unref);
  g_clear_pointer (&self->debts, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
}

static void
show_error (DkDossierPage *self,
            GError        *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  /* Codes only in the log: a message may hold personal data. */
  g_message ("Dossier %s cannot be shown: %s %d", self->dossier_id, g_quark_to_string (error->domain), error->code);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
  set_titles (self, NULL, NULL);
}

void
dk_dossier_page_reload (DkDossierPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkDossier) dossier = NULL;
  DkStore *store;

  g_return_if_fail (DK_IS_DOSSIER_PAGE (self));

  clear_rows (self);
  clear_data (self);

  store = get_store (self);
  if (self->dossier_id == NULL || store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_titles (self, NULL, NULL);
      return;
    }

  dossier = dk_dossier_repo_load_dossier (store, self->dossier_id, &error);
  if (dossier == NULL)
    {
      if (g_error_matches (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND))
        {
          gtk_stack_set_visible_child_name (self->stack, "gone");
          set_titles (self, NULL, NULL);
        }
      else
        show_error (self, error);
      return;
    }

  if ((self->c = dk_case_repo_load (store, self->dossier_id, &error)) == NULL
      || (self->timeline = dk_dossier_repo_load_timeline (store, self->dossier_id, &error)) == NULL
      || (self->contacts = dk_case_repo_load_contacts (store, self->dossier_id, &error)) == NULL
      || (self->incomes = dk_dossier_repo_load_incomes (store, self->dossier_id, NULL, &error)) == NULL
      || (self->costs = dk_dossier_repo_load_fixed_costs (store, self->dossier_id, NULL, &error)) == NULL
      || (self->debts = dk_dossier_repo_load_debts (store, self->dossier_id, NULL, &error)) == NULL
      || (self->notes = dk_case_repo_load_notes (store, self->dossier_id, &error)) == NULL)
    {
      clear_data (self);
      show_error (self, error);
      return;
    }

  show_case (self, dossier);
  show_calculation (self, store);
  show_persons (self);
  show_timeline (self);
  show_incomes (self);
  show_costs (self);
  show_debts (self);
  show_notes (self);
  gtk_stack_set_visible_child_name (self->stack, "dossier");
}

/* After each of the page's own edits: the calculation for today, stored when its inputs changed;
 * then the sync learns of it, and the page shows what is stored now. */
static void
after_edit (DkDossierPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkNormSet) norms = NULL;
  DkStore *store = get_store (self);
  gboolean recorded = FALSE;
  GDate today;

  dk_form_today (&today);
  if (store != NULL && self->dossier_id != NULL)
    {
      /* A calculation that cannot be made is no failure of the edit: the Overview says why. */
      if ((norms = dk_norm_set_get_default (&error)) == NULL
          || !dk_dossier_recalculate_if_changed (store, norms, self->dossier_id, &today, &recorded, &error))
        g_debug ("Dossier %s not recalculated: %s %d", self->dossier_id, g_quark_to_string (error->domain),
                 error->code);
      else if (recorded)
        g_debug ("Dossier %s recalculated", self->dossier_id);
    }

  /* With a session, its "data-changed" reloads the page; without one (a page on its own store) the
   * page reloads itself. Either way once. */
  if (self->session != NULL)
    dk_session_local_change (self->session);
  else
    dk_dossier_page_reload (self);
  g_signal_emit (self, signals[EDITED], 0);
}

/* ---- actions ---- */

static void
present_dialog (DkDossierPage *self,
                GtkWidget     *dialog)
{
  if (dialog == NULL)
    return;
  g_signal_connect_object (dialog, "saved", G_CALLBACK (after_edit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
can_edit (DkDossierPage *self)
{
  return get_store (self) != NULL && self->dossier_id != NULL && self->c != NULL;
}

static void
edit_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);

  if (can_edit (self))
    present_dialog (self, dk_case_dialog_new (get_window (self), get_store (self), self->c));
}

static void
add_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);

  if (can_edit (self))
    present_dialog (self, dk_person_dialog_new (get_window (self), get_store (self), self->dossier_id, self->timeline));
}

static void
add_event_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);

  if (can_edit (self))
    present_dialog (self, dk_event_dialog_new (get_window (self), get_store (self), self->dossier_id, self->timeline));
}

static void
edit_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);
  const char *person_id = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;

  if (!can_edit (self) || dk_household_timeline_get_person (self->timeline, person_id) == NULL)
    return;
  name = person_name (self, person_id);
  present_dialog (self, dk_contact_dialog_new (get_window (self), get_store (self), self->dossier_id, person_id, name,
                                               find_contact (self, person_id)));
}

static void
toggle_bsn_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);
  const char *person_id = g_variant_get_string (parameter, NULL);

  if (!g_hash_table_remove (self->revealed_bsn, person_id))
    g_hash_table_add (self->revealed_bsn, g_strdup (person_id));
  dk_dossier_page_reload (self);
}

static void
add_income_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);

  if (can_edit (self))
    present_dialog (self, dk_income_dialog_new (get_window (self), get_store (self), self->dossier_id, self->timeline));
}

static void
add_cost_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);

  if (can_edit (self))
    present_dialog (self, dk_cost_dialog_new (get_window (self), get_store (self), self->dossier_id, self->timeline));
}

static void
end_income_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  for (guint i = 0; can_edit (self) && i < self->incomes->len; i++)
    {
      const DkIncome *income = g_ptr_array_index (self->incomes, i);
      g_autofree char *amount = NULL;
      g_autofree char *description = NULL;

      if (g_strcmp0 (income->id, id) != 0)
        continue;
      amount = dk_money_format (income->net_cents);
      description = g_strdup_printf ("%s, %s %s", dk_income_source_label (income->source), amount,
                                     dk_income_period_after_amount (income->period));
      present_dialog (self, dk_end_dialog_new (get_window (self), get_store (self), DK_END_INCOME, id, description,
                                               &income->valid_from));
      return;
    }
}

static void
end_cost_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  for (guint i = 0; can_edit (self) && i < self->costs->len; i++)
    {
      const DkFixedCost *cost = g_ptr_array_index (self->costs, i);
      g_autofree char *amount = NULL;
      g_autofree char *description = NULL;

      if (g_strcmp0 (cost->id, id) != 0)
        continue;
      amount = dk_money_format (cost->monthly_cents);
      /* Translators: a kind of cost and its amount, "Rent, € 680,00 a month" */
      description = g_strdup_printf (_("%s, %s a month"), dk_fixed_cost_kind_label (cost->kind), amount);
      present_dialog (self, dk_end_dialog_new (get_window (self), get_store (self), DK_END_FIXED_COST, id, description,
                                               &cost->valid_from));
      return;
    }
}

static void
add_debt_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);

  if (can_edit (self))
    present_dialog (self, dk_debt_dialog_new (get_window (self), get_store (self), self->dossier_id));
}

static void
add_debt_status_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  for (guint i = 0; can_edit (self) && i < self->debts->len; i++)
    {
      const DkDebt *debt = g_ptr_array_index (self->debts, i);

      if (g_strcmp0 (debt->id, id) == 0)
        {
          present_dialog (self, dk_debt_status_dialog_new (get_window (self), get_store (self), debt));
          return;
        }
    }
}

static const DkNote *
find_note (DkDossierPage *self,
           const char    *id)
{
  for (guint i = 0; self->notes != NULL && i < self->notes->len; i++)
    {
      const DkNote *note = g_ptr_array_index (self->notes, i);

      if (g_strcmp0 (note->id, id) == 0)
        return note;
    }
  return NULL;
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);

  if (can_edit (self))
    present_dialog (self, dk_note_dialog_new (get_window (self), get_store (self), self->dossier_id, NULL,
                                              get_author (self)));
}

static void
edit_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);
  const DkNote *note = find_note (self, g_variant_get_string (parameter, NULL));

  if (can_edit (self) && note != NULL)
    present_dialog (self, dk_note_dialog_new (get_window (self), get_store (self), self->dossier_id, note,
                                              get_author (self)));
}

static void
on_remove_note_response (AdwMessageDialog *dialog,
                         const char       *response,
                         DkDossierPage    *self)
{
  const char *note_id = g_object_get_data (G_OBJECT (dialog), "dk-note-id");
  g_autoptr(GError) error = NULL;
  DkStore *store = get_store (self);

  if (!g_str_equal (response, "remove") || store == NULL)
    return;

  if (!dk_case_repo_remove_note (store, note_id, &error))
    {
      GtkWidget *failed;

      g_message ("Note %s not removed: %s %d", note_id, g_quark_to_string (error->domain), error->code);
      failed = adw_message_dialog_new (get_window (self), _("The Note Was Not Removed"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
      return;
    }
  after_edit (self);
}

static void
remove_note_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (widget);
  const DkNote *note = find_note (self, g_variant_get_string (parameter, NULL));
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!can_edit (self) || note == NULL)
    return;

  date = dk_date_format_dutch (&note->date);
  /* Translators: the kind and date of a note, "Phone call of 23-11-2026 will be removed …" */
  body = g_strdup_printf (_("%s of %s will be removed from the dossier, also on the other devices."),
                          dk_note_kind_label (note->kind), date);
  dialog = adw_message_dialog_new (get_window (self), _("Remove this Note?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dk-note-id", g_strdup (note->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_note_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- public ---- */

GtkWidget *
dk_dossier_page_new (void)
{
  return g_object_new (DK_TYPE_DOSSIER_PAGE, NULL);
}

/* A sync brought new data, or an edit was stored (this page's own as well): show what is stored now. */
static void
on_session_data_changed (DkDossierPage *self)
{
  if (self->dossier_id != NULL)
    dk_dossier_page_reload (self);
}

void
dk_dossier_page_set_session (DkDossierPage *self,
                             DkSession     *session)
{
  g_return_if_fail (DK_IS_DOSSIER_PAGE (self));
  g_return_if_fail (session == NULL || DK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "data-changed", G_CALLBACK (on_session_data_changed), self, G_CONNECT_SWAPPED);
  dk_dossier_page_reload (self);
}

void
dk_dossier_page_set_store (DkDossierPage *self,
                           DkStore       *store,
                           const char    *author)
{
  g_return_if_fail (DK_IS_DOSSIER_PAGE (self));
  g_return_if_fail (store == NULL || DK_IS_STORE (store));

  g_set_object (&self->store, store);
  g_free (self->author);
  self->author = g_strdup (author);
  dk_dossier_page_reload (self);
}

void
dk_dossier_page_show_dossier (DkDossierPage *self,
                              const char    *dossier_id)
{
  g_return_if_fail (DK_IS_DOSSIER_PAGE (self));

  if (g_strcmp0 (self->dossier_id, dossier_id) != 0)
    {
      g_free (self->dossier_id);
      self->dossier_id = g_strdup (dossier_id);
      /* A revealed BSN stays revealed only while its dossier is open. */
      g_hash_table_remove_all (self->revealed_bsn);
      adw_view_stack_set_visible_child_name (self->view_stack, "overview");
    }
  dk_dossier_page_reload (self);
}

const char *
dk_dossier_page_get_dossier_id (DkDossierPage *self)
{
  g_return_val_if_fail (DK_IS_DOSSIER_PAGE (self), NULL);
  return self->dossier_id;
}

/* ---- GObject ---- */

static void
dk_dossier_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_dossier_page_dispose (GObject *object)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (object);

  /* No gtk_widget_dispose_template(): the template is AdwBin's child, which AdwBin disposes itself
   * (disposing the template too would unparent it twice). */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  clear_data (self);

  G_OBJECT_CLASS (dk_dossier_page_parent_class)->dispose (object);
}

static void
dk_dossier_page_finalize (GObject *object)
{
  DkDossierPage *self = DK_DOSSIER_PAGE (object);

  g_free (self->author);
  g_free (self->dossier_id);
  g_free (self->title);
  g_free (self->subtitle);
  g_clear_pointer (&self->revealed_bsn, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dk_dossier_page_parent_class)->finalize (object);
}

static void
dk_dossier_page_class_init (DkDossierPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dk_dossier_page_get_property;
  object_class->dispose = dk_dossier_page_dispose;
  object_class->finalize = dk_dossier_page_finalize;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DkDossierPage::edited:
   *
   * The page wrote one of its own edits (and has reloaded itself).
   */
  signals[EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DK_TYPE_CALCULATION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-dossier-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, client_row);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, phase_row);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, dates_row);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, counsellor_row);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, calculation_view);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, persons_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, timeline_warning);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, incomes_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, costs_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, debts_summary_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, debts_warning);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, client_debts_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, partner_debts_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, joint_debts_group);
  gtk_widget_class_bind_template_child (widget_class, DkDossierPage, notes_group);

  gtk_widget_class_install_action (widget_class, "page.edit-case", NULL, edit_case_action);
  gtk_widget_class_install_action (widget_class, "page.add-person", NULL, add_person_action);
  gtk_widget_class_install_action (widget_class, "page.add-event", NULL, add_event_action);
  gtk_widget_class_install_action (widget_class, "page.edit-contact", "s", edit_contact_action);
  gtk_widget_class_install_action (widget_class, "page.toggle-bsn", "s", toggle_bsn_action);
  gtk_widget_class_install_action (widget_class, "page.add-income", NULL, add_income_action);
  gtk_widget_class_install_action (widget_class, "page.add-cost", NULL, add_cost_action);
  gtk_widget_class_install_action (widget_class, "page.end-income", "s", end_income_action);
  gtk_widget_class_install_action (widget_class, "page.end-cost", "s", end_cost_action);
  gtk_widget_class_install_action (widget_class, "page.add-debt", NULL, add_debt_action);
  gtk_widget_class_install_action (widget_class, "page.add-debt-status", "s", add_debt_status_action);
  gtk_widget_class_install_action (widget_class, "page.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "page.edit-note", "s", edit_note_action);
  gtk_widget_class_install_action (widget_class, "page.remove-note", "s", remove_note_action);
}

static void
dk_dossier_page_init (DkDossierPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->revealed_bsn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_ptr_array_new ();
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
