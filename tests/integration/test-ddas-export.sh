#!/bin/bash
# signals export-ddas, report and feedback on a store filled by the import and match commands, with
# an outcome and contact attempts recorded in the published work dossiers; the export is validated against the DDAS Vroegsignalering v0.9
# JSON Schema in ../shared/reference (DK_REFERENCE_DIR) with Python's jsonschema.
#   test-ddas-export.sh PATH-TO-validate-ddas.py
# Fails, not skips, when jsonschema is missing: build-aux/install-deps --test installs it.
set -euo pipefail

fail () { echo "FAIL: $*" >&2; exit 1; }

validate=${1:?usage: test-ddas-export.sh PATH-TO-validate-ddas.py}
admin=${DK_ADMIN_BINARY:?DK_ADMIN_BINARY is not set}
reference=${DK_REFERENCE_DIR:?DK_REFERENCE_DIR is not set}/reference/ddas-vroegsignalering/v0.9
schema=$reference/json_schema_Uitwisselmodel.json
# The reference folder is beside the checkout, not in it; without it the test says so and skips,
# as the unit tests that read reference files do.
if [ ! -f "$schema" ]; then echo "SKIP: the DDAS schema is not at $schema" >&2; exit 77; fi
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
  fail "python3-jsonschema is missing; install the test packages with build-aux/install-deps --test"

tmp=$(mktemp -d)
trap '[ -n "${DK_KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
cat > "$tmp/sync.conf" <<CONF
[store]
path=$tmp/central.db
[brp]
municipality-code=0363
[ddas]
organisation-name=Gemeente Voorbeeld
kvk-number=12345678
contact-name=J. de Vries
contact-email=j.devries@example.nl
CONF
run () { "$admin" --config "$tmp/sync.conf" "$@"; }

# draagkracht-sync creates the central store; once it listens the store is there, migrated.
sync=${DK_SYNC_BINARY:?DK_SYNC_BINARY is not set}
"$sync" --config "$tmp/sync.conf" --port 0 > "$tmp/sync.out" 2> "$tmp/sync.err" &
sync_pid=$!
for _ in $(seq 200); do
  grep -q listening "$tmp/sync.out" 2> /dev/null && break
  kill -0 "$sync_pid" 2> /dev/null || fail "draagkracht-sync did not start: $(cat "$tmp/sync.err")"
  sleep 0.05
done
grep -q listening "$tmp/sync.out" || fail "draagkracht-sync did not start listening"
kill "$sync_pid"
wait "$sync_pid" || true
sql () { /usr/bin/python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
           "$tmp/central.db" "$1"; }

# Jansen (BSN): rent, energy and a lower rent repeat; an address household with a crisis; Smit: water
# of € 0.20, set aside by the policy. One December signal lies outside the period.
cat > "$tmp/signalen.csv" <<'CSV'
signaalpartner_type;signaaldatum;bedrag;bsn;postcode;huisnummer;geslachtsnaam;kenmerk;crisissignaal
Huur;2025-11-03;1.234,56;111222333;;;Jansen;H-1;nee
Energie;2025-11-05;80;111222333;;;Jansen;E-1;nee
Huur;2025-11-20;1.000,00;111222333;;;Jansen;H-2;nee
Water;2025-11-04;10;;1234 AB;12;de Vries;;ja
Water;2025-11-04;0,20;123456782;;;Smit;W-1;nee
Huur;2025-12-10;500;123456782;;;Smit;H-9;nee
CSV
printf '[partner Water]\nmin-amount-cents=5000\n' > "$tmp/policy.conf"
run signals import "$tmp/signalen.csv" > /dev/null
run signals match --policy "$tmp/policy.conf" > /dev/null

jansen=$(sql "SELECT id FROM early_signal_case WHERE household_key = 'bsn:111222333'")
address=$(sql "SELECT id FROM early_signal_case WHERE household_key LIKE 'address:%'")
smit=$(sql "SELECT id FROM early_signal_case WHERE household_key = 'bsn:123456782'")

