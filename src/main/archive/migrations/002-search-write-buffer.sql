-- Search index: let FTS5 collect up to 16 MB of new terms in memory before writing them out (the
-- default is 1 MB). A bulk import then writes fewer, larger index segments and merges them less
-- often; queries read fewer segments. The setting is stored in the index's own config table.
INSERT INTO passage_text (passage_text, rank) VALUES ('hashsize', 16777216);
