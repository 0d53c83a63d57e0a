"""Upload: a customer inventory (CSV or XLSX: validated row by row, the uploaded customer's exposure
previewed) or a knowledge pack (YAML, or a CSV of actions: checked whole, what it adds previewed),
each on a temporary graph, and added to the stored graph only when the user confirms."""

from __future__ import annotations

import streamlit as st

from dashboard import build_progress, inventory_upload, pack_upload, pickers, state, widgets
from graph.settings import settings

st.title("Inventory upload")
st.caption(
    "Upload a customer's vendor inventory (one row per process and product, see data/README.md). It is checked "
    "row by row and scored on a temporary copy of the graph; nothing is stored until you confirm. "
    "A knowledge pack (your own sources, vendors and regulatory actions: YAML, or a CSV with one row "
    "per action; `vendorgraph knowledge template` prints a commented example) is uploaded here too."
)
st.download_button(
    "Download a blank inventory template (CSV)", inventory_upload.template_csv(),
    file_name="vendorgraph-inventory-template.csv", mime="text/csv",
)  # fmt: skip

with widgets.guard():
    config = settings()
    uploaded = st.file_uploader(
        "Inventory file (CSV or XLSX) or knowledge pack (YAML or CSV)",
        type=["csv", "xlsx", "xlsm", "yaml", "yml"], max_upload_size=20,
    )  # fmt: skip
    if uploaded is None:
        st.info("Choose a file to check it.")
        st.stop()
    data = uploaded.getvalue()
    if pack_upload.is_pack(uploaded.name, data):
        replace = st.checkbox(
            "Let this pack replace records the knowledge base or another pack defines"
        )
        pack = pack_upload.check_pack_upload(config, uploaded.name, data, replace=replace)
        if not pack.ok:
            st.error(
                f"{len(pack.problems)} problem(s) found: the pack would be refused. Fix them and upload it again."
            )
            st.dataframe([{"problem": p} for p in pack.problems], hide_index=True, width="stretch")
            st.stop()
        adds = ", ".join(f"{n} {label}" for label, n in sorted(pack.adds.items()))
        st.success(
            f"{pack.name}: a valid knowledge pack ({adds or 'no facts'}; {pack.links} links)."
        )
        for line in pack.replaced:
            st.warning(f"Replaces: {line}")
        known = frozenset(s.id for s in state.scenarios())
        added = pack_upload.preview_pack(config, pack, data, state.graph_version(), known)
        st.subheader("Ready scenarios it adds (not stored)")
        if added.scenarios:
            st.dataframe(added.scenarios, hide_index=True, width="stretch")
        else:
            st.info("It adds no regulatory action, so no new scenario.")
        agreed = st.checkbox("I want to add this knowledge pack to the stored graph and rebuild it")
        if st.button("Add pack and rebuild", type="primary", disabled=not agreed):
            with build_progress.build_status("Adding the pack and rebuilding the graph") as step:
                report = pack_upload.confirm_pack(state.store(), config, pack, data, step)
            st.success(f"Registered {pack.name} and rebuilt the graph in {report.seconds:.1f} s.")
        st.stop()
    check = inventory_upload.check_upload(config, uploaded.name, data)
    if check.error:
        st.error(f"The file cannot be read: {check.error}")
        st.stop()
    if check.rejections:
        st.error(
            f"{len(check.rejections)} problem(s) found; fix these rows and upload the file again."
        )
        st.dataframe(
            [{"line": r.line, "field": r.field, "problem": r.reason} for r in check.rejections],
            hide_index=True, width="stretch",
        )  # fmt: skip
        st.stop()
    st.success(f"{check.name}: every row is valid.")

    preview = inventory_upload.preview_graph(config, check, data, state.graph_version())
    if not preview.customers:
        st.warning("The file has no customer rows.")
        st.stop()
    names = dict(preview.customers)
    customer_id = st.selectbox("Uploaded customer", list(names), format_func=lambda i: names[i])
    scenario = pickers.scenario_picker(state.scenarios())
    as_of = pickers.as_of_picker()
    result = inventory_upload.preview_exposure(preview, customer_id, scenario, as_of, state.rules())
    st.subheader("Exposure preview (not stored)")
    widgets.score_header(result)
    widgets.affected_table(result)
    widgets.actions_checklist(result)

    st.subheader("Add to the stored graph")
    if check.replaces:
        held = "; ".join(
            f"{c.removeprefix('customer:')} (from {o})" for c, o in check.owners.items()
        )
        st.warning(f"Another source holds these customers: {held}. Adding this file replaces them.")
    agreed = st.checkbox("I want to add this inventory to the stored graph and rebuild it")
    if st.button("Add and rebuild", type="primary", disabled=not agreed):
        with build_progress.build_status("Adding the inventory and rebuilding the graph") as step:
            report = inventory_upload.confirm_upload(state.store(), config, check, data, step)
        st.success(
            f"Added {check.name} and rebuilt the graph in {report.seconds:.1f} s "
            f"({sum(report.nodes.values())} nodes, {sum(report.edges.values())} relationships)."
        )
        st.page_link("screens/exposure.py", label=f"Open {names[customer_id]}'s exposure", icon=":material/arrow_forward:",
                     query_params={"customer": customer_id, "scenario": scenario.id, "as_of": as_of})  # fmt: skip