# The match published both new cases to a work dossier: the attempts and end results are recorded
# there, as a field worker's device syncs them (signal_attempt, signal_case), and the export, report
# and feedback fold them back. The admin records nothing on a published case.
if run signals contact "$jansen" Telefoon --date 2025-11-25 2> "$tmp/err"; then fail "a published case took a contact"; fi
grep -q "worked on a field worker’s device" "$tmp/err" || fail "no clear message for a published case: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp/central.db" "$jansen" "$address" <<'PY'
import sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1])
now = "2025-11-29T12:00:00.000Z"
def work(case):
    return db.execute("SELECT work_dossier_id FROM early_signal_case WHERE id = ?", (case,)).fetchone()[0]
def attempt(case, kind, reached, date, part):
    db.execute("INSERT INTO signal_attempt (id, dossier_id, kind, reached, attempt_date, part_of_day, created_at,"
               " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (str(uuid.uuid4()), work(case), kind, reached, date, part,
                                                                now, now))
def outcome(case, code, date):
    db.execute("UPDATE signal_case SET outcome_code = ?, outcome_on = ? WHERE dossier_id = ?", (code, date, work(case)))
attempt(sys.argv[2], "Telefoon", 0, "2025-11-25", "Ochtend")
attempt(sys.argv[2], "Huisbezoek", 1, "2025-11-27", "Middag")
outcome(sys.argv[2], "Vervolghulp en/of verwijzing financieel", "2025-11-28")
attempt(sys.argv[3], "Brief", 0, "2025-11-26", None)
outcome(sys.argv[3], "Niet opgepakt: andere reden", "2025-11-29")
db.commit()
PY

# A code outside the DDAS enum, and an unknown case, are refused and change nothing.
if run signals outcome "$smit" "Geholpen" 2> "$tmp/err"; then fail "an invented code was accepted"; fi
grep -q "is not a DDAS end result" "$tmp/err" || fail "no clear message for an invented code: $(cat "$tmp/err")"
if run signals outcome 0190aaaa-0000-7000-8000-000000000000 "Inwoner is overleden" 2> /dev/null; then
  fail "an unknown case was accepted"
fi

out=$(run signals export-ddas --from 2025-11-01 --to 2025-11-30 --output "$tmp/ddas.json")
[ "$out" = "Exported 5 signals and 3 cases to $tmp/ddas.json." ] || fail "unexpected summary: $out"
[ "$(sql "SELECT outcome_code FROM early_signal_case WHERE id = '$jansen'")" = "Vervolghulp en/of verwijzing financieel" ] ||
  fail "the outcome was not folded back"
[ "$(sql "SELECT count(*) FROM early_signal_contact")" = 3 ] || fail "the attempts were not folded back"
[ "$(stat -c %a "$tmp/ddas.json")" = 600 ] || fail "the export is readable by others"
"$validate" "$schema" "$tmp/ddas.json" || fail "the export does not validate against the DDAS schema"

# The DDAS example files validate with the same script (the validator itself can fail and pass).
"$validate" "$schema" "$reference/enkelvoudigVoorbeeld.json" || fail "the DDAS example does not validate"
/usr/bin/python3 - "$tmp/ddas.json" "$tmp/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["leveringen"][0]["vroegsignaalzaken"][0]["resultaat"] = "Geholpen"
json.dump(d, open(sys.argv[2], "w"))
PY
if "$validate" "$schema" "$tmp/broken.json" 2> /dev/null; then fail "an invented result passed the schema"; fi

/usr/bin/python3 - "$tmp/ddas.json" <<'PY' || fail "the export's content is wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["codeGegevensleverancier"].startswith("Draagkracht "), d
assert (d["startdatumLevering"], d["einddatumLevering"]) == ("2025-11-01", "2025-11-30")
lev = d["leveringen"][0]
assert lev["gemeentecode"] == "0363" and lev["aanleverende_organisatie"]["naam"] == "Gemeente Voorbeeld"
signals = {s["ID"]: s for s in lev["vroegsignalen"]}
assert len(signals) == 5
# The BSN when known, else only birth date and address numbers: never a name.
for s in signals.values():
    c = s["client"]
    assert "Achternaam" not in c and "Voorletters" not in c and "Straatnaam" not in c, c
    assert ("Burgerservicenummer" in c) != ("Postcode" in c), c
