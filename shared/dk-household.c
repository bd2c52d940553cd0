#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-household.h"

G_DEFINE_QUARK (dk-household-error-quark, dk_household_error)

#define ADULT_AGE 18

static const char *role_names[] = {
  [DK_PERSON_ROLE_CLIENT] = "client",
  [DK_PERSON_ROLE_PARTNER] = "partner",
  [DK_PERSON_ROLE_CHILD] = "child",
  [DK_PERSON_ROLE_OTHER] = "other",
};

static const char *event_names[] = {
  [DK_HOUSEHOLD_EVENT_SPLIT] = "split",
  [DK_HOUSEHOLD_EVENT_MOVE_IN] = "move_in",
  [DK_HOUSEHOLD_EVENT_BIRTH] = "birth",
  [DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN] = "partner_moves_in",
  [DK_HOUSEHOLD_EVENT_MARRIAGE] = "marriage",
  [DK_HOUSEHOLD_EVENT_CO_PARENTING] = "co_parenting",
  [DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED] = "divorce_requested",
  [DK_HOUSEHOLD_EVENT_DIVORCE] = "divorce",
  [DK_HOUSEHOLD_EVENT_MOVE_OUT] = "move_out",
  [DK_HOUSEHOLD_EVENT_DEATH] = "death",
};

