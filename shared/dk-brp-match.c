#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-brp-match.h"
#include "dk-date.h"
#include "dk-validate.h"

G_DEFINE_QUARK (dk-brp-match-error-quark, dk_brp_match_error)

void
dk_brp_person_free (DkBrpPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->bsn);
  g_free (person->given_names);
  g_free (person->initials);
  g_free (person->name_prefix);
  g_free (person->family_name);
  g_free (person->name_use);
  g_free (person->partner_name_prefix);
  g_free (person->partner_family_name);
  g_free (person->suspension_reason);
  g_free (person->municipality_code);
  g_free (person->postcode);
  g_free (person->house_number);
  g_free (person->house_letter);
  g_free (person->house_number_addition);
  g_free (person);
}

/* ---- reading the answer ---- */

/* The object at the path of member names (NULL-terminated) under @object, or NULL. */
static JsonObject *
object_at (JsonObject *object,
           ...)
{
  va_list args;
  const char *name;

  va_start (args, object);
  while (object != NULL && (name = va_arg (args, const char *)) != NULL)
    {
      JsonNode *node = json_object_get_member (object, name);

      object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  va_end (args);
  return object;
}

/* Member @name of @object as text: a string, or a whole number (huisnummer is an integer). NULL for
 * anything else or an empty string. */
static char *
text_member (JsonObject *object,
             const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* A polymorphic BRP date: only type "Datum" is a whole date; "JaarDatum", "JaarMaandDatum" and
 * "DatumOnbekend" leave @out invalid. */
static void
read_date (JsonObject *date,
           GDate      *out)
{
  g_autofree char *type = text_member (date, "type");
  g_autofree char *text = text_member (date, "datum");

  g_date_clear (out, 1);
  if (g_strcmp0 (type, "Datum") == 0 && text != NULL)
    (void) dk_date_parse (text, out, NULL);
}

static DkBrpPerson *
read_person (JsonObject *object)
{
  g_autoptr(DkBrpPerson) person = g_new0 (DkBrpPerson, 1);
  JsonObject *naam = object_at (object, "naam", NULL);
  JsonObject *verblijfplaats = object_at (object, "verblijfplaats", NULL);
  JsonArray *partners = json_object_has_member (object, "partners") &&
                        JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "partners"))
                          ? json_object_get_array_member (object, "partners") : NULL;
  g_autofree char *residence = NULL;

  person->bsn = text_member (object, "burgerservicenummer");
  person->given_names = text_member (naam, "voornamen");
  person->initials = text_member (naam, "voorletters");
  person->name_prefix = text_member (naam, "voorvoegsel");
  person->family_name = text_member (naam, "geslachtsnaam");
  person->name_use = text_member (object_at (object, "naam", "aanduidingNaamgebruik", NULL), "code");
  read_date (object_at (object, "geboorte", "datum", NULL), &person->birth_date);

  /* The current partner, whose name a person may use (aanduidingNaamgebruik P, V or N). */
  for (guint i = 0; partners != NULL && i < json_array_get_length (partners); i++)
    {
      JsonNode *node = json_array_get_element (partners, i);
      JsonObject *partner_naam = JSON_NODE_HOLDS_OBJECT (node) ? object_at (json_node_get_object (node), "naam", NULL)
                                                                : NULL;

      if (partner_naam != NULL && json_object_has_member (partner_naam, "geslachtsnaam"))
        {
          person->partner_name_prefix = text_member (partner_naam, "voorvoegsel");
          person->partner_family_name = text_member (partner_naam, "geslachtsnaam");
          break;
        }
    }

  person->suspension_reason = text_member (object_at (object, "opschortingBijhouding", "reden", NULL), "code");
  person->deceased = g_strcmp0 (person->suspension_reason, "O") == 0 ||
                     object_at (object, "overlijden", "datum", NULL) != NULL;
  person->municipality_code = text_member (object_at (object, "gemeenteVanInschrijving", NULL), "code");

  residence = text_member (verblijfplaats, "type");
  if (verblijfplaats == NULL)
    person->residence = DK_BRP_RESIDENCE_NONE;
  else if (g_strcmp0 (residence, "Adres") == 0)
    {
      JsonObject *address = object_at (verblijfplaats, "verblijfadres", NULL);
      g_autofree char *postcode = text_member (address, "postcode");

      person->residence = DK_BRP_RESIDENCE_ADDRESS;
      person->postcode = postcode != NULL ? dk_postcode_normalize (postcode) : NULL;
      person->house_number = text_member (address, "huisnummer");
      person->house_letter = text_member (address, "huisletter");
      person->house_number_addition = text_member (address, "huisnummertoevoeging");
    }
  else if (g_strcmp0 (residence, "VerblijfplaatsBuitenland") == 0)
    person->residence = DK_BRP_RESIDENCE_ABROAD;
  else if (g_strcmp0 (residence, "VerblijfplaatsOnbekend") == 0)
    person->residence = DK_BRP_RESIDENCE_UNKNOWN;
  else
    person->residence = DK_BRP_RESIDENCE_OTHER;

  return g_steal_pointer (&person);
}

