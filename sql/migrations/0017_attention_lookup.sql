-- New attention (0007) looks up an affiliate's entry in its previous committed run. The index
-- it used, run_affiliates (affiliate_id, run_id), took one entry per affiliate of every run
-- (191,240 at 1M commissions, written inside the run's transaction, and in the middle of the
-- index from the second month on) for a question asked only about the holds that need a
-- person (about 3,000). An index of those holds alone answers it, with the runs' primary key
-- for the rest. Same rule, same answers (AttentionTests walks its cases over several runs).
drop index run_affiliates_affiliate_idx;

-- The holds that need attention, by affiliate: the only entries whose reasons can equal those
-- of a hold that needs attention. `needs_attention` is immutable and inlined, here and in the
-- lookup below, so the planner matches the lookup to this predicate. PostgreSQL does not
-- rebuild an index when a function in its predicate is replaced: a migration that changes
-- needs_attention must drop and create this index again in the same migration.
create index run_affiliates_attention_idx on run_affiliates (affiliate_id, run_id)
    where needs_attention(reasons);

-- New attention: the hold needs attention and its reasons differ from the affiliate's entry in
-- its latest earlier run. That entry either is itself a hold needing attention (then it is the
-- latest one in the index above, and no run between it and as_of has an entry for the
-- affiliate), or it is not, and then its reasons differ from any that need attention. So:
-- no earlier hold needing attention, new; an entry in a run after the latest one, new (one
-- primary-key probe per run in between, usually none: the same hold last month); otherwise
-- new exactly when the reasons changed.
create or replace function needs_new_attention(affiliate_id bigint, reasons text[], as_of timestamptz)
returns boolean
language sql stable
as $$
    select needs_attention(needs_new_attention.reasons) and coalesce((
        select p.reasons is distinct from needs_new_attention.reasons
               or exists (select 1
                          from payout_runs later
                          join run_affiliates x on x.run_id = later.id
                                               and x.affiliate_id = needs_new_attention.affiliate_id
                          where later.as_of > p.as_of and later.as_of < needs_new_attention.as_of)
        from (select ra.reasons, r.as_of
              from run_affiliates ra join payout_runs r on r.id = ra.run_id
              where ra.affiliate_id = needs_new_attention.affiliate_id and needs_attention(ra.reasons)
                and r.as_of < needs_new_attention.as_of
              order by r.as_of desc
              limit 1) p
    ), true)
$$;
