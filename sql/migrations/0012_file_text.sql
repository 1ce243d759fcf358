-- The text of the CSV files and of report.json's per-affiliate members is formatted by
-- PostgreSQL (sql/queries/export.sql, `*_file` statements) and streamed with COPY, so the job
-- never decodes a row of them. Two rules the Swift renderers apply have to read alike here;
-- each SQL function is the twin of one Swift function, and `FileTextTests` runs both over the
-- hostile-input corpus and generated values and asserts the same text for every input class.
--
-- Both are one `select <expression>`, immutable and not STRICT, so that the planner inlines
-- them into the statement (a function call per cell costs ten times more; a STRICT function
-- is inlined only when its body is strict itself, which a CASE is not).

-- Exact plain decimal text with at least `min_fraction_digits` decimals: trailing zeros
-- beyond those dropped, never rounded, never scientific, "-" only for a value below zero.
-- Twin of `DecimalText.exact(_:minFractionDigits:)` (Sources/PayoutCore/Money/DecimalText.swift).
create function decimal_text(value numeric, min_fraction_digits integer)
returns text
language sql immutable parallel safe
as $$
    select round(value, greatest(min_scale(value), min_fraction_digits))::text
$$;

-- One CSV cell: a text a spreadsheet would run as a formula (first character = + - @ tab or
-- CR, unless the whole text is a plain number such as -3.50) gets a leading ', then the cell
-- is quoted when it holds , " CR or LF or starts or ends with a space or tab, with quotes
-- doubled. Twin of `CSV.field` (Sources/PayoutCore/Text/CSV.swift). A tab in first place is
-- always neutralised, so only a leading space can ask for quotes at the start.
create function csv_cell(value text)
returns text
language sql immutable parallel safe
as $$
    select case when strpos(value, ',') > 0 or strpos(value, '"') > 0
                  or strpos(value, E'\r') > 0 or strpos(value, E'\n') > 0
                  or left(value, 1) = ' ' or right(value, 1) in (' ', E'\t')
                then '"' || replace(case when left(value, 1) in ('=', '+', '@', E'\t', E'\r')
                                           or (left(value, 1) = '-' and value !~ '^-[0-9]+(\.[0-9]+)?$')
                                         then '''' || value else value end, '"', '""') || '"'
                else case when left(value, 1) in ('=', '+', '@', E'\t', E'\r')
                            or (left(value, 1) = '-' and value !~ '^-[0-9]+(\.[0-9]+)?$')
                          then '''' || value else value end
           end
$$;