GPtrArray *
dk_brp_parse_personen (JsonNode  *root,
                       GError   **error)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_brp_person_free);
  JsonNode *personen;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (personen = json_object_get_member (json_node_get_object (root), "personen")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (personen))
    {
      g_set_error_literal (error, DK_BRP_MATCH_ERROR, DK_BRP_MATCH_ERROR_BAD_RESPONSE,
                           _("The population register’s answer has no list of persons (“personen”)."));
      return NULL;
    }

  array = json_node_get_array (personen);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, DK_BRP_MATCH_ERROR, DK_BRP_MATCH_ERROR_BAD_RESPONSE,
                               _("The population register’s answer lists a person that is not a JSON object."));
          return NULL;
        }
      g_ptr_array_add (persons, read_person (json_node_get_object (node)));
    }
  return g_steal_pointer (&persons);
}

/* ---- outcomes ---- */

static const char * const outcome_names[DK_BRP_N_OUTCOMES] = {
  [DK_BRP_OUTCOME_AT_ADDRESS] = "at_address",
  [DK_BRP_OUTCOME_MOVED_WITHIN] = "moved_within",
  [DK_BRP_OUTCOME_MOVED_AWAY] = "moved_away",
  [DK_BRP_OUTCOME_DECEASED] = "deceased",
  [DK_BRP_OUTCOME_ADDRESS_UNKNOWN] = "address_unknown",
  [DK_BRP_OUTCOME_NOT_FOUND] = "not_found",
  [DK_BRP_OUTCOME_UNCERTAIN] = "uncertain",
};

const char *
dk_brp_outcome_to_string (DkBrpOutcome outcome)
{
  return (guint) outcome < DK_BRP_N_OUTCOMES ? outcome_names[outcome] : NULL;
}

/* Spelled exactly as DDAS v0.9 EnumEindresultaat (json_schema_Uitwisselmodel.json). */
const char *
dk_brp_outcome_ddas_code (DkBrpOutcome outcome)
{
  switch (outcome)
    {
    case DK_BRP_OUTCOME_DECEASED:
      return "Inwoner is overleden";
    case DK_BRP_OUTCOME_MOVED_AWAY:
      return "Persoon is geen inwoner (meer) in de gemeente";
    case DK_BRP_OUTCOME_ADDRESS_UNKNOWN:
    case DK_BRP_OUTCOME_NOT_FOUND:
      return "Niet opgepakt: andere reden";
    case DK_BRP_OUTCOME_AT_ADDRESS:
    case DK_BRP_OUTCOME_MOVED_WITHIN:
    case DK_BRP_OUTCOME_UNCERTAIN:
    default:
      return NULL;
    }
}

static DkBrpVerdict
verdict (DkBrpOutcome  outcome,
         const char   *reason)
{
  DkBrpVerdict v = { outcome, dk_brp_outcome_ddas_code (outcome), reason };

  return v;
}

