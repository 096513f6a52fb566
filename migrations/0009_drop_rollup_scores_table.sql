-- rollup_scores (answers per locale and channel) was written on every rollup step and read by no
-- page: rollup_days holds what the pages read. Dropped with its index.
DROP INDEX IF EXISTS rollup_scores_by_parent;
DROP TABLE IF EXISTS rollup_scores;
