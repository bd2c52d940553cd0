#pragma once

#include <glib.h>

#include "dk-marital.h"
#include "dk-situation.h"

G_BEGIN_DECLS

/*
 * The household of a dossier as a dated history: the persons of the dossier and the events that change
 * who lives in the household and how the client relates to a partner. Pure model, no database; the
 * repository (dk-dossier-repo.h) stores persons and events and builds a timeline from them.
 *
 * An event takes effect on its date: on the day a partner moves out they no longer live in the
 * household, on a child's birthday the child does. Events on the same date apply in the order of
 * DkHouseholdEventKind below (arrivals before changes of status before departures), and events of the
 * same kind on the same date in the order they were added.
 */

#define DK_HOUSEHOLD_ERROR (dk_household_error_quark ())

typedef enum
{
  DK_HOUSEHOLD_ERROR_INVALID,               /* a required field is missing or out of range */
  DK_HOUSEHOLD_ERROR_DUPLICATE_PERSON,      /* a person with this id is already in the timeline */
  DK_HOUSEHOLD_ERROR_SECOND_CLIENT,         /* a dossier has exactly one client */
  DK_HOUSEHOLD_ERROR_NO_CLIENT,             /* the timeline has no client */
  DK_HOUSEHOLD_ERROR_CLIENT_ABSENT,         /* on the date asked for, the client does not live in the household */
  DK_HOUSEHOLD_ERROR_UNKNOWN_PERSON,        /* the event names a person who is not in the timeline */
  DK_HOUSEHOLD_ERROR_WRONG_ROLE,            /* e.g. the birth of someone who is not a child */
  DK_HOUSEHOLD_ERROR_BEFORE_BIRTH,          /* an event before the person was born; a child born before its parent */
  DK_HOUSEHOLD_ERROR_BIRTH_DATE_MISMATCH,   /* a birth event on another day than the child's birth date */
  DK_HOUSEHOLD_ERROR_ALREADY_BORN,          /* a second birth of the same child */
  DK_HOUSEHOLD_ERROR_DECEASED,              /* an event about a person after their death */
  DK_HOUSEHOLD_ERROR_ALREADY_MEMBER,        /* moves in while already living in the household */
  DK_HOUSEHOLD_ERROR_NOT_MEMBER,            /* moves out while not living there; a parent not living there */
  DK_HOUSEHOLD_ERROR_ALREADY_PARTNERED,     /* a partner moves in or marries while another partner relation lasts */
  DK_HOUSEHOLD_ERROR_ALREADY_MARRIED,       /* a marriage while married */
  DK_HOUSEHOLD_ERROR_NOT_MARRIED,           /* a divorce (request) without a marriage to that partner */
  DK_HOUSEHOLD_ERROR_ALREADY_REQUESTED,     /* a second divorce request in one marriage */
  DK_HOUSEHOLD_ERROR_NO_DIVORCE_REQUEST,    /* a divorce before the request was filed (1:99 needs its date) */
  DK_HOUSEHOLD_ERROR_REGIME_DATE,           /* the property regime does not fit the date of the marriage */
  DK_HOUSEHOLD_ERROR_ALREADY_CO_PARENTED,   /* a second co-parenting arrangement for the same stay */
  DK_HOUSEHOLD_ERROR_SPLIT_NOT_FIRST,       /* a split event that is not the very first event */
} DkHouseholdError;

GQuark dk_household_error_quark (void);

typedef enum
{
  DK_PERSON_ROLE_CLIENT,   /* the applicant the dossier is about; exactly one per dossier */
  DK_PERSON_ROLE_PARTNER,  /* the client's (former) partner or spouse */
  DK_PERSON_ROLE_CHILD,    /* a child of the client or partner; needs a birth date */
  DK_PERSON_ROLE_OTHER,    /* any other housemate */
} DkPersonRole;

const char *dk_person_role_to_string   (DkPersonRole   role);
gboolean    dk_person_role_from_string (const char    *text,
                                        DkPersonRole  *out);

/*
 * A person of a dossier. @birth_date may be cleared when unknown (not for a child). @bsn is the
 * 9-digit canonical form or NULL. @source_person_id names the person this one was copied from when a
 * dossier was split, else NULL. @id and @dossier_id may be NULL until the repository stores the person.
 */
