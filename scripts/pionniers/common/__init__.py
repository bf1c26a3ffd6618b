"""Shared helpers that every stage uses and that know nothing of cases: the characters a text may hold (`chars`),
a problem told to a contributor and how a list of them is printed (`problems`), the project's folders (`paths`),
« vouliez-vous dire » suggestions (`near`), French numbers, units and dates (`french`), one escaping function per
output context (`escape`), the controlled vocabularies (`vocab`), the slug function (`slug`), the atomic writing of a
file (`files`) and a store of derived files kept by the hash of their inputs (`cache`).

May import: nothing else of pionniers (only the standard library and third-party libraries).
"""
