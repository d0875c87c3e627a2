"""SDMX for the indicator tables: the structures and the observations other statistical systems pull.

structures.py  the graph → sdmx1 model objects (agency, concept schemes, codelists, DSD, dataflow)
data.py        every baseline and target as an observation; key and period selection
queries.py     SDMX 2.1 REST queries (which structures, `references`, flowRef, key, periods) and errors
formats.py     SDMX media types and the choice among them by Accept
messages.py    SDMX-ML 2.1 and SDMX-CSV, written by sdmx1
sdmxjson.py    SDMX-JSON (structure 2.0.0, data 1.0.0), which no library writes as needed

Why sdmx1 (PyPI `sdmx1`, khaeru/sdmx) rather than pysdmx for writing: its information model keeps
names in several languages (the codes are named in Chinese and English), and it writes SDMX-ML 2.1
structure and data messages and SDMX-CSV. pysdmx keeps one name per item and writes it as English;
it is the second, independent client the tests read everything back with (it validates SDMX-ML
against the SDMX 2.1 schemas and SDMX-JSON against its JSON schema).
"""
