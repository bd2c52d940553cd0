#include "config.h"

#include <glib/gi18n.h>

#include "dk-attempt-dialog.h"
#include "dk-case-repo.h"
#include "dk-contact-dialog.h"
#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-labels.h"
#include "dk-money.h"
#include "dk-outcome-dialog.h"
#include "dk-signal-labels.h"
#include "dk-signal-list.h"
#include "dk-signal-page.h"
#include "dk-signal-work-repo.h"

/* The kinds of contact attempt a field worker records, in the order of the buttons. */
static const DkSignalContactKind attempt_kinds[] = {
  DK_SIGNAL_CONTACT_LETTER,
  DK_SIGNAL_CONTACT_PHONE,
  DK_SIGNAL_CONTACT_TEXT_MESSAGE,
  DK_SIGNAL_CONTACT_MAIL,
  DK_SIGNAL_CONTACT_HOME_VISIT,
  DK_SIGNAL_CONTACT_CARD,
};

struct _DkSignalPage
{
  AdwBin               parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkLabel            *resident_label;
  GtkLabel            *address_label;
  GtkLabel            *number_label;
  GtkBox              *badges_box;
  AdwPreferencesGroup *resident_group;
  GtkWidget           *edit_contact_button;
  AdwActionRow        *address_row;
  AdwActionRow        *phone_row;
  AdwActionRow        *email_row;
  AdwPreferencesGroup *no_case_group;
  AdwPreferencesGroup *case_group;
  GtkWidget           *outcome_button;
  AdwActionRow        *stage_row;
  GtkWidget           *checks_button;
  AdwActionRow        *phase1_row;
  AdwActionRow        *phase2_row;
  AdwActionRow        *picked_up_row;
  AdwActionRow        *outcome_row;
  GtkWidget           *open_dossier_button;
  AdwPreferencesGroup *attempts_group;
  GtkFlowBox          *attempt_buttons;
  AdwPreferencesGroup *log_group;
  AdwPreferencesGroup *tasks_group;
  AdwPreferencesGroup *signals_group;

  /* Owned references */
  DkSession           *session;
  DkStore             *store;        /* without a session (dk_signal_page_set_store()) */
  char                *dossier_id;
  char                *title;
  char                *subtitle;
  GPtrArray           *rows;         /* rows added to the groups, to take away on reload */
  DkSignalCaseView    *view;         /* as loaded; case_id NULL for a dossier without a case */
};

G_DEFINE_FINAL_TYPE (DkSignalPage, dk_signal_page, ADW_TYPE_BIN)

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
  OPEN_DOSSIER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static DkStore *
get_store (DkSignalPage *self)
{
  if (self->session != NULL)
    return dk_session_get_store (self->session);
  return self->store;
}

static GtkWindow *
get_window (DkSignalPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
set_titles (DkSignalPage *self,
            const char   *title,
            const char   *subtitle)
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

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static gboolean
is_open (DkSignalPage *self)
{
  return self->view != NULL && self->view->case_id != NULL && self->view->stage != DK_SIGNAL_STAGE_CLOSED;
}

/* ---- rows ---- */

static void
clear_rows (DkSignalPage *self)
{
  GtkWidget *badge;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (row), "dk-group");

      adw_preferences_group_remove (group, row);
    }
  g_ptr_array_set_size (self->rows, 0);

  while ((badge = gtk_widget_get_first_child (GTK_WIDGET (self->badges_box))) != NULL)
    gtk_box_remove (self->badges_box, badge);
}

