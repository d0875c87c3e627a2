"""The words of the pages in both languages (the graph's own labels come from the graph)."""

LANGUAGES = ["zh", "en"]

UI = {
    "site": ("planlink 规划对照", "planlink"),
    "tagline": ("“十四五”城乡社区服务体系规划的关联数据：国家规划与上海、江苏的落实，逐条对照，句句有出处。",
                "China's 14th Five-Year community-service plans as linked data: the national plan and how "
                "Shanghai and Jiangsu implement it, item by item, every fact with its source."),
    "home": ("首页", "Home"), "plans": ("规划", "Plans"), "compare": ("指标对比", "Comparisons"),
    "matrix": ("落实矩阵", "Implementation matrix"), "sparql": ("SPARQL 查询", "SPARQL"),
    "docs": ("API 文档", "API docs"), "search": ("搜索", "Search"), "search_placeholder": ("搜索规划内容…", "Search the plans…"),
    "language": ("语言", "Language"), "skip": ("跳到正文", "Skip to content"),
    "start_here": ("从这里开始", "Where to start"),
    "holds": ("planlink 收录了什么", "What planlink holds"),
    "downloads": ("下载", "Downloads"),
    "chart": ("图表", "Chart"), "table": ("表格", "Table"),
    "plan": ("规划", "Plan"), "indicator": ("指标", "Indicator"), "baseline": ("基期值", "Baseline"),
    "target": ("目标值", "Target"), "national": ("国家规划", "National plan"),
    "outcome": ("比较结果", "Outcome"), "unit": ("单位", "Unit"), "measure": ("指标口径", "Measure"),
    "all_measures": ("全部指标口径", "All measures"),
    "compare_title": ("各规划指标对比", "Targets compared across plans"),
    "compare_intro": ("每个指标口径下，各规划的基期值与目标值并列，旁边是国家规划的相应数据或条款；比较结果（更严、相同、更宽、不可比）及其理由来自图谱。",
                      "For each measure, every plan's baseline and target side by side with the national figure "
                      "or provision; the outcome of each comparison (stricter, equal, looser, not comparable) "
                      "and its reason come from the graph."),
    "matrix_title": ("国家规划条目 × 省级落实", "National sections × provinces"),
    "matrix_intro": ("每一行是国家规划的一个章节或条目，每一列是一个省级规划：格中数字是落实该条目的省级条目数，链接到最相关的一条；空格是缺口。",
                     "Each row is a section of the national plan, each column a provincial plan: a cell counts "
                     "the provincial items that implement the section and links to the best one; an empty cell "
                     "is a gap."),
    "implemented": ("已落实", "implemented"), "gap": ("缺口", "gap"),
    "source_title": ("原文", "Source text"),
    "source_intro": ("规划原文，逐字照录。带下划线的文字是图谱从中取出的指标、承诺、专栏条目和名词；§ 标出章节的起点。",
                     "The plan's text, verbatim. Underlined passages are what the graph took from it "
                     "(indicators, commitments, 专栏 items, terms); § marks where each section starts."),
    "taken": ("图谱取自本文", "What the graph took from this text"),
    "quoted_span": ("引文位置", "The quoted span"),
    "no_text": ("原文文件不在本服务器上，或与构建图谱时的文件不一致。", "The source file is not on this server, or is not the file the graph was built from."),
    "results_for": ("搜索结果", "Results for"), "no_results": ("没有找到。", "Nothing found."),
    "examples": ("示例查询", "Example queries"), "run": ("运行", "Run"), "share": ("分享链接", "Share link"),
    "results": ("结果", "Results"), "workbench_intro": (
        "只读 SPARQL 1.1 端点。常用前缀已预先声明（pl:、dcterms:、skos: 等），可直接使用；按 Ctrl+Space 补全前缀和图谱中的类与属性；Ctrl+Enter 运行。",
        "A read-only SPARQL 1.1 endpoint. The common prefixes are predeclared (pl:, dcterms:, skos: …) and "
        "can be used without PREFIX lines; Ctrl+Space completes prefixes and the graph's classes and "
        "properties; Ctrl+Enter runs the query."),
    "predeclared": ("预先声明的前缀", "Predeclared prefixes"),
    "series": ("时间序列：现状 → 基期 → 目标", "Series: status → baseline → target"),
    "series_intro": ("各规划回顾上一时期时报告的已达到水平（现状值），以及指标表的基期值和目标值，按年份排列。",
                     "The levels each plan reports as reached in its review of the past period (status), then "
                     "its table's baseline and target, in time order."),
    "series_status": ("现状值", "Status reported"), "series_baseline": ("基期值", "Baseline"),
    "series_target": ("目标值", "Target"), "series_kind": ("类型", "Kind"), "year": ("年份", "Year"),
    "as_printed": ("原文数值", "As printed"), "counts": ("所计之物", "What it counts"),
    "error_title": ("出错了", "Something went wrong"),
    "error_back": ("回到首页，或搜索你要找的内容。", "Go back to the home page, or search for what you were looking for."),
}
UI = {key: dict(zip(LANGUAGES, texts)) for key, texts in UI.items()}

KINDS = {  # the graph's classes, as a reader names them
    "Plan": {"zh": "规划", "en": "Plans"}, "Chapter": {"zh": "章", "en": "Chapters"},
    "Section": {"zh": "节", "en": "Sections"}, "Task": {"zh": "条", "en": "Numbered tasks"},
    "IndicatorTarget": {"zh": "指标", "en": "Indicator targets"}, "Measure": {"zh": "指标口径", "en": "Measures"},
    "Project": {"zh": "专栏", "en": "专栏 projects"}, "ProjectItem": {"zh": "专栏条目", "en": "专栏 items"},
    "Commitment": {"zh": "量化承诺", "en": "Commitments"}, "GlossaryTerm": {"zh": "名词解释", "en": "Glossary terms"},
    "NationalFigure": {"zh": "国家规划数据", "en": "National figures"}, "Department": {"zh": "部门", "en": "Departments"},
    "StatusFigure": {"zh": "现状数值", "en": "Status figures"},
    "Region": {"zh": "地区", "en": "Regions"}, "Figure": {"zh": "图", "en": "Figures"},
}
