"""Hand-built exposure results shaped as graph.exposure.engine returns them, for the report tests.

The customers are fictional; the vendors, orders, amounts, dates and source URLs are the real ones
in shared/reference/facts.md. Scores follow graph.exposure.scoring's formulas so the numbers hang together.
"""

from __future__ import annotations

from graph.exposure.weights import ORDER_DIMENSIONS, band
from graph.model import Event
from graph.results import (
    Action,
    AffectedProcess,
    DimensionScore,
    Evidence,
    ExposureResult,
    PathNode,
    PortfolioRow,
    Scenario,
    SourceRef,
)

ICO_MPN = SourceRef(
    id="source:s1-ico-mpn-2022",
    title="ICO fines facial recognition database company Clearview AI Inc more than £7.5m "
    "and orders UK data to be deleted",
    url="https://ico.org.uk/about-the-ico/news-and-events/news-and-blogs/2022/05/"
    "ico-fines-facial-recognition-database-company-clearview-ai-inc/",
    publisher="Information Commissioner's Office",
    date="2022-05-23",
)
LAW_GAZETTE = SourceRef(
    id="source:s2-law-gazette",
    title="ICO fines facial recognition company",
    url="https://www.lawgazette.co.uk/legal-updates/ico-fines-facial-recognition-company/5112911.article",
    publisher="Law Society Gazette",
    date="2022-05-23",
)
FTT = SourceRef(
    id="source:s3-hogan-lovells-ftt",
    title="Clearview AI Inc successfully appeals £7.5 million fine from the ICO, "
    "but the ICO is fighting back",
    url="https://www.technologylawdispatch.com/2023/11/privacy-data-protection/"
    "clearview-ai-inc-successfully-appeals-7-5-million-fine-from-the-ico-but-the-ico-is-fighting-back/",
    publisher="Hogan Lovells, Technology Law Dispatch",
    date="2023-11",
)
GARANTE = SourceRef(
    id="source:s11-garante",
    title="Ordinanza ingiunzione nei confronti di Clearview AI - 10 febbraio 2022",
    url="https://www.gpdp.it/garante/doc.jsp?ID=9751362",
    publisher="Garante per la protezione dei dati personali",
    date="2022-02-10",
)
IMY = SourceRef(
    id="source:s22-imy",
    title="Police unlawfully used facial recognition app",
    url="https://www.imy.se/en/news/police-unlawfully-used-facial-recognition-app/",
    publisher="Integritetsskyddsmyndigheten (IMY)",
    date="2021-02-11",
)
COC = SourceRef(
    id="source:s26-coc",
    title="Belgium: unlawful use of facial recognition by federal police",
    url="https://data-en-maatschappij.ai/en/policy-monitor/"
    "belgium-unlawful-use-of-facial-recognition-by-federal-police",
    publisher="Kenniscentrum Data & Maatschappij",
    date="2022-02",
)
FINE_CAPS = SourceRef(
    id="source:s48-fine-caps",
    title="Data protection laws of the world: United Kingdom, enforcement",
    url="https://www.dlapiperdataprotection.com/index.html?t=enforcement&c=GB",
    publisher="DLA Piper",
    date="2025-01",
)
INVENTORY = SourceRef(
    id="source:inventory-northshire-police",
    title="Northshire Police record of processing activities (sample inventory)",
    publisher="Northshire Police",
    date="2022-04-01",
)
NS_CMIC = SourceRef(
    id="source:s45-ofac-ns-cmic",
    title="OFAC NS-CMIC list (EO 14032), Treasury press releases June and December 2021",
    publisher="US Department of the Treasury, OFAC",
    date="2021-12-16",
)
FCC = SourceRef(
    id="source:s43-fcc-covered-list",
    title="FCC Covered List (FCC-22-84A1)",
    url="https://docs.fcc.gov/public/attachments/FCC-22-84A1.txt",
    publisher="Federal Communications Commission",
    date="2022-11-25",
)
CABINET_OFFICE = SourceRef(
    id="source:s42-cabinet-office",
    title="Written statement on surveillance equipment at sensitive sites",
    publisher="UK Cabinet Office",
    date="2022-11-24",
)