static void
add_row (DkSignalPage        *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  g_object_set_data (G_OBJECT (row), "dk-group", group);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

/* Names, partners and notes come from the signals or were typed by people: never markup. */
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
add_placeholder (DkSignalPage        *self,
                 AdwPreferencesGroup *group,
                 const char          *text)
{
  GtkWidget *row = plain_row (text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
  add_row (self, group, row);
}

static void
set_error_style (GtkWidget *widget,
                 gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

static void
add_badge (DkSignalPage *self,
           const char   *text,
           const char   *style_class)
{
  gtk_box_append (self->badges_box, dk_signal_badge_new (text, style_class));
}

/* ---- showing ---- */

static void
show_header (DkSignalPage *self)
{
  const DkSignalCaseView *view = self->view;
  g_autofree char *resident = dk_signal_resident_text (view->resident, view->street, view->house_number,
                                                       view->postcode, view->city);
  g_autofree char *address = dk_signal_address_text (view->street, view->house_number, view->postcode, view->city);
  g_autofree char *number = NULL;
  gboolean can_edit_contact = view->person_id != NULL && (view->case_id == NULL || is_open (self));

  if (view->case_id != NULL)
    {
      g_autofree char *opened = dk_date_format_dutch (&view->opened_on);

      /* Translators: a case number and the day it was opened, "Early signal 2026-K7QX3M · opened 20-11-2026" */
      number = g_strdup_printf (_("Early signal %s · opened %s"), view->number != NULL ? view->number : "", opened);
    }
  else
    /* Translators: a dossier number, "Dossier 2026-K7QX3M" */
    number = g_strdup_printf (_("Dossier %s"), view->number != NULL ? view->number : "");

  gtk_label_set_text (self->resident_label, resident);
  gtk_label_set_text (self->address_label, address != NULL ? address : "");
  gtk_widget_set_visible (GTK_WIDGET (self->address_label), address != NULL && has_text (view->resident));
  gtk_label_set_text (self->number_label, number);

  if (view->crisis)
    add_badge (self, _("Crisis"), "error");
  if (view->multiple)
    add_badge (self, _("Multiple signals"), "warning");
  if (view->case_id != NULL && view->stage == DK_SIGNAL_STAGE_CLOSED)
    add_badge (self, view->help_accepted ? _("Help accepted") : _("Closed"), view->help_accepted ? "accent" : "dim");
  gtk_widget_set_visible (GTK_WIDGET (self->badges_box), gtk_widget_get_first_child (GTK_WIDGET (self->badges_box)) != NULL);

  adw_action_row_set_subtitle (self->address_row, address != NULL ? address : _("Unknown"));
  adw_action_row_set_subtitle (self->phone_row, has_text (view->phone) ? view->phone : _("Not known yet"));
  adw_action_row_set_subtitle (self->email_row, has_text (view->email) ? view->email : _("Not known yet"));
  gtk_widget_set_visible (self->edit_contact_button, can_edit_contact);

  set_titles (self, resident, view->number);
}

static void
show_case (DkSignalPage *self,
           const GDate  *today)
{
  const DkSignalCaseView *view = self->view;
  gboolean open = is_open (self);
  gboolean overdue = FALSE;
  g_autofree char *phase1 = NULL;
  g_autofree char *phase2 = NULL;
  g_autofree char *picked_up = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->case_group), view->case_id != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->no_case_group), view->case_id == NULL);
  if (view->case_id == NULL)
    return;

  adw_action_row_set_subtitle (self->stage_row, dk_signal_stage_label (view->stage));
  gtk_widget_set_visible (self->checks_button, view->stage == DK_SIGNAL_STAGE_CHECKS);
  gtk_widget_set_visible (self->outcome_button, open);

  /* Phase 1: done on a date, or its deadline while open. */
  if (g_date_valid (&view->checked_on))
    {
      g_autofree char *date = dk_date_format_dutch (&view->checked_on);

      /* Translators: a date, "Done on 21-11-2026" */
      phase1 = g_strdup_printf (_("Done on %s"), date);
      overdue = FALSE;
    }
  else if (open)
    phase1 = dk_signal_deadline_text (&view->phase1_due, today, &overdue);
  else
    phase1 = g_strdup (_("Not done"));
  adw_action_row_set_subtitle (self->phase1_row, phase1);
  set_error_style (GTK_WIDGET (self->phase1_row), overdue);

  overdue = FALSE;
  if (open)
    {
      phase2 = dk_signal_deadline_text (&view->phase2_due, today, &overdue);
      if (view->stage == DK_SIGNAL_STAGE_CHECKS)
        {
          g_autofree char *due = g_steal_pointer (&phase2);

          /* Translators: a deadline, "Due by 15-12-2026 (three weeks after the checks)" */
          phase2 = g_strdup_printf (_("%s (three weeks after the checks)"), due);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->phase2_row), open);
  if (phase2 != NULL)
    adw_action_row_set_subtitle (self->phase2_row, phase2);
  set_error_style (GTK_WIDGET (self->phase2_row), overdue);

  if (g_date_valid (&view->picked_up_on))
    {
      g_autofree char *first = dk_date_format_dutch (&view->picked_up_on);
      g_autofree char *contact = g_date_valid (&view->first_contact_on) ? dk_date_format_dutch (&view->first_contact_on)
                                                                         : NULL;

      picked_up = contact != NULL
                  /* Translators: two dates, "First attempt 21-11-2026 · resident reached 24-11-2026" */
                  ? g_strdup_printf (_("First attempt %s · resident reached %s"), first, contact)
                  /* Translators: a date, "First attempt 21-11-2026 · resident not reached yet" */
                  : g_strdup_printf (_("First attempt %s · resident not reached yet"), first);
    }
  else
    picked_up = g_strdup (_("No contact attempt yet"));
  adw_action_row_set_subtitle (self->picked_up_row, picked_up);

  gtk_widget_set_visible (GTK_WIDGET (self->outcome_row), !open);
  gtk_widget_set_visible (self->open_dossier_button, !open && view->help_accepted);
  if (!open)
    {
      g_autofree char *date = g_date_valid (&view->outcome_on) ? dk_date_format_dutch (&view->outcome_on) : g_strdup ("");
      g_autofree char *text = NULL;

      if (view->help_accepted)
        /* Translators: an end result and its date, then what followed */
        text = g_strdup_printf (_("%s · %s\nA debt-help dossier was made from this case."),
                                dk_signal_result_code_label (view->outcome_code), date);
      else
        /* Translators: an end result and its date, "No help wanted · 24-11-2026" */
        text = g_strdup_printf (_("%s · %s"), dk_signal_result_code_label (view->outcome_code), date);
      adw_action_row_set_subtitle (self->outcome_row, text);
    }
}

