"""Which rows of a table fail its Table Schema, found column by column, and each failing row's errors exactly as
frictionless' Row would list them.

Frictionless reads a row's cells lazily: the unique, primary-key and foreign-key checks read their fields first,
and the first key error makes the row read the rest; a blank row then replaces its cell errors. That order shows
when the error limit cuts a row in two, so RowErrors follows it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from frictionless import errors

from .columns import Column
from .keys import CastIds, Memory, foreign_key_misses, key_repeats, lookup_set, unique_repeats
from .table import Table


@dataclass
class FieldCells:
    """What frictionless' cell reader makes of each distinct value of one column."""

    name: str
    column: Column
    reader: object
    targets: list = field(default_factory=list)
    type_notes: list = field(default_factory=list)
    constraint_notes: list = field(default_factory=list)
    blank: list = field(default_factory=list)

    def read(self) -> FieldCells:
        for value in self.column.distinct:
            target, notes = self.reader(value)
            type_note = notes.get("type") if notes else None
            self.targets.append(target)
            self.type_notes.append(type_note)
            self.constraint_notes.append([] if type_note or not notes else list(notes.values()))
            self.blank.append(target is None and not type_note)
        return self

    def failing_codes(self) -> list[int]:
        return [code for code, (t, c) in enumerate(zip(self.type_notes, self.constraint_notes)) if t or c]

    def blank_codes(self) -> list[int]:
        return [code for code, blank in enumerate(self.blank) if blank]


@dataclass
class Plan:
    """One resource as the columnar engine checks it: its table, the header's errors, the expected fields' cells
    (in file order) and the keys, as frictionless reads them."""

    table: Table
    header_errors: list
    cells: list[FieldCells]
    primary_key: list[str]
    foreign_keys: list[dict]
    unique: list[int] = field(default_factory=list)  # indexes of unique fields

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.cells]


class RowChecks:
    """Which rows fail (found per column), and each failing row's errors as frictionless' Row lists them."""

    def __init__(self, plan: Plan, plans: dict[str, Plan], lookups: dict):
        self.plan, self.table, self.cells = plan, plan.table, plan.cells
        self.width = len(self.cells)
        self.index = {name: i for i, name in enumerate(plan.names)}
        rows: set[int] = set()
        for cells in self.cells:
            rows.update(cells.column.rows_with(cells.failing_codes()))
        rows.update(self._blank_rows())
        if isinstance(self.table.records, list):  # a short or long row (only the csv module's split has them)
            rows.update(i for i, r in enumerate(self.table.records[1:]) if len(r) != self.width)
        self.cast_ids = {}
        self.unique: list[tuple[int, Memory]] = []
        for i in plan.unique:
            self.cast_ids[i] = CastIds(self.cells[i].targets)
            rows.update(unique_repeats(self.cells[i].column, self.cast_ids[i]))
            self.unique.append((i, Memory()))
        self.has_key = bool(plan.primary_key) and set(plan.primary_key) <= set(self.index)
        self.key = [self.index[name] for name in plan.primary_key] if self.has_key else []
        self.key_memory = Memory()
        self.all_none: set[int] = set()  # rows whose key cells are all None
        if self.has_key:
            for i in self.key:
                self.cast_ids.setdefault(i, CastIds(self.cells[i].targets))
            repeats, all_none = key_repeats([self.cells[i].column for i in self.key], [self.cast_ids[i] for i in self.key])
            self.all_none = set(all_none)
            rows.update(repeats, all_none)
        self.groups = self._foreign_key_groups(plans, lookups)
        for group in self.groups:
            rows.update(group["misses"])
        self._rows = sorted(rows)

    def rows(self) -> list[int]:
        """The data rows (0-based, in order) frictionless reports an error on; every other row passes."""
        return self._rows

    def _blank_rows(self) -> list[int]:
        """Rows where every cell is missing or a missing value (frictionless: a blank row)."""
        per_field = [c.blank_codes() for c in self.cells]
        if not per_field or not all(per_field):
            return []
        rows = set(self.cells[0].column.rows_with(per_field[0]))
        for cells, codes in zip(self.cells[1:], per_field[1:]):
            rows &= set(cells.column.rows_with(codes))
            if not rows:
                break
        return sorted(rows)

    def _foreign_key_groups(self, plans: dict[str, Plan], lookups: dict) -> list[dict]:
        groups = []
        for fk in self.plan.foreign_keys:
            target, source_name = tuple(fk["fields"]), fk["reference"]["resource"]
            source_key = tuple(fk["reference"]["fields"])
            source = self.plan if source_name in ("", self.table.name) else plans.get(source_name)
            if source is None:  # package_descriptor keeps keys into readable resources only
                continue
            where = (source.table.name, source_key)
            if where not in lookups:
                index = {name: i for i, name in enumerate(source.names)}
                columns = [source.cells[index[k]].column if k in index else None for k in source_key]
                readers = [source.cells[index[k]].reader if k in index else None for k in source_key]
                lookups[where] = lookup_set(columns, readers, source.table.row_count)
            if not set(target) <= set(self.index):
                continue
            chosen = [self.cells[self.index[name]] for name in target]
            misses = foreign_key_misses([c.column for c in chosen], [c.targets for c in chosen], lookups[where])
            groups.append({"target": target, "source_name": source_name, "source_key": source_key,
                           "misses": misses})
        return groups

    def errors(self, row: int) -> list:
        """The errors frictionless gives data row `row` (0-based), in its order."""
        found = RowErrors(self, row)
        for i, memory in self.unique:
            found.read(i)
            code = self.cells[i].column.code(row)
            target, ids = self.cells[i].targets[code], self.cast_ids[i]
            if target is None or ids.per_code[code] == ids.nan:
                continue
            match = memory.previous(ids.per_code[code], found.number)
            if match:
                found.add(errors.UniqueError(
                    note=f"the same as in the row at position {match}", cells=found.text, row_number=found.number,
                    cell=str(target), field_name=self.cells[i].name, field_number=i + 1))
        if self.has_key:
            for i in self.key:
                found.read(i)
            codes = [self.cells[i].column.code(row) for i in self.key]
            key = tuple(self.cast_ids[i].per_code[code] for i, code in zip(self.key, codes))
            if row in self.all_none:
                found.add(errors.PrimaryKeyError(note='cells composing the primary keys are all "None"',
                                                 cells=found.text, row_number=found.number))
            elif all(k != self.cast_ids[i].nan for i, k in zip(self.key, key)):
                match = self.key_memory.previous(key, found.number)
                if match:
                    found.add(errors.PrimaryKeyError(note=f"the same as in the row at position {match}",
                                                     cells=found.text, row_number=found.number))
        for group in self.groups:
            for name in group["target"]:
                found.read(self.index[name])
            missed = group["misses"].get(row)
            if missed is not None:
                note = 'for "%s": values "%s" not found in the lookup table "%s" as "%s"' % (
                    ", ".join(group["target"]), ", ".join(str(d) for d in missed), group["source_name"],
                    ", ".join(group["source_key"]))
                found.add(errors.ForeignKeyError(
                    note=note, cells=found.text, row_number=found.number, field_names=list(group["target"]),
                    field_cells=[str(v) if v is not None else "" for v in missed],
                    reference_name=group["source_name"], reference_field_names=list(group["source_key"])))
        return found.finish()