const char *
dk_person_role_to_string (DkPersonRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

gboolean
dk_person_role_from_string (const char   *text,
                            DkPersonRole *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

const char *
dk_household_event_kind_to_string (DkHouseholdEventKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (event_names), NULL);
  return event_names[kind];
}

gboolean
dk_household_event_kind_from_string (const char           *text,
                                     DkHouseholdEventKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_names); i++)
    if (g_strcmp0 (text, event_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

const char *
dk_household_event_kind_describe (DkHouseholdEventKind kind)
{
  switch (kind)
    {
    case DK_HOUSEHOLD_EVENT_SPLIT: return _("dossier split off another dossier");
    case DK_HOUSEHOLD_EVENT_MOVE_IN: return _("moves in");
    case DK_HOUSEHOLD_EVENT_BIRTH: return _("birth of a child");
    case DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN: return _("partner moves in");
    case DK_HOUSEHOLD_EVENT_MARRIAGE: return _("marriage or registered partnership");
    case DK_HOUSEHOLD_EVENT_CO_PARENTING: return _("co-parenting arrangement");
    case DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED: return _("divorce request filed");
    case DK_HOUSEHOLD_EVENT_DIVORCE: return _("divorce");
    case DK_HOUSEHOLD_EVENT_MOVE_OUT: return _("moves out");
    case DK_HOUSEHOLD_EVENT_DEATH: return _("death");
    default: g_return_val_if_reached (NULL);
    }
}

/* Persons */

DkPerson *
dk_person_new (DkPersonRole  role,
               const char   *given_names,
               const char   *family_name_prefix,
               const char   *family_name,
               const GDate  *birth_date)
{
  DkPerson *person = g_new0 (DkPerson, 1);

  person->role = role;
  person->given_names = g_strdup (given_names);
  person->family_name_prefix = g_strdup (family_name_prefix);
  person->family_name = g_strdup (family_name);
  g_date_clear (&person->birth_date, 1);
  if (birth_date != NULL && g_date_valid (birth_date))
    person->birth_date = *birth_date;

  return person;
}

DkPerson *
dk_person_copy (const DkPerson *person)
{
  DkPerson *copy;

  g_return_val_if_fail (person != NULL, NULL);

  copy = g_new0 (DkPerson, 1);
  *copy = *person;
  copy->id = g_strdup (person->id);
  copy->dossier_id = g_strdup (person->dossier_id);
  copy->bsn = g_strdup (person->bsn);
  copy->given_names = g_strdup (person->given_names);
  copy->family_name_prefix = g_strdup (person->family_name_prefix);
  copy->family_name = g_strdup (person->family_name);
  copy->source_person_id = g_strdup (person->source_person_id);

  return copy;
}

void
dk_person_free (DkPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->id);
  g_free (person->dossier_id);
  g_free (person->bsn);
  g_free (person->given_names);
  g_free (person->family_name_prefix);
  g_free (person->family_name);
  g_free (person->source_person_id);
  g_free (person);
}

gint
dk_person_age_on (const DkPerson *person,
                  const GDate    *date)
{
  const GDate *birth;
  gint years;

  g_return_val_if_fail (person != NULL, -1);
  g_return_val_if_fail (date != NULL && g_date_valid (date), -1);

  birth = &person->birth_date;
  if (!g_date_valid (birth) || g_date_compare (birth, date) > 0)
    return -1;

  years = (gint) g_date_get_year (date) - (gint) g_date_get_year (birth);
  if (g_date_get_month (date) < g_date_get_month (birth)
      || (g_date_get_month (date) == g_date_get_month (birth) && g_date_get_day (date) < g_date_get_day (birth)))
    years--;

  return years;
}

/* Events */

static DkHouseholdEvent *
event_alloc (DkHouseholdEventKind  kind,
             const GDate          *date,
             const char           *person_id)
{
  DkHouseholdEvent *event = g_new0 (DkHouseholdEvent, 1);

  event->kind = kind;
  g_date_clear (&event->date, 1);
  if (date != NULL && g_date_valid (date))
    event->date = *date;
  event->person_id = g_strdup (person_id);
  event->relation_kind = DK_RELATION_NONE;
  g_date_clear (&event->union_date, 1);
  g_date_clear (&event->dissolution_date, 1);
  g_date_clear (&event->end_date, 1);

  return event;
}

DkHouseholdEvent *
dk_household_event_new (DkHouseholdEventKind  kind,
                        const GDate          *date,
                        const char           *person_id)
{
  return event_alloc (kind, date, person_id);
}

DkHouseholdEvent *
dk_household_event_new_birth (const GDate *date,
                              const char  *child_id,
                              const char  *parent_id)
{
  DkHouseholdEvent *event = event_alloc (DK_HOUSEHOLD_EVENT_BIRTH, date, child_id);

  event->other_person_id = g_strdup (parent_id);
  return event;
}

DkHouseholdEvent *
dk_household_event_new_marriage (const GDate     *date,
                                 const char      *partner_id,
                                 DkUnionKind      union_kind,
                                 DkMaritalRegime  regime)
{
  DkHouseholdEvent *event = event_alloc (DK_HOUSEHOLD_EVENT_MARRIAGE, date, partner_id);

  event->union_kind = union_kind;
  event->regime = regime;
  return event;
}

DkHouseholdEvent *
dk_household_event_new_split (const GDate             *date,
                              const char              *client_id,
                              const char              *source_dossier_id,
                              const DkPartnerRelation *relation,
                              const char              *partner_id)
{
  DkHouseholdEvent *event = event_alloc (DK_HOUSEHOLD_EVENT_SPLIT, date, client_id);

  g_return_val_if_fail (relation != NULL, event);

  event->source_dossier_id = g_strdup (source_dossier_id);
  /* A cohabitation is living together, so it does not survive the move into another household;
   * a marriage does until it is dissolved and registered as ended. */
  event->relation_kind = relation->kind == DK_RELATION_COHABITING ? DK_RELATION_NONE : relation->kind;
  if (dk_relation_kind_is_union (relation->kind))
    {
      event->other_person_id = g_strdup (partner_id);
      event->union_kind = relation->union_kind;
      event->regime = relation->regime;
      event->union_date = relation->union_date;
      event->dissolution_date = relation->dissolution_date;
      event->end_date = relation->end_date;
    }

  return event;
}

DkHouseholdEvent *
dk_household_event_copy (const DkHouseholdEvent *event)
{
  DkHouseholdEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_new0 (DkHouseholdEvent, 1);
  *copy = *event;
  copy->id = g_strdup (event->id);
  copy->dossier_id = g_strdup (event->dossier_id);
  copy->person_id = g_strdup (event->person_id);
  copy->other_person_id = g_strdup (event->other_person_id);
  copy->source_dossier_id = g_strdup (event->source_dossier_id);
  copy->created_at = g_strdup (event->created_at);

  return copy;
}

void
dk_household_event_free (DkHouseholdEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->id);
  g_free (event->dossier_id);
  g_free (event->person_id);
  g_free (event->other_person_id);
  g_free (event->source_dossier_id);
  g_free (event->created_at);
  g_free (event);
}

