"""One date and number style per language, everywhere (pages, exports, documents, e-mails).

Django's own English formats are American ("Sept. 7, 2026", "12/31/2025"); Clearway's English writes the day
first, as its French does and as the WCO's documents do: "7 September 2026", "31/12/2025".
"""