addr = [s for s in signals.values() if "Postcode" in s["client"]][0]
assert addr["client"] == {"Postcode": "1234AB", "Huisnummer": "12"}, addr
assert addr["crisissignaal"] is True and addr["status"] == "Niet opgepakt: andere reden", addr
statuses = sorted(s["status"] for s in signals.values())
assert statuses == ["Niet opgepakt: andere reden", "Niet opgepakt: herhaalde melding",
                    "Niet opgepakt: onterecht signaal", "Nog niet opgepakt", "Nog niet opgepakt"], statuses
assert sorted(s["bedrag"] for s in signals.values()) == [0, 10, 80, 1000, 1235]
cases = lev["vroegsignaalzaken"]
for z in cases:
    for ref in z["vroegsignalen"]:
        assert ref["ID"] in signals, ref
jansen = [z for z in cases if len(z["vroegsignalen"]) == 3][0]
assert jansen["resultaat"] == "Vervolghulp en/of verwijzing financieel"
assert jansen["datum_opgepakt"] == "2025-11-25"
assert [(c["soort"], c["bereikt"], c["dagdeel"]) for c in jansen["contactpogingen"]] == \
       [("Telefoon", False, "Ochtend"), ("Huisbezoek", True, "Middag")]
assert sorted(z.get("resultaat", "") for z in cases) == [
    "Niet opgepakt: andere reden", "Niet opgepakt: onterecht signaal", "Vervolghulp en/of verwijzing financieel"]
PY

# An empty period is a valid delivery too.
run signals export-ddas --from 2024-01-01 --to 2024-01-31 --output "$tmp/empty.json" > /dev/null
"$validate" "$schema" "$tmp/empty.json" || fail "an empty export does not validate"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'admin.signals.export_ddas'")" = 2 ] || fail "no audit row per export"

# Indicators: counts only.
run signals report --from 2025-11-01 --to 2025-11-30 --json > "$tmp/report.json"
/usr/bin/python3 - "$tmp/report.json" <<'PY' || fail "wrong indicators: $(cat "$tmp/report.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["signals"] == 5 and r["households"] == 3, r
assert r["signals_by_partner_type"]["Huur"] == 2 and r["signals_by_partner_type"]["Water"] == 2, r
assert r["cases"] == 2 and r["cases_reached"] == 1 and r["reach_rate_percent"] == 50.0, r
assert r["cases_by_result"]["Niet opgepakt: andere reden"] == 1, r
assert r["cases_picked_up"] == 2 and r["median_days_to_pick_up"] == 22.0, r
PY
if run signals report --from 2025-11-30 --to 2025-11-01 2> /dev/null; then fail "a reversed period was accepted"; fi

# Feedback to the water partner: the address signal's reason ("andere reden") is not told.
run signals feedback --partner Water --month 2025-11 --output "$tmp/water.csv"
expected='partner_name;partner_reference;signal_date;feedback;ddas_result
;;2025-11-04;not_picked_up;
;W-1;2025-11-04;ddas_result;Niet opgepakt: onterecht signaal'
actual=$(cat "$tmp/water.csv")
[ "$(head -1 "$tmp/water.csv")" = "partner_name;partner_reference;signal_date;feedback;ddas_result" ] ||
  fail "wrong CSV header: $actual"
[ "$(tail -n +2 "$tmp/water.csv" | sort)" = "$(tail -n +2 <<< "$expected" | sort)" ] || fail "wrong feedback: $actual"
run signals feedback --partner Huur --month 2025-11 > "$tmp/huur.csv"
grep -q '^;H-1;2025-11-03;picked_up;$' "$tmp/huur.csv" || fail "rent H-1 not picked up: $(cat "$tmp/huur.csv")"
grep -q '^;H-2;2025-11-20;ddas_result;Niet opgepakt: herhaalde melding$' "$tmp/huur.csv" ||
  fail "rent H-2 not a repeat: $(cat "$tmp/huur.csv")"
# Smit's December rent signal is unhandled at the end of December: returned.
run signals feedback --partner Huur --month 2025-12 > "$tmp/huur-dec.csv"
grep -q '^;H-9;2025-12-10;returned;$' "$tmp/huur-dec.csv" || fail "H-9 not returned: $(cat "$tmp/huur-dec.csv")"
if run signals feedback --partner Gas 2> /dev/null; then fail "an unknown partner type was accepted"; fi
echo "ok"
