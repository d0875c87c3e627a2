"""The one catalogue of the pages' own words, in both languages: templates ask `t(key)`, the
scripts get the keys they need in their JSON data block (`script_strings`). The graph's own labels
come from the graph (English where it has them); units and kinds of entity are named here.

A Python table rather than gettext .po files: two languages, keys that templates and scripts share,
and no compile step; tests check that every key has both languages and every key used exists."""

LANGUAGES = ["zh", "en"]

UI = {
    # ---- site chrome, home
    "site": ("planlink 规划对照", "planlink"),
    "tagline": ("“十四五”城乡社区服务体系规划的关联数据：国家规划与上海、江苏的落实，逐条对照，句句有出处。",
                "China's 14th Five-Year community-service plans as linked data: the national plan and how "
                "Shanghai and Jiangsu implement it, item by item, every fact with its source."),
    "home": ("首页", "Home"), "plans": ("规划", "Plans"), "compare": ("指标对比", "Comparisons"),
    "matrix": ("落实矩阵", "Implementation matrix"), "sparql": ("SPARQL 查询", "SPARQL"),
    "docs": ("API 文档", "API docs"), "search": ("搜索", "Search"), "search_placeholder": ("搜索规划内容…", "Search the plans…"),
    "language": ("语言", "Language"), "skip": ("跳到正文", "Skip to content"), "ontology": ("本体", "Ontology"),
    "start_here": ("从这里开始", "Where to start"),
    "holds": ("planlink 收录了什么", "What planlink holds"),
    "home_compare": ("各规划的基期值和目标值与国家规划数据并列，表格和图表。",
                     "Every plan's baseline and target, side by side with the national figures, as a table and a chart."),
    "home_matrix": ("各省落实了国家规划的哪些条目，缺口在哪里。",
                    "Which national sections each province implements, and where the gaps are."),
    "home_sparql": ("查询工作台，附 {n} 个示例：更严的目标、缺口、期限、牵头部门。",
                    "A query workbench with {n} worked examples: stricter targets, gaps, deadlines, who leads what."),
    "home_search": ("用中文或英文全文搜索所有标题、正文、名称和定义。",
                    "Full-text search over every title, text, label and definition, in Chinese or English."),
    "search_example": ("社区工作者", "community workers"),
    "sections": ("章节条目", "Sections"), "indicators": ("指标", "Indicators"), "commitments": ("量化承诺", "Commitments"),
    "home_links": ("每个省级章节、任务和指标都链接到它所落实的国家规划条款，并附上依据的原句；每条数据都带有原文引文和字符位置。",
                   "Every provincial section, task and indicator is linked to the national provision it implements, "
                   "with the sentence that justifies the link; every fact carries the quote and character offsets "
                   "of the text it came from."),
    "for_programs": ("数据接口", "For programs"), "json_resources": ("JSON 资源", "JSON resources"),
    "sparql_endpoint": ("SPARQL 1.1 端点（只读）", "SPARQL 1.1 endpoint (read-only)"),
    "iris_resolve": ("每个实体 IRI 都可在本站解析，为网页或 RDF（Turtle、JSON-LD、N-Triples、RDF/XML）。",
                     "Every entity IRI resolves here, as a page or as RDF (Turtle, JSON-LD, N-Triples, RDF/XML)."),
    "catalog_turtle": ("本目录（Turtle）", "This catalog as Turtle"),
    "downloads": ("下载", "Downloads"), "chart": ("图表", "Chart"), "table": ("表格", "Table"),
    # the CSV meant for a spreadsheet (with the byte-order mark Excel needs to read UTF-8; api/tables.py)
    "csv_spreadsheet": ("CSV（Excel 表格用）", "CSV (for Excel)"),
    "list_sep": ("、", ", "),
    # ---- entity pages
    "plan": ("规划", "Plan"), "indicator": ("指标", "Indicator"), "baseline": ("基期值", "Baseline"),
    "target": ("目标值", "Target"), "national": ("国家规划", "National plan"),
    "outcome": ("比较结果", "Outcome"), "unit": ("单位", "Unit"), "measure": ("指标口径", "Measure"),
    "title": ("标题", "Title"), "doc_number": ("文号", "Document number"), "issued_by": ("发文机关", "Issued by"),
    "date": ("日期", "Date"), "level": ("层级", "Level"), "based_on": ("依据", "Based on"),
    "description": ("描述", "description"), "section": ("章节", "Section"), "number": ("序号", "Number"),
    "attribute": ("属性", "Attribute"), "baseline_target": ("基期 → 目标", "Baseline → target"),
    "plan_indicators": ("主要指标：国家规划对应条款与其他省的目标", "Indicator targets, with the national counterpart and the other provinces' targets"),
    "national_counterpart": ("国家规划对应", "National counterpart"), "other_provinces": ("其他省", "Other provinces"),
    "outline": ("目录", "Outline"), "projects": ("专栏", "Project boxes"), "box_number": ("专栏{n}", "Box {n}:"),
    "compare_across": ("对比各规划", "Compare across plans"),
    "national_counterparts": ("国家规划对应条款", "National counterparts"), "score": ("得分", "score"),
    "national_figure": ("国家规划数据", "National figure"), "no_counterpart": ("国家规划中没有对应条款。", "The national plan has no counterpart."),
    "national_figures_compared": ("与国家规划数据的比较", "National figures compared"), "in_section": ("见", "in"),
    "peers": ("其他省级规划", "Peers in other provincial plans"), "compared_with_it": ("本指标与之比较", "This target compared with it"),
    "no_peers": ("没有其他省级规划为该指标口径设定目标。", "No other provincial plan sets a target for this measure."),
    "no_comparison": ("图谱中没有比较", "no comparison in the graph"),
    "source_quote": ("原文", "Source quote"), "from": ("出自", "From"),
    "characters_of_text": ("，原文第 {start}–{end} 个字符。", ", characters {start}–{end} of the verbatim text."),
    "read_in_source": ("在原文中查看", "Read it in the source text"),
    "labels": ("名称", "Labels"), "other_wordings": ("别称", "Other wordings"), "definition": ("定义", "Definition"),
    "close_measures": ("相近口径", "Close measures"), "related_measures": ("相关口径", "Related measures"),
    "measure_targets": ("采用该口径的指标", "Targets of this measure"), "compare_in_chart": ("对比图表", "Compare them in a chart"),
    "part_of": ("上级", "Part of"), "parts": ("下级", "Parts"), "indicators_here": ("本节列出的指标", "Indicator targets printed here"),
    "linked_here": ("链接到此处的省级条目", "Provincial entities linked here"), "entity": ("条目", "Entity"),
    "relation": ("关系", "Relation"), "none_linked": ("没有省级条目链接到此处。", "No provincial entity is linked to this one."),
    "linked_first": ("以上为匹配度最高的前 {n} 个，共 {total} 个；全部：", "The first {n} of {total}, best first; all of them:"),
    "relation_exact": ("完全对应", "exact"), "relation_close": ("相近", "close"), "relation_broader": ("上位", "broader"),
    "relation_narrower": ("下位", "narrower"), "relation_related": ("相关", "related"),
    "indicator_number": ("指标{n}", "Indicator {n}:"), "item_number": ("专栏{p}.{n}", "Box {p}.{n}:"),
    "read_whole_text": ("阅读全文，并查看图谱取自其中的内容", "read the whole text, with what the graph took from it"),
    "full_description": ("完整描述", "Full description"), "full_description_note": ("图谱中关于它的每一条陈述", "every statement of the graph"),
    "terms": ("术语", "Terms"), "terms_note": ("本体定义的术语，各附中英文名称", "the terms it defines, each with both labels"),
    "term": ("术语", "Term"), "chinese": ("中文", "Chinese"), "english": ("英文", "English"), "kind": ("类别", "Kind"),
    "term_kind_class": ("类", "class"), "term_kind_property": ("属性", "property"),
    "term_kind_code list": ("代码表", "code list"), "term_kind_code": ("代码", "code"),
    "referenced_by": ("引用它的条目", "Referenced by"), "other_formats": ("其他格式", "Other formats"),
    "every_profile": ("全部配置和格式", "every profile and format"),
    "alternates_title": ("其他表示形式", "Alternate representations"),
    "alternates_intro": ("以下资源的全部配置（profile）和媒体类型：", "Every profile and media type of"),
    "alternates_how": ("可用以下方式选择：", "Ask for one with"), "alternates_default": ("默认：", "Default:"),
    "profile": ("配置", "Profile"), "token": ("标记", "Token"), "media_types": ("媒体类型", "Media types"),
    # ---- comparisons
    "all_measures": ("全部指标口径", "All measures"),
    "compare_title": ("各规划指标对比", "Targets compared across plans"),
    "compare_intro": ("每个指标口径下，各规划的基期值与目标值并列，旁边是国家规划的相应数据或条款；比较结果（更严、相同、更宽、不可比）及其理由来自图谱。",
                      "For each measure, every plan's baseline and target side by side with the national figure "
                      "or provision; the outcome of each comparison (stricter, equal, looser, not comparable) "
                      "and its reason come from the graph."),
    "chart_note": ("每个规划：基期 → 目标；菱形为国家规划数据", "baseline → target per plan; national figures as diamonds"),
    "chart_caption": ("各规划基期值与目标值，数据同下表。", "Baselines and targets per plan; the same data as the tables below."),
    "compared_across_plans": ("跨规划可比", "compared across plans"),
    "provision_no_figure": ("条款，无数据", "provision, no figure"), "vs_national": ("与国家规划", "vs national"),
    "vs": ("与", "vs"), "no_other_plan": ("没有其他规划设定该指标", "no other plan sets this measure"),
    # the chart (compare.js)
    "chart_year": ("年份", "year"), "chart_value": ("数值", "value"), "chart_plan": ("规划", "plan"),
    "chart_point": ("数据点", "point"), "chart_compared": ("与另一规划比较", "compared with the other plan"),
    "chart_measure": ("指标口径", "measure"), "chart_text": ("原文数值", "as printed"),
    "stage_baseline": ("基期值", "baseline"), "stage_target": ("目标值", "target"),
    "stage_national figure": ("国家规划数据", "national figure"),
    "outcome_stricter": ("更严", "stricter"), "outcome_equal": ("相同", "equal"), "outcome_looser": ("更宽", "looser"),
    "outcome_not_comparable": ("不可比", "not comparable"), "outcome_none": ("—", "—"),
    "chart_download": ("下载图表（SVG、PNG）", "Download the chart (SVG, PNG)"), "chart_empty": ("没有可画的数据。", "Nothing to draw."),
    "chart_save_svg": ("保存为 SVG", "Save as SVG"), "chart_save_png": ("保存为 PNG", "Save as PNG"),
    # ---- matrix, source, search
    "matrix_title": ("国家规划条目 × 省级落实", "National sections × provinces"),
    "matrix_intro": ("每一行是国家规划的一个章节或条目，每一列是一个省级规划：格中数字是落实该条目的省级条目数，链接到最相关的一条；空格是缺口。",
                     "Each row is a section of the national plan, each column a provincial plan: a cell counts "
                     "the provincial items that implement the section and links to the best one; an empty cell "
                     "is a gap."),
    "implemented": ("已落实", "implemented"), "gap": ("缺口", "gap"),
    "source_title": ("原文", "Source text"),
    "source_intro": ("规划原文，逐字照录。带下划线的文字是图谱从中取出的指标、承诺、专栏条目和名词；§ 标出章节的起点。",
                     "The plan's text, verbatim. Underlined passages are what the graph took from it "
                     "(indicators, commitments, project-box items, terms); § marks where each section starts."),
    "source_legend": ("下划线：指标、承诺、专栏条目、名词（均可点击）；§：章节起点。",
                      "Underlined: indicators, commitments, project-box items, terms (each a link); § a section's start."),
    "n_characters": ("{n} 个字符", "{n} characters"), "characters_range": ("第 {start}–{end} 个字符", "characters {start}–{end}"),
    "taken": ("图谱取自本文", "What the graph took from this text"),
    "quoted_span": ("引文位置", "The quoted span"),
    "no_text": ("原文文件不在本服务器上，或与构建图谱时的文件不一致。", "The source file is not on this server, or is not the file the graph was built from."),
    "results_for": ("搜索结果", "Results for"), "no_results": ("没有找到。", "Nothing found."),
    "searched_also": ("也搜索了规划中文原文里的对应词：", "Also searched the plans' Chinese for"),
    "translation_of": ("（“{en}”）", " (“{en}”)"),
    "phrase_by_words": ("没有内容包含整个短语；以下结果包含全部这些词：", "No text contains the whole phrase; these contain all of:"),
    # ---- the workbench
    "examples": ("示例查询", "Example queries"), "run": ("运行", "Run"), "share": ("分享链接", "Share link"),
    "results": ("结果", "Results"), "query": ("查询", "Query"), "workbench_intro": (
        "只读 SPARQL 1.1 端点。常用前缀已预先声明（pl:、dcterms:、skos: 等），可直接使用；按 Ctrl+Space 补全前缀、图谱中的类与属性，以及按名称补全实体；Ctrl+Enter 运行。",
        "A read-only SPARQL 1.1 endpoint. The common prefixes are predeclared (pl:, dcterms:, skos: …) and "
        "can be used without PREFIX lines; Ctrl+Space completes prefixes, the graph's classes and "
        "properties, and entities by their name; Ctrl+Enter runs the query."),
    "predeclared": ("预先声明的前缀", "Predeclared prefixes"), "prefix": ("前缀", "prefix"),
    "history": ("最近的查询", "Recent queries"), "history_empty": ("还没有运行过查询。", "No query run yet."),
    "snippets": ("代码", "Code"), "snippets_intro": ("在程序中运行这个查询：", "Run this query from a program:"),
    "copy": ("复制", "Copy"), "copied": ("已复制", "Copied"),
    "wb_running": ("正在运行…", "Running…"), "wb_rows": ("{n} 行（{s} 秒）", "{n} rows ({s} s)"),
    "wb_answer": ("结果：{a}（{s} 秒）", "Answer: {a} ({s} s)"),
    "wb_unreachable": ("无法连接服务器：", "The server could not be reached: "),
    "wb_share": ("分享链接：", "Share link: "),
    "wb_share_long": ("查询较长（超过 {n} 字节），分享链接可能被某些服务器拒绝；请用代码片段或下载。",
                      "The query is long (over {n} bytes): some servers refuse a link that long; use a code snippet or a download."),
    "wb_undeclared": ("前缀“{name}:”没有声明（{where}）。请加上 PREFIX {name}: <…>，或使用预先声明的前缀：{list}。",
                      "The prefix \"{name}:\" is not declared ({where}). Add PREFIX {name}: <…> to the query, or use one of the predeclared prefixes: {list}."),
    "wb_where": ("第 {line} 行第 {column} 列", "line {line}, column {column}"),
    "wb_cannot_go_on": ("查询在{where}无法继续：{found}{expected}。", "The query cannot go on at {where}: {found}{expected}."),
    "wb_found": ("这里是 {c}", "found {c}"), "wb_query_ends": ("查询在此结束", "the query ends here"),
    "wb_line_end": ("行尾", "the end of the line"),
    "wb_expected": ("，此处应为：{list}", ", where one of these was expected: {list}"),
    "wb_starts_with": ("", " (a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE)"),
    "wb_parser_said": ("解析器原文：", "The parser said: "),
    "wb_chart_needs": ("图表需要一个数值列（如 COUNT 或 obsValue）和一个标签列。",
                       "A chart needs a numeric column (a COUNT, an obsValue…) and a column to label it."),
    "wb_chart_caption": ("条形图：?{num} 按 ?{label}（数据同表格）", "Bar chart of ?{num} by ?{label} (the table's data)"),
    "wb_page_summary": ("第 {from}–{to} 行，共 {n} 行", "Rows {from}–{to} of {n}"),
    "wb_pages": ("结果分页", "Pages of results"), "wb_first": ("第一页", "First page"), "wb_last": ("最后一页", "Last page"),
    "wb_previous": ("上一页", "Previous"), "wb_next": ("下一页", "Next"),
    "wb_sort": ("按此列排序", "Sort by this column"), "wb_ctrl_space": ("按 Ctrl+空格 补全", "Press Ctrl+Space to complete"),
    "series": ("时间序列：现状 → 基期 → 目标", "Series: status → baseline → target"),
    "series_intro": ("各规划回顾上一时期时报告的已达到水平（现状值），以及指标表的基期值和目标值，按年份排列。",
                     "The levels each plan reports as reached in its review of the past period (status), then "
                     "its table's baseline and target, in time order."),
    "series_status": ("现状值", "Status reported"), "series_baseline": ("基期值", "Baseline"),
    "series_target": ("目标值", "Target"), "series_kind": ("类型", "Kind"), "year": ("年份", "Year"),
    "as_printed": ("原文数值", "As printed"), "counts": ("所计之物", "What it counts"),
    # ---- errors
    "error_title": ("出错了", "Something went wrong"),
    "error_400": ("请求有误：下面是服务器的说明。", "The request could not be understood: the server says why below."),
    "error_403": ("这个请求不被允许。", "This request is not allowed."),
    "error_404": ("这个地址没有内容：可能拼错了，或这一条已不在图谱中。", "There is nothing at this address: it may be mistyped, or no longer in the graph."),
    "error_406": ("没有可接受的格式。", "None of the formats asked for can be given."),
    "error_408": ("请求没有及时收到。", "The request did not arrive in time."),
    "error_414": ("地址太长。", "The address is too long."),
    "error_429": ("请求太多：请稍后再试。", "Too many requests: please try again shortly."),
    "error_500": ("服务器内部出错。", "The server failed to answer."),
    "error_503": ("服务暂时不可用：请稍后再试。", "The service is not available just now: please try again shortly."),
    "error_504": ("查询超时。", "The query took too long."),
    "error_other": ("请求没有完成。", "The request could not be completed."),
    "error_detail": ("服务器的说明（英文）", "The server's words"),
    "error_back": ("回到首页，或搜索你要找的内容。", "Go back to the home page, or search for what you were looking for."),
    "the_plan": ("该规划", "The plan"),
}
UI = {key: dict(zip(LANGUAGES, texts)) for key, texts in UI.items()}

