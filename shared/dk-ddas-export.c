#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-ddas-export.h"

static void
set_date (JsonObject  *object,
          const char  *member,
          const GDate *date)
{
  g_autofree char *iso = NULL;

  if (!g_date_valid (date))
    return;
  iso = dk_date_format_iso (date);
  json_object_set_string_member (object, member, iso);
}

static void
set_text (JsonObject *object,
          const char *member,
          const char *text)
{
  if (text != NULL && *text != '\0')
    json_object_set_string_member (object, member, text);
}

const char *
dk_ddas_export_signal_status (const DkSignalPeriodSignal *signal)
{
  const char *status = NULL;

  if (signal->matched && signal->link_status != DK_SIGNAL_LINK_PICKED_UP)
    return dk_signal_link_status_to_ddas (signal->link_status);
  if (signal->matched && signal->case_->has_result)
    status = dk_signal_result_signal_status (signal->case_->result);
  if (status == NULL && signal->has_brp_result)
    status = dk_signal_result_signal_status (signal->brp_result);
  return status != NULL ? status : dk_signal_link_status_to_ddas (DK_SIGNAL_LINK_PICKED_UP);
}

static JsonObject *
client_object (const DkSignal *signal)
{
  JsonObject *client = json_object_new ();
  g_autofree char *postcode = NULL;

  /* See the header: the BSN, or else only what identifies the person without it. */
  if (signal->bsn != NULL)
    {
      json_object_set_string_member (client, "Burgerservicenummer", signal->bsn);
      return client;
    }
  set_date (client, "Geboortedatum", &signal->birth_date);
  /* DDAS Postcode is AN6: "1234AB", without the space the store keeps ("1234 AB"). */
  if (signal->postcode != NULL && strlen (signal->postcode) == 7)
    postcode = g_strdup_printf ("%.4s%s", signal->postcode, signal->postcode + 5);
  set_text (client, "Postcode", postcode);
  set_text (client, "Huisnummer", signal->house_number);
  set_text (client, "Huisnummertoevoeging", signal->house_number_addition);
  return client;
}

static JsonObject *
signal_object (const DkSignalPeriodSignal *entry)
{
  const DkSignal *signal = entry->signal;
  JsonObject *object = json_object_new ();
  JsonObject *partner = json_object_new ();

  json_object_set_string_member (object, "ID", entry->id);
  json_object_set_boolean_member (object, "crisissignaal", signal->crisis);
  json_object_set_boolean_member (object, "warmeOverdracht", signal->warm_handover);
  /* DDAS bedrag: "in hele euros"; half a euro rounds up. */
  if (signal->has_amount)
    json_object_set_int_member (object, "bedrag", (signal->amount_cents + 50) / 100);
  set_date (object, "ontstaansdatum", &signal->arose_on);
  set_date (object, "signaaldatum", &signal->signal_date);
  json_object_set_string_member (object, "status", dk_ddas_export_signal_status (entry));
  json_object_set_string_member (partner, "type", dk_signal_partner_to_ddas (signal->partner_type));
  json_object_set_object_member (object, "signaalpartner", partner);
  json_object_set_object_member (object, "client", client_object (signal));
  return object;
}

