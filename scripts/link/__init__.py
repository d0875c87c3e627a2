"""National counterparts, peers and comparisons: provincial plan entities → national sections.

The core is pure (extractions in, dicts out): `linkage(extractions)` ranks, for every provincial
chapter, section, task, indicator, 专栏 and 专栏 item, the national chapters and sections by
Chinese text similarity (scripts/similarity.py), keeps the national sentence that best
supports each link, then applies the reviewed crosswalk graph_data/links/curated.csv.
An indicator's name is short, so it is matched by what it measures (no denominator) and also
linked through its own plan: the passages that restate it (…志愿服务站点覆盖率达到100%) and
those passages' national counterparts, pooled with other plans' targets on the same measure.
`counterparts`, `gaps` and `link_graph` (the RDF for the build) are views of it.

Rooms: entities.py (what is linkable), linker.py (scores, LinkParameters), implementation.py
(restatements and sibling matching: which links implement a national section), curated.py (the
reviewed crosswalk), review.py (the one writer of a reviewer's decisions), comparisons.py (national
figures, compare), linkage.py (the whole, records), gaps.py (the gap report), rdf.py (triples),
sssom.py (the SSSOM mapping set), stage.py (the build's linking stage and its cache).
"""

from planlink.scripts.link.comparisons import compare
from planlink.scripts.link.curated import CURATED_CSV, load_curated
from planlink.scripts.link.entities import Linkable, linkables, measured
from planlink.scripts.link.linkage import Linkage, counterparts, gaps, linkage, records
from planlink.scripts.link.linker import DEFAULTS, Linker, LinkParameters
from planlink.scripts.link.rdf import link_graph
from planlink.scripts.vocab import PL

__all__ = ["CURATED_CSV", "DEFAULTS", "PL", "LinkParameters", "Linkable", "Linkage", "Linker", "compare",
           "counterparts", "gaps", "link_graph", "linkables", "linkage", "load_curated",
           "measured", "records"]
