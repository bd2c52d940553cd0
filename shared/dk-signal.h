#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * An early signal (vroegsignaal): a signal partner reports payment arrears of a resident, so that the
 * municipality can offer help (Wgs art. 3 lid 1 b). The fields follow the DDAS "Model
 * Vroegsignalering" v0.9 (Vroegsignaal, Signaalpartner.type and the Client's person and address
 * data), plus the partner's name, its own reference, and phone and e-mail, which partners deliver but
 * the reporting model to CBS leaves out.
 *
 * A DkSignal holds validated, normalised values only: dk-signal-import.c checks and normalises the
 * text of a file into one.
 */

/* DDAS EnumSignaalpartner, in the model's order. The DDAS code of each is in the comment; it is
 * what files carry and what the store keeps, so that exports to CBS need no mapping. */
typedef enum
{
  DK_SIGNAL_PARTNER_ENERGY,                /* "Energie" */
  DK_SIGNAL_PARTNER_RENT,                  /* "Huur" */
  DK_SIGNAL_PARTNER_MORTGAGE,              /* "Hypotheek" */
  DK_SIGNAL_PARTNER_CAK_HEALTH_INSURANCE,  /* "CAK Zorgverzekeringen": premium unpaid for over 6 months */
  DK_SIGNAL_PARTNER_HEALTH_CARE,           /* "Zorg" */
  DK_SIGNAL_PARTNER_WATER,                 /* "Water" */
  DK_SIGNAL_PARTNER_DUO,                   /* "DUO" */
  DK_SIGNAL_PARTNER_TAX_AUTHORITY,         /* "Belastingdienst" */
  DK_SIGNAL_PARTNER_CAK_OWN_CONTRIBUTION,  /* "CAK Eigen bijdrage" */
  DK_SIGNAL_PARTNER_OTHER,                 /* "Overige" */
  DK_SIGNAL_PARTNER_ALLOWANCES,            /* "Dienst Toeslagen" */
} DkSignalPartner;

#define DK_SIGNAL_N_PARTNERS (DK_SIGNAL_PARTNER_ALLOWANCES + 1)

/* The DDAS code of @partner ("CAK Zorgverzekeringen"), or NULL for a value outside the enum. */
const char *dk_signal_partner_to_ddas   (DkSignalPartner  partner);

/* The partner type whose DDAS code is @text, ignoring case and white space around it. FALSE (and
 * @out_partner untouched) for anything else: codes are never guessed. */
gboolean    dk_signal_partner_from_ddas (const char      *text,
                                         DkSignalPartner *out_partner);

typedef struct
{
  DkSignalPartner  partner_type;
  char            *partner_name;            /* the reporting organisation, or NULL */
  char            *partner_reference;       /* the partner's own reference of the signal, or NULL */

  gboolean         has_amount;
  gint64           amount_cents;            /* the arrears, ≥ 0, when has_amount */
  GDate            arose_on;                /* when the arrears arose; not valid when unknown */
  GDate            signal_date;             /* when the partner sent the signal; always valid */
  gboolean         crisis;                  /* crisissignaal: eviction, end of supply */
  gboolean         warm_handover;           /* warmeOverdracht: the partner already has contact */

  char            *bsn;                     /* 9 digits passing the 11-check, or NULL */
  char            *given_names;             /* or the initials (DDAS Voorletters); NULL when not given */
  char            *name_prefix;             /* voorvoegsel ("van der"), or NULL */
  char            *family_name;             /* or NULL */
  GDate            birth_date;              /* not valid when unknown */
  char            *street;
  char            *house_number;            /* digits only */
  char            *house_number_addition;   /* "A", "bis", "2"; NULL when none */
  char            *postcode;                /* "1234 AB" */
  char            *city;
  char            *phone;                   /* E.164 "+31612345678" */
  char            *email;
} DkSignal;

DkSignal *dk_signal_new  (void);
void      dk_signal_free (DkSignal *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignal, dk_signal_free)

/*
 * The signal's identity for idempotency: 64 lowercase hex digits of SHA-256. A signal delivered
 * twice (the same file imported again, or the same row in two monthly files) has the same key; two
 * different signals practically never do.
 *
 * With a partner reference the key covers "ref", the partner type, the partner name and the
 * reference: a partner's reference names one signal, whatever else a correction in a later file
 * changes. Without one it covers "noref", the partner type and name, the person (the BSN when known,
 * else postcode, house number, addition and the family name ignoring case) and the signal date and
 * amount: a partner that reports the same arrears again on a later date sends a new signal (a
 * repeated signal is for the matching to recognise, not for the import to drop).
 *
 * The fields are joined with a separator that cannot occur in them and prefixed with "v1", so the
 * recipe can change later without old keys colliding with new ones.
 */
char     *dk_signal_identity_key (const DkSignal *self);

G_END_DECLS
