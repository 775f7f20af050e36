-- Similar figures (issue 18): the figure form, the import preview and
-- whole-document entry ask, for every figure about to be entered, whether
-- the tracker already holds one with the same source and value, or with
-- an organisation in common, the same value and the same period
-- (store.SimilarFigures). Each question is answered through an index.
--
-- By source: the source's figures with the value. This index serves every
-- lookup of a source's figures that figures_source served, as its prefix.
DROP INDEX figures_source;
CREATE INDEX figures_source_value ON figures (source_id, value);
-- By organisation: the figures with the value and the end day (as_of, the
-- period's last day), then figure_orgs by its key for the organisation.
CREATE INDEX figures_value_as_of ON figures (value, as_of);