/* Timeline */

struct _DkHouseholdTimeline
{
  GPtrArray *persons;  /* DkPerson * */
  GPtrArray *events;   /* DkHouseholdEvent *, kept in the order they apply */
  char      *client_id;
};

DkHouseholdTimeline *
dk_household_timeline_new (void)
{
  DkHouseholdTimeline *timeline = g_new0 (DkHouseholdTimeline, 1);

  timeline->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  timeline->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_household_event_free);
  return timeline;
}

void
dk_household_timeline_free (DkHouseholdTimeline *timeline)
{
  if (timeline == NULL)
    return;

  g_ptr_array_unref (timeline->persons);
  g_ptr_array_unref (timeline->events);
  g_free (timeline->client_id);
  g_free (timeline);
}

static gint
find_person_index (const DkHouseholdTimeline *timeline,
                   const char                *person_id)
{
  if (person_id == NULL)
    return -1;

  for (guint i = 0; i < timeline->persons->len; i++)
    {
      const DkPerson *person = g_ptr_array_index (timeline->persons, i);

      if (g_strcmp0 (person->id, person_id) == 0)
        return (gint) i;
    }

  return -1;
}

gboolean
dk_household_timeline_add_person (DkHouseholdTimeline  *timeline,
                                  const DkPerson       *person,
                                  GError              **error)
{
  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (person != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (person->id == NULL || *person->id == '\0')
    {
      g_set_error_literal (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_INVALID,
                           _("A person needs an id before joining a household history."));
      return FALSE;
    }

  if (person->role > DK_PERSON_ROLE_OTHER)
    {
      g_set_error_literal (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_INVALID,
                           _("The person's role in the dossier is unknown."));
      return FALSE;
    }

  if (find_person_index (timeline, person->id) >= 0)
    {
      g_set_error_literal (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_DUPLICATE_PERSON,
                           _("This person is already part of the household history."));
      return FALSE;
    }

  if (person->role == DK_PERSON_ROLE_CLIENT && timeline->client_id != NULL)
    {
      g_set_error_literal (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_SECOND_CLIENT,
                           _("A dossier has exactly one client; add a second adult as partner or housemate."));
      return FALSE;
    }

  if (person->role == DK_PERSON_ROLE_CHILD && !g_date_valid (&person->birth_date))
    {
      g_set_error_literal (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_INVALID,
                           _("A child needs a birth date: it decides until when the child counts as under 18."));
      return FALSE;
    }

  if (person->role == DK_PERSON_ROLE_CLIENT)
    timeline->client_id = g_strdup (person->id);

  g_ptr_array_add (timeline->persons, dk_person_copy (person));
  return TRUE;
}

guint
dk_household_timeline_get_n_persons (const DkHouseholdTimeline *timeline)
{
  return timeline->persons->len;
}

const DkPerson *
dk_household_timeline_get_person_at (const DkHouseholdTimeline *timeline,
                                     guint                      index)
{
  g_return_val_if_fail (index < timeline->persons->len, NULL);
  return g_ptr_array_index (timeline->persons, index);
}

const DkPerson *
dk_household_timeline_get_person (const DkHouseholdTimeline *timeline,
                                  const char                *person_id)
{
  gint index = find_person_index (timeline, person_id);

  return index < 0 ? NULL : g_ptr_array_index (timeline->persons, index);
}

const char *
dk_household_timeline_get_client_id (const DkHouseholdTimeline *timeline)
{
  return timeline->client_id;
}

guint
dk_household_timeline_get_n_events (const DkHouseholdTimeline *timeline)
{
  return timeline->events->len;
}

const DkHouseholdEvent *
dk_household_timeline_get_event (const DkHouseholdTimeline *timeline,
                                 guint                      index)
{
  g_return_val_if_fail (index < timeline->events->len, NULL);
  return g_ptr_array_index (timeline->events, index);
}

/* An invalid date sorts first, so replay meets it at once and reports it. */
static gint
event_order (const DkHouseholdEvent *a,
             const DkHouseholdEvent *b)
{
  gboolean a_valid = g_date_valid (&a->date);
  gboolean b_valid = g_date_valid (&b->date);
  gint by_date;

  if (a_valid != b_valid)
    return a_valid ? 1 : -1;

  by_date = a_valid ? g_date_compare (&a->date, &b->date) : 0;
  if (by_date != 0)
    return by_date;

  return (gint) a->kind - (gint) b->kind;
}

/* Inserts after every event that applies before it or together with it, so equal events keep the
 * order they were added in. Returns the index. */
static guint
insert_sorted (DkHouseholdTimeline *timeline,
               DkHouseholdEvent    *event)
{
  guint index = timeline->events->len;

  while (index > 0 && event_order (g_ptr_array_index (timeline->events, index - 1), event) > 0)
    index--;

  g_ptr_array_insert (timeline->events, (gint) index, event);
  return index;
}

void
dk_household_timeline_add_event_unchecked (DkHouseholdTimeline    *timeline,
                                           const DkHouseholdEvent *event)
{
  g_return_if_fail (timeline != NULL);
  g_return_if_fail (event != NULL);

  insert_sorted (timeline, dk_household_event_copy (event));
}

/* Replay */

typedef struct
{
  const DkPerson *person;
  gboolean        seen;
  gboolean        member;
  gboolean        deceased;
  gboolean        co_parented;
} PersonState;

typedef struct
{
  const DkHouseholdTimeline *timeline;
  PersonState               *states;
  DkPartnerRelation          relation;
  guint                      n_applied;
} Replay;

static void
replay_init (Replay                    *replay,
             const DkHouseholdTimeline *timeline)
{
  replay->timeline = timeline;
  replay->states = g_new0 (PersonState, MAX (timeline->persons->len, 1));
  for (guint i = 0; i < timeline->persons->len; i++)
    replay->states[i].person = g_ptr_array_index (timeline->persons, i);
  dk_partner_relation_init (&replay->relation);
  replay->n_applied = 0;
}

static void
replay_clear (Replay *replay)
{
  g_clear_pointer (&replay->states, g_free);
  dk_partner_relation_clear (&replay->relation);
}

static PersonState *
replay_lookup (Replay     *replay,
               const char *person_id)
{
  gint index = find_person_index (replay->timeline, person_id);

  return index < 0 ? NULL : &replay->states[index];
}

static gboolean
fail (GError     **error,
      gint         code,
      const char  *message)
{
  g_set_error_literal (error, DK_HOUSEHOLD_ERROR, code, message);
  return FALSE;
}

static gboolean
require_role (const PersonState  *state,
              DkPersonRole        role,
              GError            **error)
{
  if (state->person->role == role)
    return TRUE;

  switch (role)
    {
    case DK_PERSON_ROLE_CHILD:
      return fail (error, DK_HOUSEHOLD_ERROR_WRONG_ROLE,
                   _("This event is about a child, but the person is not registered as a child."));
    case DK_PERSON_ROLE_PARTNER:
      return fail (error, DK_HOUSEHOLD_ERROR_WRONG_ROLE,
                   _("This event is about the partner, but the person is not registered as the partner."));
    case DK_PERSON_ROLE_CLIENT:
    case DK_PERSON_ROLE_OTHER:
    default:
      return fail (error, DK_HOUSEHOLD_ERROR_WRONG_ROLE,
                   _("A dossier split starts with the client, but the person is not the client."));
    }
}

static gboolean
is_current_partner (const Replay *replay,
                    const char   *person_id)
{
  return replay->relation.kind != DK_RELATION_NONE && g_strcmp0 (replay->relation.partner_id, person_id) == 0;
}

static void
set_relation_partner (Replay     *replay,
                      const char *person_id)
{
  g_free (replay->relation.partner_id);
  replay->relation.partner_id = g_strdup (person_id);
}

static void
end_relation (Replay *replay)
{
  dk_partner_relation_clear (&replay->relation);
}

static gboolean
apply_split (Replay                  *replay,
             const DkHouseholdEvent  *event,
             PersonState             *subject,
             GError                 **error)
{
  DkPartnerRelation *relation = &replay->relation;
  PersonState *partner = NULL;

  if (replay->n_applied > 0)
    return fail (error, DK_HOUSEHOLD_ERROR_SPLIT_NOT_FIRST,
                 _("A dossier split must be the first event in the dossier's household history."));

  if (!require_role (subject, DK_PERSON_ROLE_CLIENT, error))
    return FALSE;

  if (event->relation_kind > DK_RELATION_WIDOWED || event->relation_kind == DK_RELATION_COHABITING)
    return fail (error, DK_HOUSEHOLD_ERROR_INVALID,
                 _("A dossier split can carry over a marriage, but not a cohabitation: the partner stays behind."));

  if (event->relation_kind != DK_RELATION_NONE)
    {
      partner = replay_lookup (replay, event->other_person_id);
      if (partner == NULL)
        return fail (error, DK_HOUSEHOLD_ERROR_UNKNOWN_PERSON,
                     _("The former partner named by the dossier split is not part of this dossier."));
      if (!require_role (partner, DK_PERSON_ROLE_PARTNER, error))
        return FALSE;
      if (!g_date_valid (&event->union_date) || event->union_kind > DK_UNION_REGISTERED_PARTNERSHIP
          || event->regime > DK_MARITAL_REGIME_PRENUPTIAL)
        return fail (error, DK_HOUSEHOLD_ERROR_INVALID,
                     _("The marriage carried over by the dossier split lacks its date, kind or property regime."));
    }

  relation->kind = event->relation_kind;
  if (partner != NULL)
    {
      set_relation_partner (replay, event->other_person_id);
      relation->union_kind = event->union_kind;
      relation->regime = event->regime;
      relation->union_date = event->union_date;
      relation->dissolution_date = event->dissolution_date;
      relation->end_date = event->end_date;
      partner->seen = TRUE;
    }

  subject->member = TRUE;
  return TRUE;
}

static gboolean
apply_birth (Replay                  *replay,
             const DkHouseholdEvent  *event,
             PersonState             *subject,
             GError                 **error)
{
  PersonState *parent;

  if (!require_role (subject, DK_PERSON_ROLE_CHILD, error))
    return FALSE;

  if (subject->seen)
    return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_BORN,
                 _("This child already appears earlier in the household history, so the birth cannot follow."));

  if (g_date_compare (&event->date, &subject->person->birth_date) != 0)
    return fail (error, DK_HOUSEHOLD_ERROR_BIRTH_DATE_MISMATCH,
                 _("The birth is recorded on another day than the child's birth date."));

  if (event->other_person_id == NULL)
    return fail (error, DK_HOUSEHOLD_ERROR_INVALID, _("A birth needs the parent who lives in the household."));

  parent = replay_lookup (replay, event->other_person_id);
  if (parent == NULL)
    return fail (error, DK_HOUSEHOLD_ERROR_UNKNOWN_PERSON,
                 _("The parent named by the birth is not part of this dossier."));

  if (parent == subject)
    return fail (error, DK_HOUSEHOLD_ERROR_INVALID, _("A child cannot be its own parent."));

  if (g_date_valid (&parent->person->birth_date)
      && g_date_compare (&subject->person->birth_date, &parent->person->birth_date) <= 0)
    return fail (error, DK_HOUSEHOLD_ERROR_BEFORE_BIRTH, _("A child cannot be born before its parent."));

  if (!parent->member)
    return fail (error, DK_HOUSEHOLD_ERROR_NOT_MEMBER,
                 _("The parent does not live in the household on the day of the birth."));

  subject->member = TRUE;
  return TRUE;
}

