"""The prefecture hub (都道府県による市町村支援): sharing settings and aggregates of member municipalities,
the talent bank, support requests and dispatches under national schemes, hands-on visits, the council and its
Q&A board, joint training and external specialists. The sharing model is docs/decisions.md R1–R10."""