typedef struct
{
  char          *id;
  char          *dossier_id;
  DkPersonRole   role;
  GDate          birth_date;
  char          *bsn;
  char          *given_names;
  char          *family_name_prefix;
  char          *family_name;
  char          *source_person_id;
} DkPerson;

/* @birth_date may be NULL (unknown). Other fields start NULL. */
DkPerson   *dk_person_new     (DkPersonRole     role,
                               const char      *given_names,
                               const char      *family_name_prefix,
                               const char      *family_name,
                               const GDate     *birth_date);
DkPerson   *dk_person_copy    (const DkPerson  *person);
void        dk_person_free    (DkPerson        *person);

/* Whole years of age on @date, counting a birthday as reached when its month and day are (someone
 * born on 29 February becomes a year older on 1 March in other years); -1 if the birth date is
 * unknown or after @date. */
gint        dk_person_age_on  (const DkPerson  *person,
                               const GDate     *date);

/* The kinds of event, in the order in which events on one date are applied. */
typedef enum
{
  DK_HOUSEHOLD_EVENT_SPLIT,              /* this dossier was split off another one (first event only) */
  DK_HOUSEHOLD_EVENT_MOVE_IN,            /* someone (not the partner) comes to live in the household */
  DK_HOUSEHOLD_EVENT_BIRTH,              /* a child is born to a parent living in the household */
  DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN,   /* the partner comes to live here: cohabitation, or spouses (re)uniting */
  DK_HOUSEHOLD_EVENT_MARRIAGE,           /* marriage or registered partnership, with its property regime */
  DK_HOUSEHOLD_EVENT_CO_PARENTING,       /* a child now lives in two households (co-ouderschap) */
  DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED,  /* divorce request filed: the community is dissolved (1:99) */
  DK_HOUSEHOLD_EVENT_DIVORCE,            /* the divorce is registered: the marriage ends */
  DK_HOUSEHOLD_EVENT_MOVE_OUT,           /* someone leaves the household; a cohabitation ends with it */
  DK_HOUSEHOLD_EVENT_DEATH,              /* someone dies; a marriage ends with it */
} DkHouseholdEventKind;

const char *dk_household_event_kind_to_string   (DkHouseholdEventKind   kind);
gboolean    dk_household_event_kind_from_string (const char            *text,
                                                 DkHouseholdEventKind  *out);
/* What a person reads: "birth of a child", translated. */
const char *dk_household_event_kind_describe    (DkHouseholdEventKind   kind);

/*
 * One event. @person_id is whom it is about (the child for a birth, the partner for partner events,
 * the client for a split). @other_person_id is the parent for a birth and the former partner for a
 * split. @union_kind and @regime describe a marriage; a split carries a copy of the relation as it
 * stood in the old dossier (@relation_kind, @union_kind, @regime, @union_date, @dissolution_date,
 * @end_date) and the old dossier's id in @source_dossier_id. Fields that do not apply are NULL or
 * cleared. @id, @dossier_id and @created_at are set by the repository.
 */
typedef struct
{
  char                  *id;
  char                  *dossier_id;
  DkHouseholdEventKind   kind;
  GDate                  date;
  char                  *person_id;
  char                  *other_person_id;
  DkUnionKind            union_kind;
  DkMaritalRegime        regime;
  DkRelationKind         relation_kind;
  GDate                  union_date;
  GDate                  dissolution_date;
  GDate                  end_date;
  char                  *source_dossier_id;
  char                  *created_at;
} DkHouseholdEvent;

/* For the kinds without extra data: move in, partner moves in, co-parenting, divorce requested,
 * divorce, move out, death. */
DkHouseholdEvent *dk_household_event_new          (DkHouseholdEventKind     kind,
                                                   const GDate             *date,
                                                   const char              *person_id);
DkHouseholdEvent *dk_household_event_new_birth    (const GDate             *date,
                                                   const char              *child_id,
                                                   const char              *parent_id);
DkHouseholdEvent *dk_household_event_new_marriage (const GDate             *date,
                                                   const char              *partner_id,
                                                   DkUnionKind              union_kind,
                                                   DkMaritalRegime          regime);
/* @relation is the old dossier's relation on the split date; @partner_id is the former partner's person
 * id in the new dossier, kept only when the relation is a marriage (a cohabitation ends with the move). */