static gboolean
apply_partner_moves_in (Replay                  *replay,
                        const DkHouseholdEvent  *event,
                        PersonState             *subject,
                        GError                 **error)
{
  DkPartnerRelation *relation = &replay->relation;

  if (!require_role (subject, DK_PERSON_ROLE_PARTNER, error))
    return FALSE;

  if (subject->member)
    return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_MEMBER, _("The partner already lives in the household."));

  if ((relation->kind == DK_RELATION_COHABITING || relation->kind == DK_RELATION_MARRIED)
      && !is_current_partner (replay, event->person_id))
    return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_PARTNERED,
                 _("The client already has another partner; end that relation first."));

  if (relation->kind != DK_RELATION_COHABITING && relation->kind != DK_RELATION_MARRIED)
    {
      /* A new cohabitation, also with a former spouse who comes back. */
      dk_partner_relation_clear (relation);
      relation->kind = DK_RELATION_COHABITING;
      set_relation_partner (replay, event->person_id);
      relation->cohabiting_since = event->date;
    }

  subject->member = TRUE;
  return TRUE;
}

static gboolean
apply_marriage (Replay                  *replay,
                const DkHouseholdEvent  *event,
                PersonState             *subject,
                GError                 **error)
{
  DkPartnerRelation *relation = &replay->relation;
  GDate cohabiting_since;

  if (!require_role (subject, DK_PERSON_ROLE_PARTNER, error))
    return FALSE;

  if (relation->kind == DK_RELATION_MARRIED)
    return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_MARRIED,
                 _("The client is already married or in a registered partnership; record the divorce first."));

  if (relation->kind == DK_RELATION_COHABITING && !is_current_partner (replay, event->person_id))
    return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_PARTNERED,
                 _("The client lives with another partner; record that partner moving out first."));

  if (event->union_kind > DK_UNION_REGISTERED_PARTNERSHIP || event->regime > DK_MARITAL_REGIME_PRENUPTIAL)
    return fail (error, DK_HOUSEHOLD_ERROR_INVALID, _("The kind of union or its property regime is unknown."));

  if (event->regime != DK_MARITAL_REGIME_PRENUPTIAL
      && event->regime != dk_marital_statutory_regime (&event->date))
    return fail (error, DK_HOUSEHOLD_ERROR_REGIME_DATE,
                 event->regime == DK_MARITAL_REGIME_FULL_COMMUNITY
                 ? _("A statutory full community of property only arises for marriages before 1 January 2018; "
                     "later marriages have a limited community unless there is a prenuptial agreement.")
                 : _("A limited community of property only arises for marriages from 1 January 2018; earlier "
                     "marriages have a full community unless there is a prenuptial agreement."));

  g_date_clear (&cohabiting_since, 1);
  if (relation->kind == DK_RELATION_COHABITING)
    cohabiting_since = relation->cohabiting_since;

  dk_partner_relation_clear (relation);
  relation->kind = DK_RELATION_MARRIED;
  set_relation_partner (replay, event->person_id);
  relation->cohabiting_since = cohabiting_since;
  relation->union_kind = event->union_kind;
  relation->regime = event->regime;
  relation->union_date = event->date;
  return TRUE;
}