static JsonObject *
case_object (const DkSignalPeriod     *period,
             const DkSignalPeriodCase *case_)
{
  JsonObject *object = json_object_new ();
  JsonArray *signals = json_array_new ();
  JsonArray *contacts = json_array_new ();

  if (case_->has_result)
    json_object_set_string_member (object, "resultaat", dk_signal_result_to_ddas (case_->result));
  else if (case_->kind == DK_SIGNAL_CASE_SET_ASIDE)
    json_object_set_string_member (object, "resultaat", dk_signal_result_to_ddas (DK_SIGNAL_RESULT_UNJUSTIFIED));
  set_date (object, "matchingsdatum", &case_->matched_on);
  /* "matchtingperiode": the schema's own spelling. */
  set_date (object, "startdatum_matchtingperiode", &case_->period_start);
  set_date (object, "datum_opgepakt", &case_->picked_up_on);
  set_date (object, "einddatum_matchingperiode", &case_->period_end);

  /* Only the signals of this delivery: every ID must name a vroegsignaal in it. */
  for (guint s = 0; s < period->signals->len; s++)
    {
      const DkSignalPeriodSignal *entry = period->signals->pdata[s];
      JsonObject *reference;

      if (entry->case_ != case_)
        continue;
      reference = json_object_new ();
      json_object_set_string_member (reference, "ID", entry->id);
      json_array_add_object_element (signals, reference);
    }
  json_object_set_array_member (object, "vroegsignalen", signals);

  for (guint c = 0; c < case_->contacts->len; c++)
    {
      const DkSignalPeriodContact *contact = case_->contacts->pdata[c];
      JsonObject *attempt = json_object_new ();

      json_object_set_string_member (attempt, "soort", dk_signal_contact_kind_to_ddas (contact->kind));
      json_object_set_boolean_member (attempt, "bereikt", contact->reached);
      set_date (attempt, "datum", &contact->date);
      set_text (attempt, "dagdeel", contact->part_of_day);
      json_array_add_object_element (contacts, attempt);
    }
  if (json_array_get_length (contacts) > 0)
    json_object_set_array_member (object, "contactpogingen", contacts);
  else
    json_array_unref (contacts);
  return object;
}

static JsonObject *
organisation_object (const DkDdasSupplier *supplier)
{
  JsonObject *organisation = json_object_new ();

  set_text (organisation, "naam", supplier->organisation_name);
  set_text (organisation, "kvk-nummer", supplier->kvk_number);
  if (supplier->contact_name != NULL || supplier->contact_phone != NULL || supplier->contact_email != NULL ||
      supplier->contact_function != NULL)
    {
      JsonArray *people = json_array_new ();
      JsonObject *person = json_object_new ();

      set_text (person, "naam", supplier->contact_name);
      set_text (person, "telefoonnummer", supplier->contact_phone);
      set_text (person, "email", supplier->contact_email);
      set_text (person, "functietitel", supplier->contact_function);
      json_array_add_object_element (people, person);
      /* "contactpersoonen" as the schema spells it. */
      json_object_set_array_member (organisation, "contactpersoonen", people);
    }
  return organisation;
}

JsonNode *
dk_ddas_export_build (const DkSignalPeriod  *period,
                      const DkDdasSupplier  *supplier,
                      GDateTime             *delivered_at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *stamp = NULL;
  JsonObject *root = json_object_new ();
  JsonArray *deliveries = json_array_new ();
  JsonObject *delivery = json_object_new ();
  JsonArray *signals = json_array_new ();
  JsonArray *cases = json_array_new ();
  JsonNode *node;

  g_return_val_if_fail (period != NULL && supplier != NULL && delivered_at != NULL, NULL);

  utc = g_date_time_to_utc (delivered_at);
  stamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  json_object_set_string_member (root, "codeGegevensleverancier", supplier->supplier_code);
  set_date (root, "startdatumLevering", &period->from);
  set_date (root, "einddatumLevering", &period->to);
  json_object_set_string_member (root, "aanleverdatumEnTijd", stamp);

  json_object_set_int_member (delivery, "teller", 1);
  json_object_set_string_member (delivery, "gemeentecode", supplier->municipality_code);
  json_object_set_object_member (delivery, "aanleverende_organisatie", organisation_object (supplier));
  for (guint s = 0; s < period->signals->len; s++)
    json_array_add_object_element (signals, signal_object (period->signals->pdata[s]));
  for (guint c = 0; c < period->cases->len; c++)
    json_array_add_object_element (cases, case_object (period, period->cases->pdata[c]));
  json_object_set_array_member (delivery, "vroegsignalen", signals);
  json_object_set_array_member (delivery, "vroegsignaalzaken", cases);
  json_array_add_object_element (deliveries, delivery);
  json_object_set_array_member (root, "leveringen", deliveries);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}
