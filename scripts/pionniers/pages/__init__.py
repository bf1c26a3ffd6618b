"""What readers see, as pure functions of a valid corpus: the Markdown pages from the Jinja2 templates of
`pionniers/templates/` (`render`), a figure's French wording (`wording`), the drawings (`visual`: map, timeline,
alliance diagram, measures), the citation formats (`cite`), the open-data files (`export`), the link-preview images
(`preview_image`) and the contributor guide's page (`guide`).

May import: `pionniers.common`, `pionniers.model`.
"""
