"""Every callback_id and action_id the bot uses, in one place."""

from __future__ import annotations

# Modal callback ids
CREATE_WORKSHOP = "workshop_create"
REFLECTION_STEP = "reflection_step"
REFLECTION_REVIEW = "reflection_review"
REFLECTION_DONE = "reflection_done"
ROUND_ANSWER = "round_answer"

# Action ids
START_REFLECTION = "reflection_start"  # value: workshop id
RESUME_REFLECTION = "reflection_resume"  # value: workshop id
REVIEW_REFLECTION = "reflection_review_open"  # value: workshop id
EDIT_STEP = "reflection_edit_step"  # value: "<workshop id>:<step index>"
STEP_BACK = "reflection_back"
SET_LANGUAGE = "language_set"  # value: da|en
HOME_NEW_WORKSHOP = "home_new_workshop"

# Inputs inside modals read this action id; the block id carries the field key.
INPUT = "value"

# Block ids of the create-workshop modal
W_TITLE = "w_title"
W_DAY = "w_day"
W_CHANNEL = "w_channel"
W_LANGUAGE = "w_language"
W_TEMPLATE = "w_template"
W_COFACILITATORS = "w_cofacilitators"
W_MIN_GROUP = "w_min_group"
W_FOLLOWUPS = "w_followups"
W_RETENTION = "w_retention"
# Agenda themes in everyone's reflection; "<W_AGENDA>.<template id>" so a template change
# starts with a fresh choice.
W_AGENDA = "w_agenda"

# Facilitation: live rounds, summaries, exports, closing
ROUND_CREATE = "round_create"  # modal: pick a theme; private_metadata: workshop id
ROUND_THEME = "round_theme"  # block id of the theme select
ROUND_OPEN = "round_open"  # value: round id
HOME_SUMMARY = "home_fac_summary"  # value: workshop id
HOME_EXPORT = "home_fac_export"  # value: workshop id
HOME_ROUND = "home_fac_round"  # value: workshop id
HOME_CLOSE = "home_fac_close"  # value: workshop id
# Moving a quote to another success factor: the summary's button (value: "<workshop id>:
# <question id>"), its modal (private_metadata the same), the quote ("<answer id>:<factor id
# it is shown under>") and where to (a factor id, or "other").
MOVE_QUOTE = "fac_move_quote"
MOVE_QUOTE_VIEW = "fac_move_quote_view"
MQ_QUOTE = "mq_quote"
MQ_FACTOR = "mq_factor"

# Privacy: a person's own data (the user id always comes from Slack's payload, never a value)
MY_DATA = "privacy_my_data"
DELETE_MY_DATA = "privacy_delete_my_data"  # App Home button
DELETE_MY_DATA_CONFIRM = "privacy_delete_confirm"  # modal callback id
PRIVACY_RESULT = "privacy_result"  # modal callback id of the result view

# Follow-ups (value: "<participant id>:<wave>[:<next step id>]")
FOLLOWUP_STATUS_PREFIX = "followup_status_"
FOLLOWUP_STATUSES = ("done", "under_way", "not_started", "dropped", "need_help")
FOLLOWUP_STATUS_ACTIONS = tuple(FOLLOWUP_STATUS_PREFIX + status for status in FOLLOWUP_STATUSES)
FOLLOWUP_SNOOZE = "followup_snooze"
FOLLOWUP_STOP = "followup_stop"
FOLLOWUP_QUESTIONS = "followup_questions_open"
FOLLOWUP_QUESTIONS_VIEW = "followup_questions"  # modal callback id
FQ_HELPED = "fq_helped"
FQ_OBSTACLES = "fq_obstacles"
FQ_REVISED = "fq_revised"
FQ_LIGHT_PREFIX = "fq_light."  # + factor id

# Outcomes in follow-ups: re-plans, drop reasons, help requests, peer introductions
FOLLOWUP_REPLAN = "followup_replan"  # value: "<participant id>:<wave>:<next step id>"
FOLLOWUP_REPLAN_VIEW = "followup_replan_view"  # modal; private_metadata as the value
FR_TEXT = "fr_text"
FR_DATE = "fr_date"
FOLLOWUP_DROP_PREFIX = "followup_drop_"  # + reason; value as a status button's
HELP_REQUEST_VIEW = "help_request_view"  # modal; private_metadata: "<pid>:<wave>:<step id>"
HR_OBSTACLE = "hr_obstacle"
HR_SHARE = "hr_share"  # checkboxes: step, obstacle, name
HELP_REPLY = "help_reply"  # facilitator's button; value: help request id
HELP_REPLY_VIEW = "help_reply_view"  # modal; private_metadata: help request id
HRR_TEXT = "hrr_text"
RERATE_DONE_VIEW = "rerate_done"  # the questions modal's "how you moved" view
PEER_REQUEST = "peer_request"  # value: "<participant id>:<factor id>"
PEER_ACCEPT = "peer_accept"  # value: peer request id
PEER_DECLINE = "peer_decline"  # value: peer request id
CARRY_FORWARD_VIEW = "carry_forward_view"  # modal; private_metadata: a StepMeta
CARRY_PREFIX = "carry."  # + next step id: a status for an open step from an earlier day

# Facilitation: the outcome report
HOME_REPORT = "home_fac_report"  # value: workshop id
