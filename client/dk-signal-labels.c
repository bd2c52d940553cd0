#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-signal-labels.h"

const char *
dk_signal_partner_label (const char *ddas_code)
{
  static const struct { const char *code; const char *label; } partners[] = {
    { "Energie", N_("Energy") },
    { "Huur", N_("Rent") },
    { "Hypotheek", N_("Mortgage") },
    { "CAK Zorgverzekeringen", N_("Health insurance premium (CAK)") },
    { "Zorg", N_("Health insurer") },
    { "Water", N_("Water") },
    { "DUO", N_("Student finance (DUO)") },
    { "Belastingdienst", N_("Tax authority") },
    { "CAK Eigen bijdrage", N_("Own contribution to care (CAK)") },
    { "Overige", N_("Other creditor") },
    { "Dienst Toeslagen", N_("Allowances (Dienst Toeslagen)") },
  };

  if (ddas_code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (partners); i++)
    if (g_str_equal (partners[i].code, ddas_code))
      return _(partners[i].label);
  return ddas_code;
}

const char *
dk_signal_stage_label (DkSignalStage stage)
{
  switch (stage)
    {
    case DK_SIGNAL_STAGE_CHECKS: return _("Phase 1: checks");
    case DK_SIGNAL_STAGE_CONTACT: return _("Phase 2: contact");
    case DK_SIGNAL_STAGE_CLOSED: return _("Closed");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_signal_task_kind_label (DkSignalTaskKind kind)
{
  switch (kind)
    {
    case DK_SIGNAL_TASK_REVISIT: return _("Revisit");
    case DK_SIGNAL_TASK_FOLLOW_UP: return _("Follow-up after six months");
    case DK_SIGNAL_TASK_SIGNAL_KNOWN: return _("Signal for a running dossier");
    case DK_SIGNAL_TASK_CONTACT_FORMER_CLIENT: return _("Contact former client");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_signal_line_what (const DkSignalTaskLine *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  if (line->task_id != NULL)
    return dk_signal_task_kind_label (line->task_kind);
  return dk_signal_stage_label (line->stage);
}

const char *
dk_signal_contact_kind_label (DkSignalContactKind kind)
{
  switch (kind)
    {
    case DK_SIGNAL_CONTACT_MAIL: return _("E-mail");
    case DK_SIGNAL_CONTACT_LETTER: return _("Letter");
    case DK_SIGNAL_CONTACT_TEXT_MESSAGE: return _("Text message/WhatsApp");
    case DK_SIGNAL_CONTACT_PHONE: return _("Phone");
    case DK_SIGNAL_CONTACT_HOME_VISIT: return _("Home visit");
    case DK_SIGNAL_CONTACT_CARD: return _("Card left");
    case DK_SIGNAL_CONTACT_OTHER: return _("Other contact");
    case DK_SIGNAL_CONTACT_ADMINISTRATIVE: return _("Administrative");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_signal_contact_code_label (const char *ddas_code)
{
  DkSignalContactKind kind;

  if (ddas_code != NULL && dk_signal_contact_kind_from_ddas (ddas_code, &kind))
    return dk_signal_contact_kind_label (kind);
  return ddas_code;
}

const char *
dk_signal_contact_kind_icon_name (DkSignalContactKind kind)
{
  switch (kind)
    {
    case DK_SIGNAL_CONTACT_MAIL: return "mail-unread-symbolic";
    case DK_SIGNAL_CONTACT_LETTER: return "mail-send-symbolic";
    case DK_SIGNAL_CONTACT_TEXT_MESSAGE: return "chat-message-new-symbolic";
    case DK_SIGNAL_CONTACT_PHONE: return "call-start-symbolic";
    case DK_SIGNAL_CONTACT_HOME_VISIT: return "go-home-symbolic";
    case DK_SIGNAL_CONTACT_CARD: return "mail-attachment-symbolic";
    case DK_SIGNAL_CONTACT_OTHER: return "view-more-symbolic";
    case DK_SIGNAL_CONTACT_ADMINISTRATIVE: return "x-office-document-symbolic";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_signal_part_of_day_label (const char *ddas_code)
{
  if (ddas_code == NULL)
    return NULL;
  if (g_str_equal (ddas_code, "Ochtend"))
    return _("Morning");
  if (g_str_equal (ddas_code, "Middag"))
    return _("Afternoon");
  if (g_str_equal (ddas_code, "Avond"))
    return _("Evening");
  return ddas_code;
}

const char *
dk_signal_result_label (DkSignalResult result)
{
  switch (result)
    {
    case DK_SIGNAL_RESULT_REPEAT: return _("Not picked up: a repeated signal");
    case DK_SIGNAL_RESULT_UNJUSTIFIED: return _("Not picked up: the signal was unjustified");
    case DK_SIGNAL_RESULT_DECEASED: return _("The resident has died");
    case DK_SIGNAL_RESULT_NOT_A_RESIDENT: return _("No longer lives in the municipality");
    case DK_SIGNAL_RESULT_OTHER_REASON: return _("Not picked up: another reason");
    case DK_SIGNAL_RESULT_KNOWN_TO_DEBT_HELP: return _("Already known to debt help");
    case DK_SIGNAL_RESULT_OTHER_TRAJECTORY: return _("Already in another help programme");
    case DK_SIGNAL_RESULT_NO_CONTACT: return _("No contact could be made");
    case DK_SIGNAL_RESULT_NO_RESPONSE_AFTER: return _("No response after earlier contact");
    case DK_SIGNAL_RESULT_NO_HELP_WANTED: return _("No help wanted");
    case DK_SIGNAL_RESULT_ALREADY_PAID: return _("Paid or made a payment arrangement themselves");
    case DK_SIGNAL_RESULT_QUICK_FIX: return _("Budget advice or a quick fix");
    case DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL: return _("Help accepted: debt help or another financial service");
    case DK_SIGNAL_RESULT_REFERRAL_NO_CONTACT: return _("Referred without contact");
    case DK_SIGNAL_RESULT_FOLLOW_UP_NON_FINANCIAL: return _("Referred for help that is not financial");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
dk_signal_result_code_label (const char *ddas_code)
{
  DkSignalResult result;

  if (ddas_code != NULL && dk_signal_result_from_ddas (ddas_code, &result))
    return dk_signal_result_label (result);
  return ddas_code;
}

guint
dk_signal_result_group (DkSignalResult result)
{
  switch (result)
    {
    case DK_SIGNAL_RESULT_REPEAT:
    case DK_SIGNAL_RESULT_UNJUSTIFIED:
    case DK_SIGNAL_RESULT_OTHER_REASON:
      return 0;
    case DK_SIGNAL_RESULT_DECEASED:
    case DK_SIGNAL_RESULT_NOT_A_RESIDENT:
    case DK_SIGNAL_RESULT_KNOWN_TO_DEBT_HELP:
    case DK_SIGNAL_RESULT_OTHER_TRAJECTORY:
      return 1;
    case DK_SIGNAL_RESULT_NO_CONTACT:
    case DK_SIGNAL_RESULT_NO_RESPONSE_AFTER:
    case DK_SIGNAL_RESULT_REFERRAL_NO_CONTACT:
      return 2;
    case DK_SIGNAL_RESULT_NO_HELP_WANTED:
    case DK_SIGNAL_RESULT_ALREADY_PAID:
    case DK_SIGNAL_RESULT_QUICK_FIX:
    case DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL:
    case DK_SIGNAL_RESULT_FOLLOW_UP_NON_FINANCIAL:
      return 3;
    default:
      g_return_val_if_reached (0);
    }
}

const char *
dk_signal_result_group_title (guint group)
{
  switch (group)
    {
    case 0: return _("Not picked up");
    case 1: return _("Not for early signalling");
    case 2: return _("No contact");
    case 3: return _("After talking with the resident");
    default: g_return_val_if_reached (NULL);
    }
}

char *
dk_signal_after_text (DkSignalResult  result,
                      const GDate    *date)
{
  switch (dk_signal_after_result (result))
    {
    case DK_SIGNAL_AFTER_DEBT_HELP:
      return g_strdup (_("A debt-help dossier is made from this case, with the resident and the address already "
                         "filled in, and opened."));

    case DK_SIGNAL_AFTER_FOLLOW_UP:
      if (date != NULL && g_date_valid (date))
        {
          g_autofree char *text = NULL;
          GDate due;

          dk_signal_follow_up_due (date, &due);
          text = dk_date_format_dutch (&due);
          /* Translators: %s is a date six months after the outcome, "20-05-2027" */
          return g_strdup_printf (_("The case is closed, and a follow-up task is made for %s: six months later, "
                                    "to ask again whether help is wanted."), text);
        }
      return g_strdup (_("The case is closed, and a follow-up task is made for six months later, to ask again "
                         "whether help is wanted."));

    case DK_SIGNAL_AFTER_NOTHING:
    default:
      return g_strdup (_("The case is closed; nothing else follows."));
    }
}

char *
dk_signal_due_text (const GDate *due,
                    const GDate *today,
                    gboolean    *out_overdue)
{
  g_autofree char *date = NULL;
  int days;

  g_return_val_if_fail (due != NULL && g_date_valid (due), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  days = g_date_days_between (today, due);
  if (out_overdue != NULL)
    *out_overdue = days < 0;

  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Tomorrow"));

  date = dk_date_format_dutch (due);
  if (days < 0)
    /* Translators: a date, "Overdue since 20-11-2026" */
    return g_strdup_printf (_("Overdue since %s"), date);
  return g_steal_pointer (&date);
}

char *
dk_signal_deadline_text (const GDate *due,
                         const GDate *today,
                         gboolean    *out_overdue)
{
  g_autofree char *date = NULL;
  int days;

  g_return_val_if_fail (due != NULL && g_date_valid (due), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  days = g_date_days_between (today, due);
  if (out_overdue != NULL)
    *out_overdue = days < 0;

  if (days == 0)
    return g_strdup (_("Due today"));
  if (days == 1)
    return g_strdup (_("Due tomorrow"));

  date = dk_date_format_dutch (due);
  if (days < 0)
    return g_strdup_printf (_("Overdue since %s"), date);
  /* Translators: a date, "Due by 27-11-2026" */
  return g_strdup_printf (_("Due by %s"), date);
}

char *
dk_signal_line_due_text (const DkSignalTaskLine *line,
                         const GDate            *today,
                         gboolean               *out_overdue)
{
  g_return_val_if_fail (line != NULL, NULL);

  if (line->task_id == NULL && line->stage == DK_SIGNAL_STAGE_CLOSED)
    {
      if (out_overdue != NULL)
        *out_overdue = FALSE;
      return g_date_valid (&line->due_on) ? dk_date_format_dutch (&line->due_on) : g_strdup ("");
    }
  if (!g_date_valid (&line->due_on))
    {
      if (out_overdue != NULL)
        *out_overdue = FALSE;
      return g_strdup ("");
    }
  return dk_signal_due_text (&line->due_on, today, out_overdue);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static char *
street_text (const char *street,
             const char *house_number)
{
  if (has_text (street) && has_text (house_number))
    return g_strdup_printf ("%s %s", street, house_number);
  if (has_text (street))
    return g_strdup (street);
  return NULL;
}

char *
dk_signal_address_text (const char *street,
                        const char *house_number,
                        const char *postcode,
                        const char *city)
{
  g_autofree char *first = street_text (street, house_number);
  g_autoptr(GString) out = g_string_new (first);

  if (first == NULL && has_text (house_number))
    g_string_append (out, house_number);
  if (has_text (postcode) || has_text (city))
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      if (has_text (postcode))
        g_string_append (out, postcode);
      if (has_text (postcode) && has_text (city))
        g_string_append_c (out, ' ');
      if (has_text (city))
        g_string_append (out, city);
    }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
dk_signal_resident_text (const char *resident,
                         const char *street,
                         const char *house_number,
                         const char *postcode,
                         const char *city)
{
  g_autofree char *address = NULL;

  if (has_text (resident))
    return g_strdup (resident);

  address = street_text (street, house_number);
  if (address == NULL)
    address = dk_signal_address_text (street, house_number, postcode, city);
  if (address == NULL)
    return g_strdup (_("Unknown resident"));
  /* Translators: a signal without a name, "Resident of Lindelaan 12" */
  return g_strdup_printf (_("Resident of %s"), address);
}

char *
dk_signal_count_text (guint n_signals)
{
  return g_strdup_printf (g_dngettext (NULL, "%u signal", "%u signals", n_signals), n_signals);
}

char *
dk_signal_district_title (const char *district)
{
  if (!has_text (district))
    return g_strdup (_("Address unknown"));
  /* Translators: the four digits of a postcode, "District 3311" */
  return g_strdup_printf (_("District %s"), district);
}

char *
dk_signal_line_describe (const DkSignalTaskLine *line,
                         const GDate            *today)
{
  g_autofree char *due = NULL;
  g_autofree char *resident = NULL;
  g_autofree char *address = NULL;
  g_autofree char *count = NULL;
  GString *out;

  g_return_val_if_fail (line != NULL, NULL);

  due = dk_signal_line_due_text (line, today, NULL);
  resident = dk_signal_resident_text (line->resident, line->street, line->house_number, line->postcode, line->city);
  address = dk_signal_address_text (line->street, line->house_number, line->postcode, line->city);

  out = g_string_new (NULL);
  /* Translators: when, and what is due, "Tomorrow: Phase 2: contact." */
  g_string_append_printf (out, _("%s: %s."), due, dk_signal_line_what (line));
  g_string_append_c (out, ' ');
  if (address != NULL && has_text (line->resident))
    /* Translators: a resident and an address, "Sanne van Dijk, Lindelaan 12, 3311 AB Dordrecht." */
    g_string_append_printf (out, _("%s, %s."), resident, address);
  else
    g_string_append_printf (out, "%s.", resident);
  if (line->crisis)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _("Crisis."));
    }
  if (line->n_signals > 0)
    {
      count = dk_signal_count_text (line->n_signals);
      g_string_append_printf (out, " %s.", count);
    }
  return g_string_free (out, FALSE);
}

/* The leading number of a house number ("12a" → 12) and where the addition starts. */
static guint64
house_number_split (const char  *text,
                    const char **out_rest)
{
  guint64 number = 0;
  const char *p = text;

  while (g_ascii_isspace (*p))
    p++;
  while (g_ascii_isdigit (*p))
    {
      if (number < G_MAXUINT32)
        number = number * 10 + (guint64) (*p - '0');
      p++;
    }
  while (*p == ' ' || *p == '-')
    p++;
  *out_rest = p;
  return number;
}

int
dk_signal_house_number_compare (const char *a,
                                const char *b)
{
  const char *rest_a, *rest_b;
  guint64 na, nb;

  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);

  na = house_number_split (a, &rest_a);
  nb = house_number_split (b, &rest_b);
  if (na != nb)
    return na < nb ? -1 : 1;
  return g_ascii_strcasecmp (rest_a, rest_b);
}

static int
text_compare (const char *a,
              const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (!has_text (a) || !has_text (b))
    return !has_text (a) - !has_text (b);
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_utf8_collate (fa, fb);
}

static int
compare_district (gconstpointer pa,
                  gconstpointer pb)
{
  const DkSignalTaskLine *a = *(DkSignalTaskLine * const *) pa;
  const DkSignalTaskLine *b = *(DkSignalTaskLine * const *) pb;
  int order;

  /* Digits of equal length compare as text; an unknown district goes last. */
  if ((order = text_compare (a->district, b->district)) != 0)
    return order;
  if ((order = text_compare (a->street, b->street)) != 0)
    return order;
  if ((order = dk_signal_house_number_compare (a->house_number, b->house_number)) != 0)
    return order;
  if (g_date_valid (&a->due_on) && g_date_valid (&b->due_on) && (order = g_date_compare (&a->due_on, &b->due_on)) != 0)
    return order;
  return g_strcmp0 (a->number, b->number);
}

void
dk_signal_lines_sort_by_district (GPtrArray *lines)
{
  g_return_if_fail (lines != NULL);

  g_ptr_array_sort (lines, compare_district);
}
