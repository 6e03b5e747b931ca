-- Citation styles: each handout set names the CSL style its footnotes, excerpt headers and bibliography
-- follow (a built-in style id such as 'chicago-notes-bibliography', or the id of a style added from a
-- .csl file). Sets made before this kept printing APA, the only style there was: they stay on it.
ALTER TABLE handout_sets ADD COLUMN style TEXT NOT NULL DEFAULT 'apa';

-- Styles a user added from .csl files; the built-in ones ship in resources/csl.
CREATE TABLE citation_styles (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  class TEXT NOT NULL,
  created TEXT NOT NULL,
  xml TEXT NOT NULL
);