CLEARVIEW = Scenario(
    id="ico-clearview-2022",
    name="ICO monetary penalty and enforcement notice against Clearview AI Inc (2022-05)",
    event=Event.STOP_PROCESSING,
    vendor_id="vendor:clearview-ai",
    vendor="Clearview AI, Inc.",
    jurisdiction="GB",
    effective_date="2022-05-23",
    action_id="action:ico-clearview-2022",
    description="Information Commissioner's Office: stop obtaining and using personal data of "
    "UK residents from the public internet, and delete it",
    sources=[ICO_MPN, LAW_GAZETTE],
)


def _node(node_id: str, label: str, name: str, rel: str | None = None) -> PathNode:
    return PathNode(id=node_id, label=label, name=name, rel=rel)


def police_result() -> ExposureResult:
    """Northshire Police (fictional) as of 2022-06-01: a tier-1 and a tier-2 Clearview process."""
    customer = _node("customer:cust-northshire-police", "Customer", "Northshire Police", "RUNS")
    app = "Clearview AI facial search"
    vendor = _node("vendor:clearview-ai", "Vendor", "Clearview AI, Inc.")
    custody_path = [
        customer,
        _node("process:custody-image-search", "Process", "Custody image search", "USES"),
        _node("product:clearview-app", "Product", app, "OFFERED_BY"),
        vendor,
    ]
    intel_path = [
        customer,
        _node("process:intelligence-analysis", "Process", "Intelligence analysis", "USES"),
        _node("product:sentinel-insight", "Product", "Sentinel Insight", "BUILT_ON"),
        _node("product:clearview-app", "Product", app, "OFFERED_BY"),
        vendor,
    ]
    custody = AffectedProcess(
        process_id="process:custody-image-search", process="Custody image search",
        product_id="product:clearview-app", product=app, tier=1, path=custody_path,
        criticality="high", role="controller",
        data_categories=["Biometric data (facial images)", "Criminal offence data"],
        special_category=True, uk_data_subjects=250_000, notice_days=90, annual_spend=48_000.0,
        dpia=False, storage=["US"],
    )  # fmt: skip
    intel = AffectedProcess(
        process_id="process:intelligence-analysis", process="Intelligence analysis",
        product_id="product:sentinel-insight", product="Sentinel Insight", tier=2, path=intel_path,
        criticality="medium", role="joint_controller",
        data_categories=["Biometric data (facial images)"], special_category=True,
        uk_data_subjects=40_000, notice_days=30, alternatives=["NEC NeoFace Retrospective"],
        dpia=True, storage=["GB", "US"],
    )  # fmt: skip
    precedents = (
        "Integritetsskyddsmyndigheten (IMY) against Polismyndigheten, the Swedish Police "
        "Authority (2021-02-11); Organe de contrôle de l'information policière (COC) against "
        "the Belgian Federal Judicial Police (2022-02)"
    )
    dimensions = [
        DimensionScore(name="operational", score=75.0, weight=0.25, formula="max over processes: criticality x substitutability x notice", evidence=[
            Evidence(claim="Custody image search depends on Clearview AI facial search (tier 1): criticality high = 75; no alternative recorded; notice period 90 days vs 0 days to the effective date", path=custody_path, sources=[INVENTORY], points=75.0),
            Evidence(claim="Intelligence analysis depends on Sentinel Insight (tier 2): criticality medium = 50; alternatives: NEC NeoFace Retrospective; notice period 30 days vs 0 days to the effective date", path=intel_path, sources=[INVENTORY], points=30.0),
        ]),
        DimensionScore(name="regulatory", score=100.0, weight=0.30, formula="special-category data 40 + UK data subjects up to 20 + controller 15 + no DPIA 15 + precedents 10 each up to 20; max 100", evidence=[
            Evidence(claim="Custody image search: special-category data (UK GDPR Art 9) +40; 250,000 UK data subjects +20; customer is controller +15; no DPIA recorded for special-category processing +15", path=custody_path, sources=[INVENTORY], points=90.0),
            Evidence(claim="Intelligence analysis: special-category data (UK GDPR Art 9) +40; 40,000 UK data subjects +20; customer is joint controller +15", path=intel_path, sources=[INVENTORY], points=75.0),
            Evidence(claim=f"Regulators' and courts' cases about customers' use of this vendor: {precedents}", sources=[IMY, COC], points=20.0),
            Evidence(claim="UK GDPR higher-tier fine cap for this customer: £17,500,000 (£17,500,000 or 4% of worldwide turnover, whichever is higher)", sources=[FINE_CAPS], points=0.0),
        ]),
        DimensionScore(name="data_remediation", score=85.0, weight=0.20, formula="for data events: personal data at the vendor 50 + special category 25 + storage without UK adequacy 25 (partial 10)", evidence=[
            Evidence(claim="Custody image search: personal data held by the vendor chain; special category +25; stored in US: UK-US data bridge (DPF UK Extension) +10", path=custody_path, sources=[INVENTORY], points=85.0),
            Evidence(claim="Intelligence analysis: personal data held by the vendor chain; special category +25; stored in US: UK-US data bridge (DPF UK Extension) +10", path=intel_path, sources=[INVENTORY], points=85.0),
        ]),
        DimensionScore(name="sanctions", score=0.0, weight=0.10, formula="vendors on affected paths: asset-freeze list 100, investment ban 40, export restriction 30"),
        DimensionScore(name="reputational", score=70.0, weight=0.15, formula="10 per action in force (max 60) + 20 if any fine + 20 if customers were sanctioned for using it", evidence=[
            Evidence(claim="2 enforcement action(s) standing as of 2022-06-01: Garante decision no. 50 (2022-02-10, issued); ICO monetary penalty and enforcement notice (2022-05-18, issued)", sources=[GARANTE, ICO_MPN], points=20.0),
            Evidence(claim="Fines: £7,552,800 (ICO monetary penalty notice); €20,000,000 (Garante decision no. 50)", sources=[ICO_MPN, GARANTE], points=20.0),
            Evidence(claim="2 customer(s) actioned by a regulator or court over their use of the vendor", sources=[IMY, COC], points=20.0),
        ]),
    ]  # fmt: skip
    actions = [
        Action(title="Require your supplier to stop routing Intelligence analysis data to Clearview AI, Inc.", detail="Fourth-party dependency (tier 2) via Sentinel Insight -> Clearview AI facial search; get written confirmation and an updated subprocessor list.", owner="Process owner with DPO", due="2022-06-01", priority="critical", process_id="process:intelligence-analysis", sources=[ICO_MPN, LAW_GAZETTE]),
        Action(title="Suspend use of Clearview AI facial search for Custody image search", detail="Clearview AI, Inc. is subject to a stop processing; stop sending data and using results.", owner="Process owner with DPO", due="2022-06-01", priority="critical", process_id="process:custody-image-search", sources=[ICO_MPN, LAW_GAZETTE]),
        Action(title="Negotiate early termination for Clearview AI facial search", detail="The 90-day notice period ends 2022-08-30, after the effective date 2022-05-23.", owner="Procurement", due="2022-06-01", priority="high", process_id="process:custody-image-search"),
        Action(title="Brief the board on regulators' and courts' cases about customers of Clearview AI, Inc.", detail="As the sources record them: IMY fined the Swedish Police Authority; the COC found the Federal Judicial Police's searches illegal. Assess your own liability as controller.", owner="DPO", due="2022-06-08", priority="high", sources=[IMY, COC]),
        Action(title="Complete a DPIA for Custody image search", detail="Special-category (biometric) processing without a recorded DPIA.", owner="DPO", due="2022-06-15", priority="high", process_id="process:custody-image-search"),
        Action(title="Obtain written confirmation that Clearview AI, Inc. deleted data from Custody image search", detail="A deletion order reaches data the vendor holds for you; keep the confirmation with the DPIA record.", owner="DPO", due="2022-06-22", priority="high", process_id="process:custody-image-search", sources=[ICO_MPN, LAW_GAZETTE]),
        Action(title="Move Intelligence analysis to NEC NeoFace Retrospective", detail="An alternative is recorded in the inventory: plan and test the switch.", owner="Process owner", due="2022-07-22", priority="medium", process_id="process:intelligence-analysis"),
    ]  # fmt: skip
    used = [ICO_MPN, LAW_GAZETTE, INVENTORY, IMY, COC, FINE_CAPS, GARANTE]
    return ExposureResult(
        customer_id="customer:cust-northshire-police", customer="Northshire Police",
        customer_fictional=True, scenario=CLEARVIEW, as_of="2022-06-01", action_status="issued",
        action_status_evidence=[Evidence(claim="2022-05-18: issued - monetary penalty notice for £7,552,800 and enforcement notice", sources=[ICO_MPN])],
        force=1.0, score=76.2, band="critical",
        formula="score = force(status as of date) x sum(weight x dimension) / sum(weights)",
        dimensions=dimensions, affected=[custody, intel], actions=actions, caveats=[],
        sources=sorted(used, key=lambda s: s.id), graph_version="ladybug:1",
    )  # fmt: skip


