"""Tools for contributors and maintainers: a case from the web form's issue (`from_issue`, `issue_form`,
`figure_line`, `dump`), a new case's skeleton (`scaffold`), what a change does to the published cases (`diff`,
`revision`) and the figures that are getting old (`stale`).

May import: `pionniers.common`, `pionniers.model`, `pionniers.pages` (never `pionniers.site`).
"""
