"""The case model and its checks: what a case, a source record and a learning path are (`schema`, the one source of
truth; `parcours`), how a file is read with the position of every value (`load`), checked field by field
(`validate`, `sources`, the story's Markdown subset in `prose`) and as a corpus (`corpus`: slugs, links, sources;
`featured`: the cases the home page puts forward), and which addresses and places the site will have
(`addresses`, `places`).

May import: `pionniers.common`.
"""