def police_after_ftt() -> ExposureResult:
    """The same customer as of 2024-01-01, when the First-tier Tribunal had overturned the order."""
    result = police_result()
    history = [
        *result.action_status_evidence,
        Evidence(claim="2023-10-17: overturned - First-tier Tribunal [2023] UKFTT 819 (GRC): the ICO lacked jurisdiction", sources=[FTT]),
    ]  # fmt: skip
    caveat = "The order's status as of the date is 'overturned': the facts are under appeal or not final."
    # graph.exposure.engine.FORMULA: the status scales only the order-driven dimensions.
    total = sum(d.weight for d in result.dimensions)
    score = round(
        sum(
            d.score * d.weight * (0.3 if d.name in ORDER_DIMENSIONS else 1.0)
            for d in result.dimensions
        )
        / total,
        1,
    )
    return result.model_copy(update={
        "as_of": "2024-01-01", "action_status": "overturned", "force": 0.3, "score": score,
        "band": band(score), "action_status_evidence": history, "caveats": [caveat],
        "sources": sorted([*result.sources, FTT], key=lambda s: s.id),
    })  # fmt: skip


HIKVISION_WHAT_IF = Scenario(
    id="what-if:sanctions_designation:hikvision:2025-01-01",
    name="What if: sanctions designation against Hangzhou Hikvision Digital Technology Co., Ltd. "
    "in GB from 2025-01-01",
    event=Event.SANCTIONS_DESIGNATION,
    vendor_id="vendor:hikvision",
    vendor="Hangzhou Hikvision Digital Technology Co., Ltd.",
    jurisdiction="GB",
    effective_date="2025-01-01",
    description="A hypothetical scenario composed by the user.",
    what_if=True,
)


