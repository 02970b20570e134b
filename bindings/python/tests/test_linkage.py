"""outreach.LinkageIndex and friends: tokenise, build from agency CSVs, query with a role
and a reason, read back and verify the audit log. Households are real Chorley HMO register
UPRNs; people are invented."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import outreach

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
KEY = b"chorley partnership test key 2026"

SCHOOL = "St Laurence CE Primary"
CARE = "Children's Social Care"
HEALTH = "Health Visiting"

# (given, family, dob, nhs) -- invented; the NHS numbers pass the Modulus 11 check.
PEOPLE = [
    ("Zéphyrine", "O'Quillan", (2014, 3, 7), "9434765919"),
    ("Łukasz", "Brontëvale", (2012, 11, 21), "4010232137"),
]


def hmo_households() -> list[tuple[int, str]]:
    path = SHARED / "uprn_samples" / "chorley_hmo_register_with_uprn.csv"
    assert path.is_file(), f"shared data missing: {path}"
    with open(path, newline="", encoding="utf-8") as f:
        rows = [(int(r["uprn"]), r["address"]) for r in csv.DictReader(f) if len(r["uprn"]) <= 12]
    return rows[:2]


@pytest.fixture()
def files(tmp_path: Path) -> dict:
    homes = hmo_households()
    school = ["agency,record_id,address,given_name,family_name,dob,involvement,start,lead_contact"]
    care = ["agency,record_id,uprn,given_name,family_name,dob,nhs_number,involvement,sensitive,start,lead_contact"]
    health = ["agency,record_id,uprn,nhs_number,involvement,start,lead_contact"]
    for i, ((uprn, address), (g, fam, (y, m, d), nhs)) in enumerate(zip(homes, PEOPLE)):
        school.append(f'{SCHOOL},S{i},"{address}",{g.upper()},"{fam.upper()}",{d:02}/{m:02}/{y},pupil,2024-09-04,"Mrs Hale, DSL"')
        care.append(f'"{CARE}",C{i},{uprn},  {g.lower()}  ,"{fam.replace(chr(39), " ")}",{y}-{m:02}-{d:02},{nhs[:3]} {nhs[3:6]} {nhs[6:]},child in need,{"yes" if i == 0 else "no"},2025-01-15,Duty team')
        health.append(f"{HEALTH},H{i},{uprn},{nhs[:3]}-{nhs[3:6]}-{nhs[6:]},health visiting,2023-05-01,HV team")
    paths = []
    for name, lines in [("school", school), ("care", care), ("health", health)]:
        p = tmp_path / f"{name}.csv"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(p)
    return {"paths": paths, "homes": homes, "addresses": {a: u for u, a in homes}}


def clear_identifiers() -> list[str]:
    out = []
    for g, fam, (y, m, d), nhs in PEOPLE:
        out += [g, fam, nhs, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}", f"{d:02}/{m:02}/{y}", f"{y}-{m:02}-{d:02}"]
    return out


def test_same_person_one_token() -> None:
    t = outreach.Tokeniser(KEY)
    a = t.tokenise(given_name="ZÉPHYRINE", family_name="O'QUILLAN", date_of_birth="07/03/2014")
    b = t.tokenise(given_name=" zephyrine ", family_name="O Quillan", date_of_birth="2014-03-07")
    c = t.tokenise(given_name="Zephyrine", family_name="oquillan", date_of_birth="7 Mar 2014")
    assert a == b == c and a[0] is None and a[1] is not None and len(a[1]) == 64
    n1, _ = t.tokenise(nhs_number="943 476 5919")
    n2, _ = t.tokenise(nhs_number="943-476-5919")
    assert n1 == n2 is not None
    assert outreach.Tokeniser(b"another key, 16 bytes+").tokenise(nhs_number="9434765919")[0] != n1
    assert "redacted" in repr(t) and "chorley" not in repr(t)


def test_bad_input_names_field_not_value() -> None:
    with pytest.raises(outreach.InvalidArgumentError):
        outreach.Tokeniser(b"short")
    t = outreach.Tokeniser(KEY)
    with pytest.raises(outreach.InvalidArgumentError) as e:
        t.tokenise(nhs_number="943 476 5918")
    assert "nhs_number" in str(e.value) and "5918" not in str(e.value)
    with pytest.raises(outreach.InvalidArgumentError) as e:
        t.tokenise(given_name="Quintavius", family_name="Marblethorpe", date_of_birth="31/02/2011")
    msg = str(e.value)
    assert "date_of_birth" in msg and "31/02" not in msg and "Quintavius" not in msg


def test_index_roles_reasons_and_log(files: dict, tmp_path: Path) -> None:
    t = outreach.Tokeniser(KEY)
    index = outreach.LinkageIndex.from_csv(files["paths"], t, addresses=files["addresses"])
    assert len(index) == 6 and index.people == 2 and index.households == 2
    assert all(r.accepted == 2 and not r.rejected for r in index.load_reports)
    log = outreach.AuditLog()
    hub = outreach.Role("MASH", all_agencies=True, contacts=True, sensitive=True)
    school = outreach.Role("school DSL", agencies=[SCHOOL, HEALTH])
    care = outreach.Role("social worker", agencies=[CARE], contacts=True)

    uprn0 = files["homes"][0][0]
    v = index.household(uprn0, hub, "strategy meeting", log)
    assert [a["agency"] for a in v.agencies()] == sorted([SCHOOL, CARE, HEALTH])
    assert v.people == 1 and len(v) == 3
    assert str(v).startswith("3 agencies, 1 person")
    assert any(a["lead_contact"] == "Duty team" for a in v.agencies())

    s = index.household(uprn0, school, "attendance", log)
    assert CARE not in [a["agency"] for a in s.agencies()]
    assert all(i["lead_contact"] is None for i in s.involvements())
    # Household 0's care record is sensitive: the social worker does not see it.
    assert len(index.household(uprn0, care, "s47 enquiry", log)) == 0
    assert len(index.household(files["homes"][1][0], care, "s47 enquiry", log)) == 1

    nhs, _ = t.tokenise(nhs_number="9434765919")
    p = index.person(nhs, hub, "strategy meeting", log)
    assert len(p) == 3 and {i["uprn"] for i in p.involvements()} == {uprn0}

    with pytest.raises(outreach.InvalidArgumentError):
        index.household(uprn0, hub, "  ", log)
    summary = index.multi_agency_summary(
        3, {u: "E01024928" for u, _ in files["homes"]}, hub, "targeting", log
    )
    assert summary == {"areas": [("E01024928", None)], "unassigned": 0}  # 2 < 5: suppressed

    entries = log.entries()
    assert len(log) == len(entries) == 7
    assert entries[5]["outcome"].startswith("refused")
    log.verify()

    path = tmp_path / "audit.jsonl"
    log.write_jsonl(path)
    text = path.read_text(encoding="utf-8")
    back = outreach.AuditLog.read_jsonl(path)
    back.verify()
    back.verify_head(log.head)
    assert back.entries() == entries

    shown = text + repr(entries) + "".join(
        repr(x.agencies()) + repr(x.involvements()) + str(x) for x in (v, s, p)
    ) + "".join(repr(r.rejected) for r in index.load_reports)
    for c in clear_identifiers():
        assert c.lower() not in shown.lower(), c

    lines = text.splitlines()
    edited = json.loads(lines[2])
    edited["reason"] = "nothing to see"
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join(lines[:2] + [json.dumps(edited)] + lines[3:]), encoding="utf-8")
    with pytest.raises(outreach.InvalidArgumentError):
        outreach.AuditLog.read_jsonl(tampered).verify()
    tampered.write_text("\n".join(lines[:3] + lines[4:]), encoding="utf-8")
    with pytest.raises(outreach.InvalidArgumentError):
        outreach.AuditLog.read_jsonl(tampered).verify()
    tampered.write_text("\n".join(lines[:-1]), encoding="utf-8")
    outreach.AuditLog.read_jsonl(tampered).verify()
    with pytest.raises(outreach.InvalidArgumentError):
        outreach.AuditLog.read_jsonl(tampered).verify_head(log.head)


def test_role_scope() -> None:
    r = outreach.Role("nurse", agencies=[HEALTH])
    assert r.may_see(HEALTH) and not r.may_see(HEALTH, sensitive=True) and not r.may_see(CARE)
    assert not outreach.Role("new starter").may_see(HEALTH)
    with pytest.raises(outreach.InvalidArgumentError):
        outreach.Role(" ")
