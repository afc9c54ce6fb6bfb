"""Page models and the per-county CSV, on the synthetic fixture package."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from atlas.charts.maps import topology_subset

from hypothesis import given
from hypothesis import strategies as st

from atlas.pages.county import build_county_page, format_date, script_json
from atlas.pages.county_csv import county_csv
from atlas.pages.overview import build_dataset_page, build_home_page, build_state_page
from atlas.pages.render import render
from atlas.pages.site_files import parse_states
from atlas.pages.status import NO_POLICY, NONE_287G, PAST_287G


def page(index, fips):
    return build_county_page(index, index.counties_by_fips[fips], set(index.counties_by_fips))


def test_mecklenburg_nc_page_model(fixture_index):
    p = page(fixture_index, "37119")
    assert p.display_name == "Mecklenburg County, NC"
    assert p.current_agreements == []
    [past] = p.past_agreements
    assert (past.model, past.signed, past.ended, past.status) == (
        "Jail Enforcement Model", dt.date(2006, 2, 27), dt.date(2018, 12, 5), "Ended")
    assert [(x.policy, format_date(x.effective_date, x.effective_precision), format_date(x.ended_date, x.ended_precision))
            for x in p.policies] == [
        ("Honors detainers", "2006-02-27", "2018-12-05"),
        ("Requires judicial warrant", "2018-12-05", "2024-12-01"),
        ("Honors detainers", "December 2024", ""),
    ]
    removals = next(s for s in p.series if s.metric_id == "synthetic_removals")
    assert removals.values == {2016: 500, 2017: 400, 2018: 111, 2019: 222}
    detainers = next(s for s in p.series if s.metric_id == "synthetic_detainers")
    assert detainers.values == {2018: 33, 2019: None}  # reported without a figure: not zero
    assert p.fiscal_years == [2016, 2017, 2018, 2019]
    assert p.status_287g == PAST_287G and p.policy_status == "Honors detainers"
    assert {s.id for s in p.sources} == {"synthetic-news-2018", "synthetic-list-2026", "synthetic-foia"}
    assert p.unknowns == ["ICE detention"]  # the fixture has no detention rows
    # The chart marks the agreement's start and end and each policy change from FY2016 on, later ones included.
    assert [m["d"] for m in p.chart_spec["datasets"]["markers"]] == ["2018-12-05", "2018-12-05", "2024-12-01"]
    assert p.issue_county == "Mecklenburg%20County%2C%20NC%20%2837119%29"


def test_mecklenburg_va_is_its_own_county(fixture_index):
    p = page(fixture_index, "51117")
    assert p.display_name == "Mecklenburg County, VA"
    assert [a.agency for a in p.current_agreements] == ["Synthetic Mecklenburg VA Sheriff's Office"]
    assert p.status_287g == "Task Force Model"
    assert p.policies == [] and p.series == [] and p.chart_spec is None
    assert p.unknowns == ["Detainer policies", "Enforcement figures", "ICE detention"]


def test_county_without_data_still_says_what_is_known(fixture_index):
    p = page(fixture_index, "37001")
    assert not p.has_data
    assert p.unknowns == ["287(g) agreements", "Detainer policies", "Enforcement figures", "ICE detention"]
    assert p.status_287g == NONE_287G
    assert p.policy_status == "Honors detainers (state rule)"  # the state's rule binds every county
    assert [r.citation for r in p.state_rules] == ["Synthetic Session Law 1"]
    text = render("county.md.j2", page=p, root="../../", repository="https://example.org/repo")
    assert "The atlas has nothing for Alamance County, NC in: 287(g) agreements, Detainer policies, Enforcement figures" in text
    assert 'href="../../contributing/"' in text
    assert "issues/new?template=policy.yml&amp;county=Alamance%20County%2C%20NC%20%2837001%29" in text
    assert "issues/new?template=correction.yml&amp;county=" in text


def test_retired_code_says_where_it_went(fixture_index):
    p = page(fixture_index, "02261")
    assert p.valid_to == dt.date(2019, 1, 1)
    assert [(f, linked) for f, _, linked in p.successors] == [("02063", True), ("02066", True)]
    text = render("county.md.j2", page=p, root="../../", repository="")
    assert "This county code was retired" in text
    assert '<a href="../../counties/02063/">Chugach Census Area, AK (02063)</a>' in text


def test_county_csv_has_every_fact_with_its_source(fixture_index):
    rows = list(csv.DictReader(io.StringIO(county_csv(page(fixture_index, "37119")))))
    kinds = [r["record_type"] for r in rows]
    assert kinds.count("287g_agreement") == 1 and kinds.count("detainer_policy") == 3
    assert kinds.count("state_rule") == 1 and kinds.count("enforcement_figure") == 6
    figures = {(r["item"], r["fiscal_year"]): r["value"] for r in rows if r["record_type"] == "enforcement_figure"}
    assert figures[("synthetic_removals", "2018")] == "111" and figures[("synthetic_detainers", "2019")] == ""
    assert all(r["source_id"] for r in rows)
    assert {r["source_url"] for r in rows if r["source_id"] == "synthetic-news-2018"} == {
        "https://example.org/synthetic/news-2018"}


def test_county_csv_of_a_county_without_data_is_a_header(fixture_index):
    assert county_csv(page(fixture_index, "02063")).splitlines() == [
        "county_fips,county,record_type,agency,item,fiscal_year,value,start,end,status,summary,source_id,"
        "source_title,source_url"]


def test_state_page_model(fixture_index):
    nc = build_state_page(fixture_index, fixture_index.states_by_usps["NC"], {"37001", "37119"}, TOPOLOGY)
    assert [(c.name, c.linked, c.status_287g) for c in nc.counties] == [
        ("Alamance County", True, NONE_287G), ("Mecklenburg County", True, PAST_287G),
        ("Wake County", False, NONE_287G)]
    assert nc.totals == {"counties": 3, "counties_with_active_287g": 0, "active_agreements": 1,
                         "counties_with_policy": 1, "enforcement_figures": 7}
    assert [a.agency for a in nc.statewide_agreements] == ["Synthetic State Patrol"]
    assert nc.map_spec["datasets"]["statuses"][1] == {"f": "37119", "s": PAST_287G, "n": "Mecklenburg County"}
    # Only NC's counties, with only their arcs; Wake is missing from this geometry and the text says so.
    assert [g["id"] for g in nc.map_spec["data"]["values"]["objects"]["counties"]["geometries"]] == ["37001", "37119"]
    assert nc.map_spec["data"]["values"]["arcs"] == [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]
    assert nc.drawn == 2 and "1 of the 3 counties are not drawn" in nc.map_text


TOPOLOGY = {"type": "Topology", "arcs": [[[9, 9], [8, 8]], [[0, 0], [1, 1]], [[2, 2], [3, 3]]],
            "objects": {"counties": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "id": "51117", "arcs": [[0]]},
                {"type": "Polygon", "id": "37001", "arcs": [[1, ~2]]},
                {"type": "Polygon", "id": "37119", "arcs": [[2]]}]}}}


def test_home_page_counts_and_what_the_map_cannot_draw(fixture_index):
    home = build_home_page(fixture_index, {"NC", "VA", "AK"}, geometry_ids={"37001", "37119", "37183", "51117"})
    assert home.counts["counties"] == 6  # the retired code is not counted
    assert home.counts["counties_with_active_287g"] == 1
    assert dict(home.map_287g_counts)["Task Force Model"] == 1
    assert dict(home.map_policy_counts)[NO_POLICY] == 3  # two in Alaska, one in Virginia; NC has a state rule
    assert home.not_drawn == ["Alaska: Chugach Census Area (02063), Copper River Census Area (02066)"]
    assert home.newest_list == "2026-05-18"


def test_dataset_page_documents_every_field_and_enum(fixture_index):
    d = build_dataset_page(fixture_index, "agreements_287g")
    assert d.rows == 3 and d.primary_key == ["id"]
    model = next(f for f in d.fields if f.name == "model")
    assert [v for v, _ in model.enum] == ["jail_enforcement", "warrant_service_officer", "task_force"]
    assert "required" in next(f for f in d.fields if f.name == "agency").constraints
    text = render("dataset.md.j2", page=d, root="../../", dl=None)
    assert text.startswith('---\ntitle: "287(g) agreements"\ndataset: "agreements_287g"\n')


@given(st.text())
def test_script_json_cannot_close_its_script_element(text):
    out = script_json({"t": text})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"t": text}


def test_format_date_keeps_the_sources_precision():
    assert format_date(dt.date(2019, 5, 1), "month") == "May 2019"
    assert format_date(dt.date(2019, 1, 1), "year") == "2019"
    assert format_date(dt.date(2019, 5, 7), "day") == "2019-05-07"
    assert format_date(None) == ""


def test_parse_states():
    assert parse_states("nc, VA") == {"NC", "VA"}
    assert parse_states("") is None and parse_states(None) is None


def test_every_data_text_is_escaped_in_the_markdown(xss_index):
    p = page(xss_index, "37119")
    text = render("county.md.j2", page=p, root="../../", repository="")
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    spec_text = text.split('<script type="application/json" class="atlas-spec">', 1)[1].split("</script>", 1)[0]
    assert "<" not in spec_text
    assert any("<img src=x onerror=alert(2)>" in r["m"] for r in json.loads(spec_text)["datasets"]["figures"])


def test_topology_subset_keeps_and_reindexes_only_the_arcs_used():
    sub = topology_subset(TOPOLOGY, {"37001", "37119", "37999"})
    assert [g["arcs"] for g in sub["objects"]["counties"]["geometries"]] == [[[0, ~1]], [[1]]]
    assert sub["arcs"] == [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]


DANGEROUS = st.lists(st.sampled_from(list("<>&\"'`=/ *_[]()!#|\\") + ["script", "img", "onerror", "a", "x"]),
                     min_size=1, max_size=20).map("".join)


@given(summary=DANGEROUS, agency=DANGEROUS)
def test_no_data_text_becomes_markup_after_markdown(fixture_index, summary, agency):
    """Whatever a summary or agency name holds, the HTML MkDocs makes of the page has it only as text."""
    import dataclasses

    import markdown

    p = page(fixture_index, "37119")
    p.policies = [dataclasses.replace(p.policies[0], summary=summary, agency=agency)]
    text = render("county.md.j2", page=p, root="../../", repository="")
    html = markdown.markdown(text.split("---", 2)[2], extensions=["toc", "tables", "attr_list", "admonition"])
    timeline = html.split('<ol class="atlas-timeline">', 1)[1].split("</ol>", 1)[0]
    assert "<script" not in timeline and "<img" not in timeline
    # The text a browser shows is exactly the data.
    import html as html_lib
    shown = html_lib.unescape(timeline.split("<p>", 1)[1].split("</p>", 1)[0])
    assert shown == summary
