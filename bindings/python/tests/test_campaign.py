"""Campaign planning and outcomes on the Chorley demo (examples/week_of_action.json)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pyarrow as pa
import pytest

import outreach

WEEK = Path(__file__).resolve().parents[3] / "examples" / "week_of_action.json"


@pytest.fixture(scope="session")
def demo(chorley: Path) -> outreach.Demo:
    return outreach.Demo.load(chorley)


@pytest.fixture(scope="session")
def campaign() -> outreach.Campaign:
    return outreach.Campaign.from_file(WEEK)


@pytest.fixture(scope="session")
def plan(demo: outreach.Demo, campaign: outreach.Campaign) -> outreach.Plan:
    return demo.plan(campaign)


def test_campaign_reads_the_file(campaign: outreach.Campaign) -> None:
    assert campaign.name == "Chorley Week of Action (demo)"
    assert campaign.days[0] == "2026-10-05"
    assert len(campaign.days) == 5
    assert campaign.round_size == 25
    assert campaign.as_of == "2026-10"
    assert campaign.partners[0] == ("Lancashire Fire and Rescue", 900)
    assert campaign.services[2] == (
        "flu_jab",
        "NHS Lancashire and South Cumbria",
        "Chorley Health Centre",
    )
    assert outreach.Campaign.from_json(WEEK.read_text()).services == campaign.services
    assert "services=7" in repr(campaign)


def test_bad_campaigns_are_refused(tmp_path: Path) -> None:
    with pytest.raises(outreach.InvalidArgumentError):
        outreach.Campaign.from_json("{")
    spec = json.loads(WEEK.read_text())
    spec["services"][0]["partner"] = "Nobody"
    with pytest.raises(outreach.InvalidArgumentError, match="Nobody"):
        outreach.Campaign.from_json(json.dumps(spec))
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(outreach.DataFormatError, match="bad.json"):
        outreach.Campaign.from_file(bad)
    with pytest.raises(outreach.DataLoadError):
        outreach.Campaign.from_file(tmp_path / "missing.json")


def _eligible(home: dict[str, object], decile: dict[str, dict[str, int]]) -> set[str]:
    """The services of week_of_action.json a household is eligible for (no history)."""
    dims = int(str(home["deprivation_dimensions"]))
    old = bool(home["aged_65_plus"])
    d = decile[str(home["lsoa_code"])]
    out = set()
    if old:
        out |= {"fire_check", "flu_jab"}
    if dims >= 1:
        out.add("smoke_alarm")
    if dims >= 2:
        out.add("benefits_advice")
    if d["imd"] <= 1:
        out.add("crime_prevention")
    if d["living_environment"] <= 2:
        out.add("bulky_waste")
    if dims >= 3:
        out.add("housing_advice")
    return out


def test_every_visit_carries_exactly_its_eligible_services(
    demo: outreach.Demo, plan: outreach.Plan
) -> None:
    iod = {
        r["lsoa_code"]: {"imd": r["imd_decile"], "living_environment": r["living_environment_decile"]}
        for r in demo.iod.to_arrow().to_pylist()
    }
    deprived = {r["code"] for r in demo.lsoa_profile().to_pylist() if r["most_deprived_20pct"]}
    homes = {h["uprn"]: h for h in demo.household_table().to_pylist()}
    visits = plan.visits().to_pylist()
    assert len(visits) == len(plan) > 0
    for v in visits:
        home = homes[int(v["uprn"])]
        assert home["lsoa_code"] in deprived
        assert set(str(v["services"]).split(";")) == _eligible(home, iod)
    # Everyone in the area eligible for something is either visited or unscheduled.
    listed = {int(v["uprn"]) for v in visits} | {
        int(u["uprn"]) for u in plan.unscheduled().to_pylist()
    }
    expected = {
        u for u, h in homes.items() if h["lsoa_code"] in deprived and _eligible(h, iod)
    }
    assert listed == expected
    in_area = sum(1 for h in homes.values() if h["lsoa_code"] in deprived)
    assert plan.in_area == in_area
    assert plan.history_applied == 0


def test_load_respects_capacity(plan: outreach.Plan, campaign: outreach.Campaign) -> None:
    load = plan.load().to_pylist()
    assert len(load) == len(campaign.partners) * len(campaign.days)
    capacity = dict(campaign.partners)
    for row in load:
        assert row["capacity"] == capacity[row["partner"]]
        assert row["visits"] <= row["capacity"]
    fire = plan.work_list("Lancashire Fire and Rescue").to_pylist()
    assert sum(r["visits"] for r in load if r["partner"] == "Lancashire Fire and Rescue") == len(
        fire
    )
    for r in fire:
        assert set(str(r["services"]).split(";")) <= {"fire_check", "smoke_alarm"}
        assert set(str(r["delivery"]).split(";")) == {"door"}
    nhs = plan.work_list("NHS Lancashire and South Cumbria").to_pylist()
    assert {r["delivery"] for r in nhs} == {"Chorley Health Centre"}
    with pytest.raises(outreach.InvalidArgumentError, match="no partner"):
        plan.work_list("Nobody")


def test_rounds_and_sheets(plan: outreach.Plan, campaign: outreach.Campaign) -> None:
    visits = plan.visits().to_pylist()
    rounds = {(v["day"], v["round"]) for v in visits}
    lengths = plan.round_lengths()
    assert len(lengths) == len(rounds)
    assert all(length >= 0.0 for length in lengths)
    per_round: dict[tuple[object, object], int] = {}
    for v in visits:
        per_round[(v["day"], v["round"])] = per_round.get((v["day"], v["round"]), 0) + 1
    assert max(per_round.values()) <= campaign.round_size
    sheets = plan.visit_sheets()
    assert sheets.num_rows == len(visits)
    assert sheets.column("uprn").to_pylist() == [v["uprn"] for v in visits]
    first = sheets.slice(0, 1).to_pylist()[0]
    assert first["reasons"]
    assert first["score"] >= 0.0
    text = repr(plan)
    assert f"visits={len(visits)}" in text and f"rounds={len(lengths)}" in text
    html = plan._repr_html_()
    assert "mean walk per round" in html and "load: Citizens Advice" in html


def _records(plan: outreach.Plan) -> pa.Table:
    """A constructed outcomes table: every third visit's first service delivered during the
    week, every third+1 declined, plus records that must not count."""
    visits = plan.visits().to_pylist()
    uprn, service, date, result = [], [], [], []
    for i, v in enumerate(visits):
        first = str(v["services"]).split(";")[0]
        if i % 3 == 0:
            uprn.append(v["uprn"]), service.append(first)
            date.append(datetime.date(2026, 10, 5 + i % 5)), result.append("delivered")
        elif i % 3 == 1:
            uprn.append(v["uprn"]), service.append(first)
            date.append(datetime.date(2026, 10, 6)), result.append("declined")
    # Outside the dates, a service the household was not offered, and an unknown UPRN.
    uprn += [visits[0]["uprn"], visits[0]["uprn"], "1"]
    service += [str(visits[0]["services"]).split(";")[0], "not_a_service", "flu_jab"]
    date += [datetime.date(2025, 10, 5)] * 3
    result += ["delivered"] * 3
    return pa.table({"uprn": uprn, "service": service, "date": date, "result": result})


def test_uptake_equals_a_hand_count(plan: outreach.Plan, demo: outreach.Demo) -> None:
    table = _records(plan)
    visits = plan.visits().to_pylist()
    unscheduled = plan.unscheduled().to_pylist()
    delivered: dict[str, int] = {}
    for i, v in enumerate(visits):
        if i % 3 == 0:
            s = str(v["services"]).split(";")[0]
            delivered[s] = delivered.get(s, 0) + 1
    eligible: dict[str, int] = {}
    for row in visits + unscheduled:
        for s in str(row["services"]).split(";"):
            eligible[s] = eligible.get(s, 0) + 1
    up = plan.uptake(table, "2026-10-05", "2026-10-09").to_pylist()
    assert [r["area"] for r in up] == ["all"] * 7
    for r in up:
        assert r["eligible"] == eligible.get(r["service"], 0)
        assert r["delivered"] == delivered.get(r["service"], 0)
        if r["eligible"]:
            assert r["uptake"] == pytest.approx(r["delivered"] / r["eligible"])
    # The same through Interventions, and per LSOA the counts add up to the totals.
    records = outreach.Interventions.from_arrow(table)
    assert len(records) == table.num_rows
    by_area = plan.uptake(records, "2026-10-05", "2026-10-09", areas=demo.lsoas).to_pylist()
    for total in up:
        parts = [r for r in by_area if r["service"] == total["service"] and r["area"] != "all"]
        assert sum(r["delivered"] for r in parts) == total["delivered"]
        assert sum(r["eligible"] for r in parts) == total["eligible"]


def test_outcomes_from_csv_and_periods(plan: outreach.Plan, tmp_path: Path) -> None:
    table = _records(plan)
    records = outreach.Interventions.from_arrow(table)
    path = tmp_path / "outcomes.csv"
    out = records.to_arrow()
    assert out.column_names == ["uprn", "service", "date", "result"]
    lines = ["uprn,service,date,result"] + [
        f"{r['uprn']},{r['service']},{r['date']},{r['result']}" for r in out.to_pylist()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = outreach.read_interventions(path)
    assert read.load_report is not None and read.load_report.is_clean
    assert read.to_arrow().equals(out)

    week = ("2026-10-05", "2026-10-09")
    last_year = ("2025-10-05", "2025-10-09")
    cmp = outreach.compare_periods(read, week, last_year).to_pylist()
    delivered_now = sum(r["current"] for r in cmp if r["outcome"] == "delivered")
    assert delivered_now == sum(1 for r in out.to_pylist() if r["date"] >= "2026" and r["result"] == "delivered")
    assert sum(r["baseline"] for r in cmp) == 3
    for r in cmp:
        assert r["change"] == r["current"] - r["baseline"]

    po = plan.partner_outcomes(read, *week).to_pylist()
    assert sum(r["count"] for r in po) == sum(1 for r in out.to_pylist() if r["date"] >= "2026")
    last = plan.partner_outcomes(table, *last_year).to_pylist()
    assert {"partner": "(not in campaign)", "service": "not_a_service", "outcome": "delivered", "count": 1} in last


def test_history_suppresses_recent_fire_checks(
    demo: outreach.Demo, campaign: outreach.Campaign, plan: outreach.Plan
) -> None:
    fire = [
        int(v["uprn"])
        for v in plan.visits().to_pylist()
        if "fire_check" in str(v["services"]).split(";")
    ][:10]
    history = {
        "uprn": fire,
        "service": ["fire_check"] * len(fire),
        "date": ["2025-03-01"] * len(fire),
        "result": ["delivered"] * len(fire),
    }
    again = demo.plan(campaign, history=history)
    assert again.history_applied == len(fire)
    offered = {
        int(v["uprn"]): set(str(v["services"]).split(";"))
        for v in again.visits().to_pylist() + again.unscheduled().to_pylist()
    }
    for u in fire:
        assert "fire_check" not in offered.get(u, set())


def test_bad_records_name_row_and_column() -> None:
    table = {"uprn": [1, 2], "service": ["a", "b"], "date": ["2026-10-05", "2026-02-30"], "result": ["delivered"] * 2}
    with pytest.raises(outreach.InvalidArgumentError, match=r"row 1: column \"date\""):
        outreach.Interventions.from_arrow(table)
    with pytest.raises(outreach.InvalidArgumentError, match="no \"result\" column"):
        outreach.Interventions.from_arrow({"uprn": [1], "service": ["a"], "date": ["2026-10-05"]})
    ok = dict(table, date=["2026-10-05"] * 2, result=["Delivered", "no access"])
    assert outreach.Interventions.from_arrow(ok).to_arrow().column("result").to_pylist() == [
        "delivered",
        "no_access",
    ]