static gboolean
require_married_to (Replay                  *replay,
                    const DkHouseholdEvent  *event,
                    PersonState             *subject,
                    GError                 **error)
{
  if (!require_role (subject, DK_PERSON_ROLE_PARTNER, error))
    return FALSE;

  if (replay->relation.kind != DK_RELATION_MARRIED || !is_current_partner (replay, event->person_id))
    return fail (error, DK_HOUSEHOLD_ERROR_NOT_MARRIED,
                 _("The client is not married to (or in a registered partnership with) this partner on that date."));

  return TRUE;
}

static gboolean
apply_event (Replay                  *replay,
             const DkHouseholdEvent  *event,
             GError                 **error)
{
  DkPartnerRelation *relation = &replay->relation;
  PersonState *subject;

  if (!g_date_valid (&event->date))
    return fail (error, DK_HOUSEHOLD_ERROR_INVALID, _("A household event needs a valid date."));

  if (event->kind > DK_HOUSEHOLD_EVENT_DEATH)
    return fail (error, DK_HOUSEHOLD_ERROR_INVALID, _("The kind of household event is unknown."));

  subject = replay_lookup (replay, event->person_id);
  if (subject == NULL)
    return fail (error, DK_HOUSEHOLD_ERROR_UNKNOWN_PERSON,
                 _("The household event names a person who is not part of this dossier."));

  if (subject->deceased)
    return fail (error, DK_HOUSEHOLD_ERROR_DECEASED, _("No household event can follow a person's death."));

  if (g_date_valid (&subject->person->birth_date) && g_date_compare (&event->date, &subject->person->birth_date) < 0)
    return fail (error, DK_HOUSEHOLD_ERROR_BEFORE_BIRTH, _("The household event is dated before the person was born."));

  switch (event->kind)
    {
    case DK_HOUSEHOLD_EVENT_SPLIT:
      if (!apply_split (replay, event, subject, error))
        return FALSE;
      break;

    case DK_HOUSEHOLD_EVENT_MOVE_IN:
      if (subject->person->role == DK_PERSON_ROLE_PARTNER)
        return fail (error, DK_HOUSEHOLD_ERROR_WRONG_ROLE,
                     _("Record the partner's arrival as “partner moves in”, which starts the relation."));
      if (subject->member)
        return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_MEMBER, _("The person already lives in the household."));
      subject->member = TRUE;
      break;

    case DK_HOUSEHOLD_EVENT_BIRTH:
      if (!apply_birth (replay, event, subject, error))
        return FALSE;
      break;

    case DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN:
      if (!apply_partner_moves_in (replay, event, subject, error))
        return FALSE;
      break;

    case DK_HOUSEHOLD_EVENT_MARRIAGE:
      if (!apply_marriage (replay, event, subject, error))
        return FALSE;
      break;

    case DK_HOUSEHOLD_EVENT_CO_PARENTING:
      if (!require_role (subject, DK_PERSON_ROLE_CHILD, error))
        return FALSE;
      if (!subject->member)
        return fail (error, DK_HOUSEHOLD_ERROR_NOT_MEMBER,
                     _("A co-parenting arrangement needs the child to live in the household."));
      if (subject->co_parented)
        return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_CO_PARENTED,
                     _("A co-parenting arrangement is already recorded for this child."));
      subject->co_parented = TRUE;
      break;

    case DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED:
      if (!require_married_to (replay, event, subject, error))
        return FALSE;
      if (g_date_valid (&relation->dissolution_date))
        return fail (error, DK_HOUSEHOLD_ERROR_ALREADY_REQUESTED,
                     _("The divorce request for this marriage has already been recorded."));
      relation->dissolution_date = event->date;
      break;

    case DK_HOUSEHOLD_EVENT_DIVORCE:
      if (!require_married_to (replay, event, subject, error))
        return FALSE;
      if (!g_date_valid (&relation->dissolution_date))
        return fail (error, DK_HOUSEHOLD_ERROR_NO_DIVORCE_REQUEST,
                     _("Record the day the divorce request was filed first: the community ends on that day "
                       "(BW1 art. 1:99)."));
      relation->kind = DK_RELATION_DIVORCED;
      relation->end_date = event->date;
      break;

    case DK_HOUSEHOLD_EVENT_MOVE_OUT:
      if (!subject->member)
        return fail (error, DK_HOUSEHOLD_ERROR_NOT_MEMBER,
                     _("The person does not live in the household, so cannot move out."));
      subject->member = FALSE;
      subject->co_parented = FALSE;
      if (relation->kind == DK_RELATION_COHABITING && is_current_partner (replay, event->person_id))
        end_relation (replay);
      break;

    case DK_HOUSEHOLD_EVENT_DEATH:
    default:
      subject->member = FALSE;
      subject->deceased = TRUE;
      subject->co_parented = FALSE;
      if (is_current_partner (replay, event->person_id))
        {
          if (relation->kind == DK_RELATION_COHABITING)
            end_relation (replay);
          else if (relation->kind == DK_RELATION_MARRIED)
            {
              relation->kind = DK_RELATION_WIDOWED;
              if (!g_date_valid (&relation->dissolution_date))
                relation->dissolution_date = event->date;
              relation->end_date = event->date;
            }
        }
      break;
    }

  subject->seen = TRUE;
  replay->n_applied++;
  return TRUE;
}

