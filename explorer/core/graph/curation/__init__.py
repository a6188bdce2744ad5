"""The user's concept edits (hide, unhide, merge, rename, add; undo and redo): kept as user
data in vocabulary/edits.json, applied on top of the built graph, imported from and exported
to VOSviewer's thesaurus and CiteSpace's aliases. Used through explorer.core.graph."""