/* ---- names ---- */

char *
dk_brp_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) out = NULL;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");
  /* NFKD splits "é" into "e" and a combining accent, and the ligature "Ĳ" into "IJ". */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");
  out = g_string_new (NULL);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isalnum (c))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, g_unichar_tolower (c));
        }
      else
        space = TRUE;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The folded text without its spaces: "van der Berg" and "Vanderberg" are one key. */
static char *
name_key (const char *prefix,
          const char *name)
{
  g_autofree char *joined = g_strjoin (" ", prefix != NULL ? prefix : "", name != NULL ? name : "", NULL);
  g_autofree char *folded = dk_brp_fold (joined);
  g_autoptr(GString) key = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (key, *p);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
add_key (GPtrArray *keys,
         char      *key)
{
  if (*key == '\0')
    g_free (key);
  else
    g_ptr_array_add (keys, key);
}

/* The family names a signal partner may know the person by: the own name with and without its
 * prefix, the partner's name, and both double-barrelled ways (aanduidingNaamgebruik V and N). */
static GPtrArray *
person_keys (const DkBrpPerson *person)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  add_key (keys, name_key (person->name_prefix, person->family_name));
  add_key (keys, name_key (NULL, person->family_name));
  if (person->partner_family_name != NULL)
    {
      g_autofree char *own = name_key (person->name_prefix, person->family_name);
      g_autofree char *partner = name_key (person->partner_name_prefix, person->partner_family_name);

      add_key (keys, g_strdup (partner));
      add_key (keys, name_key (NULL, person->partner_family_name));
      add_key (keys, g_strconcat (partner, own, NULL));
      add_key (keys, g_strconcat (own, partner, NULL));
    }
  return keys;
}

/* The signal's family name with its prefix (given apart or inside the name), without it, and each
 * part of a double-barrelled name ("Jansen-de Vries"). */
static GPtrArray *
signal_keys (const DkSignal *signal)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (signal->family_name == NULL)
    return keys;
  add_key (keys, name_key (signal->name_prefix, signal->family_name));
  add_key (keys, name_key (NULL, signal->family_name));
  parts = g_strsplit (signal->family_name, "-", -1);
  for (guint i = 0; parts[1] != NULL && parts[i] != NULL; i++)
    add_key (keys, name_key (i == 0 ? signal->name_prefix : NULL, parts[i]));
  return keys;
}

static gboolean
family_name_fits (const DkSignal    *signal,
                  const DkBrpPerson *person)
{
  g_autoptr(GPtrArray) ours = signal_keys (signal);
  g_autoptr(GPtrArray) theirs = person_keys (person);

  for (guint i = 0; i < ours->len; i++)
    for (guint j = 0; j < theirs->len; j++)
      if (g_str_equal (ours->pdata[i], theirs->pdata[j]))
        return TRUE;
  return FALSE;
}

typedef enum
{
  FIT_UNKNOWN,    /* nothing to compare, or initials that agree */
  FIT_CONFIRMS,
  FIT_CONFLICTS,
} Fit;