/* Applies every event up to and including @until (NULL: all of them). */
static gboolean
replay_run (Replay       *replay,
            const GDate  *until,
            GError      **error)
{
  const GPtrArray *events = replay->timeline->events;

  for (guint i = 0; i < events->len; i++)
    {
      const DkHouseholdEvent *event = g_ptr_array_index (events, i);

      if (until != NULL && g_date_valid (&event->date) && g_date_compare (&event->date, until) > 0)
        break;

      if (!apply_event (replay, event, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
dk_household_timeline_validate (const DkHouseholdTimeline  *timeline,
                                GError                    **error)
{
  Replay replay;
  gboolean ok;

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  replay_init (&replay, timeline);
  ok = replay_run (&replay, NULL, error);
  replay_clear (&replay);

  return ok;
}

gboolean
dk_household_timeline_add_event (DkHouseholdTimeline     *timeline,
                                 const DkHouseholdEvent  *event,
                                 GError                 **error)
{
  guint index;

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  index = insert_sorted (timeline, dk_household_event_copy (event));
  if (!dk_household_timeline_validate (timeline, error))
    {
      g_ptr_array_remove_index (timeline->events, index);
      return FALSE;
    }

  return TRUE;
}

/* Situation */

void
dk_household_situation_free (DkHouseholdSituation *situation)
{
  if (situation == NULL)
    return;

  g_ptr_array_unref (situation->member_ids);
  g_ptr_array_unref (situation->child_ids);
  g_ptr_array_unref (situation->co_parented_ids);
  dk_partner_relation_clear (&situation->relation);
  g_free (situation);
}

gboolean
dk_household_situation_has_member (const DkHouseholdSituation *situation,
                                   const char                 *person_id)
{
  g_return_val_if_fail (situation != NULL, FALSE);

  for (guint i = 0; i < situation->member_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (situation->member_ids, i), person_id) == 0)
      return TRUE;

  return FALSE;
}

DkHouseholdSituation *
dk_household_situation_on (const DkHouseholdTimeline  *timeline,
                           const GDate                *date,
                           GError                    **error)
{
  g_autoptr(DkHouseholdSituation) situation = NULL;
  Replay replay;
  PersonState *client;
  PersonState *partner;
  gboolean couple;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (timeline->client_id == NULL)
    {
      g_set_error_literal (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_NO_CLIENT,
                           _("The dossier has no client, so it has no household."));
      return NULL;
    }

  replay_init (&replay, timeline);
  if (!replay_run (&replay, date, error))
    {
      replay_clear (&replay);
      return NULL;
    }

  client = replay_lookup (&replay, timeline->client_id);
  if (!client->member)
    {
      replay_clear (&replay);
      g_set_error_literal (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_CLIENT_ABSENT,
                           _("On that date the client does not live in this dossier's household: it is before the "
                             "first event, or after the client moved out or died."));
      return NULL;
    }

  situation = g_new0 (DkHouseholdSituation, 1);
  situation->date = *date;
  situation->member_ids = g_ptr_array_new_with_free_func (g_free);
  situation->child_ids = g_ptr_array_new_with_free_func (g_free);
  situation->co_parented_ids = g_ptr_array_new_with_free_func (g_free);
  dk_partner_relation_init (&situation->relation);

  for (guint i = 0; i < timeline->persons->len; i++)
    {
      const PersonState *state = &replay.states[i];
      gint age;

      if (!state->member)
        continue;

      g_ptr_array_add (situation->member_ids, g_strdup (state->person->id));

      age = dk_person_age_on (state->person, date);
      if (state->person->role == DK_PERSON_ROLE_CHILD && age >= 0 && age < ADULT_AGE)
        {
          g_ptr_array_add (situation->child_ids, g_strdup (state->person->id));
          if (state->co_parented)
            g_ptr_array_add (situation->co_parented_ids, g_strdup (state->person->id));
        }
    }

  dk_partner_relation_copy (&replay.relation, &situation->relation);
  partner = replay_lookup (&replay, replay.relation.partner_id);
  situation->relation.partner_in_household = partner != NULL && partner->member;

  couple = situation->relation.partner_in_household
           && (situation->relation.kind == DK_RELATION_COHABITING
               || situation->relation.kind == DK_RELATION_MARRIED
               || situation->relation.kind == DK_RELATION_DIVORCED);

  if (couple)
    situation->situation = situation->child_ids->len > 0 ? DK_SITUATION_COUPLE_WITH_CHILDREN : DK_SITUATION_COUPLE;
  else
    situation->situation = situation->child_ids->len > 0 ? DK_SITUATION_SINGLE_PARENT : DK_SITUATION_SINGLE;

  replay_clear (&replay);
  return g_steal_pointer (&situation);
}
