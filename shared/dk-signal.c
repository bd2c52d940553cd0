#include "config.h"

#include <string.h>

#include "dk-signal.h"

/* Exactly as DDAS v0.9 EnumSignaalpartner spells them (json_schema_Uitwisselmodel.json). */
static const char * const partner_codes[DK_SIGNAL_N_PARTNERS] = {
  [DK_SIGNAL_PARTNER_ENERGY] = "Energie",
  [DK_SIGNAL_PARTNER_RENT] = "Huur",
  [DK_SIGNAL_PARTNER_MORTGAGE] = "Hypotheek",
  [DK_SIGNAL_PARTNER_CAK_HEALTH_INSURANCE] = "CAK Zorgverzekeringen",
  [DK_SIGNAL_PARTNER_HEALTH_CARE] = "Zorg",
  [DK_SIGNAL_PARTNER_WATER] = "Water",
  [DK_SIGNAL_PARTNER_DUO] = "DUO",
  [DK_SIGNAL_PARTNER_TAX_AUTHORITY] = "Belastingdienst",
  [DK_SIGNAL_PARTNER_CAK_OWN_CONTRIBUTION] = "CAK Eigen bijdrage",
  [DK_SIGNAL_PARTNER_OTHER] = "Overige",
  [DK_SIGNAL_PARTNER_ALLOWANCES] = "Dienst Toeslagen",
};

const char *
dk_signal_partner_to_ddas (DkSignalPartner partner)
{
  if ((guint) partner >= DK_SIGNAL_N_PARTNERS)
    return NULL;
  return partner_codes[partner];
}

gboolean
dk_signal_partner_from_ddas (const char      *text,
                             DkSignalPartner *out_partner)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (out_partner != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  for (guint i = 0; i < DK_SIGNAL_N_PARTNERS; i++)
    if (g_ascii_strcasecmp (trimmed, partner_codes[i]) == 0)
      {
        *out_partner = (DkSignalPartner) i;
        return TRUE;
      }
  return FALSE;
}

DkSignal *
dk_signal_new (void)
{
  DkSignal *self = g_new0 (DkSignal, 1);

  g_date_clear (&self->arose_on, 1);
  g_date_clear (&self->signal_date, 1);
  g_date_clear (&self->birth_date, 1);
  return self;
}

void
dk_signal_free (DkSignal *self)
{
  if (self == NULL)
    return;
  g_free (self->partner_name);
  g_free (self->partner_reference);
  g_free (self->bsn);
  g_free (self->given_names);
  g_free (self->name_prefix);
  g_free (self->family_name);
  g_free (self->street);
  g_free (self->house_number);
  g_free (self->house_number_addition);
  g_free (self->postcode);
  g_free (self->city);
  g_free (self->phone);
  g_free (self->email);
  g_free (self);
}

/* The unit separator: no field of a signal holds control characters, so "a" + "bc" and "ab" + "c"
 * never hash alike. */
#define SEPARATOR "\x1f"

static void
add_field (GChecksum  *checksum,
           const char *value)
{
  g_checksum_update (checksum, (const guchar *) SEPARATOR, 1);
  if (value != NULL)
    g_checksum_update (checksum, (const guchar *) value, (gssize) strlen (value));
}

/* Case-folded and with white space runs made one space, so "De Vries" and "de  vries" match. */
static char *
fold_name (const char *name)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (name == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (name, -1);
  words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  {
    g_autoptr(GString) out = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", words[i]);
    return g_string_free (g_steal_pointer (&out), FALSE);
  }
}

char *
dk_signal_identity_key (const DkSignal *self)
{
  g_autoptr(GChecksum) checksum = NULL;
  const char *partner;

  g_return_val_if_fail (self != NULL, NULL);
  partner = dk_signal_partner_to_ddas (self->partner_type);
  g_return_val_if_fail (partner != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) "v1", 2);
  if (self->partner_reference != NULL)
    {
      add_field (checksum, "ref");
      add_field (checksum, partner);
      add_field (checksum, self->partner_name);
      add_field (checksum, self->partner_reference);
    }
  else
    {
      g_autofree char *signal_date = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&self->signal_date),
                                                      g_date_get_month (&self->signal_date),
                                                      g_date_get_day (&self->signal_date));
      g_autofree char *amount = self->has_amount ? g_strdup_printf ("%" G_GINT64_FORMAT, self->amount_cents)
                                                 : g_strdup ("");

      g_return_val_if_fail (g_date_valid (&self->signal_date), NULL);

      add_field (checksum, "noref");
      add_field (checksum, partner);
      add_field (checksum, self->partner_name);
      if (self->bsn != NULL)
        {
          add_field (checksum, "bsn");
          add_field (checksum, self->bsn);
        }
      else
        {
          g_autofree char *family = fold_name (self->family_name);
          g_autofree char *addition = fold_name (self->house_number_addition);

          add_field (checksum, "address");
          add_field (checksum, self->postcode);
          add_field (checksum, self->house_number);
          add_field (checksum, addition);
          add_field (checksum, family);
        }
      add_field (checksum, signal_date);
      add_field (checksum, amount);
    }

  return g_strdup (g_checksum_get_string (checksum));
}
