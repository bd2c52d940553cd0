#pragma once

#include <glib.h>

#include "dk-marital.h"

G_BEGIN_DECLS

/*
 * A debt on a dossier's debt list, with its status history. Pure model, no database.
 *
 * The status history is append-only: a change of status is a new entry dated on or after the current
 * one, so the list is always in date order and nothing is ever rewritten. Putting an "old debt" (paid,
 * written off) back on the list is a new entry too, so the history shows both.
 */

#define DK_DEBT_ERROR (dk_debt_error_quark ())

typedef enum
{
  DK_DEBT_ERROR_INVALID,       /* a required field is missing, negative or out of range */
  DK_DEBT_ERROR_SAME_STATUS,   /* the debt already has this status */
  DK_DEBT_ERROR_BACKDATED,     /* a status dated before the current status */
  DK_DEBT_ERROR_TRANSFERRED,   /* the debt went to another dossier in a split; it takes no further status here */
} DkDebtError;

GQuark dk_debt_error_quark (void);

/* The debt categories of DDAS v1.0 (VNG Realisatie, "Data delen over Armoede en Schulden",
 * EnumSchuldensoort in json_schema_Uitwisselmodel.json); stored and exchanged under the DDAS names. */
typedef enum
{
  DK_DEBT_TYPE_HEALTH_CARE,  /* "Zorg": health insurance premiums, own contributions, uninsured care */
  DK_DEBT_TYPE_PUBLIC,       /* "Publiek": public bodies (the BSN is always sent along in a settlement) */
  DK_DEBT_TYPE_UTILITY,      /* "Nuts": suppliers that work with meter readings */
  DK_DEBT_TYPE_OTHER,        /* "Overig": everything else */
} DkDebtType;

/* Rank in a settlement (domain brief §5): preferential creditors in practice get twice the percentage. */
typedef enum
{
  DK_DEBT_RANK_CONCURRENT,
  DK_DEBT_RANK_PREFERENTIAL,
} DkDebtRank;

typedef enum
{
  DK_DEBT_STATUS_REGISTERED,     /* on the list, not yet confirmed */
  DK_DEBT_STATUS_CONFIRMED,      /* the creditor confirmed the claim */
  DK_DEBT_STATUS_IN_SETTLEMENT,  /* part of a running settlement */
  DK_DEBT_STATUS_PAID,
  DK_DEBT_STATUS_WRITTEN_OFF,
  DK_DEBT_STATUS_TRANSFERRED,    /* moved to another dossier by a split; set only by dk_dossier_split() */
} DkDebtStatus;

const char *dk_debt_type_to_string     (DkDebtType     type);
gboolean    dk_debt_type_from_string   (const char    *text,
                                        DkDebtType    *out);
const char *dk_debt_rank_to_string     (DkDebtRank     rank);
gboolean    dk_debt_rank_from_string   (const char    *text,
                                        DkDebtRank    *out);
const char *dk_debt_status_to_string   (DkDebtStatus   status);
gboolean    dk_debt_status_from_string (const char    *text,
                                        DkDebtStatus  *out);
const char *dk_debt_status_describe    (DkDebtStatus   status);

/* Paid, written off or transferred: the debt is no longer on this dossier's working list. */
gboolean    dk_debt_status_is_closed   (DkDebtStatus   status);

typedef struct
{
  char          *id;
  DkDebtStatus   status;
  GDate          date;
  char          *note;
  char          *created_at;
} DkDebtStatusEntry;

/*
 * Amounts are the creditor's whole claim in cents, also for a joint debt kept in two dossiers after a
 * split (a creditor may claim the whole from each joint debtor); @share_ppm is the part this dossier's
 * household bears between the (former) partners (1 000 000 = all of it). The rows of one debt in
 * several dossiers share @debt_group_id, and their @share_ppm add up to 1 000 000.
 * @creditor_kvk is the DDAS Schuldeiser.kvknummer, @business_debt DDAS Schuld.zakelijkeSchuld.
 * @contracting_party is seen from this dossier's client.
 */
typedef struct
{
  char               *id;
  char               *dossier_id;
  char               *debt_group_id;
  char               *source_debt_id;
  char               *creditor_name;
  char               *creditor_kvk;
  char               *reference;
  gint64              original_cents;
  gint64              current_cents;
  GDate               origin_date;
  DkDebtType          type;
  DkDebtRank          rank;
  gboolean            business_debt;
  DkContractingParty  contracting_party;
  gboolean            household_debt;
  gboolean            excluded;
  gint64              share_ppm;
  GPtrArray          *statuses;   /* DkDebtStatusEntry *, oldest first */
  char               *created_at;
  char               *updated_at;
} DkDebt;

/* A concurrent debt with current = original amount, all of it borne here, and no status yet. */
DkDebt                  *dk_debt_new                (const char          *creditor_name,
                                                     gint64               original_cents,
                                                     DkDebtType           type,
                                                     DkContractingParty   party);
DkDebt                  *dk_debt_copy               (const DkDebt        *debt);
void                     dk_debt_free               (DkDebt              *debt);

/* Creditor name present, amounts >= 0, share within 0..1 000 000, enums in range, at least one status. */
gboolean                 dk_debt_validate           (const DkDebt        *debt,
                                                     GError             **error);

/* Appends a status entry after checking it: not the current status again, not dated before the current
 * one, nothing after a transfer. @note may be NULL. The entry's id is left NULL for the repository. */
gboolean                 dk_debt_append_status      (DkDebt              *debt,
                                                     DkDebtStatus         status,
                                                     const GDate         *date,
                                                     const char          *note,
                                                     GError             **error);

/* The newest entry, or NULL when there is none. */
const DkDebtStatusEntry *dk_debt_get_current_status (const DkDebt        *debt);

/* The status on @date (the newest entry dated on or before it); FALSE when the debt was not on the list yet. */
gboolean                 dk_debt_status_on          (const DkDebt        *debt,
                                                     const GDate         *date,
                                                     DkDebtStatus        *out);

/* The facts dk_marital_classify() needs. */
void                     dk_debt_to_marital         (const DkDebt        *debt,
                                                     DkMaritalDebt       *out);

DkDebtStatusEntry       *dk_debt_status_entry_copy  (const DkDebtStatusEntry *entry);
void                     dk_debt_status_entry_free  (DkDebtStatusEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkDebt, dk_debt_free)

G_END_DECLS