def council_result() -> ExposureResult:
    """Eastmoor Borough Council (fictional): town-centre CCTV on Hikvision, an unreviewed match."""
    path = [
        _node("customer:cust-eastmoor-council", "Customer", "Eastmoor Borough Council", "RUNS"),
        _node("process:town-centre-cctv", "Process", "Town-centre CCTV", "USES"),
        _node("product:hikvision-nvr", "Product", "Hikvision DeepinMind NVR", "OFFERED_BY"),
        _node("vendor:hikvision", "Vendor", "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ]
    cctv = AffectedProcess(
        process_id="process:town-centre-cctv", process="Town-centre CCTV",
        product_id="product:hikvision-nvr", product="Hikvision DeepinMind NVR", tier=1, path=path,
        criticality="medium", role="controller", data_categories=["Images of individuals"],
        uk_data_subjects=120_000, notice_days=180, alternatives=["Avigilon Control Center"],
        dpia=True, storage=["GB"],
    )  # fmt: skip
    match_path = [
        PathNode(id="vendor:hikvision", label="Vendor", name="Hangzhou Hikvision Digital Technology Co., Ltd.", rel="MATCHES"),
        PathNode(id="listed:ofac-cons-hikvision", label="ListedEntity", name="HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."),
    ]  # fmt: skip
    dimensions = [
        DimensionScore(name="operational", score=30.0, weight=0.25, formula="criticality x substitutability x notice", evidence=[
            Evidence(claim="Town-centre CCTV depends on Hikvision DeepinMind NVR (tier 1): criticality medium = 50; alternatives: Avigilon Control Center; notice period 180 days vs 1 days to the effective date", path=path, points=30.0)]),
        DimensionScore(name="regulatory", score=40.0, weight=0.30, formula="special-category data 40 + ...", evidence=[
            Evidence(claim="Town-centre CCTV: 120,000 UK data subjects +20; customer is controller +15", path=path, points=35.0)]),
        DimensionScore(name="data_remediation", score=0.0, weight=0.20, formula="for data events ... (not a data event: 0)"),
        DimensionScore(name="sanctions", score=20.0, weight=0.10, formula="investment ban 40; unreviewed above-threshold matches at half", evidence=[
            Evidence(claim="Hangzhou Hikvision Digital Technology Co., Ltd. matches HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD. on ofac-cons NS-CMIC (listed 2021-06-03); match unreviewed, score 0.97", path=match_path, sources=[NS_CMIC], points=20.0),
            Evidence(claim="Listed on the FCC Covered List (2022-11-25)", sources=[FCC], points=0.0)]),
        DimensionScore(name="reputational", score=10.0, weight=0.15, formula="10 per action in force", evidence=[
            Evidence(claim="UK Cabinet Office: no new deployment of Hikvision on sensitive government sites (2022-11-24)", sources=[CABINET_OFFICE], points=10.0)]),
    ]  # fmt: skip
    actions = [
        Action(title="Take legal advice on sanctions and restricted-list status before further payments", detail="Vendors on the affected paths match restricted or sanctions lists; see the sanctions evidence.", owner="Compliance", due="2024-12-31", priority="critical"),
        Action(title="Suspend use of Hikvision DeepinMind NVR for Town-centre CCTV", detail="Hikvision is subject to a sanctions designation; stop sending data and using results.", owner="Process owner with DPO", due="2025-01-01", priority="critical", process_id="process:town-centre-cctv"),
        Action(title="Move Town-centre CCTV to Avigilon Control Center", detail="An alternative is recorded in the inventory: plan and test the switch.", owner="Process owner", due="2025-03-02", priority="medium", process_id="process:town-centre-cctv"),
    ]  # fmt: skip
    return ExposureResult(
        customer_id="customer:cust-eastmoor-council", customer="Eastmoor Borough Council",
        customer_fictional=True, scenario=HIKVISION_WHAT_IF, as_of="2024-12-31",
        action_status="what_if", force=1.0, score=23.0, band="medium", formula="score = ...",
        dimensions=dimensions, affected=[cctv], actions=actions,
        caveats=[
            "1 sanctions match(es) above the threshold are not yet reviewed and count at half weight.",
            "Restricted-list status is as of each list's date; re-check live lists before acting.",
            "This is a hypothetical scenario, not a real order.",
        ],
        sources=[CABINET_OFFICE, FCC, NS_CMIC],
    )  # fmt: skip


def unaffected_result() -> ExposureResult:
    """Westbrook Academy Trust (fictional): no process depends on Clearview, score 0."""
    dimensions = [
        DimensionScore(name=name, score=0.0, weight=weight, formula="see graph.exposure.scoring")
        for name, weight in (("operational", 0.25), ("regulatory", 0.30),
                             ("data_remediation", 0.20), ("sanctions", 0.10),
                             ("reputational", 0.15))
    ]  # fmt: skip
    return ExposureResult(
        customer_id="customer:cust-westbrook-academy", customer="Westbrook Academy Trust",
        customer_fictional=True, scenario=CLEARVIEW, as_of="2022-06-01", action_status="issued",
        action_status_evidence=police_result().action_status_evidence, force=1.0, score=0.0,
        band="low", formula="score = ...", dimensions=dimensions, affected=[], actions=[],
        caveats=["No process of this customer depends on the vendor as of the date."],
        sources=[ICO_MPN, LAW_GAZETTE],
    )  # fmt: skip


HOSTILE_NAMES = ('=HYPERLINK("http://x")', "<script>alert('x')</script>")


def hostile_result() -> ExposureResult:
    """A police result whose vendor, product, process and customer names are attacks."""
    formula_name, script_name = HOSTILE_NAMES
    text = police_result().model_dump_json()
    for old, new in (
        ("Clearview AI, Inc.", formula_name), ("Clearview AI facial search", script_name),
        ("Custody image search", "@SUM(1+1)*cmd|' /C calc'!A0"), ("Northshire Police", "+Northshire | [x](javascript:alert(1))"),
    ):  # fmt: skip
        text = text.replace(old, new.replace("\\", "\\\\").replace('"', '\\"'))
    result = ExposureResult.model_validate_json(text)
    evil = SourceRef(
        id="source:evil", title='"><img src=x onerror=alert(1)>', url="javascript:alert(1)"
    )
    return result.model_copy(update={"sources": [*result.sources, evil]})


def portfolio_rows() -> list[PortfolioRow]:
    """The Clearview portfolio as graph.exposure.engine.portfolio ranks it."""
    return [
        PortfolioRow(rank=1, customer_id="customer:cust-northshire-police", customer="Northshire Police", score=76.2, band="critical", affected=2, top_tier=1, drivers=["regulatory", "operational"]),
        PortfolioRow(rank=2, customer_id="customer:cust-harbourside-nhs", customer="Harbourside NHS Foundation Trust", score=31.5, band="medium", affected=1, top_tier=2, drivers=["data_remediation"]),
        PortfolioRow(rank=3, customer_id="customer:cust-westbrook-academy", customer="Westbrook Academy Trust", score=0.0, band="low", affected=0, top_tier=None, drivers=[]),
    ]  # fmt: skip