class RowErrors:
    """One row's errors as frictionless' Row collects them: a cell's when it is first read, the rest of the cells,
    extra and missing cells (or only blank-row) when the row is first asked for its errors, key errors after."""

    def __init__(self, checks: RowChecks, row: int):
        self.checks, self.row, self.number = checks, row, row + 2
        self.cells = checks.table.records[row + 1]
        self.text = [str(c) if c is not None else "" for c in self.cells]
        self.read_fields: set[int] = set()
        self.blank = 0
        self.errors: list = []
        self.done = False

    def read(self, i: int) -> None:
        """Field `i`'s type or constraint errors, once, unless the whole row has been read already."""
        if self.done or i in self.read_fields:
            return
        self.read_fields.add(i)
        cells = self.checks.cells[i]
        code = cells.column.code(self.row)
        self.blank += cells.blank[code]
        where = dict(cells=self.text, row_number=self.number, cell=str(cells.column.distinct[code]),
                     field_name=cells.name, field_number=i + 1)
        if cells.type_notes[code]:
            self.errors.append(errors.TypeError(note=cells.type_notes[code], **where))
        for note in cells.constraint_notes[code]:
            self.errors.append(errors.ConstraintError(note=note, **where))

    def finish(self) -> list:
        """Read the whole row (frictionless: `row.errors`); the list later key errors are added to."""
        if not self.done:
            width = self.checks.width
            for i in range(width):
                self.read(i)
            for position, cell in enumerate(self.cells[width:], start=width + 1):
                self.errors.append(errors.ExtraCellError(note="", cells=self.text, row_number=self.number,
                                                         cell=str(cell), field_name="", field_number=position))
            for i in range(len(self.cells), width):
                self.errors.append(errors.MissingCellError(note="", cells=self.text, row_number=self.number, cell="",
                                                           field_name=self.checks.cells[i].name, field_number=i + 1))
            if self.blank == width:
                self.errors = [errors.BlankRowError(note="", cells=self.text, row_number=self.number)]
            self.done = True
        return self.errors

    def add(self, error) -> None:
        """A key error: the row is read in full first, as frictionless appends it to `row.errors`."""
        self.finish().append(error)
