"""File and document builders of the planning app: `plans` (Word plan, Excel KPI workbook, JSON plan),
`policy` (Word basic policy); `word` holds the python-docx helpers both share."""
