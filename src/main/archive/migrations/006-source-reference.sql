-- Reference data of a source beyond Parallax's own metadata: the CSL-JSON fields a reference manager
-- keeps (DOI, ISBN, container title, volume, issue, pages, place, edition, the exact CSL type, other
-- creator roles …), so that a Zotero, BibTeX or RIS item imported here cites and exports in full.
ALTER TABLE sources ADD COLUMN csl TEXT NOT NULL DEFAULT '{}';