static void
show_attempts (DkSignalPage *self)
{
  const DkSignalCaseView *view = self->view;

  gtk_widget_set_visible (GTK_WIDGET (self->attempts_group), is_open (self));
  gtk_widget_set_visible (GTK_WIDGET (self->log_group), view->case_id != NULL);
  if (view->case_id == NULL)
    return;

  if (view->attempts->len == 0)
    add_placeholder (self, self->log_group, _("No contact attempts yet"));

  /* Newest first: the last visit is what the worker looks for. */
  for (guint i = view->attempts->len; i > 0; i--)
    {
      const DkSignalAttempt *attempt = g_ptr_array_index (view->attempts, i - 1);
      g_autofree char *date = dk_date_format_dutch (&attempt->attempt_date);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *part = dk_signal_part_of_day_label (attempt->part_of_day);
      DkSignalContactKind kind;
      GtkWidget *row;
      GtkWidget *icon;

      title = g_strdup_printf ("%s · %s", dk_signal_contact_code_label (attempt->kind),
                               attempt->reached ? _("reached") : _("not reached"));
      subtitle = part != NULL ? g_strdup_printf ("%s · %s", date, part) : g_strdup (date);
      row = plain_row (title, subtitle);
      if (dk_signal_contact_kind_from_ddas (attempt->kind, &kind))
        {
          icon = gtk_image_new_from_icon_name (dk_signal_contact_kind_icon_name (kind));
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          dk_signal_contact_kind_label (kind), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      if (attempt->reached)
        gtk_widget_add_css_class (row, "success");
      add_row (self, self->log_group, row);
    }
}

static void
show_tasks (DkSignalPage *self,
            const GDate  *today)
{
  const DkSignalCaseView *view = self->view;

  if (view->tasks->len == 0)
    add_placeholder (self, self->tasks_group, _("No tasks"));

  for (guint i = 0; i < view->tasks->len; i++)
    {
      const DkSignalTask *task = g_ptr_array_index (view->tasks, i);
      const char *kind = dk_signal_task_kind_label (task->kind);
      gboolean done = g_date_valid (&task->done_on);
      gboolean overdue = FALSE;
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (done)
        {
          g_autofree char *date = dk_date_format_dutch (&task->done_on);

          when = g_strdup_printf (_("Done on %s"), date);
        }
      else
        when = dk_signal_deadline_text (&task->due_on, today, &overdue);
      subtitle = has_text (task->note) ? g_strdup_printf ("%s\n%s", when, task->note) : g_strdup (when);

      row = plain_row (kind, subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      set_error_style (row, overdue);
      if (done)
        gtk_widget_add_css_class (row, "dim-label");
      else
        {
          /* Translators: %s is a kind of task, "Mark “Revisit” as done" */
          g_autofree char *label = g_strdup_printf (_("Mark “%s” as done"), kind);
          GtkWidget *button = gtk_button_new_with_label (_("Done"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.task-done");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", task->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      add_row (self, self->tasks_group, row);
    }
}

static void
show_signals (DkSignalPage *self)
{
  const DkSignalCaseView *view = self->view;

  gtk_widget_set_visible (GTK_WIDGET (self->signals_group), view->case_id != NULL || view->signals->len > 0);
  if (view->case_id != NULL && view->signals->len == 0)
    add_placeholder (self, self->signals_group, _("No signals on this device"));

  for (guint i = 0; i < view->signals->len; i++)
    {
      const DkSignalItem *item = g_ptr_array_index (view->signals, i);
      const char *partner = dk_signal_partner_label (item->partner_type);
      g_autofree char *title = NULL;
      g_autofree char *signal_date = dk_date_format_dutch (&item->signal_date);
      GString *subtitle = g_string_new (NULL);
      g_autofree char *subtitle_text = NULL;
      GtkWidget *row;

      title = has_text (item->partner_name) ? g_strdup_printf ("%s: %s", partner, item->partner_name)
                                            : g_strdup (partner);
      /* Translators: the date a partner sent a signal, "Signal of 15-11-2026" */
      g_string_append_printf (subtitle, _("Signal of %s"), signal_date);
      if (g_date_valid (&item->arose_on))
        {
          g_autofree char *arose = dk_date_format_dutch (&item->arose_on);

          g_string_append (subtitle, " · ");
          /* Translators: the date the arrears arose, "in arrears since 01-09-2026" */
          g_string_append_printf (subtitle, _("in arrears since %s"), arose);
        }
      subtitle_text = g_string_free (subtitle, FALSE);

      row = plain_row (title, subtitle_text);
      if (item->crisis)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), dk_signal_badge_new (_("Crisis"), "error"));
      if (item->warm_handover)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), dk_signal_badge_new (_("Warm handover"), "accent"));
      if (item->repeat)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), dk_signal_badge_new (_("Repeated signal"), "dim"));
      if (item->has_amount)
        {
          g_autofree char *amount = dk_money_format (item->amount_cents);
          GtkWidget *label = gtk_label_new (amount);

          gtk_widget_add_css_class (label, "numeric");
          gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      add_row (self, self->signals_group, row);
    }
}

