from django.urls import path

from .views import bank, council, dashboard, joint, sharing, specialists, support, visits

app_name = "region"

urlpatterns = [
    # aggregates (prefecture)
    path("", dashboard.dashboard, name="dashboard"),
    path("export/", dashboard.dashboard_export, name="dashboard_export"),
    path("municipalities/<int:pk>/", dashboard.municipality, name="municipality"),
    path("survey/", dashboard.survey_list, name="survey_list"),
    path("survey/new/", dashboard.survey_create, name="survey_create"),
    path("survey/<int:pk>/", dashboard.survey_edit, name="survey_edit"),
    # sharing settings (municipality)
    path("sharing/", sharing.sharing, name="sharing"),
    # talent bank
    path("bank/", bank.bank_list, name="bank_list"),
    path("bank/new/", bank.bank_create, name="bank_create"),
    path("bank/<int:pk>/", bank.expert_detail, name="expert_detail"),
    path("bank/<int:pk>/edit/", bank.expert_edit, name="expert_edit"),
    path("bank/<int:pk>/withdraw/", bank.expert_withdraw, name="expert_withdraw"),
    path("bank/file/", bank.bank_file, name="bank_file"),
    path("bank/file/edit/", bank.bank_file_edit, name="bank_file_edit"),
    path("my-profile/", bank.my_profile, name="my_profile"),
    path("my-profile/revoke/", bank.my_profile_revoke, name="my_profile_revoke"),
    # support requests: the municipality's side
    path("requests/", support.my_requests, name="my_requests"),
    path("requests/new/", support.request_create, name="request_create"),
    path("requests/<int:pk>/", support.request_detail, name="request_detail"),
    path("requests/<int:pk>/feedback/", support.request_feedback, name="request_feedback"),
    path("requests/<int:pk>/comment/", support.request_comment, name="request_comment"),
    path("requests/<int:pk>/withdraw/", support.request_withdraw, name="request_withdraw"),
    # support requests: the prefecture's side
    path("cases/", support.case_list, name="case_list"),
    path("cases/<int:pk>/", support.case_detail, name="case_detail"),
    path("cases/<int:pk>/accept/", support.case_accept, name="case_accept"),
    path("cases/<int:pk>/decline/", support.case_decline, name="case_decline"),
    path("cases/<int:pk>/assign/", support.case_assign, name="case_assign"),
    path("cases/<int:pk>/close/", support.case_close, name="case_close"),
    path("cases/<int:pk>/comment/", support.case_comment, name="case_comment"),
    path("cases/<int:pk>/dispatch/", support.dispatch_create, name="dispatch_create"),
    path("dispatches/", support.dispatch_list, name="dispatch_list"),
    path("dispatches/<int:pk>/report/", support.dispatch_report, name="dispatch_report"),
    path("schemes/", support.scheme_list, name="scheme_list"),
    # hands-on visits
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/plan/new/", visits.visit_plan_create, name="visit_plan_create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/follow-ups/<int:pk>/done/", visits.followup_done, name="followup_done"),
    path("visits/contacts/<int:pk>/", visits.counterpart_edit, name="counterpart_edit"),
    path("my-visits/", visits.my_visits, name="my_visits"),
    path("my-visits/<int:pk>/", visits.my_visit_detail, name="my_visit_detail"),
    path("my-visits/follow-ups/<int:pk>/done/", visits.my_followup_done, name="my_followup_done"),
    # council and Q&A board
    path("council/", council.council_list, name="council_list"),
    path("council/new/", council.body_create, name="body_create"),
    path("council/<int:pk>/", council.body_detail, name="body_detail"),
    path("council/<int:pk>/members/", council.body_member_add, name="body_member_add"),
    path("council/<int:pk>/meetings/new/", council.meeting_create, name="meeting_create"),
    path("council/meetings/<int:pk>/", council.meeting_detail, name="meeting_detail"),
    path("board/", council.qa_list, name="qa_list"),
    path("board/new/", council.question_create, name="question_create"),
    path("board/<int:pk>/", council.question_detail, name="question_detail"),
    path("board/<int:pk>/answer/", council.answer_create, name="answer_create"),
    path("board/<int:pk>/resolve/", council.question_resolve, name="question_resolve"),
    # joint training
    path("joint/", joint.joint_list, name="joint_list"),
    path("joint/new/", joint.joint_create, name="joint_create"),
    path("joint/<int:pk>/", joint.joint_detail, name="joint_detail"),
    path("joint/<int:pk>/edit/", joint.joint_edit, name="joint_edit"),
    path("joint/<int:pk>/publish/", joint.joint_publish, name="joint_publish"),
    path("joint/<int:pk>/sessions/new/", joint.joint_session_create, name="joint_session_create"),
    path("joint/sessions/<int:pk>/", joint.joint_session_detail, name="joint_session_detail"),
    path("joint/sessions/<int:pk>/seats/", joint.joint_seats, name="joint_seats"),
    path("joint/sessions/<int:pk>/results/", joint.joint_results, name="joint_results"),
    path("seats/", joint.my_seats, name="my_seats"),
    path("seats/<int:pk>/", joint.seat_detail, name="seat_detail"),
    path("seats/<int:pk>/enrol/", joint.seat_enrol, name="seat_enrol"),
    # external specialists
    path("positions/", specialists.position_list, name="position_list"),
    path("positions/new/", specialists.position_create, name="position_create"),
    path("positions/<int:pk>/", specialists.position_detail, name="position_detail"),
    path("positions/<int:pk>/edit/", specialists.position_edit, name="position_edit"),
    path("positions/<int:pk>/candidates/", specialists.candidate_add, name="candidate_add"),
    path("positions/<int:pk>/contracts/new/", specialists.contract_create, name="contract_create"),
    path("candidates/<int:pk>/", specialists.candidate_update, name="candidate_update"),
]