/* The person's initials as one folded string: from voorletters, else from voornamen. */
static char *
person_initials (const DkBrpPerson *person)
{
  g_autofree char *folded = dk_brp_fold (person->initials != NULL ? person->initials : person->given_names);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_c (out, words[i][0]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static Fit
given_names_fit (const DkSignal    *signal,
                 const DkBrpPerson *person)
{
  g_autofree char *ours_folded = dk_brp_fold (signal->given_names);
  g_autofree char *theirs_folded = dk_brp_fold (person->given_names);
  g_autofree char *their_initials = person_initials (person);
  g_auto(GStrv) ours = g_strsplit (ours_folded, " ", -1);
  g_auto(GStrv) theirs = g_strsplit (theirs_folded, " ", -1);
  g_autoptr(GString) our_initials = g_string_new (NULL);
  gboolean only_initials = TRUE;

  if (*ours_folded == '\0' || *their_initials == '\0')
    return FIT_UNKNOWN;

  for (guint i = 0; ours[i] != NULL; i++)
    {
      g_string_append_c (our_initials, ours[i][0]);
      if (g_utf8_strlen (ours[i], -1) > 1)
        only_initials = FALSE;
    }

  if (!only_initials)
    {
      /* The name a person goes by may be any of the given names, not always the first. */
      for (guint j = 0; theirs[j] != NULL; j++)
        if (g_str_equal (ours[0], theirs[j]))
          return FIT_CONFIRMS;
      /* A nickname ("Hans" for Johannes) starts with an initial the person has; anything else is
       * another person. */
      return strchr (their_initials, ours[0][0]) != NULL ? FIT_UNKNOWN : FIT_CONFLICTS;
    }

  /* Initials agree only as far as they go: "J." fits "J.P.", "P." does not. */
  return g_str_has_prefix (their_initials, our_initials->str) ? FIT_UNKNOWN : FIT_CONFLICTS;
}

DkBrpNameMatch
dk_brp_match_name (const DkSignal    *signal,
                   const DkBrpPerson *person)
{
  Fit given;
  Fit born = FIT_UNKNOWN;

  g_return_val_if_fail (signal != NULL && person != NULL, DK_BRP_NAME_NO_MATCH);

  given = given_names_fit (signal, person);
  if (g_date_valid (&signal->birth_date) && g_date_valid (&person->birth_date))
    born = g_date_compare (&signal->birth_date, &person->birth_date) == 0 ? FIT_CONFIRMS : FIT_CONFLICTS;

  if (given == FIT_CONFLICTS || born == FIT_CONFLICTS)
    return DK_BRP_NAME_NO_MATCH;
  if (!family_name_fits (signal, person))
    /* A name the register does not know (a former partner's, a spelling of the partner's own) is
     * never sure, but a first name and birth date that both agree deserve a person's look. */
    return given == FIT_CONFIRMS && born == FIT_CONFIRMS ? DK_BRP_NAME_WEAK : DK_BRP_NAME_NO_MATCH;
  return given == FIT_CONFIRMS || born == FIT_CONFIRMS ? DK_BRP_NAME_SURE : DK_BRP_NAME_WEAK;
}

/* ---- verdicts ---- */

static gboolean
same_address (const DkSignal    *signal,
              const DkBrpPerson *person)
{
  g_autofree char *theirs = NULL;
  g_autofree char *ours = NULL;

  if (person->residence != DK_BRP_RESIDENCE_ADDRESS || signal->postcode == NULL ||
      g_strcmp0 (signal->postcode, person->postcode) != 0 ||
      g_strcmp0 (signal->house_number, person->house_number) != 0)
    return FALSE;
  /* A signal has one addition; the register splits it into huisletter and huisnummertoevoeging. */
  theirs = name_key (person->house_letter, person->house_number_addition);
  ours = name_key (NULL, signal->house_number_addition);
  return g_str_equal (theirs, ours);
}

/* Where a person the signal is surely about lives, as far as the municipality goes. */
static DkBrpVerdict
judge_residence (const DkSignal    *signal,
                 const DkBrpPerson *person,
                 const char        *municipality_code,
                 const char        *reason_at_address)
{
  if (person->deceased)
    return verdict (DK_BRP_OUTCOME_DECEASED, "deceased");
  if (person->suspension_reason != NULL)
    {
      /* E: emigrated; R: the record went to the RNI (no longer a resident). F (a record made in error)
       * and M (ministerial decision) need a person. */
      if (g_str_equal (person->suspension_reason, "E") || g_str_equal (person->suspension_reason, "R"))
        return verdict (DK_BRP_OUTCOME_MOVED_AWAY, "emigrated");
      return verdict (DK_BRP_OUTCOME_UNCERTAIN, "suspended");
    }
  if (person->residence == DK_BRP_RESIDENCE_ABROAD)
    return verdict (DK_BRP_OUTCOME_MOVED_AWAY, "abroad");
  if (person->municipality_code == NULL)
    return verdict (DK_BRP_OUTCOME_UNCERTAIN, "no_municipality");
  if (g_strcmp0 (person->municipality_code, municipality_code) != 0)
    return verdict (DK_BRP_OUTCOME_MOVED_AWAY, "other_municipality");
  if (person->residence == DK_BRP_RESIDENCE_UNKNOWN)
    return verdict (DK_BRP_OUTCOME_ADDRESS_UNKNOWN, "address_unknown");
  if (signal->postcode == NULL)
    return verdict (DK_BRP_OUTCOME_AT_ADDRESS, "in_municipality");
  if (person->residence == DK_BRP_RESIDENCE_NONE)
    return verdict (DK_BRP_OUTCOME_UNCERTAIN, "no_address");
  if (same_address (signal, person))
    return verdict (DK_BRP_OUTCOME_AT_ADDRESS, reason_at_address);
  return verdict (DK_BRP_OUTCOME_MOVED_WITHIN, "other_address");
}

DkBrpVerdict
dk_brp_judge_by_bsn (const DkSignal    *signal,
                     const DkBrpPerson *person,
                     const char        *municipality_code)
{
  g_return_val_if_fail (signal != NULL, verdict (DK_BRP_OUTCOME_UNCERTAIN, "invalid"));

  if (person == NULL)
    return verdict (DK_BRP_OUTCOME_NOT_FOUND, "bsn_unknown");
  /* A BSN that passes the 11-check can still be mistyped: a name that does not fit at all is
   * someone else's record, never a silent guess. */
  if (signal->family_name != NULL && dk_brp_match_name (signal, person) == DK_BRP_NAME_NO_MATCH)
    return verdict (DK_BRP_OUTCOME_UNCERTAIN, "name_differs");
  return judge_residence (signal, person, municipality_code, "bsn");
}

DkBrpVerdict
dk_brp_judge_by_address (const DkSignal    *signal,
                         GPtrArray         *candidates,
                         const char        *municipality_code)
{
  const DkBrpPerson *sure = NULL;
  guint n_sure = 0;
  guint n_weak = 0;

  g_return_val_if_fail (signal != NULL && candidates != NULL, verdict (DK_BRP_OUTCOME_UNCERTAIN, "invalid"));

  if (candidates->len == 0)
    return verdict (DK_BRP_OUTCOME_NOT_FOUND, "nobody_at_address");
  if (signal->family_name == NULL)
    return verdict (DK_BRP_OUTCOME_UNCERTAIN, "no_name");

  for (guint i = 0; i < candidates->len; i++)
    switch (dk_brp_match_name (signal, candidates->pdata[i]))
      {
      case DK_BRP_NAME_SURE:
        sure = candidates->pdata[i];
        n_sure++;
        break;
      case DK_BRP_NAME_WEAK:
        n_weak++;
        break;
      case DK_BRP_NAME_NO_MATCH:
      default:
        break;
      }

  if (n_sure > 1 || (n_sure == 0 && n_weak > 1))
    return verdict (DK_BRP_OUTCOME_UNCERTAIN, "two_candidates");
  if (n_sure == 0 && n_weak == 1)
    return verdict (DK_BRP_OUTCOME_UNCERTAIN, "weak_match");
  if (n_sure == 0)
    return verdict (DK_BRP_OUTCOME_NOT_FOUND, "name_not_at_address");
  /* Found at the postcode and number, but behind another door (huisletter, toevoeging): a typing
   * error in the signal as often as a different home. */
  if (sure->residence == DK_BRP_RESIDENCE_ADDRESS && !sure->deceased && sure->suspension_reason == NULL &&
      g_strcmp0 (sure->municipality_code, municipality_code) == 0 && !same_address (signal, sure))
    return verdict (DK_BRP_OUTCOME_UNCERTAIN, "other_door");
  return judge_residence (signal, sure, municipality_code, "name_and_address");
}