/* ---- loading ---- */

static void
show_error (DkSignalPage *self,
            GError       *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  /* Codes only in the log: a message may hold personal data. */
  g_message ("Case %s cannot be shown: %s %d", self->dossier_id, g_quark_to_string (error->domain), error->code);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
  set_titles (self, NULL, NULL);
}

static void
task_free (DkSignalTask *task)
{
  g_free (task->id);
  g_free (task->note);
  g_free (task);
}

/*
 * A task of a dossier without an early-signal case: a signal for a dossier that is running, or for a
 * client whose dossier closed a short while ago. What the page shows of it, from the dossier's client
 * and the open tasks of the task list. NULL with NOT_FOUND when the dossier is not on the device.
 */
static DkSignalCaseView *
load_without_case (DkStore     *store,
                   const char  *dossier_id,
                   GError     **error)
{
  g_autoptr(DkSignalCaseView) view = g_new0 (DkSignalCaseView, 1);
  g_autoptr(DkDossier) dossier = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  const char *client_id;

  if ((dossier = dk_dossier_repo_load_dossier (store, dossier_id, error)) == NULL ||
      (lines = dk_signal_work_list_tasks (store, FALSE, error)) == NULL ||
      (timeline = dk_dossier_repo_load_timeline (store, dossier_id, error)) == NULL ||
      (contacts = dk_case_repo_load_contacts (store, dossier_id, error)) == NULL)
    return NULL;

  view->dossier_id = g_strdup (dossier_id);
  view->number = g_strdup (dossier->number);
  view->stage = DK_SIGNAL_STAGE_CLOSED;
  g_date_clear (&view->opened_on, 1);
  g_date_clear (&view->checked_on, 1);
  g_date_clear (&view->outcome_on, 1);
  g_date_clear (&view->phase1_due, 1);
  g_date_clear (&view->phase2_due, 1);
  g_date_clear (&view->picked_up_on, 1);
  g_date_clear (&view->first_contact_on, 1);
  view->signals = g_ptr_array_new ();
  view->attempts = g_ptr_array_new ();
  view->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) task_free);

  client_id = dk_household_timeline_get_client_id (timeline);
  if (client_id != NULL)
    {
      const DkPerson *person = dk_household_timeline_get_person (timeline, client_id);

      view->person_id = g_strdup (client_id);
      view->resident = person != NULL ? dk_person_display_name (person) : NULL;
      for (guint i = 0; i < contacts->len; i++)
        {
          const DkContact *contact = g_ptr_array_index (contacts, i);

          if (g_strcmp0 (contact->person_id, client_id) != 0)
            continue;
          view->contact_id = g_strdup (contact->id);
          view->street = g_strdup (contact->street);
          view->house_number = g_strdup (contact->house_number);
          view->postcode = g_strdup (contact->postcode);
          view->city = g_strdup (contact->city);
          view->phone = g_strdup (contact->phone);
          view->email = g_strdup (contact->email);
          break;
        }
    }

  for (guint i = 0; i < lines->len; i++)
    {
      const DkSignalTaskLine *line = g_ptr_array_index (lines, i);
      DkSignalTask *task;

      if (g_strcmp0 (line->dossier_id, dossier_id) != 0)
        continue;
      view->crisis |= line->crisis;
      if (line->task_id == NULL)
        continue;
      task = g_new0 (DkSignalTask, 1);
      task->id = g_strdup (line->task_id);
      task->kind = line->task_kind;
      task->due_on = line->due_on;
      g_date_clear (&task->done_on, 1);
      g_ptr_array_add (view->tasks, task);
    }
  return g_steal_pointer (&view);
}