DkHouseholdEvent *dk_household_event_new_split    (const GDate             *date,
                                                   const char              *client_id,
                                                   const char              *source_dossier_id,
                                                   const DkPartnerRelation *relation,
                                                   const char              *partner_id);
DkHouseholdEvent *dk_household_event_copy         (const DkHouseholdEvent  *event);
void              dk_household_event_free         (DkHouseholdEvent        *event);

typedef struct _DkHouseholdTimeline DkHouseholdTimeline;

DkHouseholdTimeline    *dk_household_timeline_new                (void);
void                    dk_household_timeline_free               (DkHouseholdTimeline        *timeline);

/* Copies @person in. Refuses a missing id, a duplicate id, a second client and a child without a
 * birth date. */
gboolean                dk_household_timeline_add_person         (DkHouseholdTimeline        *timeline,
                                                                  const DkPerson             *person,
                                                                  GError                    **error);

/* Copies @event in after checking that the whole history, with it, is possible (an event may be
 * dated before earlier-added ones). On error the timeline is unchanged. */
gboolean                dk_household_timeline_add_event          (DkHouseholdTimeline        *timeline,
                                                                  const DkHouseholdEvent     *event,
                                                                  GError                    **error);

/* Copies @event in without checking, for histories read back from storage (which may come from another
 * device); dk_household_situation_on() and _validate() report an impossible one. */
void                    dk_household_timeline_add_event_unchecked (DkHouseholdTimeline       *timeline,
                                                                   const DkHouseholdEvent    *event);

/* Replays the whole history; the first impossible event makes it fail. */
gboolean                dk_household_timeline_validate           (const DkHouseholdTimeline  *timeline,
                                                                  GError                    **error);

guint                   dk_household_timeline_get_n_persons      (const DkHouseholdTimeline  *timeline);
const DkPerson         *dk_household_timeline_get_person_at      (const DkHouseholdTimeline  *timeline,
                                                                  guint                       index);
const DkPerson         *dk_household_timeline_get_person         (const DkHouseholdTimeline  *timeline,
                                                                  const char                 *person_id);
/* NULL when the timeline has no client yet. */
const char             *dk_household_timeline_get_client_id      (const DkHouseholdTimeline  *timeline);

/* Events in the order they apply (date, then kind, then the order added). */
guint                   dk_household_timeline_get_n_events       (const DkHouseholdTimeline  *timeline);
const DkHouseholdEvent *dk_household_timeline_get_event          (const DkHouseholdTimeline  *timeline,
                                                                  guint                       index);

/*
 * The household on one date. Id arrays hold char * copies, in the order the persons were added.
 *
 * @member_ids: everyone living in the household. @child_ids: members with the child role who are under
 * 18. @co_parented_ids: those of @child_ids who live in two households under a co-parenting
 * arrangement; such a child counts as a child in BOTH households (each parent's dossier). That is a
 * product decision (each parent provides for the child during their part of the care), not a rule
 * found in the domain brief; check it against the BVV practice for co-parents. @relation: the
 * client's relation with a partner. @situation: the BVV living situation (Rv art. 475da): a couple when
 * a partner (cohabiting, married, or divorced but not yet moved out) lives in the household, with
 * children when @child_ids is not empty. A spouse who has moved out no longer counts: record the
 * move-out when the spouses live apart for good.
 */
typedef struct
{
  GDate              date;
  GPtrArray         *member_ids;
  GPtrArray         *child_ids;
  GPtrArray         *co_parented_ids;
  DkPartnerRelation  relation;
  DkSituation        situation;
} DkHouseholdSituation;

/* Fails when the history up to @date is impossible, when there is no client, or when the client does
 * not live in the household on @date (before the first event, after moving out or death). */
DkHouseholdSituation   *dk_household_situation_on                (const DkHouseholdTimeline  *timeline,
                                                                  const GDate                *date,
                                                                  GError                    **error);
gboolean                dk_household_situation_has_member        (const DkHouseholdSituation *situation,
                                                                  const char                 *person_id);
void                    dk_household_situation_free              (DkHouseholdSituation       *situation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkPerson, dk_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkHouseholdEvent, dk_household_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkHouseholdTimeline, dk_household_timeline_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkHouseholdSituation, dk_household_situation_free)

G_END_DECLS
