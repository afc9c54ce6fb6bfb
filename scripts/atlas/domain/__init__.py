"""The atlas' domain ideas, each in one place: the federal fiscal year, what "in force" means for an agreement
or a detainer policy, and the words for every enum value (read from the Table Schemas). Pure: no I/O.

Everything else (validation, pages, charts, exports, importers) calls these rather than working them out again.
Labels are for the edges (templates, downloads); predicates work on raw values.
"""