void
dk_signal_page_reload (DkSignalPage *self)
{
  g_autoptr(GError) error = NULL;
  DkStore *store;
  GDate today;

  g_return_if_fail (DK_IS_SIGNAL_PAGE (self));

  clear_rows (self);
  g_clear_pointer (&self->view, dk_signal_case_view_free);

  store = get_store (self);
  if (self->dossier_id == NULL || store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      set_titles (self, NULL, NULL);
      return;
    }

  self->view = dk_signal_work_load (store, self->dossier_id, &error);
  if (self->view == NULL && g_error_matches (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      self->view = load_without_case (store, self->dossier_id, &error);
    }
  if (self->view == NULL)
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

  dk_form_today (&today);
  show_header (self);
  show_case (self, &today);
  show_attempts (self);
  show_tasks (self, &today);
  show_signals (self);
  gtk_stack_set_visible_child_name (self->stack, "case");
}

/* ---- actions ---- */

/* After each of the page's own edits: the sync learns of it, and the page shows what is stored now
 * (through the session's "data-changed", or by itself without a session). */
static void
after_edit (DkSignalPage *self)
{
  if (self->session != NULL)
    dk_session_local_change (self->session);
  else
    dk_signal_page_reload (self);
}

static void
show_refusal (DkSignalPage *self,
              const char   *heading,
              GError       *error)
{
  GtkWidget *dialog;

  /* Codes only: the message may quote what was typed. */
  g_message ("Case %s: change refused: %s %d", self->dossier_id, g_quark_to_string (error->domain), error->code);
  dialog = adw_message_dialog_new (get_window (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
present_dialog (DkSignalPage *self,
                GtkWidget    *dialog)
{
  if (dialog == NULL)
    return;
  g_signal_connect_object (dialog, "saved", G_CALLBACK (after_edit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
checks_done_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (widget);
  g_autoptr(GError) error = NULL;
  DkStore *store = get_store (self);
  GDate today;

  if (!is_open (self) || store == NULL)
    return;

  dk_form_today (&today);
  if (!dk_signal_work_mark_checked (store, self->dossier_id, &today, &error))
    {
      show_refusal (self, _("The Checks Were Not Recorded"), error);
      return;
    }
  after_edit (self);
  /* The button went with phase 1: keep the keyboard where the work goes on. */
  gtk_widget_grab_focus (gtk_flow_box_child_get_child (gtk_flow_box_get_child_at_index (self->attempt_buttons, 0)));
}

static void
attempt_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (widget);
  DkSignalContactKind kind = (DkSignalContactKind) g_variant_get_int32 (parameter);

  if (!is_open (self) || get_store (self) == NULL)
    return;
  present_dialog (self, dk_attempt_dialog_new (get_window (self), get_store (self), self->dossier_id, kind));
}

static void
on_outcome_saved (DkOutcomeDialog *dialog,
                  DkSignalPage    *self)
{
  g_autofree char *dossier_id = g_strdup (self->dossier_id);
  DkSignalResult result;
  gboolean debt_help;

  debt_help = dk_outcome_dialog_get_result (dialog, &result) &&
              dk_signal_after_result (result) == DK_SIGNAL_AFTER_DEBT_HELP;
  after_edit (self);
  /* Help accepted: the case is now a debt-help dossier with the resident in it; go and work on it. */
  if (debt_help && dossier_id != NULL)
    g_signal_emit (self, signals[OPEN_DOSSIER], 0, dossier_id);
}

static void
outcome_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (widget);
  GtkWidget *dialog;

  if (!is_open (self) || get_store (self) == NULL)
    return;
  dialog = dk_outcome_dialog_new (get_window (self), get_store (self), self->dossier_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_outcome_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
task_done_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (widget);
  g_autoptr(GError) error = NULL;
  DkStore *store = get_store (self);
  GDate today;

  if (store == NULL || self->view == NULL)
    return;

  dk_form_today (&today);
  if (!dk_signal_work_complete_task (store, g_variant_get_string (parameter, NULL), &today, &error))
    {
      show_refusal (self, _("The Task Was Not Marked Done"), error);
      return;
    }
  after_edit (self);
}

static void
edit_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autofree char *name = NULL;
  const DkContact *contact = NULL;
  DkStore *store = get_store (self);

  if (store == NULL || self->view == NULL || self->view->person_id == NULL)
    return;

  /* The dialog keeps what a sync changed meanwhile; it needs the stored row as it is now. */
  contacts = dk_case_repo_load_contacts (store, self->dossier_id, &error);
  if (contacts == NULL)
    {
      show_refusal (self, _("The Contact Details Cannot Be Read"), error);
      return;
    }
  for (guint i = 0; i < contacts->len && contact == NULL; i++)
    {
      const DkContact *c = g_ptr_array_index (contacts, i);

      if (g_strcmp0 (c->id, self->view->contact_id) == 0 ||
          (self->view->contact_id == NULL && g_strcmp0 (c->person_id, self->view->person_id) == 0))
        contact = c;
    }

  name = dk_signal_resident_text (self->view->resident, self->view->street, self->view->house_number,
                                  self->view->postcode, self->view->city);
  present_dialog (self, dk_contact_dialog_new (get_window (self), store, self->dossier_id, self->view->person_id,
                                               name, contact));
}

static void
open_dossier_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (widget);
  g_autofree char *dossier_id = g_strdup (self->dossier_id);

  if (dossier_id != NULL)
    g_signal_emit (self, signals[OPEN_DOSSIER], 0, dossier_id);
}

/* ---- public ---- */

GtkWidget *
dk_signal_page_new (void)
{
  return g_object_new (DK_TYPE_SIGNAL_PAGE, NULL);
}

/* A sync brought new data, or an edit was stored (this page's own as well): show what is stored now. */
static void
on_session_data_changed (DkSignalPage *self)
{
  if (self->dossier_id != NULL)
    dk_signal_page_reload (self);
}

void
dk_signal_page_set_session (DkSignalPage *self,
                            DkSession    *session)
{
  g_return_if_fail (DK_IS_SIGNAL_PAGE (self));
  g_return_if_fail (session == NULL || DK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "data-changed", G_CALLBACK (on_session_data_changed), self, G_CONNECT_SWAPPED);
  dk_signal_page_reload (self);
}

void
dk_signal_page_set_store (DkSignalPage *self,
                          DkStore      *store)
{
  g_return_if_fail (DK_IS_SIGNAL_PAGE (self));
  g_return_if_fail (store == NULL || DK_IS_STORE (store));

  g_set_object (&self->store, store);
  dk_signal_page_reload (self);
}

void
dk_signal_page_show_case (DkSignalPage *self,
                          const char   *dossier_id)
{
  g_return_if_fail (DK_IS_SIGNAL_PAGE (self));

  if (g_strcmp0 (self->dossier_id, dossier_id) != 0)
    {
      g_free (self->dossier_id);
      self->dossier_id = g_strdup (dossier_id);
    }
  dk_signal_page_reload (self);
}

const char *
dk_signal_page_get_dossier_id (DkSignalPage *self)
{
  g_return_val_if_fail (DK_IS_SIGNAL_PAGE (self), NULL);
  return self->dossier_id;
}

/* ---- GObject ---- */

static void
dk_signal_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (object);

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
dk_signal_page_dispose (GObject *object)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (object);

  /* No gtk_widget_dispose_template(): the template is AdwBin's child, which AdwBin disposes. */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->view, dk_signal_case_view_free);

  G_OBJECT_CLASS (dk_signal_page_parent_class)->dispose (object);
}

static void
dk_signal_page_finalize (GObject *object)
{
  DkSignalPage *self = DK_SIGNAL_PAGE (object);

  g_free (self->dossier_id);
  g_free (self->title);
  g_free (self->subtitle);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dk_signal_page_parent_class)->finalize (object);
}