# The keys each script needs (sent in its JSON data block, in the page's language).
SCRIPT_KEYS = {
    "chart": [k for k in UI if k.startswith(("chart_", "stage_", "outcome_"))],
    "workbench": [k for k in UI if k.startswith(("wb_", "chart_download", "chart_save", "copy"))] + ["copied", "results"],
}

KINDS = {  # the graph's classes, as a reader names them
    "Plan": {"zh": "规划", "en": "Plans"}, "Chapter": {"zh": "章", "en": "Chapters"},
    "Section": {"zh": "节", "en": "Sections"}, "Task": {"zh": "条", "en": "Numbered tasks"},
    "IndicatorTarget": {"zh": "指标", "en": "Indicator targets"}, "Measure": {"zh": "指标口径", "en": "Measures"},
    "Project": {"zh": "专栏", "en": "Project boxes"}, "ProjectItem": {"zh": "专栏条目", "en": "Project-box items"},
    "Commitment": {"zh": "量化承诺", "en": "Commitments"}, "GlossaryTerm": {"zh": "名词解释", "en": "Glossary terms"},
    "NationalFigure": {"zh": "国家规划数据", "en": "National figures"}, "Department": {"zh": "部门", "en": "Departments"},
    "StatusFigure": {"zh": "现状数值", "en": "Status figures"},
    "Region": {"zh": "地区", "en": "Regions"}, "Figure": {"zh": "图", "en": "Figures"},
}

UNITS = {  # the units the plans print, in English (a unit not here is shown as printed, marked Chinese)
    "%": "%", "人": "persons", "名": "persons", "个": "count", "平方米": "m²", "小时": "hours", "次": "times",
    "张": "beds", "课时": "class hours", "万人": "× 10,000 persons", "万个": "× 10,000", "万台": "× 10,000 units",
    "万家": "× 10,000 organisations",
}


def text(key: str, lang: str, **values) -> str:
    """The catalogue's words for `key` in `lang`, with {placeholders} filled; the key itself if unknown."""
    texts = UI.get(key)
    if texts is None:
        return key
    return texts[lang].format(**values) if values else texts[lang]


def script_strings(which: str, lang: str) -> dict[str, str]:
    return {key: UI[key][lang] for key in SCRIPT_KEYS[which]}
