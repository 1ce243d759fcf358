-- Homes for rules that the statements decide set-wise.

-- The needs-attention rule: a held affiliate needs a person unless every reason resolves
-- itself. Only `below_threshold` does (the balance carries over to a later month). Paid
-- affiliates have no reasons and never need attention. `finish_run` counts with it and
-- `run_summary` splits held from carried forward with it; PayoutCore's
-- `HoldReason.needsAttention` is the same rule for report.json, and a test runs both over
-- every reason and every pair of reasons.
create function needs_attention(reasons text[])
returns boolean
language sql immutable
as $$
    select cardinality(reasons) > 0 and not (reasons <@ array['below_threshold']::text[])
$$;