static void
dk_signal_page_class_init (DkSignalPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dk_signal_page_get_property;
  object_class->dispose = dk_signal_page_dispose;
  object_class->finalize = dk_signal_page_finalize;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DkSignalPage::open-dossier:
   * @dossier_id: the dossier to show
   *
   * Help was accepted (the case is now a debt-help dossier), or the person asked for the dossier.
   */
  signals[OPEN_DOSSIER] = g_signal_new ("open-dossier", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-signal-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, resident_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, badges_box);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, resident_group);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, edit_contact_button);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, no_case_group);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, case_group);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, outcome_button);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, stage_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, checks_button);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, phase1_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, phase2_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, picked_up_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, open_dossier_button);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, attempts_group);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, attempt_buttons);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, log_group);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, tasks_group);
  gtk_widget_class_bind_template_child (widget_class, DkSignalPage, signals_group);

  gtk_widget_class_install_action (widget_class, "case.checks-done", NULL, checks_done_action);
  gtk_widget_class_install_action (widget_class, "case.attempt", "i", attempt_action);
  gtk_widget_class_install_action (widget_class, "case.outcome", NULL, outcome_action);
  gtk_widget_class_install_action (widget_class, "case.task-done", "s", task_done_action);
  gtk_widget_class_install_action (widget_class, "case.edit-contact", NULL, edit_contact_action);
  gtk_widget_class_install_action (widget_class, "case.open-dossier", NULL, open_dossier_action);
}

static void
dk_signal_page_init (DkSignalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (attempt_kinds); i++)
    {
      const char *label = dk_signal_contact_kind_label (attempt_kinds[i]);
      g_autofree char *tooltip = NULL;
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), dk_signal_contact_kind_icon_name (attempt_kinds[i]));
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
      gtk_button_set_child (GTK_BUTTON (button), content);
      /* Translators: %s is a kind of contact, "Record an attempt: Home visit" */
      tooltip = g_strdup_printf (_("Record an attempt: %s"), label);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.attempt");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", (gint32) attempt_kinds[i]);
      gtk_flow_box_append (self->attempt_buttons, button);
      /* The button takes the focus, not the flow box's cell around it: one stop per kind. The cell is
       * named as its button, or a screen reader says the cell's type name. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (button)), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}
