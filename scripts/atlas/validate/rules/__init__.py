"""Domain rules: small functions that each yield Problems about rows that parsed.

They read field meanings from the Table Schemas where the schema can say it (free-text fields, enum
values) and run even when frictionless found type errors elsewhere: a cell that does not parse is simply
None here, and frictionless has already reported it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from ...problems import Problem
from ..guard import guarded_rule
from .base import Context
from .counties import county_state_mismatch, retired_county_code, successor_unknown
from .cells import control_characters, strict_syntax
from .dates import end_before_start, future_date, future_fiscal_year, overlapping_policy_periods, policy_review_overdue
from .policies import county_row_contradicts_state_rule, jurisdiction_rules
from .sources import missing_source, source_needs_url_or_citation
from .text import formula_injection, html_in_text, markup_in_text, review_flag_set

RULES: list[Callable[[Context], Iterator[Problem]]] = [
    strict_syntax,
    control_characters,
    end_before_start,
    overlapping_policy_periods,
    future_fiscal_year,
    future_date,
    policy_review_overdue,
    missing_source,
    source_needs_url_or_citation,
    retired_county_code,
    county_state_mismatch,
    successor_unknown,
    jurisdiction_rules,
    county_row_contradicts_state_rule,
    formula_injection,
    html_in_text,
    markup_in_text,
    review_flag_set,
]


def run_rules(context: Context) -> Iterator[Problem]:
    """Every rule in turn; a rule that crashes yields one internal-error and the next rule still runs."""
    for rule in RULES:
        yield from guarded_rule(rule, context, context.descriptor_display)


__all__ = ["Context", "RULES", "run_rules"]
